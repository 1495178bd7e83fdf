"""Reads on refugee households, scoped to what the user may see, and the need-to-know
profile a group member sees instead of the record."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from samenhier.models import Language, User
from samenhier.roles import Role

from .models import Consent, HouseholdGoal, HouseholdMember, Refugee


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


def refugees_waiting(households: QuerySet[Refugee] | None = None) -> QuerySet[Refugee]:
    """Households waiting for a welcome group: from intake until their year starts."""
    households = Refugee.objects.all() if households is None else households
    return households.filter(status__in=Refugee.WAITING)


# -- the need-to-know profile -------------------------------------------------------------
#
# What a group member may see of the household, and no more: templates for group members
# get this view model, never the Refugee instance, so a page cannot reach a field it must
# not show. Origin, residence status and health appear only when the household consented
# to share that field with the group.


@dataclass(frozen=True)
class GoalView:
    life_domain: str
    description: str


@dataclass(frozen=True)
class HouseholdProfile:
    first_name: str
    adults: int
    children_ages: tuple[int, ...]
    languages: tuple[str, ...]
    interpreter: bool
    goals: tuple[GoalView, ...]
    shared: str
    origin: str | None
    residence_status: str | None
    health: str | None

    @property
    def persons(self) -> int:
        return self.adults + len(self.children_ages)


def need_to_know_profile(refugee_code, today: datetime.date | None = None) -> HouseholdProfile:
    """Build the profile in a handful of queries, reading only the fields allowed."""
    today = today or timezone.localdate()
    row = (
        Refugee.objects.filter(pk=refugee_code)
        .values("first_name", "shared_with_group", "interpreter_available", "birth_year")
        .get()
    )
    consented = set(
        Consent.objects.filter(refugee=refugee_code, withdrawn_at=None).values_list(
            "subject", flat=True
        )
    )
    sensitive = (
        Refugee.objects.filter(pk=refugee_code)
        .values("country_of_origin", "residence_status", "health_notes")
        .get()
        if consented
        & {
            Consent.Subject.SHARE_ORIGIN,
            Consent.Subject.SHARE_RESIDENCE_STATUS,
            Consent.Subject.SHARE_HEALTH,
        }
        else {}
    )
    members = list(
        HouseholdMember.objects.filter(refugee=refugee_code).values_list("relation", "birth_year")
    )
    children = tuple(
        sorted(
            today.year - year
            for relation, year in members
            if relation == HouseholdMember.Relation.CHILD and year
        )
    )
    adults = 1 + sum(1 for relation, _ in members if relation != HouseholdMember.Relation.CHILD)
    languages = tuple(str(lang) for lang in Language.objects.filter(refugees=refugee_code))
    goals = tuple(
        GoalView(str(goal.life_domain), goal.description)
        for goal in HouseholdGoal.objects.filter(refugee=refugee_code).select_related("life_domain")
    )

    def shared_if(subject, field):
        value = sensitive.get(field) if subject in consented else None
        return value or None

    return HouseholdProfile(
        first_name=row["first_name"],
        adults=adults,
        children_ages=children,
        languages=languages,
        interpreter=row["interpreter_available"],
        goals=goals,
        shared=row["shared_with_group"],
        origin=shared_if(Consent.Subject.SHARE_ORIGIN, "country_of_origin"),
        residence_status=shared_if(Consent.Subject.SHARE_RESIDENCE_STATUS, "residence_status"),
        health=shared_if(Consent.Subject.SHARE_HEALTH, "health_notes"),
    )
