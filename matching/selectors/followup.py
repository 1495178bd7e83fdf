"""The follow-up board's health signals of running years, as database annotations."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

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


def _milestone_order() -> Case:
    """A check-in's place in the year, so "latest" means the latest milestone answered,
    not the answer written last."""
    return Case(
        *(When(milestone=kind, then=Value(i)) for i, kind in enumerate(Milestone.ORDER)),
        default=Value(-1),
        output_field=IntegerField(),
    )


def with_signals(trajectories: QuerySet[Trajectory], today=None) -> QuerySet[Trajectory]:
    """Annotate each trajectory with its health signals. What the logs say comes from the
    year's pulse (a summary kept by the services that write logs); its milestones and
    check-ins, a handful each, are read as subqueries (no row blow-up)."""
    today = today or timezone.localdate()
    latest_check_in = Subquery(
        CheckIn.objects.filter(trajectory=OuterRef("pk"))
        .annotate(place=_milestone_order())
        .order_by("-place")
        .values("score")[:1]
    )
    overdue = _count(
        Milestone.objects.filter(trajectory=OuterRef("pk"), completed_on=None, due_date__lt=today)
    )
    return trajectories.annotate(
        last_activity=F("pulse__last_activity"),
        quiet_since=Coalesce("pulse__last_activity", "match__start_date"),
        overdue=Coalesce(overdue, Value(0)),
        log_count=Coalesce("pulse__log_count", Value(0)),
        top_count=Coalesce("pulse__top_count", Value(0)),
        latest_check_in=latest_check_in,
    ).annotate(
        signal_quiet=_flag(Q(quiet_since__lte=today - datetime.timedelta(days=QUIET_AFTER_DAYS))),
        signal_overdue=_flag(Q(overdue__gt=0)),
        signal_dominant=_flag(
            Q(log_count__gte=DOMINANT_MIN_LOGS) & Q(top_count__gt=F("log_count") * DOMINANT_SHARE)
        ),
        signal_ending=_flag(
            Q(match__planned_end_date__gte=today)
            & Q(match__planned_end_date__lte=today + datetime.timedelta(days=ENDING_WITHIN_DAYS))
        ),
        signal_low_check_in=_flag(Q(latest_check_in__lte=CheckIn.LOW)),
    )


def signal_counts(trajectories: QuerySet[Trajectory]) -> dict[str, int]:
    """How many trajectories raise each signal, and how many there are in all ("all"):
    one query."""
    return trajectories.aggregate(
        all=Count("pk"),
        **{key: Count("pk", filter=Q(**{f"signal_{key}": True})) for key in SIGNALS},
    )
