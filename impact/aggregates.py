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
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from groups.models import Membership
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


def in_period(period: Period, via: str = "") -> Q:
    """Activity logs dated in the period (and its municipalities), seen from a model that
    reaches the log through `via` ("activitylog__" from the table of who was present).
    Filtering on the join, not with IN (subquery), keeps each figure one pass."""
    condition = Q(**{f"{via}date__gte": period.start, f"{via}date__lt": period.end})
    if period.municipality_ids is not None:
        condition &= Q(
            **{f"{via}trajectory__match__refugee__municipality__in": period.municipality_ids}
        )
    return condition


def activities_in(period: Period) -> QuerySet[ActivityLog]:
    return ActivityLog.objects.filter(in_period(period))


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
    # Σ hours × members present, with the count of members present kept on each log.
    hours = activities_in(period).aggregate(total=Sum(F("hours") * F("present_count")))
    # Members with at least one activity: a semi-join per membership, which stops at the
    # first matching presence (much cheaper than a DISTINCT over every presence).
    present_in_period = ActivityLog.members_present.through.objects.filter(
        in_period(period, "activitylog__"), membership=OuterRef("pk")
    )
    volunteers = (
        Membership.objects.filter(Exists(present_in_period)).values("user").distinct().count()
    )
    introduced = NetworkIntroduction.objects.filter(in_period(period, "activity__"))
    groups_with_network = introduced.values("activity__trajectory__match__group").distinct().count()
    introductions = dict(introduced.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return {
        "reception_days": totals["reception_days"],
        "refugees_supported": totals["refugees_supported"],
        "new_matches": totals["new_matches"],
        "active_groups": totals["active_groups"],
        "active_volunteers": volunteers,
        "volunteer_hours": float(hours["total"] or 0),
        "network_involvement": round(100 * groups_with_network / totals["active_groups"], 1)
        if totals["active_groups"]
        else 0.0,
        "introductions": {
            kind: introductions.get(kind, 0) for kind in NetworkIntroduction.Kind.values
        },
        "self_reliance_gain": self_reliance_gain(period, matches),
        "activities": activities_per_domain(period),
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


def activities_per_domain(period: Period) -> dict:
    rows = dict(
        ActivityLog.life_domains.through.objects.filter(in_period(period, "activitylog__"))
        .values("lifedomain__key")
        .annotate(n=Count("pk"))
        .values_list("lifedomain__key", "n")
    )
    return {key: rows.get(key, 0) for key in LifeDomain.objects.values_list("key", flat=True)}


def _per_sdg(period: Period, *, hours: bool) -> dict[int, float]:
    """Per SDG, Σ of a weight per activity log in the period: every log counts for SDG 10,
    and once for each SDG its life domains map to (two domains of one SDG count once).
    The weight is hours × members present (hours=True), or 1 (a count of logs).
    One SQL statement, whatever the number of rows. Only table names (from the models)
    are put in the text; every value is a parameter."""
    from django.db import connection

    from matching.models import Trajectory
    from refugees.models import Refugee

    log = ActivityLog._meta.db_table
    linked = ActivityLog.life_domains.through._meta.db_table
    scope_join, scope_where, params = "", "", [period.start, period.end]
    if period.municipality_ids is not None:
        ids = sorted(period.municipality_ids) or [-1]
        scope_join = (
            f" JOIN {Trajectory._meta.db_table} t ON t.code = l.trajectory_id"
            f" JOIN {Match._meta.db_table} m ON m.code = t.match_id"
            f" JOIN {Refugee._meta.db_table} r ON r.code = m.refugee_id"
        )
        scope_where = f" AND r.municipality_id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
    where = f" WHERE l.date >= %s AND l.date < %s{scope_where}"
    weight = "l.hours * l.present_count" if hours else "1"
    weights = f"SELECT l.id AS log_id, {weight} AS weight FROM {log} l{scope_join}{where}"  # noqa: S608  # nosec B608
    # Each (log, SDG) once, for the logs in scope only: two life domains of one SDG on
    # one log count once.
    per_log_sdg = (
        f"SELECT DISTINCT w.log_id, w.weight, d.sdg FROM ({weights}) w"  # noqa: S608  # nosec B608
        f" JOIN {linked} ld ON ld.activitylog_id = w.log_id"
        f" JOIN {LifeDomain._meta.db_table} d ON d.id = ld.lifedomain_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT x.sdg, SUM(x.weight) FROM ({per_log_sdg}) x GROUP BY x.sdg"  # noqa: S608  # nosec B608
            f" UNION ALL SELECT -1, SUM(w.weight) FROM ({weights}) w",
            params + params,
        )
        rows = dict(cursor.fetchall())
    result = {sdg: 0.0 for sdg in LifeDomain.objects.values_list("sdg", flat=True)}
    result.update({sdg: float(value or 0) for sdg, value in rows.items() if sdg != -1})
    result[EVERY_ACTIVITY_SDG] = float(rows.get(-1) or 0)
    return dict(sorted(result.items()))


def sdg_hours(period: Period) -> dict[int, float]:
    """Volunteer hours (hours × members present) per SDG."""
    return _per_sdg(period, hours=True)


# -- dashboards -------------------------------------------------------------------------


def months_in(period: Period) -> list[datetime.date]:
    """First days of the months the period touches."""
    month = period.start.replace(day=1)
    months = []
    while month < period.end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def monthly(period: Period) -> list[dict]:
    """Per month of the period: reception days, new matches, volunteer hours, activities.

    Three queries whatever the length: reception days as one conditional sum per month,
    the rest grouped by month."""
    from django.db.models.functions import TruncMonth

    months = months_in(period)
    bounds = [
        (m, max(m, period.start), min((m + datetime.timedelta(days=32)).replace(day=1), period.end))
        for m in months
    ]
    base = started_matches(Period(period.start, period.end, period.municipality_ids, period.today))
    effective_end = Coalesce(
        "actual_end_date",
        Least(_date(period.today), "planned_end_date"),
        output_field=DateField(),
    )
    sums = (
        base.aggregate(
            **{
                f"m{i}": Sum(
                    F("persons")
                    * Greatest(
                        DaysBetween(
                            Least(effective_end, _date(end), output_field=DateField()),
                            Greatest("start_date", _date(start), output_field=DateField()),
                        ),
                        Value(0),
                    )
                )
                for i, (_m, start, end) in enumerate(bounds)
            }
        )
        if bounds
        else {}
    )
    new = dict(
        base.filter(start_date__gte=period.start, start_date__lt=period.end)
        .annotate(month=TruncMonth("start_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    hours = {
        row["month"]: row
        for row in activities_in(period)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(hours=Sum(F("hours") * F("present_count")), activities=Count("pk"))
    }
    return [
        {
            "month": m,
            "reception_days": sums.get(f"m{i}") or 0,
            "new_matches": new.get(m, 0),
            "volunteer_hours": float(hours.get(m, {}).get("hours") or 0),
            "activities": hours.get(m, {}).get("activities", 0),
        }
        for i, (m, _s, _e) in enumerate(bounds)
    ]


def quarterly(months: list[dict]) -> list[dict]:
    """The monthly rows summed per quarter."""
    quarters: dict = {}
    for row in months:
        key = (row["month"].year, (row["month"].month - 1) // 3 + 1)
        q = quarters.setdefault(
            key,
            {
                "quarter": f"{key[0]} K{key[1]}",
                "reception_days": 0,
                "new_matches": 0,
                "volunteer_hours": 0.0,
                "activities": 0,
            },
        )
        for field_name in ("reception_days", "new_matches", "volunteer_hours", "activities"):
            q[field_name] += row[field_name]
    return list(quarters.values())


def per_municipality(period: Period) -> list[dict]:
    """The main figures side by side per municipality (two grouped queries)."""
    from samenhier.models import Municipality

    matches = {
        row["refugee__municipality"]: row
        for row in overlapping(period)
        .values("refugee__municipality")
        .annotate(
            reception_days=Sum(F("persons") * F("overlap")),
            refugees_supported=Sum("persons"),
            active_groups=Count("group", distinct=True),
            new_matches=Count(
                "pk", filter=Q(start_date__gte=period.start, start_date__lt=period.end)
            ),
        )
    }
    place = "trajectory__match__refugee__municipality"
    effort = {
        row[place]: row
        for row in activities_in(period)
        .values(place)
        .annotate(hours=Sum(F("hours") * F("present_count")))
    }
    for place_id, volunteers in (
        ActivityLog.members_present.through.objects.filter(in_period(period, "activitylog__"))
        .values_list(f"activitylog__{place}")
        .annotate(n=Count("membership__user", distinct=True))
    ):
        effort.setdefault(place_id, {})["volunteers"] = volunteers
    places = Municipality.objects.order_by("name")
    if period.municipality_ids is not None:
        places = places.filter(pk__in=period.municipality_ids)
    return [
        {
            "municipality": m.name,
            "reception_days": matches.get(m.pk, {}).get("reception_days") or 0,
            "refugees_supported": matches.get(m.pk, {}).get("refugees_supported") or 0,
            "new_matches": matches.get(m.pk, {}).get("new_matches") or 0,
            "active_groups": matches.get(m.pk, {}).get("active_groups") or 0,
            "volunteer_hours": float(effort.get(m.pk, {}).get("hours") or 0),
            "active_volunteers": effort.get(m.pk, {}).get("volunteers") or 0,
        }
        for m in places
    ]


def funnel(municipality_ids=None) -> list[dict]:
    """Households from intake to completed, as they stand now (one query)."""
    from refugees.models import Refugee

    households = Refugee.objects.all()
    if municipality_ids is not None:
        households = households.filter(municipality__in=municipality_ids)
    counts = dict(households.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [
        {"status": s.label, "key": s.value, "count": counts.get(s.value, 0)} for s in Refugee.Status
    ]


def waiting_times(period: Period) -> dict:
    """Days from waiting-since to the start of the year, for matches that started in the
    period; and how long the households still waiting have waited so far (two queries)."""
    from django.db.models import Avg, Max

    from refugees.models import Refugee

    started = started_matches(period).filter(
        start_date__gte=period.start, start_date__lt=period.end
    )
    matched = started.aggregate(
        average=Avg(DaysBetween("start_date", "refugee__waiting_since")),
        longest=Max(DaysBetween("start_date", "refugee__waiting_since")),
        n=Count("pk"),
    )
    waiting = Refugee.objects.filter(status__in=[Refugee.Status.INTAKE, Refugee.Status.READY])
    if period.municipality_ids is not None:
        waiting = waiting.filter(municipality__in=period.municipality_ids)
    now = waiting.aggregate(
        average=Avg(DaysBetween(_date(period.today), "waiting_since")),
        longest=Max(DaysBetween(_date(period.today), "waiting_since")),
        n=Count("pk"),
    )
    return {
        "matched": {k: (round(v) if isinstance(v, float) else v) for k, v in matched.items()},
        "waiting": {k: (round(v) if isinstance(v, float) else v) for k, v in now.items()},
    }


def sdg_activities(period: Period) -> dict[int, int]:
    """Number of activities per SDG (every activity counts for SDG 10)."""
    return {sdg: int(n) for sdg, n in _per_sdg(period, hours=False).items()}
