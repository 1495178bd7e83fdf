"""The dashboard's series: figures per month, quarter and municipality, the funnel and the
waiting times, built from the same summaries and rules as aggregates.py
(docs/architecture.md, "Figures")."""

from django.db.models import Avg, Count, F, Max, Q, Sum
from django.db.models.functions import TruncMonth

from matching.models.summaries import ActivityTally, PresenceCount, PresenceKind, PresenceMonth
from refugees.models import Refugee
from samenhier.models import Municipality

from .aggregates import (
    Dim,
    contact_after_year,
    overlap_days,
    overlapping,
    started_matches,
    tallies,
    years,
)
from .compiled import compiled, totals
from .periods import Buckets, DaysBetween, Period, date_value, months_in, next_month, places_of
from .presence import distinct_active, present_at_edges


def monthly(period: Period) -> list[dict]:
    """Per month of the period: reception days, new matches, volunteer hours, activities,
    and whether the month is only partly in the period (or still running)."""
    months = months_in(period)
    year = years(period)
    days, new = year.per_month, year.new_per_month
    effort = {month: (hours, activities) for month, hours, activities in _effort(period)}
    volunteers = volunteers_per_month(period)
    rows = []
    for m in months:
        after = next_month(m)
        rows.append(
            {
                "month": m,
                "reception_days": days.get(m, 0),
                "new_matches": new.get(m, 0),
                "volunteer_hours": float(effort.get(m, (0, 0))[0] or 0),
                "activities": effort.get(m, (0, 0))[1] or 0,
                "partial": m < period.start or after > period.end or after > period.today,
                # What the month's figures rest on (cells.py).
                "households": year.supported_per_month.get(m, 0),
                "volunteers": volunteers.get(m, 0),
            }
        )
    return rows


@compiled
def _effort(period: Period):
    """(month, volunteer hours, activities) of the period's logs."""
    return (
        ActivityTally.objects.filter(
            Buckets.of(period).tally(), place__in=places_of(period), dimension=Dim.ALL
        )
        .annotate(month=TruncMonth("start"))
        .values("month")
        .annotate(hours=Sum("hours"), activities=Sum("count"))
        .order_by()
        .values_list("month", "hours", "activities")
    )


def volunteers_per_month(period: Period) -> dict:
    """Members active in each month of the period, exactly: a whole month from its counts,
    a month the period cuts for the part inside the period (its days' bits)."""
    counts = dict(_volunteers_in_months(period))
    counts.update(present_at_edges(PresenceKind.VOLUNTEER, period))
    return counts


@compiled
def _volunteers_in_months(period: Period):
    months = months_in(period)
    places = places_of(period)
    if len(places) == 1:
        return PresenceCount.objects.filter(
            kind=PresenceKind.VOLUNTEER, month__in=months, place__in=places
        ).values_list("month", "subjects")
    return (
        PresenceMonth.objects.filter(
            kind=PresenceKind.VOLUNTEER, month__in=months, place__in=places
        )
        .values("month")
        .annotate(n=Count("subject", distinct=True))
        .order_by()
        .values_list("month", "n")
    )


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
                "partial": False,
                "households": 0,
                "volunteers": 0,
            },
        )
        for field_name in ("reception_days", "new_matches", "volunteer_hours", "activities"):
            q[field_name] += row[field_name]
        q["partial"] = q["partial"] or row["partial"]
        for base in ("households", "volunteers"):
            q[base] = max(q[base], row.get(base, 0))
    return list(quarters.values())


def per_municipality(period: Period) -> list[dict]:
    """The main figures side by side per municipality."""
    fields = ("reception_days", "refugees_supported", "active_groups", "new_matches")
    matches = {row[0]: dict(zip(fields, row[1:], strict=True)) for row in _years_per_place(period)}
    effort = tallies(period, per_place=True)
    volunteers = distinct_active(PresenceKind.VOLUNTEER, period, per_place=True)
    contact = contact_after_year(period, per_place=True)
    places = Municipality.objects.order_by("name")
    if period.municipality_ids is not None:
        places = places.filter(pk__in=period.municipality_ids)
    return [
        {
            "pk": pk,
            "municipality": name,
            "reception_days": matches.get(pk, {}).get("reception_days") or 0,
            "refugees_supported": matches.get(pk, {}).get("refugees_supported") or 0,
            "new_matches": matches.get(pk, {}).get("new_matches") or 0,
            "active_groups": matches.get(pk, {}).get("active_groups") or 0,
            "volunteer_hours": effort.get(pk, {}).get((Dim.ALL, ""), (0, 0.0))[1],
            "active_volunteers": volunteers.get(pk, 0),
            "contact_after_year": contact.get(pk, {}).get("share"),
            "contact_persons": contact.get(pk, {}).get("persons", 0),
        }
        for pk, name in places.values_list("pk", "name")
    ]


@compiled
def _years_per_place(period: Period):
    """Per municipality: reception days, persons supported, groups and new matches of
    the period's years."""
    return (
        overlapping(period)
        .values("municipality")
        .annotate(
            reception_days=Sum(F("persons") * overlap_days(period)),
            refugees_supported=Sum("persons"),
            active_groups=Count("group", distinct=True),
            new_matches=Count(
                "pk", filter=Q(start_date__gte=period.start, start_date__lt=period.end)
            ),
        )
        .order_by()
        .values_list(
            "municipality", "reception_days", "refugees_supported", "active_groups", "new_matches"
        )
    )


def households_now(period: Period) -> dict:
    """Households from intake to completed as they stand now (the funnel), and how long
    those still waiting (Refugee.WAITING, as refugees_waiting) have waited so far: one
    query, a row per status."""
    rows = {
        status: {"n": n, "waited": waited, "longest": longest}
        for status, n, waited, longest in _households_per_status(period)
    }
    waiting = [rows[status] for status in Refugee.WAITING if status in rows]
    n = sum(row["n"] for row in waiting)
    return {
        "funnel": [
            {"status": s.label, "key": s.value, "count": rows.get(s.value, {}).get("n", 0)}
            for s in Refugee.Status
        ],
        "waiting": {
            "average": round(sum(row["waited"] for row in waiting) / n) if n else None,
            "longest": max((row["longest"] for row in waiting), default=None),
            "n": n,
        },
    }


@compiled
def _households_per_status(period: Period):
    households = Refugee.objects.all()
    if period.municipality_ids is not None:
        households = households.filter(municipality__in=period.municipality_ids)
    waited = DaysBetween(date_value(period.today), "waiting_since")
    return (
        households.values("status")
        .annotate(n=Count("pk"), waited=Sum(waited), longest=Max(waited))
        .order_by()
        .values_list("status", "n", "waited", "longest")
    )


def waited_for_a_match(period: Period) -> dict:
    """Days from waiting-since to the start of the year, for matches that started in the
    period (one query)."""
    ((average, longest, n),) = _waited(period)
    matched = {"average": average, "longest": longest, "n": n}
    return {k: (round(v) if isinstance(v, float) else v) for k, v in matched.items()}


@compiled
def _waited(period: Period):
    started = started_matches(period).filter(
        start_date__gte=period.start, start_date__lt=period.end
    )
    return totals(started, average=Avg("waited_days"), longest=Max("waited_days"), n=Count("pk"))
