"""Reads on the year of a match, scoped to what the user may see."""

import datetime

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from samenhier.models import User
from samenhier.roles import Role

from ..models import ActivityLog, CheckIn, Match, Milestone, NetworkIntroduction, Trajectory
from ..rules import DUE_WITHIN_DAYS
from .matches import matches_managed_by


def trajectories_managed_by(user: User) -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(match__in=matches_managed_by(user))


def trajectories_of_member(user: User) -> QuerySet[Trajectory]:
    """A group member's own group's trajectories, while the match is active."""
    if not user.is_authenticated or Role.GROUP_MEMBER not in user.roles:
        return Trajectory.objects.none()
    return Trajectory.objects.filter(
        match__status=Match.Status.ACTIVE, match__group__memberships__user=user
    )


def follow_ups_of_member(user: User) -> QuerySet[Trajectory]:
    """A group member's own group's years that have ended with a follow-up planned:
    for that follow-up only (the rest of an ended year is no longer theirs to see)."""
    if not user.is_authenticated or Role.GROUP_MEMBER not in user.roles:
        return Trajectory.objects.none()
    return Trajectory.objects.filter(
        match__status__in=Match.ENDED,
        match__group__memberships__user=user,
        milestones__kind=Milestone.Kind.FOLLOW_UP,
    )


def trajectories_of_household(user: User) -> QuerySet[Trajectory]:
    """A household member's own trajectory (active or completed)."""
    if not user.is_authenticated or Role.REFUGEE not in user.roles:
        return Trajectory.objects.none()
    return Trajectory.objects.filter(
        Q(match__refugee__user=user) | Q(match__refugee__members__user=user),
        match__status__in=Match.STARTED,
    ).distinct()


def timeline(trajectory: Trajectory) -> list[Milestone]:
    """The milestones in order (each knows whether it is done or overdue)."""
    return list(trajectory.milestones.order_by("due_date", "pk"))


def check_ins_due(trajectory: Trajectory, today=None) -> list[Milestone]:
    """Milestones (from a week before their date) the household has not answered yet."""
    today = today or timezone.localdate()
    answered = set(trajectory.check_ins.values_list("milestone", flat=True))
    return [
        m
        for m in trajectory.milestones.filter(kind__in=CheckIn.MILESTONES).order_by("due_date")
        if m.kind not in answered and m.due_date <= today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    ]


def activities_of(trajectory: Trajectory) -> QuerySet[ActivityLog]:
    return (
        trajectory.activities.select_related("logged_by")
        .prefetch_related("life_domains", "members_present__user", "introductions")
        .order_by("-date", "-pk")
    )


def activity_summary(trajectory: Trajectory) -> dict:
    """Totals of a trajectory's logs, and how they spread over the members (3 queries)."""
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
