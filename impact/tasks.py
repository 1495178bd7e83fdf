"""Background jobs of the impact app: report files. Ids only, never personal data."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_run(job_id: str) -> bool:
    return services.export_run(job_id=job_id)


@shared_task
def exports_sweep() -> int:
    """Send pending exports again (the broker was down, or a worker died) and remove
    files older than 7 days."""
    pending = services.exports_pending_ids()
    for job_id in pending:
        export_run.delay(job_id)
    services.exports_expire()
    return len(pending)
