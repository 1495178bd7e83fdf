"""manage.py retention [--dry-run]: erase households past the retention period."""

from django.core.management.base import BaseCommand

from matching.retention import due_for_erasure, retention_run


class Command(BaseCommand):
    help = "Erase the personal data of households past the retention period (default 24 months)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count them.")

    def handle(self, *args, dry_run, **options):
        if dry_run:
            self.stdout.write(f"due for erasure: {len(due_for_erasure())}")
        else:
            self.stdout.write(f"erased: {retention_run()}")
