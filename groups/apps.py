from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Welkomgroepen")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Membership

        auditlog.register(Membership)
