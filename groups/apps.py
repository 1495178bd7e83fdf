from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Welkomgroepen")

    def ready(self):
        from samenhier import audit
        from samenhier.home import public_link

        from .models import Membership

        audit.register(Membership)
        public_link(
            "groups:signup_start",
            # Translators: household
            lead=_("Wil je als buurtbewoner helpen?"),
            # Translators: household
            label=_("Start een Welkom Groep"),
            order=10,
        )
