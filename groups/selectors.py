"""Reads on welcome groups, scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from samenhier.models import User
from samenhier.roles import Role

from .models import WelcomeGroup


def _managed_scope(user: User) -> Q:
    scope = Q(pk__in=[])
    if Role.COORDINATOR in user.roles:
        scope |= Q(municipality__in=user.municipality_ids)
    if Role.COMMUNITY_BUILDER in user.roles:
        scope |= Q(community_builder=user)
    return scope


def groups_managed_by(user: User) -> QuerySet[WelcomeGroup]:
    """Groups a person runs: a coordinator's municipalities, a community builder's
    assigned groups, all for an administrator."""
    if not user.is_authenticated:
        return WelcomeGroup.objects.none()
    if user.is_administrator:
        return WelcomeGroup.objects.all()
    return WelcomeGroup.objects.filter(_managed_scope(user))


def groups_for_user(user: User) -> QuerySet[WelcomeGroup]:
    """Groups a person may see: those they run, and a group member's own groups."""
    if not user.is_authenticated:
        return WelcomeGroup.objects.none()
    if user.is_administrator:
        return WelcomeGroup.objects.all()
    scope = _managed_scope(user)
    if Role.GROUP_MEMBER in user.roles:
        scope |= Q(memberships__user=user)
    return WelcomeGroup.objects.filter(scope).distinct()


def group_status_counts(*, municipality_ids) -> dict[str, int]:
    """Groups per status in the given municipalities (one query)."""
    rows = (
        WelcomeGroup.objects.filter(municipality__in=municipality_ids)
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(WelcomeGroup.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def confidentiality_pending(user: User, group_id) -> bool:
    """A member of this group who has not yet accepted the confidentiality statement."""
    from .models import Membership

    return Membership.objects.filter(
        group=group_id, user=user, confidentiality_accepted_at=None
    ).exists()
