"""How many people (or groups) were present in a period, exactly: from the presence spans
and their months' day bits (matching/models/summaries.py; docs/architecture.md,
"Figures")."""

import datetime
from collections import defaultdict

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from matching.models.summaries import EVERYWHERE, PresenceMonth, PresenceSpan

from .compiled import compiled, totals
from .periods import Buckets, Period, places_of


def _day_mask(first: int, last: int) -> int:
    """Bits of the days first..last (1-based, inclusive) of a month."""
    return ((1 << last) - 1) ^ ((1 << (first - 1)) - 1)


def _months_hit(period: Period) -> Q:
    """PresenceMonth rows with a day inside the period (`edge_a`, `edge_b` annotated)."""
    buckets = Buckets.of(period)
    hit = Q(pk__in=[])
    if buckets.months:
        hit |= Q(month__gte=buckets.months[0], month__lt=buckets.months[1])
    for name, (start, _end) in zip(("edge_a", "edge_b"), buckets.days, strict=False):
        hit |= Q(month=start.replace(day=1), **{f"{name}__gt": 0})
    return hit


def _month_rows(period: Period, kind: str, places=None) -> QuerySet:
    rows = PresenceMonth.objects.filter(kind=kind)
    if places is not None:
        rows = rows.filter(place__in=places)
    annotations = {}
    for name, (a, b) in zip(("edge_a", "edge_b"), Buckets.of(period).days, strict=False):
        last = b - datetime.timedelta(days=1)
        annotations[name] = F("days").bitand(_day_mask(a.day, last.day))
    for name in ("edge_a", "edge_b"):
        annotations.setdefault(name, Value(0))
    return rows.annotate(**annotations).filter(_months_hit(period))


def distinct_active(kind: str, period: Period, *, per_place: bool = False):
    """How many people (or groups) have a presence (an introduction) in the period: exact.

    A span that starts or ends inside the period decides at once; so does one that
    encloses the period when the period is longer than the span's longest pause. The few
    left are decided by their months inside the period, to the day (one bit per day),
    one index probe each, only for the spans that need it: the database never reads
    every month."""
    places = places_of(period)
    if per_place:
        counts: dict = defaultdict(int)
        for part in (False, True):
            for place, n in _present_per_place(kind, period, part):
                counts[place] += n
        return dict(counts)
    if len(places) == 1:
        return _present_in_place(kind, period)[0][0]
    inside, encloses = _inside(period), _encloses(period)
    months = _month_rows(period, kind, places).filter(subject=OuterRef("subject"))
    spans = PresenceSpan.objects.filter(kind=kind, place__in=places)
    # Pauses of one place say nothing of the union of several: their months decide.
    spans = spans.values("subject").annotate(first=Min("first"), last=Max("last"))
    return spans.filter(inside).count() + spans.filter(encloses).filter(Exists(months)).count()


@compiled
def _present_per_place(kind: str, period: Period, by_months: bool):
    """(place, people) of the spans decided at once, or (`by_months`) of those that enclose
    the period with a pause as long as it, decided by their months."""
    # place > 0 reads the (kind, place) index in place order; two plain filters are
    # quicker here than one pass with the conditions in the count.
    spans = PresenceSpan.objects.filter(kind=kind, place__gt=EVERYWHERE)
    if period.municipality_ids is not None:
        spans = spans.filter(place__in=places_of(period))
    length = (period.end - period.start).days
    encloses = _encloses(period)
    if by_months:
        months = _month_rows(period, kind).filter(
            subject=OuterRef("subject"), place=OuterRef("place")
        )
        spans = spans.filter(encloses, longest_gap__gte=length).filter(Exists(months))
    else:
        spans = spans.filter(_inside(period) | (encloses & Q(longest_gap__lt=length)))
    return spans.values("place").annotate(n=Count("pk")).order_by().values_list("place", "n")


@compiled
def _present_in_place(kind: str, period: Period):
    """People present in the period's one place: one pass, the spans decided at once and
    the few their months decide."""
    places = places_of(period)
    months = _month_rows(period, kind, places).filter(subject=OuterRef("subject"))
    spans = PresenceSpan.objects.filter(kind=kind, place__in=places)
    return totals(spans, n=Count("pk", filter=_present(period, months)))


def present_kinds(kinds: tuple, period: Period) -> dict:
    """{kind: distinct_active(kind, period)} for several kinds at once: for one place, one
    pass over their spans."""
    if len(places_of(period)) != 1:
        return {kind: distinct_active(kind, period) for kind in kinds}
    counts = dict.fromkeys(kinds, 0)
    counts.update(_present_of_kinds(tuple(kinds), period))
    return counts


@compiled
def _present_of_kinds(kinds: tuple, period: Period):
    places = places_of(period)
    months = _month_rows(period, OuterRef("kind"), places).filter(subject=OuterRef("subject"))
    return (
        PresenceSpan.objects.filter(kind__in=kinds, place__in=places)
        .values("kind")
        .annotate(n=Count("pk", filter=_present(period, months)))
        .order_by()
        .values_list("kind", "n")
    )


def present_at_edges(kind: str, period: Period) -> dict:
    """{month: people present on a day of the period in that month} for the months the
    period cuts (Buckets.days), exactly, in one query: the day bits of each person's month
    rows inside the cut, a person present in several of the period's places once."""
    edges = Buckets.of(period).days
    if not edges:
        return {}
    counts = dict.fromkeys((a.replace(day=1) for a, _b in edges), 0)
    counts.update(_present_in_cut_months(kind, period))
    return counts


@compiled
def _present_in_cut_months(kind: str, period: Period):
    edges = Buckets.of(period).days
    inside = Case(
        *(
            When(
                month=a.replace(day=1),
                then=F("days").bitand(_day_mask(a.day, (b - datetime.timedelta(days=1)).day)),
            )
            for a, b in edges
        ),
        default=Value(0),
        output_field=BigIntegerField(),
    )
    months = [a.replace(day=1) for a, _b in edges]
    places = places_of(period)
    # A person has one row a month in a place: only across places is one counted twice.
    return (
        PresenceMonth.objects.filter(kind=kind, place__in=places, month__in=months)
        .annotate(inside=inside)
        .filter(inside__gt=0)
        .values("month")
        .annotate(n=Count("subject", distinct=len(places) > 1))
        .order_by()
        .values_list("month", "n")
    )


def _inside(period: Period) -> Q:
    last = period.end - datetime.timedelta(days=1)
    return Q(first__gte=period.start, first__lte=last) | Q(last__gte=period.start, last__lte=last)


def _encloses(period: Period) -> Q:
    return Q(first__lt=period.start, last__gt=period.end - datetime.timedelta(days=1))


def _present(period: Period, months: QuerySet) -> Q:
    """A span (of one place) with a day in the period: it starts or ends inside it, or it
    encloses it with no pause as long as the period, or its months have a day in it."""
    length = (period.end - period.start).days
    encloses = _encloses(period)
    # One pass, the conditions in order of how often they decide.
    return (
        _inside(period)
        | (encloses & Q(longest_gap__lt=length))
        | (encloses & Q(longest_gap__gte=length) & Q(Exists(months)))
    )
