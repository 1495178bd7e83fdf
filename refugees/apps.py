from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefugeesConfig(AppConfig):
    name = "refugees"
    verbose_name = _("Nieuwkomers")

    def ready(self):
        from auditlog.registry import auditlog

        from . import privacy  # noqa: F401 - registers the app's eraser
        from .models import Consent, HouseholdGoal, HouseholdMember, Refugee

        # Changes to personal data are audited, with the values masked.
        auditlog.register(
            Refugee,
            mask_fields=[
                "first_name",
                "last_name",
                "birth_year",
                "email",
                "phone",
                "latitude",
                "longitude",
                "country_of_origin",
                "residence_status",
                "health_notes",
                "coordinator_notes",
                "shared_with_group",
            ],
        )
        auditlog.register(HouseholdMember, mask_fields=["first_name", "birth_year"])
        auditlog.register(HouseholdGoal, mask_fields=["description"])
        auditlog.register(Consent)
