"""The figures' summaries as the raw rows make them, and the comparison with the stored
ones (`manage.py summaries --verify`, and the tests). Plain Python over the raw rows: a
second, independent way to the same numbers as the services and the SQL rebuild."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import F

from samenhier.models import LifeDomain

from ..models import ActivityLog, Match, NetworkIntroduction, SelfRelianceScore
from ..models.summaries import (
    EVERYWHERE,
    ActivityTally,
    PresenceCount,
    PresenceKind,
    PresenceMonth,
    PresenceSpan,
    ScoreGain,
    TrajectoryPulse,
    YearTally,
)
from ..services.summaries import (
    Dim,
    Linked,
    Presence,
    Span,
    month_of,
    pulse_rows,
    span_of,
    year_of,
    year_part,
)


def _sdg_of() -> dict[int, int]:
    return dict(LifeDomain.objects.values_list("pk", "sdg"))


def _keys_of() -> dict[int, str]:
    return dict(LifeDomain.objects.values_list("pk", "key"))


def expected(*, month: datetime.date | None = None) -> dict:
    """Every summary row as the raw rows make it (for one month's activity rows, or all):
    {"tally": {cell: (count, hours)}, "presence": {cell: days}, "span": {cell: (first,
    last)}, "gain": {cell: gain}}. Memory grows with one month's rows at a time."""
    keys, sdgs = _keys_of(), _sdg_of()
    logs = ActivityLog.objects.filter(trajectory__match__municipality__isnull=False)
    if month is not None:
        nxt = (month + datetime.timedelta(days=32)).replace(day=1)
        logs = logs.filter(date__gte=month, date__lt=nxt)
    tally: dict = defaultdict(lambda: [0, Decimal(0)])
    meta = {
        pk: (place, day, Decimal(hours) * present)
        for pk, place, day, hours, present in logs.values_list(
            "pk", "trajectory__match__municipality", "date", "hours", "present_count"
        ).iterator(chunk_size=10_000)
    }

    def add(pk, dimension, key, count, with_hours=True):
        place, day, weight = meta[pk]
        for p in (place, EVERYWHERE):
            for span, start in ((Span.DAY, day), (Span.MONTH, month_of(day))):
                cell = tally[(p, span, start, dimension, key)]
                cell[0] += count
                if with_hours:
                    cell[1] += weight

    for pk in meta:
        add(pk, Dim.ALL, "", 1)
    per_log_sdgs = defaultdict(set)
    for pk, domain in (
        Linked.objects.filter(activitylog__in=logs)
        .values_list("activitylog", "lifedomain")
        .iterator(chunk_size=10_000)
    ):
        add(pk, Dim.DOMAIN, keys[domain], 1)
        per_log_sdgs[pk].add(sdgs[domain])
    for pk, found in per_log_sdgs.items():
        for sdg in found:
            add(pk, Dim.SDG, str(sdg), 1)
    for pk, kind in (
        NetworkIntroduction.objects.filter(activity__in=logs)
        .values_list("activity", "kind")
        .iterator(chunk_size=10_000)
    ):
        add(pk, Dim.INTRODUCTION, kind, 1, with_hours=False)

    presence: dict = defaultdict(int)
    days_seen: dict = defaultdict(set)
    rows = Presence.objects.filter(activitylog__in=logs).values_list(
        "membership__user", "activitylog"
    )
    for user, pk in rows.iterator(chunk_size=10_000):
        place, day, _w = meta[pk]
        for p in (place, EVERYWHERE):
            days_seen[(PresenceKind.VOLUNTEER, user, p, month_of(day))].add(day)
    intro_rows = (
        logs.filter(introductions__isnull=False)
        .values_list("trajectory__match__group", "pk")
        .distinct()
    )
    for group, pk in intro_rows.iterator(chunk_size=10_000):
        place, day, _w = meta[pk]
        for p in (place, EVERYWHERE):
            days_seen[(PresenceKind.NETWORK, group, p, month_of(day))].add(day)
    for cell, days in days_seen.items():
        presence[cell] = sum(1 << (d.day - 1) for d in days)
    counts: dict = defaultdict(int)
    for kind, _subject, p, m in presence:
        counts[(kind, p, m)] += 1
    result = {
        "tally": {cell: (c, h) for cell, (c, h) in tally.items() if c or h},
        "presence": dict(presence),
        "count": dict(counts),
    }
    if month is None:
        result["span"] = expected_spans()
        result["gain"] = expected_gains()
        result["year"] = expected_years()
    return result


def expected_spans() -> dict:
    """{(kind, subject, place): (first, last, longest pause)} from the raw rows, streamed
    in order so memory stays flat."""
    sources = (
        (
            PresenceKind.VOLUNTEER,
            Presence.objects.filter(activitylog__trajectory__match__municipality__isnull=False),
            ("membership__user", "activitylog__trajectory__match__municipality"),
            "activitylog__date",
        ),
        (
            PresenceKind.NETWORK,
            ActivityLog.objects.filter(
                trajectory__match__municipality__isnull=False, introductions__isnull=False
            ),
            ("trajectory__match__group", "trajectory__match__municipality"),
            "date",
        ),
    )
    spans: dict = {}
    for kind, rows, (subject, place), day in sources:
        for everywhere in (False, True):
            fields = [subject, day] if everywhere else [subject, place, day]
            ordered = rows.values_list(*fields).order_by(*fields).distinct()
            current, days = None, []
            for row in ordered.iterator(chunk_size=20_000):
                key = (kind, row[0], EVERYWHERE if everywhere else row[1])
                if key != current:
                    if current is not None:
                        spans[current] = span_of(days)
                    current, days = key, []
                days.append(row[-1])
            if current is not None:
                spans[current] = span_of(days)
    return spans


def expected_gains() -> dict:
    """{(trajectory, domain): (gain, place, start, stop, running, persons)} from the raw
    rows."""
    years = {
        match.trajectory_id: year_of(match)
        for match in Match.objects.filter(
            status__in=Match.STARTED, municipality__isnull=False
        ).annotate(trajectory_id=F("trajectory"))
    }
    moments: dict = defaultdict(dict)
    for trajectory, domain, moment, score in SelfRelianceScore.objects.filter(
        moment__in=[SelfRelianceScore.Moment.INTRODUCTION, SelfRelianceScore.Moment.FINAL]
    ).values_list("trajectory", "life_domain", "moment", "score"):
        moments[(trajectory, domain)][moment] = score
    return {
        cell: (m["final"] - m["introduction"], *years[cell[0]].values())
        for cell, m in moments.items()
        if len(m) == 2 and cell[0] in years
    }


def expected_years() -> dict:
    """{(place, day, event, running): (persons, years)} from the matches."""
    cells: dict = defaultdict(lambda: [0, 0])
    for match in Match.objects.filter(status__in=Match.STARTED, municipality__isnull=False):
        for place, day, event, running, persons in year_part(match):
            for p in (place, EVERYWHERE):
                cells[(p, day, event, running)][0] += persons
                cells[(p, day, event, running)][1] += 1
    return {cell: tuple(v) for cell, v in cells.items() if v != [0, 0]}


def _months_with_activity() -> list[datetime.date]:
    return list(ActivityLog.objects.dates("date", "month"))


def stored(*, month: datetime.date | None = None) -> dict:
    tallies = ActivityTally.objects.all()
    presences = PresenceMonth.objects.all()
    counts = PresenceCount.objects.exclude(subjects=0)
    if month is not None:
        nxt = (month + datetime.timedelta(days=32)).replace(day=1)
        tallies = tallies.filter(start__gte=month, start__lt=nxt)
        presences = presences.filter(month=month)
        counts = counts.filter(month=month)
    result = {
        "tally": {
            (p, s, start, d, k): (c, h)
            for p, s, start, d, k, c, h in tallies.values_list(
                "place", "span", "start", "dimension", "key", "count", "hours"
            ).iterator(chunk_size=20_000)
            if c or h
        },
        "presence": {
            (kind, subject, p, m): days
            for kind, subject, p, m, days in presences.values_list(
                "kind", "subject", "place", "month", "days"
            ).iterator(chunk_size=20_000)
        },
        "count": {
            (kind, p, m): n
            for kind, p, m, n in counts.values_list("kind", "place", "month", "subjects")
        },
    }
    if month is None:
        result["span"] = {
            (kind, subject, p): (first, last, gap)
            for kind, subject, p, first, last, gap in PresenceSpan.objects.values_list(
                "kind", "subject", "place", "first", "last", "longest_gap"
            ).iterator(chunk_size=20_000)
        }
        result["gain"] = {
            (t, d): (g, place, start, stop, running, persons)
            for t, d, g, place, start, stop, running, persons in ScoreGain.objects.values_list(
                "trajectory", "life_domain", "gain", "place", "start", "stop", "running", "persons"
            )
        }
        result["year"] = {
            (p, day, event, running): (persons, years)
            for p, day, event, running, persons, years in YearTally.objects.values_list(
                "place", "day", "event", "running", "persons", "years"
            )
            if persons or years
        }
        # A year whose logs were all removed, with no open milestone and no check-in,
        # keeps a pulse of zeros: the same as none.
        fields = ("last_activity", "log_count", "top_count", "next_due", "check_in_score")
        result["pulse"] = {
            row.pop("trajectory"): row
            for row in TrajectoryPulse.objects.exclude(
                log_count=0, next_due=None, check_in_score=None
            ).values("trajectory", *fields)
        }
    return result


def _compare(want: dict, have: dict) -> int:
    differences = 0
    for part in want:
        a, b = want[part], have.get(part, {})
        differences += sum(1 for cell in a.keys() | b.keys() if a.get(cell) != b.get(cell))
    return differences


def differences() -> tuple[int, int]:
    """(rows compared, rows that differ) between the stored summaries and the raw rows,
    one month of activity at a time."""
    rows = diff = 0
    months = set(_months_with_activity()) | set(ActivityTally.objects.dates("start", "month"))
    for month in sorted(months):
        want, have = expected(month=month), stored(month=month)
        rows += sum(len(v) for v in want.values())
        diff += _compare(want, have)
    want = {
        "span": expected_spans(),
        "gain": expected_gains(),
        "year": expected_years(),
        "pulse": pulse_rows(),
    }
    have = stored()
    have = {part: have[part] for part in want}
    rows += sum(len(v) for v in want.values())
    diff += _compare(want, have)
    return rows, diff
