"""What stands behind each figure: the records it rests on, how it splits per municipality
and per month, and how complete the data under it is (docs/architecture.md, "Evidence").

Every number here is an aggregate of the same summaries as the figures themselves
(aggregates.py), shown as a cell (cells.py): "<5" where it rests on fewer than 5 persons.
No personal field is read.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from matching.models import Match, Milestone, ScoreGain
from matching.models.summaries import ActivityTally, PresenceKind
from samenhier.cells import Cell
from samenhier.models import Municipality

from .aggregates import Dim, contact_after_year, overlapping, score_gains, tallies
from .indicators import (
    BY_KEY,
    DEFINITIONS_VERSION,
    INDICATORS,
    NEVER_COUNTED,
    PERIOD_RULE,
    RECORDS,
    Indicator,
)
from .periods import Buckets, Period, places_of
from .presence import distinct_active
from .report import Report
from .series import monthly, per_municipality, volunteers_per_month

# A running year "has recent logs" when its last activity is at most this many days old;
# only years that have run at least that long are asked for it.
LOGGED_WITHIN_DAYS = 30


@dataclass
class Share:
    """A part of a whole (e.g. 12 of 40 years), shown as cells: hidden when the whole
    rests on fewer than 5."""

    part: int
    whole: int

    @property
    def percent(self) -> Cell:
        value = round(100 * self.part / self.whole) if self.whole else None
        return Cell.of(value, self.whole)

    @property
    def part_cell(self) -> Cell:
        return Cell.of(self.part, self.whole)

    @property
    def whole_cell(self) -> Cell:
        return Cell.of(self.whole, self.whole)

    @property
    def thin(self) -> bool:
        """Less than three quarters complete: the figures there are thin."""
        return bool(self.whole) and self.part / self.whole < 0.75


def records(report: Report) -> list[dict]:
    """The records behind the report's figures, counted (no person named)."""
    f, period = report.figures, report.period
    households, volunteers = report.households, report.volunteers
    scored = score_gains(period).values("trajectory").distinct().count()
    contact = f["contact_after_year"]
    counts = {
        "years": (overlapping(period).count(), (households,)),
        "persons": (f["refugees_supported"], (households,)),
        "groups": (f["active_groups"], (households, volunteers)),
        "logs": (f["activity_count"], (households, volunteers)),
        "volunteers": (f["active_volunteers"], (households, volunteers)),
        "introductions": (sum(f["introductions"].values()), (households, volunteers)),
        "scored_years": (scored, (f["self_reliance_gain"]["persons"],)),
        "followed_up": (contact["years"], (contact["persons"],)),
        "followed_up_persons": (contact["persons"], (contact["persons"],)),
    }
    return [
        {"key": key, "label": RECORDS[key], "count": Cell.of(n, *bases)}
        for key, (n, bases) in counts.items()
    ]


def per_place(period: Period, indicator: Indicator) -> list[dict]:
    """The indicator per municipality of the period's scope, in the dashboard's cells."""
    rows = per_municipality(period)
    extra = _place_extras(period, indicator.key)
    out = []
    for row in rows:
        place = row["pk"]
        households, volunteers = row["refugees_supported"], row["active_volunteers"]
        if indicator.key in row:
            value = row[indicator.key]
        elif indicator.key == "municipalities_active":
            value = 1 if row["refugees_supported"] else 0
        else:
            value = extra.get(place, None if indicator.key in WITHOUT_ZERO else 0)
        if indicator.key == "self_reliance_gain":
            cell = Cell.of(value, extra.get(("persons", place), 0), decimals=2)
        elif indicator.key == "contact_after_year":
            cell = Cell.of(value, extra.get(("persons", place), 0), decimals=1)
        elif indicator.key in ("reception_days", "refugees_supported", "new_matches"):
            cell = Cell.of(value, households)
        elif indicator.key == "network_involvement":
            cell = Cell.of(value, households, volunteers, decimals=1)
        else:
            cell = Cell.of(value, households, volunteers)
        out.append({"municipality": row["municipality"], "value": value, "cell": cell})
    return out


# Indicators that have no value (rather than 0) where nothing was measured.
WITHOUT_ZERO = ("self_reliance_gain", "contact_after_year")


def _place_extras(period: Period, key: str) -> dict:
    """Per municipality, what the dashboard's table does not hold already."""
    if key == "contact_after_year":
        extras: dict = {}
        for place, shares in contact_after_year(period, per_place=True).items():
            extras[place] = shares["share"]
            extras[("persons", place)] = shares["persons"]
        return extras
    if key == "activities":
        cells = tallies(period, per_place=True)
        return {place: c.get((Dim.ALL, ""), (0, 0.0))[0] for place, c in cells.items()}
    if key == "introductions":
        rows = (
            ActivityTally.objects.filter(Buckets.of(period).tally(), dimension=Dim.INTRODUCTION)
            .filter(place__in=_places(period))
            .values("place")
            .annotate(n=Sum("count"))
            .order_by()
        )
        return {row["place"]: row["n"] or 0 for row in rows}
    if key == "network_involvement":
        groups = {
            row["municipality"]: row["n"]
            for row in overlapping(period)
            .values("municipality")
            .annotate(n=Count("group", distinct=True))
            .order_by()
        }
        network = distinct_active(PresenceKind.NETWORK, period, per_place=True)
        return {
            place: round(100 * network.get(place, 0) / n, 1) for place, n in groups.items() if n
        }
    if key == "self_reliance_gain":
        rows = (
            score_gains(period)
            .values("place")
            .annotate(total=Sum("gain"), n=Count("pk"), persons=Sum("persons"))
            .order_by()
        )
        extras: dict = {}
        for row in rows:
            extras[row["place"]] = round(row["total"] / row["n"], 2) if row["n"] else None
            extras[("persons", row["place"])] = row["persons"] or 0
        return extras
    return {}


def _places(period: Period) -> list[int]:
    if period.municipality_ids is None:
        return list(Municipality.objects.values_list("pk", flat=True))
    return places_of(period)


def per_month(period: Period, indicator: Indicator) -> list[dict] | None:
    """The indicator per month of the period, or None where a month means nothing for it
    (a share, a mean of two moments, a count of groups or municipalities)."""
    if not indicator.per_month:
        return None
    months = monthly(period)
    values: dict = {}
    if indicator.key == "refugees_supported":
        values = {row["month"]: row["households"] for row in months}
    elif indicator.key == "active_volunteers":
        values = volunteers_per_month(period)
    elif indicator.key == "introductions":
        values = {
            row["month"]: row["n"] or 0
            for row in ActivityTally.objects.filter(
                Buckets.of(period).tally(),
                place__in=places_of(period),
                dimension=Dim.INTRODUCTION,
            )
            .annotate(month=TruncMonth("start"))
            .values("month")
            .annotate(n=Sum("count"))
            .order_by()
        }
        values = {_day(m): n for m, n in values.items()}
    out = []
    for row in months:
        value = values.get(row["month"], 0) if values else row.get(indicator.key, 0)
        if indicator.key in ("reception_days", "refugees_supported", "new_matches"):
            cell = Cell.of(value, row["households"])
        else:
            cell = Cell.of(value, row["households"], row["volunteers"])
        out.append({"month": row["month"], "partial": row["partial"], "value": value, "cell": cell})
    return out


def _day(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def completeness(period: Period, *, per_place: bool = False):
    """How complete the data under the figures is: running years with a recent log,
    milestones evaluated once due, years with both a start and an end score. For the
    whole scope, or {municipality id: ...} per municipality (three queries either way)."""
    today = period.today
    since = today - datetime.timedelta(days=LOGGED_WITHIN_DAYS)
    running = Match.objects.filter(status=Match.Status.ACTIVE, start_date__lte=since)
    due = Milestone.objects.filter(
        trajectory__match__status__in=Match.STARTED,
        due_date__gte=period.start,
        due_date__lt=min(period.end, today),
    )
    final = due.filter(kind=Milestone.Kind.FINAL)
    if period.municipality_ids is not None:
        running = running.filter(municipality__in=period.municipality_ids)
        due = due.filter(trajectory__match__municipality__in=period.municipality_ids)
        final = final.filter(trajectory__match__municipality__in=period.municipality_ids)
    scored = Exists(ScoreGain.objects.filter(trajectory=OuterRef("trajectory")))
    parts = {
        "logged": (
            running,
            "municipality",
            Q(trajectory__pulse__last_activity__gte=since),
        ),
        "evaluated": (due, "trajectory__match__municipality", Q(completed_on__isnull=False)),
        "scored": (
            final.annotate(scored=scored),
            "trajectory__match__municipality",
            Q(scored=True),
        ),
    }
    places: dict = {}
    for name, (rows, place, done) in parts.items():
        for row in (
            rows.values(place).annotate(whole=Count("pk"), part=Count("pk", filter=done)).order_by()
        ):
            places.setdefault(row[place], {})[name] = Share(row["part"], row["whole"])
    for shares in places.values():
        for name in parts:
            shares.setdefault(name, Share(0, 0))
    if per_place:
        return places
    return whole_of(places)


def whole_of(places: dict) -> dict:
    """The shares of a scope from those of its municipalities: each year runs in one
    municipality, so the whole is the sum of its parts."""
    names = {name for shares in places.values() for name in shares} or set(COMPLETENESS)
    return {
        name: Share(
            sum(shares[name].part for shares in places.values()),
            sum(shares[name].whole for shares in places.values()),
        )
        for name in names
    }


# What each share of `completeness` says, in words (pages, report and spreadsheet).
COMPLETENESS = {
    "logged": _(
        "Lopende jaren met een vastgelegde activiteit in de laatste %(days)s dagen (van de "
        "jaren die minstens zo lang lopen)"
    ),
    "evaluated": _("Mijlpalen die in de periode aan de beurt waren en zijn geëvalueerd"),
    "scored": _(
        "Jaren met hun eindevaluatie in de periode die een begin- én eindscore hebben "
        "(in ten minste één levensgebied)"
    ),
}


def evidence(report: Report, key: str) -> dict:
    """Everything the evidence page of one indicator shows."""
    indicator = BY_KEY[key]
    period = report.period
    places = per_place(period, indicator)
    months = per_month(period, indicator)
    return {
        "indicator": indicator,
        "cell": report.cell(key),
        "records": [r for r in records(report) if r["key"] in indicator.rests_on],
        "per_place": places,
        "per_month": months,
        "completeness": share_rows(completeness(period)),
    }


def share_rows(shares: dict) -> list[dict]:
    """The shares of `completeness` with what each says, in their order."""
    # Read here, in the language of the page or file, not when the module is loaded.
    return [
        {"key": key, "label": label % {"days": LOGGED_WITHIN_DAYS}, "share": shares[key]}
        for key, label in COMPLETENESS.items()
    ]


def definitions() -> dict:
    """The method in words, for every page and file that shows it (one source)."""
    return {
        "indicators": INDICATORS,
        "period_rule": PERIOD_RULE,
        "never_counted": NEVER_COUNTED,
        "definitions_version": DEFINITIONS_VERSION,
    }
