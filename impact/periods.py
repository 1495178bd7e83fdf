"""A period [from, to) and municipalities, and how the summaries cut it: whole months and
the days at its edges (docs/architecture.md, "Figures")."""

import datetime
from dataclasses import dataclass, field

from django.db.models import DateField, Func, IntegerField, Q, Value
from django.utils import timezone

from matching.models.summaries import EVERYWHERE, ActivityTally


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
        if self.municipality_ids is not None:
            # A period is a key of the figures' compiled queries (compiled.py): hashable.
            object.__setattr__(self, "municipality_ids", frozenset(self.municipality_ids))


def date_value(value: datetime.date) -> Value:
    return Value(value, output_field=DateField())


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class Buckets:
    """A period cut into whole months and the days at its edges: the summaries' cells."""

    months: tuple[datetime.date, datetime.date] | None  # [first, after last) of whole months
    days: tuple[tuple[datetime.date, datetime.date], ...]  # [from, to) of edge days

    @classmethod
    def of(cls, period: "Period") -> "Buckets":
        first = period.start if period.start.day == 1 else next_month(period.start)
        after = period.end.replace(day=1)
        if first >= after:
            # No whole month: the days, cut where a month ends (each edge in one month).
            cut = min(next_month(period.start), period.end)
            edges = ((period.start, cut), (cut, period.end))
            return cls(None, tuple((a, b) for a, b in edges if a < b))
        edges = ((period.start, first), (after, period.end))
        return cls((first, after), tuple((a, b) for a, b in edges if a < b))

    def tally(self) -> Q:
        cells = Q(pk__in=[])
        if self.months:
            cells |= Q(span=ActivityTally.Span.MONTH, start__gte=self.months[0]) & Q(
                start__lt=self.months[1]
            )
        for a, b in self.days:
            cells |= Q(span=ActivityTally.Span.DAY, start__gte=a, start__lt=b)
        return cells


def places_of(period: "Period") -> list[int]:
    """The summaries' places of a scope: the programme's own rows, or each municipality's."""
    if period.municipality_ids is None:
        return [EVERYWHERE]
    return sorted(period.municipality_ids) or [-1]


def months_in(period: Period) -> list[datetime.date]:
    """First days of the months the period touches."""
    month = period.start.replace(day=1)
    months = []
    while month < period.end:
        months.append(month)
        month = next_month(month)
    return months
