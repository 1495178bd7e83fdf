"""manage.py subject_access HOUSEHOLD_CODE [--output FILE]

Everything held on a household (AVG/GDPR art. 15), as JSON: its record, members, goals,
consents, matches, the year's notes and check-ins, and its activity logs. Logged.
"""

import json
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenhier.privacy import UnknownHousehold, household_data


def household_code(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise CommandError(f"Not a household code: {value!r}") from error


class Command(BaseCommand):
    help = "Write all data held on a household as JSON (subject access request)."

    def add_arguments(self, parser):
        parser.add_argument("household", help="The household's code (UUID).")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, household, output, **options):
        try:
            data = household_data(refugee_code=household_code(household))
        except UnknownHousehold as error:
            raise CommandError(f"No household with code {household}.") from error
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"written: {output}")
        else:
            self.stdout.write(text)
