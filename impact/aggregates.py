"""Every impact figure as a database aggregate, for a period [from, to) and municipalities.

The formulas are DESIGN.md's, to the day. A trajectory runs from its start date
(inclusive) to its actual end date, or while still active to min(today, planned end)
(exclusive). Only matches that became active count. The municipality of a match is the
household's. Nothing here reads a personal field, so the figures stay the same when
personal data is anonymised later.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from matching.models import Match, SelfRelianceScore
from samenhier.models import LifeDomain

from .indicators import EVERY_ACTIVITY_SDG
from .models import ActivityLog, NetworkIntroduction


class DaysBetween(Func):
    """`end - start` in whole days, for two date expressions."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: date - date is days
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


@dataclass(frozen=True)
class Period:
    start: datetime.date  # inclusive
    end: datetime.date  # exclusive
    municipality_ids: frozenset | None = None  # None: every municipality
    today: datetime.date = field(default_factory=timezone.localdate)

    def __post_init__(self):
        if self.end <= self.start:
            raise ValueError("A period ends after it starts.")


def _date(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


def started_matches(period: Period) -> QuerySet[Match]:
    """Matches that became active, annotated with their overlap with the period in days."""
    effective_end = Coalesce(
        "actual_end_date",
        Least(_date(period.today), "planned_end_date"),
        output_field=DateField(),
    )
    matches = Match.objects.filter(status__in=Match.STARTED)
    if period.municipality_ids is not None:
        matches = matches.filter(refugee__municipality__in=period.municipality_ids)
    return matches.annotate(
        overlap=DaysBetween(
            Least(effective_end, _date(period.end), output_field=DateField()),
            Greatest("start_date", _date(period.start), output_field=DateField()),
        )
    )


def overlapping(period: Period) -> QuerySet[Match]:
    """Matches whose trajectory has at least one day in the period."""
    return started_matches(period).filter(overlap__gt=0)


def activities_in(period: Period) -> QuerySet[ActivityLog]:
    logs = ActivityLog.objects.filter(date__gte=period.start, date__lt=period.end)
    if period.municipality_ids is not None:
        logs = logs.filter(trajectory__match__refugee__municipality__in=period.municipality_ids)
    return logs


def figures(period: Period) -> dict:
    """Every indicator of indicators.py, by key: a number, or a breakdown for some."""
    matches = overlapping(period)
    totals = matches.aggregate(
        reception_days=Coalesce(Sum(F("persons") * F("overlap")), 0),
        refugees_supported=Coalesce(Sum("persons"), 0),
        new_matches=Count("pk", filter=Q(start_date__gte=period.start, start_date__lt=period.end)),
        active_groups=Count("group", distinct=True),
        municipalities_active=Count("refugee__municipality", distinct=True),
    )
    logs = activities_in(period)
    # Σ hours × members present = Σ hours over the rows of "who was present".
    present = ActivityLog.members_present.through.objects.filter(activitylog__in=logs)
    volunteers = present.aggregate(
        hours=Sum("activitylog__hours"), people=Count("membership__user", distinct=True)
    )
    groups_with_network = (
        NetworkIntroduction.objects.filter(activity__in=logs)
        .values("activity__trajectory__match__group")
        .distinct()
        .count()
    )
    introductions = dict(
        NetworkIntroduction.objects.filter(activity__in=logs)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return {
        "reception_days": totals["reception_days"],
        "refugees_supported": totals["refugees_supported"],
        "new_matches": totals["new_matches"],
        "active_groups": totals["active_groups"],
        "active_volunteers": volunteers["people"],
        "volunteer_hours": float(volunteers["hours"] or 0),
        "network_involvement": round(100 * groups_with_network / totals["active_groups"], 1)
        if totals["active_groups"]
        else 0.0,
        "introductions": {
            kind: introductions.get(kind, 0) for kind in NetworkIntroduction.Kind.values
        },
        "self_reliance_gain": self_reliance_gain(period, matches),
        "activities": activities_per_domain(logs),
        "municipalities_active": totals["municipalities_active"],
    }


def self_reliance_gain(period: Period, matches: QuerySet[Match]) -> dict:
    """Mean (final − introduction) per life domain, over trajectories in the period that
    have both scores; and the mean over all those (trajectory, domain) pairs."""
    scores = SelfRelianceScore.objects.filter(
        trajectory__match__in=matches.values("pk"),
        moment__in=[SelfRelianceScore.Moment.INTRODUCTION, SelfRelianceScore.Moment.FINAL],
    )
    # One row per (trajectory, domain) with both moments: final − introduction.
    pairs = (
        scores.values("trajectory", "life_domain")
        .annotate(
            n=Count("pk"),
            gain=Sum("score", filter=Q(moment="final"))
            - Sum("score", filter=Q(moment="introduction")),
        )
        .filter(n=2)
    )
    per_domain = {}
    keys = dict(LifeDomain.objects.values_list("pk", "key"))
    rows = list(pairs.values("life_domain", "gain"))
    for key in keys.values():
        gains = [r["gain"] for r in rows if keys[r["life_domain"]] == key]
        per_domain[key] = round(sum(gains) / len(gains), 2) if gains else None
    all_gains = [r["gain"] for r in rows]
    overall = round(sum(all_gains) / len(all_gains), 2) if all_gains else None
    return {"overall": overall, "per_domain": per_domain, "pairs": len(all_gains)}


def activities_per_domain(logs: QuerySet[ActivityLog]) -> dict:
    rows = dict(
        ActivityLog.life_domains.through.objects.filter(activitylog__in=logs)
        .values("lifedomain__key")
        .annotate(n=Count("pk"))
        .values_list("lifedomain__key", "n")
    )
    return {key: rows.get(key, 0) for key in LifeDomain.objects.values_list("key", flat=True)}


def sdg_hours(period: Period) -> dict[int, float]:
    """Volunteer hours (hours × members present) per SDG, in one query: every activity
    counts for SDG 10, and once for each SDG its life domains map to."""
    logs = activities_in(period)
    present = ActivityLog.members_present.through.objects.filter(activitylog__in=logs)
    sdgs = sorted(set(LifeDomain.objects.values_list("sdg", flat=True)) | {EVERY_ACTIVITY_SDG})
    sums = present.aggregate(
        **{
            f"sdg_{sdg}": Sum("activitylog__hours")
            if sdg == EVERY_ACTIVITY_SDG
            else Sum(
                "activitylog__hours",
                filter=Q(activitylog__in=logs.filter(life_domains__sdg=sdg).values("pk")),
            )
            for sdg in sdgs
        }
    )
    return {sdg: float(sums[f"sdg_{sdg}"] or 0) for sdg in sdgs}
