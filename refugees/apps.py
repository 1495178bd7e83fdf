from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefugeesConfig(AppConfig):
    name = "refugees"
    verbose_name = _("Nieuwkomers")

    def ready(self):
        from samenhier import audit

        from . import privacy  # noqa: F401 - registers the app's eraser
        from .models import Consent, HouseholdGoal, HouseholdMember, Refugee
        from .privacy import PERSONAL_FIELDS

        # Changes to personal data are audited: which field, never its value.
        audit.register(Refugee, personal=[*PERSONAL_FIELDS, "user"])
        audit.register(HouseholdMember, personal=["first_name", "birth_year", "user"])
        audit.register(HouseholdGoal, personal=["description"])
        audit.register(Consent)
