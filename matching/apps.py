from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Koppelingen en trajecten")

    def ready(self):
        from samenhier import audit
        from samenhier.home import nav_item
        from samenhier.roles import ADMIN_ROLES

        # Registered on import: the home panels, the links to its pages, the eraser, and the
        # check that keeps a member who was at an activity in their group.
        from . import home, links, privacy  # noqa: F401
        from .models import CheckIn, Match
        from .services import activities  # noqa: F401

        # The summaries are derived data: filled once a database has rows but no summaries.
        post_migrate.connect(_fill_summaries, sender=self, dispatch_uid="matching.summaries")
        nav_item("matching:followup", _("Opvolging"), order=30)
        nav_item("matching:board", _("Koppelen"), order=40)
        nav_item("admin:index", _("Dossiers"), order=50, roles=ADMIN_ROLES)

        # Only concrete fields: reading the reverse one-to-one (trajectory) here would
        # cache its absence on the instance.
        audit.register(
            Match,
            include=[
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
        audit.register(CheckIn, personal=["score", "helps", "missing"])


def _fill_summaries(sender, using="default", **kwargs):
    from .services.summaries_rebuild import rebuild_if_missing

    rebuild_if_missing()
