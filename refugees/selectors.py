"""Reads on refugee households, scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from samenhier.models import User
from samenhier.roles import Role

from .models import Refugee


def refugees_for_user(user: User) -> QuerySet[Refugee]:
    """Full records: a coordinator's municipalities, everything for an administrator,
    and a household member's own household. Others see none here (a group member sees
    the need-to-know profile through matching's selectors)."""
    if not user.is_authenticated:
        return Refugee.objects.none()
    if user.is_administrator:
        return Refugee.objects.all()
    scope = Q(pk__in=[])
    if Role.COORDINATOR in user.roles:
        scope |= Q(municipality__in=user.municipality_ids)
    if Role.REFUGEE in user.roles:
        scope |= Q(user=user) | Q(members__user=user)
    return Refugee.objects.filter(scope).distinct()


def refugee_status_counts(*, municipality_ids) -> dict[str, int]:
    """Households per status in the given municipalities (one query)."""
    rows = (
        Refugee.objects.filter(municipality__in=municipality_ids)
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(Refugee.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
