"""Periodic jobs of the matching app; ids only, never personal data, in arguments."""

from celery import shared_task

from . import reminders


@shared_task
def reminders_send() -> int:
    return reminders.milestone_reminders() + reminders.confirmation_reminders()


@shared_task
def retention_run() -> int:
    from .retention import retention_run as run

    return run()
