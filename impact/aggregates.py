"""Every impact figure for a period [from, to) and municipalities, from the summaries the
writing services keep (matching/models/summaries.py) and from the matches themselves.

The formulas are in docs/architecture.md ("Figures"), to the day. A trajectory runs from
its start date (inclusive) to its actual end date, or while still active to
min(today, planned end) (exclusive). Only matches that became active count, in the
municipality where their year ran. Nothing here reads a personal field, so the figures
stay the same when personal data is anonymised later. Each figure is a handful of
queries over small tables, whatever the number of activity logs: no cache is needed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateField,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, Greatest, Least

from matching.models import (
    ActivityLog,
    Match,
    Milestone,
    NetworkIntroduction,
    ScoreGain,
    YearTally,
)
from matching.models.summaries import (
    EVERYWHERE,
    ActivityTally,
    PresenceKind,
)
from samenhier.models import LifeDomain

from .compiled import compiled, totals
from .indicators import EVERY_ACTIVITY_SDG
from .periods import Buckets, DaysBetween, Period, date_value, months_in, places_of
from .presence import present_kinds

Dim = ActivityTally.Dimension


def started_matches(period: Period) -> QuerySet[Match]:
    """Matches that became active, in the period's municipalities."""
    matches = Match.objects.filter(status__in=Match.STARTED)
    if period.municipality_ids is not None:
        matches = matches.filter(municipality__in=period.municipality_ids)
    return matches


def overlapping(period: Period) -> QuerySet[Match]:
    """Matches whose trajectory has at least one day in the period: it starts before the
    period ends and ends (actually, or capped at today while it runs) after the period
    starts and after it started."""
    ended = Q(actual_end_date__isnull=False, actual_end_date__gt=period.start) & Q(
        actual_end_date__gt=F("start_date")
    )
    running = Q(pk__in=[])
    if period.today > period.start:
        running = Q(
            actual_end_date__isnull=True,
            planned_end_date__gt=period.start,
            start_date__lt=period.today,
        )
    return started_matches(period).filter(Q(start_date__lt=period.end) & (ended | running))


def overlap_days(period: Period):
    """A match's days inside the period (for per-municipality sums of matches in it)."""
    end = Coalesce(
        "actual_end_date",
        Least(date_value(period.today), "planned_end_date"),
        output_field=DateField(),
    )
    return DaysBetween(
        Least(end, date_value(period.end), output_field=DateField()),
        Greatest("start_date", date_value(period.start), output_field=DateField()),
    )


@dataclass
class Years:
    """The period's match figures from the year tallies: reception days (in all and per
    month), persons supported and new matches."""

    reception_days: int = 0
    per_month: dict = field(default_factory=lambda: defaultdict(int))
    supported: int = 0
    new_matches: int = 0
    new_per_month: dict = field(default_factory=lambda: defaultdict(int))
    supported_per_month: dict = field(default_factory=dict)


@compiled(converted=False)
def _year_days(period: Period, places: tuple):
    """Per day on which years start or stop, before the period ends: persons whose ended
    (c) or running (r) year starts (s) or stops (p) there, and those years (n)."""
    start, stop = Q(event=YearTally.Event.START), Q(event=YearTally.Event.STOP)
    ended, open_ = Q(running=False), Q(running=True)
    return (
        YearTally.objects.filter(place__in=places, day__lt=period.end)
        .values("day")
        .annotate(
            cs=Sum("persons", filter=ended & start, default=0),
            cp=Sum("persons", filter=ended & stop, default=0),
            rs=Sum("persons", filter=open_ & start, default=0),
            rp=Sum("persons", filter=open_ & stop, default=0),
            cn=Sum("years", filter=ended & start, default=0),
            rn=Sum("years", filter=open_ & start, default=0),
        )
        .order_by("day")
        .values_list("day", "cs", "cp", "rs", "rp", "cn", "rn")
    )


def years(period: Period, places: list[int] | None = None) -> Years:
    """One walk over the days on which years start and stop (a thousand or so at national
    scale, one row a day: the database sums each day's tallies). A running year counts up
    to today; an ended one up to its end.

    Supported are the persons of years that overlap the period: those that start before
    it ends, less those that stopped by its start (a running year counts only once it
    started before today, and stops at today at the latest)."""
    s, e, today = period.start, period.end, period.today
    per_day = _year_days(period, tuple(places or places_of(period)))
    if per_day and isinstance(per_day[0][0], str):  # SQLite
        per_day = [(datetime.date.fromisoformat(day), *rest) for day, *rest in per_day]
    changes: dict = {}  # day -> (closed, running) persons
    starts: dict = {}  # day -> (closed, running) persons whose year starts
    result = Years()
    new_per_month = result.new_per_month
    supported = new_matches = 0
    counts_running = today > s  # a running year has no day after today
    for day, cs, cp, rs, rp, cn, rn in per_day:
        changes[day] = (cs - cp, rs - rp)
        starts[day] = (cs, rs)
        before_today = counts_running and day < today
        supported += cs + (rs if before_today else 0)
        if day >= s:
            new = cn + (rn if before_today else 0)
            if new:
                new_matches += new
                new_per_month[day.replace(day=1)] += new
        if day <= s:
            supported -= cp + (rp if counts_running else 0)
    result.supported, result.new_matches = supported, new_matches
    # Between two days on which something changes, the number of persons is constant:
    # walk those stretches (cut at today and at each month), not every day.
    cuts = {*changes, s, e, *([today] if s < today < e else [])}
    cuts.update(m for m in months_in(period) if m > s)
    cuts = sorted(cuts)  # e is the last: every change, today and month is before it
    per_month, supported_per_month = result.per_month, result.supported_per_month
    closed = running = reception_days = 0
    month = None
    for here, there in zip(cuts, cuts[1:], strict=False):
        change = changes.get(here)
        if change:
            closed += change[0]
            running += change[1]
        if here < s:
            continue
        if month is None or here.day == 1:  # every first of a month after s is a cut
            month = here.replace(day=1)
        persons = closed + (running if here < today else 0)
        days = persons * (there - here).days
        reception_days += days
        per_month[month] += days
        # Persons supported in the month: those there on its first day in the period,
        # and those whose year starts later in it.
        if month not in supported_per_month:
            supported_per_month[month] = persons
        elif change:
            joined = starts.get(here, (0, 0))
            supported_per_month[month] += joined[0] + (joined[1] if here < today else 0)
    result.reception_days = reception_days
    return result


def activities_in(period: Period) -> QuerySet[ActivityLog]:
    """The raw logs of a period (for the activity list export, never for a figure)."""
    logs = ActivityLog.objects.filter(date__gte=period.start, date__lt=period.end)
    if period.municipality_ids is not None:
        logs = logs.filter(trajectory__match__municipality__in=period.municipality_ids)
    return logs


@compiled
def _tally_cells(period: Period, per_place: bool):
    """(place, dimension, key, count, hours) per cell group of the period's logs; place
    is EVERYWHERE unless per municipality."""
    cells = ActivityTally.objects.filter(Buckets.of(period).tally())
    if per_place:
        cells = cells.exclude(place=EVERYWHERE).filter(dimension=Dim.ALL)
        if period.municipality_ids is not None:
            cells = cells.filter(place__in=places_of(period))
        group = ("place", "dimension", "key")
    else:
        cells = cells.filter(place__in=places_of(period))
        group = ("dimension", "key")
    rows = cells.values(*group).annotate(n=Sum("count"), h=Sum("hours")).order_by()
    return rows.values_list(*group, "n", "h")


def tallies(period: Period, *, per_place: bool = False) -> dict:
    """{(dimension, key): (count, hours)} of the period's logs, from the tally cells (or
    {place: {(all, ""): ...}} per municipality, for all logs only)."""
    result: dict = {}
    for row in _tally_cells(period, per_place):
        place, (dimension, key, n, h) = (row[0], row[1:]) if per_place else (None, row)
        target = result.setdefault(place, {}) if per_place else result
        target[(dimension, key)] = (n or 0, float(h or 0))
    return result


def figures(period: Period, cells: dict | None = None, keys: list | None = None) -> dict:
    """Every indicator of indicators.py, by key: a number, or a breakdown for some.
    `cells` are the period's tallies, `keys` the life domains' keys, when the caller has
    them already."""
    year = years(period)
    ((active_groups, municipalities_active),) = _match_counts(period)
    cells = tallies(period) if cells is None else cells
    if keys is None:
        keys = list(LifeDomain.objects.values_list("key", flat=True))
    present = present_kinds((PresenceKind.NETWORK, PresenceKind.VOLUNTEER), period)
    groups_with_network = present[PresenceKind.NETWORK]
    return {
        "reception_days": year.reception_days,
        "refugees_supported": year.supported,
        "new_matches": year.new_matches,
        "active_groups": active_groups,
        "active_volunteers": present[PresenceKind.VOLUNTEER],
        "volunteer_hours": cells.get((Dim.ALL, ""), (0, 0.0))[1],
        "network_involvement": round(100 * groups_with_network / active_groups, 1)
        if active_groups
        else 0.0,
        "introductions": {
            kind: cells.get((Dim.INTRODUCTION, kind), (0, 0))[0]
            for kind in NetworkIntroduction.Kind.values
        },
        "self_reliance_gain": self_reliance_gain(period, keys),
        "activity_count": cells.get((Dim.ALL, ""), (0, 0.0))[0],
        "activities": {key: cells.get((Dim.DOMAIN, key), (0, 0))[0] for key in keys},
        "municipalities_active": municipalities_active,
        "contact_after_year": contact_after_year(period),
    }


@compiled
def _followed_up(period: Period, per_place: bool):
    """(place, years, years with continuing contact, persons) of the years completed in
    the period whose follow-up was answered (without the place for the whole scope)."""
    answers = Milestone.objects.filter(
        kind=Milestone.Kind.FOLLOW_UP,
        completed_on__isnull=False,
        contact__in=Milestone.Contact.values,
        trajectory__match__status=Match.Status.COMPLETED,
        trajectory__match__actual_end_date__gte=period.start,
        trajectory__match__actual_end_date__lt=period.end,
    )
    if period.municipality_ids is not None:
        answers = answers.filter(trajectory__match__municipality__in=period.municipality_ids)
    aggregates = {
        "years": Count("pk"),
        "continuing": Count("pk", filter=Q(contact__in=Milestone.CONTINUING)),
        "persons": Sum("trajectory__match__persons"),
    }
    if per_place:
        place = "trajectory__match__municipality"
        return (
            answers.values(place).annotate(**aggregates).order_by().values_list(place, *aggregates)
        )
    return totals(answers, **aggregates)


def _contact_share(years, continuing, persons) -> dict:
    return {
        "share": round(100 * continuing / years, 1) if years else None,
        "years": years or 0,
        "continuing": continuing or 0,
        "persons": persons or 0,
    }


def contact_after_year(period: Period, *, per_place: bool = False) -> dict:
    """Of the years completed in the period whose follow-up (three months after the year)
    was answered: the share where the group and the household still have contact
    (Milestone.CONTINUING), with the years and persons it rests on; or per municipality
    {place: ...}."""
    rows = _followed_up(period, per_place)
    if per_place:
        return {place: _contact_share(*rest) for place, *rest in rows}
    ((years, continuing, persons),) = rows
    return _contact_share(years, continuing, persons)


@compiled
def _match_counts(period: Period):
    """Groups and municipalities with a year in the period: one pass over its matches."""
    return totals(
        overlapping(period),
        active_groups=Count("group", distinct=True),
        municipalities_active=Count("municipality", distinct=True),
    )


def score_gains(period: Period) -> QuerySet[ScoreGain]:
    """The (year, life domain) pairs with both scores, of the years in the period."""
    gains = ScoreGain.objects.filter(start__lt=period.end, stop__gt=period.start).filter(
        stop__gt=F("start")
    )
    if period.municipality_ids is not None:
        gains = gains.filter(place__in=period.municipality_ids)
    # A running year has no day from today on.
    if period.today <= period.start:
        return gains.filter(running=False)
    return gains.filter(Q(running=False) | Q(start__lt=period.today))


def self_reliance_gain(period: Period, keys: list[str] | None = None) -> dict:
    """Mean (final − introduction) per life domain, over trajectories in the period that
    have both scores; and the mean over all those (trajectory, domain) pairs."""
    gains = score_gains(period)
    found = {key: (total, n, persons) for key, total, n, persons in _gains_per_domain(period)}
    keys = list(LifeDomain.objects.values_list("key", flat=True)) if keys is None else keys
    per_domain = {
        key: round(found[key][0] / found[key][1], 2) if key in found else None for key in keys
    }
    total = sum(t for t, _n, _p in found.values())
    pairs = sum(n for _t, n, _p in found.values())
    # The persons of the households behind the gain, each household once (a year's gains
    # all carry its persons: year_changed refreshes them together).
    persons = gains.values("trajectory", "persons").distinct().aggregate(p=Sum("persons"))["p"]
    return {
        "overall": round(total / pairs, 2) if pairs else None,
        "per_domain": per_domain,
        "pairs": pairs,
        "persons": persons or 0,
        "persons_per_domain": {key: found[key][2] if key in found else 0 for key in keys},
    }


@compiled
def _gains_per_domain(period: Period):
    return (
        score_gains(period)
        .values("life_domain__key")
        .annotate(total=Sum("gain"), n=Count("pk"), persons=Sum("persons"))
        .order_by()
        .values_list("life_domain__key", "total", "n", "persons")
    )


def sdg_totals(
    period: Period, cells: dict | None = None, sdgs: list | None = None
) -> tuple[dict, dict]:
    """Per SDG, over the period's logs: volunteer hours (hours × members present) and the
    number of logs. Every log counts for SDG 10, and once for each SDG its life domains
    map to (two domains of one SDG count once). `sdgs`: the life domains' SDGs, when the
    caller has them already."""
    cells = tallies(period) if cells is None else cells
    if sdgs is None:
        sdgs = LifeDomain.objects.values_list("sdg", flat=True)
    hours = dict.fromkeys(sdgs, 0.0)
    counts = dict.fromkeys(hours, 0)
    for (dimension, key), (n, h) in cells.items():
        if dimension == Dim.SDG:
            counts[int(key)], hours[int(key)] = int(n), float(h)
    every = cells.get((Dim.ALL, ""), (0, 0.0))
    counts[EVERY_ACTIVITY_SDG], hours[EVERY_ACTIVITY_SDG] = int(every[0]), float(every[1])
    return dict(sorted(hours.items())), dict(sorted(counts.items()))


def sdg_hours(period: Period, cells: dict | None = None) -> dict[int, float]:
    """Volunteer hours (hours × members present) per SDG."""
    return sdg_totals(period, cells)[0]


def sdg_activities(period: Period, cells: dict | None = None) -> dict[int, int]:
    """Number of activities per SDG (every activity counts for SDG 10)."""
    return sdg_totals(period, cells)[1]
