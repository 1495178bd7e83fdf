"""The need-to-know profile of a household: what a group member may see, and no more.

Templates for group members get this view model, never the Refugee instance, so a page
cannot reach a field it must not show. Origin, residence status and health appear only
when the household consented to share that field with the group.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from refugees.models import Consent, HouseholdGoal, HouseholdMember, Refugee
from samenhier.models import Language


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
