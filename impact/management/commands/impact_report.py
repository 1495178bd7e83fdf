"""manage.py impact_report --from YYYY-MM-DD --to YYYY-MM-DD [--municipality NAME]
   --format json|csv|xlsx|pdf [--output FILE] [--language nl|en] [--exact]

The period is [from, to): `--to` is the first day not counted. JSON holds every
indicator by key with its value and unit; the other formats are the report files the
exports page makes (aggregates only). Small cells show as "<5" in every format; `--exact`
gives JSON the exact values, for checking figures by hand (an operator's tool, never for
publishing).
"""

import csv
import datetime
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from impact.aggregates import Period
from impact.document import document_of, sheets
from impact.exports import report_rows, write_csv, write_pdf, write_xlsx
from impact.report import as_json, build
from samenhier.models import Municipality


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from error


class Command(BaseCommand):
    help = "Print or write the impact report for a period [from, to)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, type=str)
        parser.add_argument(
            "--to",
            dest="end",
            required=True,
            type=str,
            help="First day not counted (the period is [from, to)).",
        )
        parser.add_argument("--municipality", help="Only this municipality (name).")
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        parser.add_argument(
            "--output", help="File to write (default: standard output for json and csv)."
        )
        parser.add_argument("--language", choices=["nl", "en"], default="nl")
        parser.add_argument(
            "--exact",
            action="store_true",
            help="JSON only: exact values, also those resting on fewer than 5 persons "
            '(shown as "<5" otherwise). For checking figures, never for publishing.',
        )

    def handle(self, *args, start, end, municipality, format, output, exact, language, **options):
        start, end = day(start), day(end)
        if end <= start:
            raise CommandError("--to must be after --from.")
        ids = None
        if municipality:
            place = Municipality.objects.filter(name__iexact=municipality).first()
            if place is None:
                known = ", ".join(Municipality.objects.values_list("name", flat=True))
                raise CommandError(f"Unknown municipality {municipality!r}; known: {known}")
            ids = frozenset({place.pk})
        period = Period(start, end, ids)
        translation.activate(language)
        report = build(period)
        if format in ("xlsx", "pdf") and not output:
            raise CommandError(f"--output FILE is needed for {format}.")
        if format == "json":
            text = json.dumps(
                as_json(report, exact=exact), ensure_ascii=False, indent=2, default=str
            )
            self._emit(text, output)
        elif format == "csv":
            if output:
                write_csv(report_rows(report), Path(output))
            else:
                csv.writer(sys.stdout, delimiter=";").writerows(report_rows(report))
        elif format == "xlsx":
            write_xlsx(sheets(document_of(report, language=language)), Path(output))
        else:
            write_pdf(document_of(report, language=language), Path(output))
        if output:
            self.stderr.write(f"written: {output}")

    def _emit(self, text: str, output: str | None) -> None:
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
