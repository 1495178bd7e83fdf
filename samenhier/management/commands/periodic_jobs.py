"""Run every periodic job once (reminders, the export sweeper, retention, ...): for a
single host without Redis, from cron every few minutes. Each job is idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand

from samenhier.scheduler import run_job


class Command(BaseCommand):
    help = "Run every periodic job once (for cron, on a host without Redis and Celery beat)."

    def handle(self, *args, **options):
        failed = []
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            if not run_job(name, entry["task"]):
                failed.append(name)
        total = len(settings.CELERY_BEAT_SCHEDULE)
        self.stdout.write(f"periodic jobs: {total - len(failed)} of {total} ran")
        if failed:
            self.stderr.write("failed: " + ", ".join(failed))
            raise SystemExit(1)
