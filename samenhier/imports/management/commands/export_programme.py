"""manage.py export_programme OUT.xlsx|OUT.zip [--by EMAIL]

Everything the person may see (an administrator or the command line: everything), in the
template's format: a workbook, or a ZIP with one CSV file per sheet. Import it again with
import_programme.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenhier.access import access_log
from samenhier.imports.export import programme_values, workbook_rows
from samenhier.imports.reading import Lists
from samenhier.imports.workbook import write_csv_zip, write_xlsx
from samenhier.models import AccessLog, User


class Command(BaseCommand):
    help = "Export the programme in the import template's format (.xlsx or .zip of CSV files)."

    def add_arguments(self, parser):
        parser.add_argument("out", help="The file to write: .xlsx or .zip.")
        parser.add_argument("--by", help="Export what this coordinator may see.")

    def handle(self, *args, out, by, **options):
        path = Path(out)
        if path.suffix.lower() not in (".xlsx", ".zip"):
            raise CommandError("Write an .xlsx or a .zip file.")
        user = None
        if by:
            user = User.objects.filter(email__iexact=by).first()
            if user is None:
                raise CommandError("No account with that e-mail address.")
        values = programme_values(user)
        lists = Lists.load()
        rows = workbook_rows(values, lists)
        content = (
            write_xlsx(rows, lists.shown())
            if path.suffix.lower() == ".xlsx"
            else (write_csv_zip(rows))
        )
        path.write_bytes(content)
        access_log(user=user, action=AccessLog.Action.EXPORT, object_type="programme")
        counts = ", ".join(f"{len(v)} {k}" for k, v in values.items())
        self.stdout.write(f"{path.name}: {counts}")
