"""Keeping the figures' summaries (models/summaries.py) equal to the raw rows.

The services that write the year call these in their own transaction: a log's
contribution is taken off before a change and added after it; the presence rows of the
people and groups it touches are made again from their raw rows, under a row lock; a
match that starts or ends moves its year's tallies. `rebuild` makes every summary from
the raw rows (after a bulk load, such as the demo data); `differences` compares them
without writing.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min

from ..models import ActivityLog, CheckIn, Match, Milestone, SelfRelianceScore, Trajectory
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

Span, Dim = ActivityTally.Span, ActivityTally.Dimension
Presence = ActivityLog.members_present.through
Linked = ActivityLog.life_domains.through


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


# -- the contribution of one log -------------------------------------------------------


def contribution(log: ActivityLog) -> dict | None:
    """What one log adds to the tallies: {(dimension, key): (count, hours)}, its place
    and date; None for a log whose year never started."""
    match = log.trajectory.match
    if match.municipality_id is None:
        return None
    weight = Decimal(log.hours) * log.present_count
    domains = list(log.life_domains.values_list("key", "sdg"))
    cells = {(Dim.ALL, ""): (1, weight)}
    for key, _sdg in domains:
        cells[(Dim.DOMAIN, key)] = (1, weight)
    for sdg in {sdg for _key, sdg in domains}:
        cells[(Dim.SDG, str(sdg))] = (1, weight)
    kinds: dict[str, int] = defaultdict(int)
    for kind in log.introductions.values_list("kind", flat=True):
        kinds[kind] += 1
    for kind, n in kinds.items():
        cells[(Dim.INTRODUCTION, kind)] = (n, Decimal(0))
    return {"place": match.municipality_id, "date": log.date, "cells": cells}


def _bump(*, place: int, span: str, start: datetime.date, dimension, key, count, hours) -> None:
    """Add to one tally cell, creating it when missing (concurrent writers serialise on
    the row's lock; a lost race to create it is retried as an update)."""
    cell = {"place": place, "span": span, "start": start, "dimension": dimension, "key": key}
    for _attempt in range(2):
        if ActivityTally.objects.filter(**cell).update(
            count=F("count") + count, hours=F("hours") + hours
        ):
            return
        try:
            with transaction.atomic():
                ActivityTally.objects.create(**cell, count=count, hours=hours)
            return
        except IntegrityError:
            continue
    raise RuntimeError("tally cell could not be written")


def tally_apply(part: dict | None, sign: int) -> None:
    if part is None:
        return
    day = part["date"]
    for place in (part["place"], EVERYWHERE):
        for span, start in ((Span.DAY, day), (Span.MONTH, month_of(day))):
            for (dimension, key), (count, hours) in part["cells"].items():
                _bump(
                    place=place,
                    span=span,
                    start=start,
                    dimension=dimension,
                    key=key,
                    count=sign * count,
                    hours=sign * hours,
                )


# -- presences: who was active where, to the day -----------------------------------------


def presence_keys(log: ActivityLog) -> set[tuple]:
    """(kind, subject, place, month) of every presence row this log takes part in."""
    place = log.trajectory.match.municipality_id
    if place is None:
        return set()
    month = month_of(log.date)
    keys = {
        (PresenceKind.VOLUNTEER, user, p, month)
        for user in log.members_present.values_list("user", flat=True)
        for p in (place, EVERYWHERE)
    }
    if log.introductions.exists():
        keys |= {
            (PresenceKind.NETWORK, log.trajectory.match.group_id, p, month)
            for p in (place, EVERYWHERE)
        }
    return keys


def _raw_days(kind: str, subject, place: int, month: datetime.date | None = None):
    """The raw days of one person's presences (or one group's introductions) in a place."""
    where = {} if place == EVERYWHERE else {"trajectory__match__municipality": place}
    logs = ActivityLog.objects.filter(trajectory__match__municipality__isnull=False, **where)
    if kind == PresenceKind.VOLUNTEER:
        logs = logs.filter(members_present__user=subject)
    else:
        logs = logs.filter(trajectory__match__group=subject, introductions__isnull=False)
    if month is not None:
        nxt = (month + datetime.timedelta(days=32)).replace(day=1)
        logs = logs.filter(date__gte=month, date__lt=nxt)
    return logs


def presence_refresh(kind: str, subject, place: int, month: datetime.date) -> None:
    """Make one month's presence row, and the span of the person or group there, again
    from the raw rows. The span row is locked first, so two writers take turns."""
    span = _locked_span(kind, subject, place)
    days = set(_raw_days(kind, subject, place, month).values_list("date", flat=True))
    cell = {"kind": kind, "subject": subject, "place": place, "month": month}
    existed = PresenceMonth.objects.filter(**cell).exists()
    if days:
        mask = sum(1 << (d.day - 1) for d in days)
        PresenceMonth.objects.update_or_create(**cell, defaults={"days": mask})
    else:
        PresenceMonth.objects.filter(**cell).delete()
    if bool(days) != existed:
        _count(kind, place, month, +1 if days else -1)
    every = set(_raw_days(kind, subject, place).values_list("date", flat=True))
    found = span_of(sorted(every))
    if found is None:
        span.delete()
    else:
        span.first, span.last, span.longest_gap = found
        span.save(update_fields=["first", "last", "longest_gap"])


def _count(kind, place, month, step: int) -> None:
    cell = {"kind": kind, "place": place, "month": month}
    if not PresenceCount.objects.filter(**cell).update(subjects=F("subjects") + step):
        try:
            with transaction.atomic():
                PresenceCount.objects.create(**cell, subjects=step)
        except IntegrityError:
            PresenceCount.objects.filter(**cell).update(subjects=F("subjects") + step)


def span_of(days: list[datetime.date]) -> tuple | None:
    """(first, last, longest pause) of sorted distinct days; a pause is the number of
    days strictly between two days with a presence."""
    if not days:
        return None
    gaps = [(b - a).days - 1 for a, b in zip(days, days[1:], strict=False)]
    return days[0], days[-1], max(gaps, default=0)


def _locked_span(kind, subject, place) -> PresenceSpan:
    """The span row, made when missing and locked (its dates are set by the caller)."""
    cell = {"kind": kind, "subject": subject, "place": place}
    placeholder = datetime.date(1, 1, 1)
    try:
        with transaction.atomic():
            PresenceSpan.objects.get_or_create(
                **cell, defaults={"first": placeholder, "last": placeholder}
            )
    except IntegrityError:
        pass  # made by a parallel writer: lock it below
    return PresenceSpan.objects.select_for_update().get(**cell)


def presences_refresh(keys: set[tuple]) -> None:
    # A fixed order, so writers touching the same rows lock them in the same order.
    for kind, subject, place, month in sorted(keys, key=lambda k: (k[0], str(k[1]), k[2], k[3])):
        presence_refresh(kind, subject, place, month)


# -- years: when persons start and stop being supported ----------------------------------


def year_part(match: Match) -> list[tuple]:
    """(place, day, event, running, persons) of a match's year; none for a match that did
    not start or whose year has no day (it ended on the day it started)."""
    if match.status not in Match.STARTED or match.municipality_id is None:
        return []
    if match.status == Match.Status.ACTIVE:
        stop, running = match.planned_end_date, True
    else:
        stop, running = match.actual_end_date, False
    if stop <= match.start_date:
        return []
    place, persons = match.municipality_id, match.persons
    return [
        (place, match.start_date, YearTally.Event.START, running, persons),
        (place, stop, YearTally.Event.STOP, running, persons),
    ]


def year_apply(part: list[tuple], sign: int) -> None:
    for place, day, event, running, persons in part:
        for p in (place, EVERYWHERE):
            cell = {"place": p, "day": day, "event": event, "running": running}
            for _attempt in range(2):
                if YearTally.objects.filter(**cell).update(
                    persons=F("persons") + sign * persons, years=F("years") + sign
                ):
                    break
                try:
                    with transaction.atomic():
                        YearTally.objects.create(**cell, persons=sign * persons, years=sign)
                    break
                except IntegrityError:
                    continue


def year_changed(before: list[tuple], match: Match) -> None:
    """A match moved along its lifecycle: its year's tallies and gains follow."""
    after = year_part(match)
    if before != after:
        year_apply(before, -1)
        year_apply(after, +1)
        for domain in ScoreGain.objects.filter(trajectory__match=match).values_list(
            "life_domain", flat=True
        ):
            gain_refresh(trajectory_id=match.trajectory.pk, life_domain_id=domain)


# -- self-reliance gains ------------------------------------------------------------------


def year_of(match: Match) -> dict:
    running = match.status == Match.Status.ACTIVE
    return {
        "place": match.municipality_id,
        "start": match.start_date,
        "stop": match.planned_end_date if running else match.actual_end_date,
        "running": running,
        "persons": match.persons,
    }


def gain_refresh(*, trajectory_id, life_domain_id) -> None:
    scores = dict(
        SelfRelianceScore.objects.filter(
            trajectory=trajectory_id,
            life_domain=life_domain_id,
            moment__in=[SelfRelianceScore.Moment.INTRODUCTION, SelfRelianceScore.Moment.FINAL],
        ).values_list("moment", "score")
    )
    cell = {"trajectory_id": trajectory_id, "life_domain_id": life_domain_id}
    match = Match.objects.get(trajectory=trajectory_id)
    if len(scores) == 2 and match.municipality_id is not None:
        gain = scores["final"] - scores["introduction"]
        ScoreGain.objects.update_or_create(**cell, defaults={"gain": gain, **year_of(match)})
    else:
        ScoreGain.objects.filter(**cell).delete()


# -- the pulse of a year: what its logs say on the follow-up board ------------------------


def pulses_from_logs(trajectory_ids=None) -> dict:
    """{trajectory: (last activity, logs, most logs of one member)} from the raw logs, of
    the given trajectories (all when None): two grouped queries."""
    logs = ActivityLog.objects.all()
    if trajectory_ids is not None:
        logs = logs.filter(trajectory__in=list(trajectory_ids))
    result = {
        row["trajectory"]: (row["last"], row["n"], 0)
        for row in logs.order_by().values("trajectory").annotate(last=Max("date"), n=Count("pk"))
    }
    per_member = (
        logs.filter(logged_by__isnull=False)
        .order_by()
        .values("trajectory", "logged_by")
        .annotate(n=Count("pk"))
        .values_list("trajectory", "n")
    )
    for trajectory, n in per_member:
        last, total, top = result[trajectory]
        result[trajectory] = (last, total, max(top, n))
    return result


def pulses_from_year(trajectory_ids=None) -> dict:
    """{trajectory: (earliest due day of an open milestone, the check-in score at the
    latest milestone answered)} from the raw rows, of the given trajectories (all when
    None); only years that have either. "Latest" is the milestone's place in the year,
    not the day the answer was written."""
    milestones, check_ins = Milestone.objects.all(), CheckIn.objects.all()
    if trajectory_ids is not None:
        milestones = milestones.filter(trajectory__in=list(trajectory_ids))
        check_ins = check_ins.filter(trajectory__in=list(trajectory_ids))
    due = dict(
        milestones.filter(completed_on=None)
        .order_by()
        .values("trajectory")
        .annotate(due=Min("due_date"))
        .values_list("trajectory", "due")
    )
    place = {kind: i for i, kind in enumerate(Milestone.ORDER)}
    latest = {}
    for trajectory, milestone, score in check_ins.values_list("trajectory", "milestone", "score"):
        if trajectory not in latest or place.get(milestone, -1) > latest[trajectory][0]:
            latest[trajectory] = (place.get(milestone, -1), score)
    return {
        t: (due.get(t), latest[t][1] if t in latest else None) for t in due.keys() | latest.keys()
    }


def pulse_rows(trajectory_ids=None) -> dict:
    """{trajectory: the pulse's fields} from the raw rows: what `pulse_refresh` writes and
    `--verify` expects. A year with nothing to say has no row (or one of zeros)."""
    logs, year = pulses_from_logs(trajectory_ids), pulses_from_year(trajectory_ids)
    return {
        t: dict(
            zip(
                ("last_activity", "log_count", "top_count", "next_due", "check_in_score"),
                logs.get(t, (None, 0, 0)) + year.get(t, (None, None)),
                strict=True,
            )
        )
        for t in logs.keys() | year.keys()
    }


def pulse_refresh(trajectory_ids) -> None:
    """Make the pulse of these years again from their raw rows (in the caller's
    transaction, after a log, a milestone or a check-in was written, corrected or
    removed). The year's row is locked first, so that two logs saved at once are both
    counted: the second waits, then reads both."""
    ids = sorted(set(trajectory_ids), key=str)
    with transaction.atomic():  # the caller's, or its own when called alone
        list(Trajectory.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
        found = pulse_rows(ids)
        empty = dict(
            last_activity=None, log_count=0, top_count=0, next_due=None, check_in_score=None
        )
        for trajectory in ids:
            TrajectoryPulse.objects.update_or_create(
                trajectory_id=trajectory, defaults=found.get(trajectory, empty)
            )
