"""Reads on welcome groups, scoped to what the user may see."""

import re

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from samenhier.models import User
from samenhier.roles import Role

from .models import Membership, SignUp, WelcomeGroup


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


def groups_with_screening(groups: QuerySet[WelcomeGroup], *, on) -> QuerySet[WelcomeGroup]:
    """The groups, each annotated with `screened`: it has members, every one of them holds
    a valid VOG on `on`, and the group had its start training by then."""
    members = Membership.objects.filter(group=OuterRef("pk"))
    lapsed = members.exclude(Membership.valid_vog_on(on))
    return groups.annotate(
        screened=Case(
            When(Q(Exists(members), ~Exists(lapsed), start_training_on__lte=on), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def confidentiality_pending(user: User, group_id) -> bool:
    """A member of this group who has not yet accepted the confidentiality statement."""
    return Membership.objects.filter(
        group=group_id, user=user, confidentiality_accepted_at=None
    ).exists()


def _natural_key(name: str) -> list:
    """ "Groep 2" before "Groep 16": digits compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def in_natural_order(groups) -> list[WelcomeGroup]:
    """Groups by name as people count (for the short lists of one person's groups)."""
    return sorted(groups, key=lambda group: _natural_key(group.name))


def signups_for_user(user: User):
    """Sign-ups a person follows up: a coordinator's municipalities; programme staff the
    ones from places where the programme does not run; all for an administrator."""
    if not user.is_authenticated:
        return SignUp.objects.none()
    if user.is_administrator:
        return SignUp.objects.all()
    scope = Q(pk__in=[])
    if Role.COORDINATOR in user.roles:
        scope |= Q(municipality__in=user.municipality_ids)
    if Role.PROGRAMME_STAFF in user.roles:
        scope |= Q(municipality__isnull=True)
    return SignUp.objects.filter(scope)
