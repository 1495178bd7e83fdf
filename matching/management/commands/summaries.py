"""manage.py summaries [--rebuild] [--verify]

The figures' summaries (matching/models/summaries.py) against the raw rows: --verify
compares them one month at a time and prints "summaries: N rows, M differences" (exit 1
when any differ); --rebuild makes them again from the raw rows first.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from matching.selectors.summaries import differences
from matching.services.summaries_rebuild import rebuild as summaries_rebuild


class Command(BaseCommand):
    help = "Rebuild and/or verify the summaries behind the impact figures."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Make them from the raw rows.")
        parser.add_argument("--verify", action="store_true", help="Compare with the raw rows.")

    def handle(self, *args, rebuild, verify, **options):
        if not (rebuild or verify):
            raise CommandError("Say --rebuild, --verify or both.")
        if rebuild:
            started = time.perf_counter()
            # Under another name: `rebuild` here is the option --rebuild.
            written = summaries_rebuild()
            self.stdout.write(f"rebuilt: {written:,} rows in {time.perf_counter() - started:.1f} s")
        if verify:
            rows, differing = differences()
            self.stdout.write(f"summaries: {rows:,} rows, {differing} differences")
            if differing:
                raise CommandError("The summaries differ from the raw rows; run --rebuild.")
