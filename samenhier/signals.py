"""Signals of the core: deactivating an account ends its sessions at once."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import User


def end_sessions(user: User) -> int:
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


@receiver(pre_save, sender=User)
def deactivated(sender, instance: User, **kwargs):
    if instance.pk is None or instance.is_active:
        return
    was_active = User.objects.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        end_sessions(instance)


def forget_second_factor(sender, request=None, **kwargs):
    """A factor was removed: check again on the next request whether one is left."""
    from .middleware import SecondFactorRequiredMiddleware

    if request is not None and hasattr(request, "session"):
        request.session.pop(SecondFactorRequiredMiddleware.SESSION_KEY, None)


def connect_mfa_signals() -> None:
    from allauth.mfa import signals as mfa_signals

    mfa_signals.authenticator_removed.connect(
        forget_second_factor, dispatch_uid="samenhier.forget_second_factor"
    )
