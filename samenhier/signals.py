"""Signals of the core: removing a second factor is followed up (see mfa.py)."""

from allauth.mfa import signals as mfa_signals

from .middleware import SecondFactorRequiredMiddleware
from .services import end_sessions


def forget_second_factor(sender, request=None, user=None, **kwargs):
    """A factor was removed: check again on the next request whether one is left, and
    end every other session of the person (one of them may be a stolen one)."""
    current = None
    if request is not None and hasattr(request, "session"):
        request.session.pop(SecondFactorRequiredMiddleware.SESSION_KEY, None)
        current = request.session.session_key
    user = user or getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        end_sessions(user, keep=current)


def connect_mfa_signals() -> None:
    mfa_signals.authenticator_removed.connect(
        forget_second_factor, dispatch_uid="samenhier.forget_second_factor"
    )
