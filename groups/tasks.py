"""Background jobs of the groups app; ids only, never personal data, in arguments."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def signup_confirmation_send(signup_id: str) -> bool:
    return services.signup_confirmation_send(signup_id=signup_id)


@shared_task
def signups_confirm_pending() -> int:
    """Confirmations a worker never sent (the broker was down): send them now."""
    return sum(
        services.signup_confirmation_send(signup_id=pk) for pk in services.signups_unconfirmed_ids()
    )
