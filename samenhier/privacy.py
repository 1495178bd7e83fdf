"""Erasing a household's personal data, across apps that the core cannot import.

Each app registers an eraser for the personal data it keeps (`@eraser`, in its own
privacy.py, loaded from its AppConfig.ready). `household_erase` runs them all in one
transaction. What stays is what the impact figures need and names nobody: dates,
statuses, municipality, the household size frozen on the match, scores and hours.
"""

from collections.abc import Callable

from django.db import transaction

ERASERS: list[Callable] = []
COLLECTORS: list[Callable] = []


def eraser(function: Callable) -> Callable:
    ERASERS.append(function)
    return function


def collector(function: Callable) -> Callable:
    """Register a function that returns {section: data} of what an app holds on a household."""
    COLLECTORS.append(function)
    return function


def household_data(*, refugee_code, by=None) -> dict:
    """Everything held on a household (subject access request), and log that it was taken."""
    from .services import access_log

    data = {"household": str(refugee_code)}
    for collect in COLLECTORS:
        data.update(collect(refugee_code))
    access_log(user=by, action="subject_access", object_type="refugee", object_code=refugee_code)
    return data


def household_erase(*, refugee_code, by=None, action="erasure") -> None:
    """Erase everything that names the household, its audit trail included, and log it."""
    from .services import access_log

    with transaction.atomic():
        for erase in ERASERS:
            erase(refugee_code)
        access_log(user=by, action=action, object_type="refugee", object_code=refugee_code)


def audit_erase(model, pks) -> None:
    """Remove the audit entries (and their payloads) of these records."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in pks],
    ).delete()


def account_erase(user) -> None:
    """An account that named a person: nothing left that names them, and no way in."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from .signals import end_sessions

    end_sessions(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"gewist-{user.pk}@invalid.example"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.municipalities.clear()
    user.invitations.all().delete()
    user.notifications.all().delete()
    audit_erase(type(user), [user.pk])
