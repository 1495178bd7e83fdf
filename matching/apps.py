from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Koppelingen en trajecten")

    def ready(self):
        from auditlog.registry import auditlog

        from . import privacy  # noqa: F401 - registers the app's eraser
        from .models import CheckIn, Match

        # Only concrete fields: reading the reverse one-to-one (trajectory) here would
        # cache its absence on the instance.
        auditlog.register(
            Match,
            include_fields=[
                "status",
                "persons",
                "start_date",
                "planned_end_date",
                "actual_end_date",
                "end_reason",
                "group_confirmed_at",
                "household_consent_at",
            ],
        )
        auditlog.register(CheckIn, mask_fields=["helps", "missing"])
