"""Periodic jobs of the matching app; ids only, never personal data, in arguments."""

from celery import shared_task

from . import retention
from .services import reminders


@shared_task
def reminders_send() -> int:
    return reminders.reminders_send()


@shared_task
def retention_run() -> int:
    return retention.retention_run()
