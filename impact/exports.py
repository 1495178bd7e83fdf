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

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from samenhier.models import LifeDomain

from .aggregates import Period, activities_in, sdg_activities
from .indicators import INDICATORS
from .models import ActivityLog, ExportChunk, ExportJob, NetworkIntroduction
from .report import SMALL_CELL, Report, build

NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def safe_cell(value):
    """Escape text that a spreadsheet would read as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not NUMBER.match(value):
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


def cell(report: Report, key: str, value):
    """A figure for export: "<5" when it rests on fewer than 5 persons."""
    if value is None:
        return ""
    if 0 < report.persons_behind(key) < SMALL_CELL:
        return "<5"
    return round(value, 2) if isinstance(value, float) else value


def report_rows(report: Report) -> list[list]:
    """The report as rows: a header, every indicator, the breakdowns, the SDG shares."""
    rows = [
        [_("Samen Hier – impactrapport")],
        [
            _("Periode"),
            report.period.start.isoformat(),
            (report.period.end - datetime.timedelta(days=1)).isoformat(),
        ],
        [_("Gemeenten"), ", ".join(report.municipalities) or _("alle gemeenten")],
        [],
        [_("Indicator"), _("Effect"), _("Aantal"), _("Eenheid"), _("SDG"), _("Subdoel")],
    ]
    for ind in INDICATORS:
        rows.append(
            [
                str(ind.name),
                str(ind.effect),
                cell(report, ind.key, report.value(ind.key)),
                str(ind.unit),
                ind.sdg,
                ind.target,
            ]
        )
    rows += [[], [_("Introducties uit het netwerk per soort"), _("Aantal")]]
    labels = dict(NetworkIntroduction.Kind.choices)
    for kind, n in report.figures["introductions"].items():
        rows.append([str(labels[kind]), cell(report, "introductions", n)])
    rows += [[], [_("Levensgebied"), _("Activiteiten"), _("Groei zelfredzaamheid")]]
    gains = report.figures["self_reliance_gain"]["per_domain"]
    for domain in LifeDomain.objects.all():
        rows.append(
            [
                str(domain),
                cell(report, "activities", report.figures["activities"][domain.key]),
                cell(report, "self_reliance_gain", gains.get(domain.key)),
            ]
        )
    rows += [[], [_("SDG"), _("Uren vrijwilligerswerk"), _("Aandeel (%)")]]
    for row in report.sdg_rows:
        rows.append(
            [
                f"SDG {row['sdg']}: {row['name']}",
                cell(report, "volunteer_hours", row["hours"]),
                cell(report, "volunteer_hours", row["share"]),
            ]
        )
    return [[safe_cell(c) for c in row] for row in rows]


def questionnaire_rows(report: Report, activities: dict[int, int]) -> list[list]:
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
            _("Activiteiten"),
            _("Uren"),
        ]
    ]
    for ind in INDICATORS:
        rows.append(
            [
                ind.sdg,
                ind.target,
                str(ind.name),
                str(ind.effect),
                cell(report, ind.key, report.value(ind.key)),
                str(ind.unit),
                cell(report, "activities", activities.get(ind.sdg, 0)),
                cell(report, "volunteer_hours", report.sdg_hours.get(ind.sdg, 0.0)),
            ]
        )
    return [[safe_cell(c) for c in row] for row in rows]


def write_csv(rows, target: Path) -> None:
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def write_xlsx(sheets: dict[str, list[list]], target: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        for row in rows:
            sheet.append(row)
    book.save(target)


def doughnut_svg(rows: list[dict], size: int = 220) -> str:
    """The SDG wheel as inline SVG (no JavaScript in a PDF)."""
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


def write_pdf(report: Report, target: Path) -> None:
    from weasyprint import HTML

    rows = report.sdg_rows
    html = render_to_string(
        "impact/pdf/report.html",
        {
            "report": report,
            "rows": report_rows(report),
            "cards": [
                {"indicator": ind, "display": report.display(ind.key, suppress=True)}
                for ind in INDICATORS
            ],
            "sdg_rows": rows,
            "wheel": doughnut_svg(rows),
            "last_day": report.period.end - datetime.timedelta(days=1),
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
    with translation.override("nl"):
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
                write_xlsx(
                    {
                        _("Rapport"): report_rows(report),
                        _("Social Handprint"): questionnaire_rows(report, sdg_activities(period)),
                    },
                    partial,
                )
            elif job.format == ExportJob.Format.HANDPRINT:
                write_xlsx(
                    {_("Social Handprint"): questionnaire_rows(report, sdg_activities(period))},
                    partial,
                )
            else:
                write_pdf(report, partial)
