"""Background jobs of the core. Arguments are ids only, never personal data."""

import contextlib
import contextvars
import logging

from celery import shared_task
from django.db import transaction

from . import services
from .models import Notification

logger = logging.getLogger(__name__)
_held = contextvars.ContextVar("samenhier_tasks_held", default=False)


@contextlib.contextmanager
def held():
    """Enqueue nothing inside: for bulk work whose rows a sweeper (or nobody) handles —
    the demo's notifications, which are marked as mailed. A hundred tasks sent to a
    broker that is not up yet would each wait for it."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def enqueue_on_commit(task, *args) -> None:
    """Send `task` once the current transaction commits.

    A broker that is down must not turn a saved request into an error page: the row
    that asked for the work is already committed, and a periodic sweeper picks it up.
    """

    if _held.get():
        return

    def send():
        try:
            task.delay(*args)
        except Exception:  # the broker's many connection errors
            logger.warning("could not enqueue %s; the sweeper will retry", task.name)

    transaction.on_commit(send)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send(invitation_id: str) -> bool:
    return services.invitation_send(invitation_id=invitation_id)


@shared_task
def invitations_send_pending() -> int:
    """Sweeper: send invitations whose task never reached a worker."""
    return sum(
        services.invitation_send(invitation_id=pk) for pk in services.invitations_unsent_ids()
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_email(notification_id: int) -> bool:
    return services.notification_email(notification_id=notification_id)


@shared_task
def notifications_email_pending() -> int:
    """Sweeper: e-mail notifications whose task never reached a worker."""
    pending = Notification.objects.filter(emailed_at=None, read_at=None).values_list(
        "pk", flat=True
    )
    return sum(services.notification_email(notification_id=pk) for pk in pending[:500])
