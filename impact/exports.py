"""Report files: CSV, XLSX, PDF, the Social Handprint questionnaire, the activity list.

Reports carry aggregates only; a cell that rests on fewer than 5 persons shows "<5", and
a text cell that starts with = + - @ is escaped so a spreadsheet never runs it. The
activity list (for coordinators) streams row by row, so memory stays flat at any size.
"""

import csv
import datetime
import math
import re
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from matching.models import ActivityLog
from samenhier.models import LifeDomain, Municipality

from .aggregates import Period, activities_in
from .document import (
    QUESTIONNAIRE_WIDTHS,
    Document,
    Sheet,
    document_of,
    sheets,
)
from .indicators import DEFINITIONS_VERSION, EVERY_ACTIVITY_SDG
from .models import ExportChunk, ExportJob
from .report import Report, build, platform_version

NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Escape text that a spreadsheet would read as a formula (CSV injection), also after
    a leading tab or carriage return."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not NUMBER.match(value):
        return "'" + value
    return value


EXTENSIONS = {"csv": "csv", "activities": "csv", "xlsx": "xlsx", "handprint": "xlsx", "pdf": "pdf"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def extension(job: ExportJob) -> str:
    return EXTENSIONS[job.format]


def store(job: ExportJob, source: Path) -> int:
    """Put the file into the job's chunks, replacing any earlier ones (one file per job,
    however often the task runs). Reads 1 MB at a time."""
    size = 0
    with transaction.atomic():
        ExportChunk.objects.filter(job=job).delete()
        with source.open("rb") as handle:
            for seq, piece in enumerate(iter(lambda: handle.read(ExportChunk.SIZE), b"")):
                ExportChunk.objects.create(job=job, seq=seq, data=piece)
                size += len(piece)
    return size


def read_chunks(job: ExportJob):
    """The job's file, one chunk at a time (for a streamed download)."""
    chunks = ExportChunk.objects.filter(job=job).order_by("seq").values_list("data", flat=True)
    for data in chunks.iterator(chunk_size=1):
        yield bytes(data)


def file_bytes(job: ExportJob) -> bytes:
    return b"".join(read_chunks(job))


def period_of(job: ExportJob) -> Period:
    ids = frozenset(job.municipality_ids) if job.municipality_ids is not None else None
    return Period(job.period_start, job.period_end, ids)


def report_rows(report: Report) -> list[list]:
    """The report as rows: a header, every indicator, the breakdowns, the SDG shares.
    Every number is a cell (cells.py): "<5" where it rests on fewer than 5 persons."""
    rows = [
        [_("Samen Hier – impactrapport")],
        [
            _("Periode"),
            report.period.start.isoformat(),
            (report.period.end - datetime.timedelta(days=1)).isoformat(),
        ],
        [_("Gemeenten"), ", ".join(report.municipalities) or _("alle gemeenten")],
        [_("Versies"), f"platform {platform_version()}", f"definities {DEFINITIONS_VERSION}"],
        [],
        [_("Indicator"), _("Effect"), _("Aantal"), _("Eenheid"), _("SDG"), _("Subdoel")],
    ]
    for row in report.indicator_rows():
        ind = row["indicator"]
        rows.append(
            [str(ind.name), str(ind.effect), row["cell"].export, str(ind.unit), ind.sdg, ind.target]
        )
    rows += [[], [_("Introducties uit het netwerk per soort"), _("Aantal")]]
    for row in report.introduction_rows():
        rows.append([str(row["kind"]), row["count"].export])
    rows += [
        [],
        [_("Levensgebied"), _("Activiteiten per levensgebied"), _("Groei zelfredzaamheid")],
    ]
    for row in report.domain_rows():
        rows.append([str(row["domain"]), row["activities"].export, row["gain"].export])
    rows += [[], [_("SDG"), _("Uren vrijwilligerswerk"), _("Aandeel (%)")]]
    for row in report.sdg_rows:
        rows.append([f"SDG {row['sdg']}: {row['name']}", row["hours"].export, row["share"].export])
    return [[safe_cell(c) for c in row] for row in rows]


def questionnaire_rows(report: Report) -> list[list]:
    """The Social Handprint questionnaire: per indicator its figure, and the activities
    and hours behind it (those of its SDG)."""
    rows = [
        [
            _("SDG"),
            _("Subdoel"),
            _("Indicator"),
            _("Effect"),
            _("Aantal"),
            _("Eenheid"),
            _("Activiteiten met dit SDG"),
            _("Uren"),
        ]
    ]
    per_sdg = {row["sdg"]: row for row in report.sdg_rows}
    for row in report.indicator_rows():
        ind = row["indicator"]
        sdg = per_sdg.get(ind.sdg)
        rows.append(
            [
                ind.sdg,
                ind.target,
                str(ind.name),
                str(ind.effect),
                row["cell"].export,
                str(ind.unit),
                sdg["activities"].export if sdg else 0,
                sdg["hours"].export if sdg else 0,
            ]
        )
    return [[safe_cell(c) for c in row] for row in rows]


def write_csv(rows, target: Path) -> None:
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def write_xlsx(sheets: list[Sheet], target: Path) -> None:
    """A sheet per table: numbers as numbers, dates as dates, the header frozen, each
    column as wide as its sheet says."""
    from openpyxl import Workbook  # loaded by the worker that makes a file, not every page
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in sheets:
        sheet = book.create_sheet(title=str(table.title)[:31])
        for number, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for value in table.header:
            cell = WriteOnlyCell(sheet, value=str(value))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append(
                [_xlsx_cell(sheet, value, table.formats.get(n)) for n, value in enumerate(row)]
            )
    book.save(target)


def _xlsx_cell(sheet, value, number_format=None):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.date):  # and datetime
        cell = WriteOnlyCell(sheet, value=value)
        is_moment = isinstance(value, datetime.datetime)
        cell.number_format = number_format or ("DD-MM-YYYY HH:MM" if is_moment else "DD-MM-YYYY")
        return cell
    return safe_cell(str(value)) if isinstance(value, str) else value


def doughnut_svg(rows: list[dict], size: int = 220) -> str:
    """The SDG wheel as inline SVG (no JavaScript in a PDF)."""
    rows = [{**r, "hours": r["hours"].chart or 0, "share": r["share"]} for r in rows]
    total = sum(r["hours"] for r in rows) or 1
    radius, inner, centre = size / 2, size / 4, size / 2
    angle = -math.pi / 2
    paths = []
    for r in rows:
        if not r["hours"]:
            continue
        sweep = 2 * math.pi * r["hours"] / total
        if sweep >= 2 * math.pi - 1e-9:
            sweep = 2 * math.pi - 1e-6
        end = angle + sweep
        large = 1 if sweep > math.pi else 0
        x1, y1 = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        x2, y2 = centre + radius * math.cos(end), centre + radius * math.sin(end)
        x3, y3 = centre + inner * math.cos(end), centre + inner * math.sin(end)
        x4, y4 = centre + inner * math.cos(angle), centre + inner * math.sin(angle)
        paths.append(
            f'<path d="M{x1:.2f},{y1:.2f} A{radius},{radius} 0 {large} 1 {x2:.2f},{y2:.2f} '
            f'L{x3:.2f},{y3:.2f} A{inner},{inner} 0 {large} 0 {x4:.2f},{y4:.2f} Z" '
            f'fill="{r["colour"]}"><title>SDG {r["sdg"]}: {r["share"]}%</title></path>'
        )
        angle = end
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img">' + "".join(paths) + "</svg>"
    )


def css_string(text: str) -> str:
    """Text for a CSS string (the page's running title and footer)."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def write_pdf(doc: Document, target: Path) -> None:
    from weasyprint import HTML  # takes a second to import: only where a PDF is made

    report = doc.report
    rows = report.sdg_rows
    names = dict(Municipality.objects.values_list("pk", "name"))
    scope = report.period.municipality_ids
    html = render_to_string(
        "impact/pdf/report.html",
        {
            "doc": doc,
            "report": report,
            "cards": report.indicator_rows(),
            "sdg_rows": rows,
            "sections": doc.sdg_sections,
            "introductions": report.introduction_rows(),
            "places": doc.completeness_per_place(
                names if scope is None else {k: v for k, v in names.items() if k in scope}
            ),
            "method": doc.method,
            # Each definition links to its evidence page, for the same period (and the
            # municipality, when the report is about one).
            "site": settings.SITE_URL.rstrip("/"),
            "evidence_query": urlencode(
                {
                    "van": report.period.start.isoformat(),
                    "tot": doc.last_day.isoformat(),
                    **({"gemeente": next(iter(scope))} if scope and len(scope) == 1 else {}),
                }
            ),
            # SDG 10 stands apart (every activity counts for it); the wheel divides the
            # hours among the SDGs of the life domains, as on the handprint page.
            "every_activity": next(r for r in rows if r["sdg"] == EVERY_ACTIVITY_SDG),
            "wheel_rows": [r for r in rows if r["sdg"] != EVERY_ACTIVITY_SDG],
            "wheel": doughnut_svg([r for r in rows if r["sdg"] != EVERY_ACTIVITY_SDG]),
            "running_title": css_string(
                _("Social Handprint van Samen Hier, %(start)s tot en met %(end)s")
                % {
                    "start": date_format(report.period.start, "j F Y"),
                    "end": date_format(doc.last_day, "j F Y"),
                }
            ),
            "made_line": css_string(
                _("Gemaakt op %(day)s") % {"day": date_format(doc.made_at, "j F Y")}
            ),
            "page_word": css_string(_("Pagina")),
            "of_word": css_string(pgettext("pagina 1 van 9", "van")),
        },
    )
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(target)


ACTIVITY_HEADER = [
    "datum",
    "gemeente",
    "groep",
    "levensgebieden",
    "uren",
    "aanwezige leden",
    "introducties uit het netwerk",
]


def _activities_rows(period: Period):
    """Every activity of the period as a row, without personal data, in batches."""
    logs = (
        activities_in(period)
        .annotate(
            present=Count("members_present", distinct=True),
            introduced=Count("introductions", distinct=True),
        )
        .values_list(
            "pk",
            "date",
            "trajectory__match__refugee__municipality__name",
            "trajectory__match__group__name",
            "hours",
            "present",
            "introduced",
        )
        .order_by("date", "pk")
    )
    names = dict(LifeDomain.objects.values_list("pk", "key"))
    through = ActivityLog.life_domains.through.objects
    batch: list = []
    for row in logs.iterator(chunk_size=5000):
        batch.append(row)
        if len(batch) == 5000:
            yield from _with_domains(batch, through, names)
            batch = []
    if batch:
        yield from _with_domains(batch, through, names)


def _with_domains(batch, through, names):
    domains: dict = {}
    for log_id, domain_id in through.filter(activitylog__in=[r[0] for r in batch]).values_list(
        "activitylog_id", "lifedomain_id"
    ):
        domains.setdefault(log_id, []).append(names[domain_id])
    for pk, date, municipality, group, hours, present, introduced in batch:
        yield [
            date.isoformat(),
            safe_cell(municipality),
            safe_cell(group),
            " ".join(sorted(domains.get(pk, []))),
            f"{hours}",
            present,
            introduced,
        ]


def make(job: ExportJob) -> int:
    """Write the job's file to a temporary file, then into the database; its size."""
    with tempfile.TemporaryDirectory(prefix="samenhier-export-") as tmp:
        partial = Path(tmp) / f"{job.code}.{extension(job)}"
        _write(job, partial)
        return store(job, partial)


def _write(job: ExportJob, partial: Path) -> None:
    period = period_of(job)
    with translation.override(job.language or "nl"):
        if job.format == ExportJob.Format.ACTIVITIES:
            with partial.open("w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerow(ACTIVITY_HEADER)
                writer.writerows(_activities_rows(period))
        else:
            report = build(period)
            if job.format == ExportJob.Format.CSV:
                write_csv(report_rows(report), partial)
            elif job.format == ExportJob.Format.XLSX:
                doc = document_of(report, language=job.language, foreword=job.foreword)
                write_xlsx(sheets(doc), partial)
            elif job.format == ExportJob.Format.HANDPRINT:
                rows = questionnaire_rows(report)
                write_xlsx(
                    [Sheet(_("Social Handprint"), rows[0], rows[1:], QUESTIONNAIRE_WIDTHS)], partial
                )
            else:
                write_pdf(
                    document_of(report, language=job.language, foreword=job.foreword), partial
                )
