from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SamenhierConfig(AppConfig):
    name = "samenhier"
    verbose_name = _("Kern")

    def ready(self):
        from auditlog.registry import auditlog

        from . import signals

        signals.connect_mfa_signals()
        from .models import User
        from .roles import sync_role_permissions

        auditlog.register(
            User,
            include_fields=["email", "first_name", "last_name", "is_active"],
            mask_fields=["email", "first_name", "last_name"],
        )

        # Permissions exist only after every app has migrated, so the role groups get
        # theirs after each migrate, not in the migration that creates the groups.
        post_migrate.connect(sync_role_permissions, dispatch_uid="samenhier.sync_roles")
