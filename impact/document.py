"""The report as a document to send: what its cover, summary, SDG sections, method and
data completeness say, for the PDF and the spreadsheet alike (docs/architecture.md,
"Evidence"). Every number is a cell (cells.py); the method is the one text of
indicators.py.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.models import Municipality

from .evidence import completeness, definitions, share_rows
from .indicators import DEFINITIONS_VERSION
from .report import Report, platform_version
from .report import dashboard as dashboard_tables

# The headline of the summary, in its order.
HEADLINE = (
    "reception_days",
    "refugees_supported",
    "new_matches",
    "active_groups",
    "active_volunteers",
    "volunteer_hours",
)


@dataclass
class Document:
    report: Report
    made_at: datetime.datetime
    language: str = "nl"
    foreword: str = ""

    @property
    def versions(self) -> dict:
        return {"platform": platform_version(), "definitions": DEFINITIONS_VERSION}

    @property
    def last_day(self) -> datetime.date:
        return self.report.period.end - datetime.timedelta(days=1)

    @property
    def headline(self) -> dict:
        return {key: self.report.cell(key) for key in HEADLINE}

    @property
    def sdg_sections(self) -> list[dict]:
        """Per SDG: its hours and share, its indicators, and the activities behind it."""
        return [
            {
                **row,
                "indicators": self.report.indicator_rows(sdg=row["sdg"]),
                "domains": self.report.domain_rows(row["sdg"]),
            }
            for row in self.report.sdg_rows
        ]

    @property
    def completeness(self) -> list[dict]:
        return share_rows(completeness(self.report.period))

    def completeness_per_place(self, names: dict) -> list[dict]:
        shares = completeness(self.report.period, per_place=True)
        return sorted(
            (
                {"municipality": names.get(place, ""), "shares": share_rows(s)}
                for place, s in shares.items()
                if place in names
            ),
            key=lambda row: row["municipality"],
        )

    def tables(self) -> dict:
        """The dashboard's tables of the same period (for the spreadsheet)."""
        return dashboard_tables(self.report.period)

    @property
    def method(self) -> dict:
        return definitions()


def document_of(report: Report, *, language="nl", foreword="", made_at=None) -> Document:
    return Document(
        report=report,
        made_at=made_at or timezone.localtime(),
        language=language,
        foreword=foreword,
    )


QUESTIONNAIRE_WIDTHS = (8, 10, 32, 44, 12, 14, 14, 12)


@dataclass
class Sheet:
    """A table of the spreadsheet: a header row, rows of plain values (numbers stay
    numbers, dates stay dates, "<5" where a cell is hidden), and column widths."""

    title: str
    header: list
    rows: list
    widths: tuple = ()
    formats: dict = field(default_factory=dict)  # column number -> Excel number format


def sheets(doc: Document) -> list[Sheet]:
    """The report as data, a sheet per table, and the method in words."""
    from .exports import questionnaire_rows, safe_cell  # exports writes what this says

    report, period = doc.report, doc.report.period
    tables = doc.tables()
    out = [
        Sheet(
            _("Rapport"),
            [_("Onderwerp"), _("Waarde")],
            [
                [_("Rapport"), _("Social Handprint van Samen Hier")],
                [_("Periode van"), period.start],
                [_("Periode tot en met"), doc.last_day],
                [_("Gemeenten"), ", ".join(report.municipalities) or _("alle gemeenten")],
                [_("Gemaakt op"), doc.made_at.replace(tzinfo=None, microsecond=0)],
                [_("Platformversie"), doc.versions["platform"]],
                [_("Versie van de definities"), doc.versions["definitions"]],
                [_("Kleine aantallen"), _("Een getal dat op minder dan 5 personen rust: <5")],
                *([[_("Voorwoord"), doc.foreword]] if doc.foreword else []),
            ],
            (28, 70),
        ),
        Sheet(
            _("Indicatoren"),
            [_("Indicator"), _("Effect"), _("Aantal"), _("Eenheid"), _("SDG"), _("Subdoel")],
            [
                [
                    str(r["indicator"].name),
                    str(r["indicator"].effect),
                    r["cell"].export,
                    str(r["indicator"].unit),
                    r["indicator"].sdg,
                    r["indicator"].target,
                ]
                for r in report.indicator_rows()
            ],
            (32, 48, 14, 14, 8, 10),
        ),
        Sheet(
            _("SDG's"),
            [
                _("SDG"),
                _("Naam"),
                _("Uren vrijwilligerswerk"),
                _("Activiteiten met dit SDG"),
                _("Aandeel (%)"),
            ],
            [
                [
                    r["sdg"],
                    str(r["name"]),
                    r["hours"].export,
                    r["activities"].export,
                    r["share"].export,
                ]
                for r in report.sdg_rows
            ],
            (8, 44, 22, 14, 14),
        ),
        Sheet(
            _("Levensgebieden"),
            [_("Levensgebied"), _("Activiteiten in dit levensgebied"), _("Groei zelfredzaamheid")],
            [
                [str(r["domain"]), r["activities"].export, r["gain"].export]
                for r in report.domain_rows()
            ],
            (28, 14, 22),
        ),
        Sheet(
            _("Introducties"),
            [_("Soort"), _("Aantal")],
            [[str(r["kind"]), r["count"].export] for r in report.introduction_rows()],
            (32, 12),
        ),
        Sheet(
            _("Per gemeente"),
            [
                _("Gemeente"),
                _("Dagen opvang"),
                _("Nieuwkomers"),
                _("Nieuwe koppelingen"),
                _("Actieve groepen"),
                _("Vrijwilligers"),
                _("Uren"),
            ],
            [
                [
                    safe_cell(r["municipality"]),
                    *(
                        r[key].export
                        for key in (
                            "reception_days",
                            "refugees_supported",
                            "new_matches",
                            "active_groups",
                            "active_volunteers",
                            "volunteer_hours",
                        )
                    ),
                ]
                for r in tables["per_place"]
            ],
            (24, 14, 14, 18, 16, 14, 12),
        ),
        Sheet(
            _("Per maand"),
            [
                _("Maand"),
                _("Dagen opvang"),
                _("Nieuwe koppelingen"),
                _("Uren"),
                _("Activiteiten"),
                _("Deel van de maand"),
            ],
            [
                [
                    r["month"],
                    *(
                        r[key].export
                        for key in (
                            "reception_days",
                            "new_matches",
                            "volunteer_hours",
                            "activities",
                        )
                    ),
                    _("ja") if r["partial"] else _("nee"),
                ]
                for r in tables["months"]
            ],
            (12, 14, 18, 12, 14, 18),
            {0: "MM-YYYY"},
        ),
        Sheet(
            _("Volledigheid"),
            [_("Gemeente"), _("Gegevens"), _("Vastgelegd"), _("Van"), _("Aandeel (%)")],
            _completeness_rows(doc),
            (24, 70, 12, 10, 12),
        ),
        Sheet(
            _("Methode"),
            [_("Onderwerp"), _("Tekst")],
            _method_rows(doc),
            (30, 110),
        ),
    ]
    questionnaire = questionnaire_rows(report)
    out.append(
        Sheet(_("Social Handprint"), questionnaire[0], questionnaire[1:], QUESTIONNAIRE_WIDTHS)
    )
    return out


def _completeness_rows(doc: Document) -> list[list]:
    names = dict(Municipality.objects.values_list("pk", "name"))
    scope = doc.report.period.municipality_ids
    if scope is not None:
        names = {pk: name for pk, name in names.items() if pk in scope}
    rows = []
    for place, shares in [(_("Alle"), doc.completeness)] + [
        (r["municipality"], r["shares"]) for r in doc.completeness_per_place(names)
    ]:
        for row in shares:
            share = row["share"]
            rows.append(
                [
                    place,
                    str(row["label"]),
                    share.part_cell.export,
                    share.whole_cell.export,
                    share.percent.export,
                ]
            )
    return rows


def _method_rows(doc: Document) -> list[list]:
    method = doc.method
    rows = [
        [_("Periode"), str(method["period_rule"])],
        [_("Nooit meegeteld"), str(method["never_counted"])],
        [_("Versie van de definities"), method["definitions_version"]],
    ]
    for ind in method["indicators"]:
        rows.append(
            [f"{ind.name}: " + str(_("wat het telt")), f"{ind.effect} ({ind.unit}). {ind.counts}"]
        )
        rows.append([f"{ind.name}: " + str(_("wat niet meetelt")), str(ind.not_counted)])
    return rows
