"""The impact report for a period: figures, SDG shares and indicator rows, shared by the
Social Handprint page, the exports and the impact_report command."""

import datetime
from dataclasses import dataclass, field
from importlib import metadata

from django.db.models import Min
from django.utils import timezone

from matching.models import Match, NetworkIntroduction
from samenhier.cells import Cell
from samenhier.models import LifeDomain, Municipality

from .aggregates import Period, figures, sdg_totals, tallies
from .compiled import compiled, totals
from .indicators import (
    DEFINITIONS_VERSION,
    EVERY_ACTIVITY_SDG,
    INDICATORS,
    SDG_COLOURS,
    SDG_NAMES,
)
from .series import households_now, monthly, per_municipality, quarterly, waited_for_a_match

# Indicators about households; the others are about the groups' effort (see cells.py).
ABOUT_HOUSEHOLDS = {"reception_days", "refugees_supported", "new_matches", "municipalities_active"}


def platform_version() -> str:
    """The version of the platform that made a file (the installed package's)."""
    try:
        return metadata.version("samenhier")
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The programme to date: from the first start of a year to today (inclusive)."""
    today = today or timezone.localdate()
    ((first,),) = _first_start()
    return first or today.replace(month=1, day=1), today + datetime.timedelta(days=1)


@compiled
def _first_start():
    return totals(Match.objects.filter(status__in=Match.STARTED), first=Min("start_date"))


@dataclass
class Report:
    period: Period
    municipalities: list  # names, or empty for every municipality
    figures: dict
    sdg_hours: dict
    sdg_counts: dict
    domains: list = field(default_factory=list)  # the life domains, in their order

    @property
    def households(self) -> int:
        """The persons of the households in the report: what its figures rest on."""
        return self.figures["refugees_supported"]

    @property
    def volunteers(self) -> int:
        return self.figures["active_volunteers"]

    def value(self, key: str):
        """The headline number of an indicator."""
        value = self.figures[key]
        if key == "introductions":
            return sum(value.values())
        if key == "activities":
            return self.figures["activity_count"]
        if key == "self_reliance_gain":
            return value["overall"]
        if key == "contact_after_year":
            return value["share"]
        return value

    def cell(self, key: str) -> Cell:
        """An indicator's number, shown as "<5" when it rests on fewer than 5 persons."""
        value = self.value(key)
        if key == "self_reliance_gain":
            return Cell.of(value, self.figures[key]["persons"], decimals=2)
        if key == "contact_after_year":
            return Cell.of(value, self.figures[key]["persons"], decimals=1)
        if key in ABOUT_HOUSEHOLDS:
            return Cell.of(value, self.households)
        return Cell.of(value, self.households, self.volunteers)

    def effort(self, value, count=None) -> Cell:
        """A breakdown of the groups' effort (a domain, an SDG, a kind of introduction)."""
        return Cell.of(value, self.households, self.volunteers, count)

    @property
    def sdg_rows(self) -> list[dict]:
        """Per SDG its volunteer hours, and their share of all the period's hours. Every
        activity counts for SDG 10 (100%) and also for the SDGs of its life domains, so
        the shares add up to more than 100%."""
        total = self.sdg_hours.get(EVERY_ACTIVITY_SDG) or 1
        rows = []
        for sdg, hours in sorted(self.sdg_hours.items()):
            count = self.sdg_counts.get(sdg, 0)
            shown = self.effort(hours, count)
            rows.append(
                {
                    "sdg": sdg,
                    "name": SDG_NAMES.get(sdg, ""),
                    "hours": shown,
                    "activities": self.effort(count, count),
                    "share": Cell(round(100 * hours / total, 1), shown.hidden, decimals=1),
                    "colour": SDG_COLOURS.get(sdg, "#777"),
                }
            )
        return rows

    def indicator_rows(self, *, sdg: int | None = None) -> list[dict]:
        return [
            {"indicator": ind, "cell": self.cell(ind.key)}
            for ind in INDICATORS
            if sdg is None or ind.sdg == sdg
        ]

    def domain_rows(self, sdg: int | None = None) -> list[dict]:
        """The life domains (behind an SDG, or all) with their activities and gain."""
        gains = self.figures["self_reliance_gain"]
        rows = []
        for d in self.domains:
            if sdg is not None and d.sdg != sdg and sdg != EVERY_ACTIVITY_SDG:
                continue
            count = self.figures["activities"].get(d.key, 0)
            rows.append(
                {
                    "domain": d,
                    "activities": self.effort(count, count),
                    "gain": Cell.of(
                        gains["per_domain"].get(d.key),
                        gains["persons_per_domain"].get(d.key, 0),
                        decimals=2,
                    ),
                }
            )
        return rows

    def introduction_rows(self) -> list[dict]:
        labels = dict(NetworkIntroduction.Kind.choices)
        return [
            {"kind": labels[kind], "count": self.effort(n, n)}
            for kind, n in self.figures["introductions"].items()
        ]


def build(period: Period) -> Report:
    names = []
    if period.municipality_ids is not None:
        names = list(
            Municipality.objects.filter(pk__in=period.municipality_ids).values_list(
                "name", flat=True
            )
        )
    cells = tallies(period)
    domains = list(LifeDomain.objects.all())
    hours, counts = sdg_totals(period, cells, sdgs=[d.sdg for d in domains])
    return Report(
        period=period,
        municipalities=names,
        figures=figures(period, cells, keys=[d.key for d in domains]),
        sdg_hours=hours,
        sdg_counts=counts,
        domains=domains,
    )


def as_json(report: Report, *, exact: bool = False) -> dict:
    """Every indicator by key with its value, unit, names in Dutch and English, SDG.
    Values resting on fewer than 5 persons are "<5", unless `exact` (for checking figures
    by hand, never for publishing)."""
    out = {
        "period": {"from": report.period.start.isoformat(), "to": report.period.end.isoformat()},
        "municipalities": report.municipalities or "all",
        "definitions_version": DEFINITIONS_VERSION,
        "platform_version": platform_version(),
        "exact": exact,
        "indicators": {},
        "sdg_hours": {
            str(k): v if exact else report.effort(v).export for k, v in report.sdg_hours.items()
        },
    }
    for ind in INDICATORS:
        nl, en = ind.in_language("nl"), ind.in_language("en")
        out["indicators"][ind.key] = {
            "value": report.figures[ind.key] if exact else report.cell(ind.key).export,
            "unit": nl["unit"],
            "unit_en": en["unit"],
            "name_nl": nl["name"],
            "name_en": en["name"],
            "sdg": ind.sdg,
            "target": ind.target,
        }
    return out


def dashboard(period: Period) -> dict:
    """The dashboard's tables as cells (cells.py): per month and quarter, municipalities
    side by side, households per status now, and waiting times."""
    months = monthly(period)
    month_rows = [
        {
            "month": row["month"],
            "partial": row["partial"],
            "reception_days": Cell.of(row["reception_days"], row["households"]),
            "new_matches": Cell.of(row["new_matches"], row["households"]),
            "volunteer_hours": Cell.of(
                row["volunteer_hours"], row["households"], row["volunteers"]
            ),
            "activities": Cell.of(row["activities"], row["households"], row["volunteers"]),
        }
        for row in months
    ]
    quarter_rows = []
    for row in quarterly(months):
        # A quarter rests on at least as many persons as its busiest month.
        households, volunteers = row["households"], row["volunteers"]
        quarter_rows.append(
            {
                "quarter": row["quarter"],
                "partial": row["partial"],
                "reception_days": Cell.of(row["reception_days"], households),
                "new_matches": Cell.of(row["new_matches"], households),
                "volunteer_hours": Cell.of(row["volunteer_hours"], households, volunteers),
                "activities": Cell.of(row["activities"], households, volunteers),
            }
        )
    place_rows = []
    for row in per_municipality(period):
        households, volunteers = row["refugees_supported"], row["active_volunteers"]
        place_rows.append(
            {
                "municipality": row["municipality"],
                "reception_days": Cell.of(row["reception_days"], households),
                "refugees_supported": Cell.of(households, households),
                "new_matches": Cell.of(row["new_matches"], households),
                "active_groups": Cell.of(row["active_groups"], households, volunteers),
                "active_volunteers": Cell.of(volunteers, households, volunteers),
                "volunteer_hours": Cell.of(row["volunteer_hours"], households, volunteers),
                "contact_after_year": Cell.of(
                    row["contact_after_year"], row["contact_persons"], decimals=1
                ),
            }
        )
    matched = waited_for_a_match(period)
    households = households_now(period)
    now = households["waiting"]
    return {
        "months": month_rows,
        "quarters": quarter_rows,
        "per_place": place_rows,
        "funnel": [
            {**row, "count": Cell.of(row["count"], row["count"])} for row in households["funnel"]
        ],
        "waiting": {
            "matched": {
                "n": Cell.of(matched["n"], matched["n"]),
                "average": Cell.of(matched["average"], matched["n"]),
                "longest": Cell.of(matched["longest"], matched["n"]),
            },
            "waiting": {
                "n": Cell.of(now["n"], now["n"]),
                "average": Cell.of(now["average"], now["n"]),
                "longest": Cell.of(now["longest"], now["n"]),
            },
        },
    }
