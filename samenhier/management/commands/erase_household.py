"""manage.py erase_household HOUSEHOLD_CODE --yes

Erase a household's personal data on its request (AVG/GDPR art. 17): nothing that names
the person is left, audit payloads included; impact figures stay the same. Logged.
"""

from django.core.management.base import BaseCommand, CommandError

from samenhier.privacy import UnknownHousehold, household_erase

from .subject_access import household_code


class Command(BaseCommand):
    help = "Erase all personal data of a household (cannot be undone)."

    def add_arguments(self, parser):
        parser.add_argument("household", help="The household's code (UUID).")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")

    def handle(self, *args, household, yes, **options):
        code = household_code(household)
        if not yes:
            raise CommandError(
                "This erases the household's personal data for good; add --yes to go ahead."
            )
        try:
            household_erase(refugee_code=code)
        except UnknownHousehold as error:
            raise CommandError(f"No household with code {household}.") from error
        self.stdout.write(f"erased: {code}")
