"""manage.py import_programme FILE [FILE …] [--municipality NAME …] [--dry-run] [--by EMAIL]
[--invite]

Reads a programme's workbook (.xlsx, .csv files or a .zip of them) and imports it all or
nothing, printing per sheet how many rows are new, changed, unchanged or wrong, and every
error by sheet, row and column. With --dry-run nothing is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenhier.errors import ApplicationError
from samenhier.imports.services.programme import programme_import
from samenhier.models import User


class Command(BaseCommand):
    help = (
        "Import a programme's spreadsheets (all or nothing); --dry-run only shows what it would do."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="An .xlsx file, .csv files or a .zip.")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            help="Import only into this municipality (repeat for more); another city's row "
            "is an error.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show, write nothing.")
        parser.add_argument(
            "--by",
            help="The e-mail address of the coordinator or administrator the import is "
            "recorded for (their municipalities only).",
        )
        parser.add_argument(
            "--invite",
            action="store_true",
            help="Send new group members an invitation (needs --by).",
        )

    def handle(self, *args, files, municipality, dry_run, by, invite, **options):
        user = None
        if by:
            user = User.objects.filter(email__iexact=by).first()
            if user is None:
                raise CommandError("No account with that e-mail address.")
        uploads = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            uploads.append((path.name, path.read_bytes()))
        try:
            outcome = programme_import(
                files=uploads,
                by=user,
                dry_run=dry_run,
                invite=invite,
                municipalities=municipality,
            )
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        for line in outcome.summary_lines():
            self.stdout.write(line)
        for message in outcome.errors:
            self.stdout.write(message)
        if outcome.written:
            self.stdout.write(self.style.SUCCESS(_("Ingelezen.")))
        elif dry_run and not outcome.errors:
            self.stdout.write(_("Proef: niets geschreven."))
        else:
            n = len(outcome.errors)
            raise CommandError(
                ngettext(
                    "Niets ingelezen: %(n)d fout. Verbeter het bestand en probeer opnieuw.",
                    "Niets ingelezen: %(n)d fouten. Verbeter het bestand en probeer opnieuw.",
                    n,
                )
                % {"n": n}
            )
