"""Erasing a household's personal data, across apps that the core cannot import.

Each app registers an eraser for the personal data it keeps (`@eraser`, in its own
privacy.py, loaded from its AppConfig.ready). `household_erase` runs them all in one
transaction. What stays is what the impact figures need and names nobody: dates,
statuses, municipality, the household size frozen on the match, scores and hours.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminHistory
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .access import access_log
from .models import Notification
from .services import end_sessions

ERASERS: list[Callable] = []
COLLECTORS: list[Callable] = []


class UnknownHousehold(LookupError):
    """No household has this code (raised by the app that keeps households)."""


def eraser(function: Callable) -> Callable:
    ERASERS.append(function)
    return function


def collector(function: Callable) -> Callable:
    """Register a function that returns {section: data} of what an app holds on a household."""
    COLLECTORS.append(function)
    return function


def household_data(*, refugee_code, by=None) -> dict:
    """Everything held on a household (subject access request), and log that it was taken."""
    data = {"household": str(refugee_code)}
    for collect in COLLECTORS:
        data.update(collect(refugee_code))
    access_log(user=by, action="subject_access", object_type="refugee", object_code=refugee_code)
    return data


def household_erase(*, refugee_code, by=None, action="erasure") -> None:
    """Erase everything that names the household, its audit trail included, and log it.

    The audit log is off while the erasers run, so that what they clear or delete writes
    no new entries (whatever order the apps' erasers run in); each eraser removes the
    earlier entries of its own records."""
    with transaction.atomic():
        with disable_auditlog():
            for erase in ERASERS:
                erase(refugee_code)
        access_log(user=by, action=action, object_type="refugee", object_code=refugee_code)


def audit_erase(model, pks) -> None:
    """Remove the audit entries of these records, and the admin's history of them (whose
    labels are the records' names)."""
    kind = ContentType.objects.get_for_model(model)
    keys = [str(pk) for pk in pks]
    LogEntry.objects.filter(content_type=kind, object_pk__in=keys).delete()
    AdminHistory.objects.filter(content_type=kind, object_id__in=keys).delete()


def account_erase(user) -> None:
    """An account that named a person: nothing left that names them, and no way in."""
    end_sessions(user)
    UserSession.objects.filter(user=user).delete()
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


@eraser
def erase_notifications(refugee_code) -> None:
    """Messages to others about the household name it (a first name, a milestone)."""
    Notification.objects.filter(household=refugee_code).delete()
