"""Reads of the impact app: activity logs and the follow-up board's health signals."""

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
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from matching.models import CheckIn, Milestone, Trajectory

from .models import ActivityLog, NetworkIntroduction

QUIET_AFTER_DAYS = 21
ENDING_WITHIN_DAYS = 30
DOMINANT_SHARE = 0.8
DOMINANT_MIN_LOGS = 5

SIGNALS = {
    "quiet": _("stil: 21 dagen of langer geen activiteit"),
    "overdue": _("mijlpaal te laat"),
    "dominant": _("één lid legt meer dan 80% vast"),
    "ending": _("eindigt binnen 30 dagen"),
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
    """Annotate each trajectory with its health signals, as subqueries (no row blow-up)."""
    today = today or timezone.localdate()
    logs = ActivityLog.objects.filter(trajectory=OuterRef("pk"))
    top_logger = Subquery(
        logs.filter(logged_by__isnull=False)
        .order_by()
        .values("logged_by")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values("n")[:1],
        output_field=IntegerField(),
    )
    latest_check_in = Subquery(
        CheckIn.objects.filter(trajectory=OuterRef("pk")).order_by("-at").values("score")[:1]
    )
    overdue = _count(
        Milestone.objects.filter(trajectory=OuterRef("pk"), completed_on=None, due_date__lt=today)
    )
    return trajectories.annotate(
        last_activity=Subquery(logs.order_by("-date").values("date")[:1]),
        quiet_since=Coalesce("last_activity", "match__start_date"),
        overdue=Coalesce(overdue, Value(0)),
        log_count=Coalesce(_count(logs), Value(0)),
        top_count=Coalesce(top_logger, Value(0)),
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
    """How many trajectories raise each signal (one query)."""
    return trajectories.aggregate(
        **{key: Count("pk", filter=Q(**{f"signal_{key}": True})) for key in SIGNALS}
    )


def activities_of(trajectory: Trajectory) -> QuerySet[ActivityLog]:
    return (
        trajectory.activities.select_related("logged_by")
        .prefetch_related("life_domains", "members_present__user", "introductions")
        .order_by("-date", "-pk")
    )


def activity_summary(trajectory: Trajectory) -> dict:
    """Totals of a trajectory's logs, and how they spread over the members (3 queries)."""
    from django.db.models import Max, Sum

    totals = trajectory.activities.aggregate(
        count=Count("pk"), hours=Sum("hours"), last=Max("date")
    )
    totals["introductions"] = NetworkIntroduction.objects.filter(
        activity__trajectory=trajectory
    ).count()
    by_member = list(
        trajectory.activities.values("logged_by__first_name", "logged_by__last_name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return {**totals, "by_member": by_member}
