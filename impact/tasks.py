"""Periodic jobs of the impact app; ids only, never personal data, in arguments."""

from celery import shared_task

from . import services


@shared_task
def quiet_reminders_send() -> int:
    return services.quiet_reminders_send()
