"""The follow-up board's health signals of running years, as database annotations."""

import datetime

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from samenhier.paging import with_total

from ..models import CheckIn, Milestone, Trajectory
from ..rules import DOMINANT_MIN_LOGS, DOMINANT_SHARE, ENDING_WITHIN_DAYS, QUIET_AFTER_DAYS


def _filled(message, **values):
    """`message % values`, read in the language of the page that shows it (a label made
    when the module loads would keep the language of that moment)."""
    return lazy(lambda: str(message) % values, str)()


SIGNALS = {
    "quiet": _filled(
        ngettext_lazy(
            "stil: %(n)s dag of langer geen activiteit",
            "stil: %(n)s dagen of langer geen activiteit",
            QUIET_AFTER_DAYS,
        ),
        n=QUIET_AFTER_DAYS,
    ),
    "overdue": _("mijlpaal te laat"),
    "dominant": _filled(
        _("één lid legt meer dan %(share)s%% vast"), share=int(DOMINANT_SHARE * 100)
    ),
    "ending": _filled(
        ngettext_lazy("eindigt binnen %(n)s dag", "eindigt binnen %(n)s dagen", ENDING_WITHIN_DAYS),
        n=ENDING_WITHIN_DAYS,
    ),
    "low_check_in": _("lage check-in van het huishouden"),
}


def _count(queryset) -> Subquery:
    return Subquery(
        queryset.order_by().values("trajectory").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def with_signals(trajectories: QuerySet[Trajectory], today=None) -> QuerySet[Trajectory]:
    """Annotate each trajectory with its health signals, read from the year's pulse (a
    summary kept by the services that write logs, milestones and check-ins): plain
    columns, so counting every signal of a thousand years is one join. The number of
    overdue milestones, shown per row, is a subquery the database computes only for
    the rows it returns (or sorts by)."""
    today = today or timezone.localdate()
    overdue = _count(
        Milestone.objects.filter(trajectory=OuterRef("pk"), completed_on=None, due_date__lt=today)
    )
    return trajectories.annotate(
        last_activity=F("pulse__last_activity"),
        quiet_since=Coalesce("pulse__last_activity", "match__start_date"),
        overdue=Coalesce(overdue, Value(0)),
        log_count=Coalesce("pulse__log_count", Value(0)),
        top_count=Coalesce("pulse__top_count", Value(0)),
    ).annotate(
        signal_quiet=_flag(Q(quiet_since__lte=today - datetime.timedelta(days=QUIET_AFTER_DAYS))),
        signal_overdue=_flag(Q(pulse__next_due__lt=today)),
        signal_dominant=_flag(
            Q(log_count__gte=DOMINANT_MIN_LOGS) & Q(top_count__gt=F("log_count") * DOMINANT_SHARE)
        ),
        signal_ending=_flag(
            Q(match__planned_end_date__gte=today)
            & Q(match__planned_end_date__lte=today + datetime.timedelta(days=ENDING_WITHIN_DAYS))
        ),
        signal_low_check_in=_flag(Q(pulse__check_in_score__lte=CheckIn.LOW)),
    )


def signal_counts(trajectories: QuerySet[Trajectory]) -> dict[str, int]:
    """How many trajectories raise each signal, and how many there are in all ("all"):
    one query."""
    return trajectories.aggregate(
        all=Count("pk"),
        **{key: Count("pk", filter=Q(**{f"signal_{key}": True})) for key in SIGNALS},
    )


def with_signal_counts(trajectories: QuerySet[Trajectory]) -> QuerySet[Trajectory]:
    """The same rows, each carrying how many rows there are in all (`count_all`) and how
    many raise each signal (`count_quiet`, ...): window functions over every row, before
    a page is cut from them, so that a page of the board and its counts are one query.
    Read them with `counts_of`."""
    return with_total(trajectories).annotate(
        **{
            f"count_{key}": Window(Count("pk", filter=Q(**{f"signal_{key}": True})))
            for key in SIGNALS
        },
    )


def counts_of(rows) -> dict[str, int]:
    """`signal_counts`, read from the first of rows made by `with_signal_counts` (no rows:
    nothing to count)."""
    first = next(iter(rows), None)
    return {key: getattr(first, f"count_{key}", 0) for key in ("all", *SIGNALS)}
