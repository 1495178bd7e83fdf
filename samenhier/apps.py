from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SamenhierConfig(AppConfig):
    name = "samenhier"
    verbose_name = _("Kern")

    def ready(self):
        _refuse_unsafe_production_settings()
        from django.core import checks

        from .scheduler import check_scheduled

        checks.register(check_scheduled, checks.Tags.compatibility)
        # Modules with models or model lookups load once the app registry is ready.
        from . import audit, signals

        signals.connect_mfa_signals()
        from .home import nav_item

        nav_item("home", _("Start"), order=10)
        nav_item("invite", _("Uitnodigen"), order=60)
        from .models import User
        from .roles import sync_role_permissions

        audit.connect()
        audit.register(
            User,
            include=["email", "first_name", "last_name", "is_active"],
            personal=["email", "first_name", "last_name"],
        )

        # allauth's form to ask for a re-authentication code labels its one field with
        # the field's English name ("Recipient"): name it in the page's language.
        from allauth.account.forms import RequestReauthenticationCodeForm

        RequestReauthenticationCodeForm.base_fields["recipient"].label = _("Stuur de code naar")

        # Permissions exist only after every app has migrated, so the role groups get
        # theirs after each migrate, not in the migration that creates the groups.
        post_migrate.connect(sync_role_permissions, dispatch_uid="samenhier.sync_roles")

        # `make run` has no Celery beat: its serving process runs the periodic jobs.
        from . import scheduler

        scheduler.start()


def _refuse_unsafe_production_settings() -> None:
    """With DEBUG off, mail to the console would put invitation and reset links in the
    journal: refuse to start (every process: web, worker, beat, commands)."""
    if not settings.DEBUG and settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        raise ImproperlyConfigured(
            "DEBUG is off but e-mail goes to the console: set EMAIL_URL to a mail server "
            "(or dummymail:// for a drill that sends no mail)."
        )
