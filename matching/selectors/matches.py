"""Reads on matches, rounds and proposals, scoped to what the user may see."""

import datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from groups.models import Membership, WelcomeGroup
from groups.selectors import group_status_counts, groups_with_screening
from refugees.models import Refugee
from refugees.selectors import refugee_status_counts, refugees_waiting
from samenhier.models import Municipality, User
from samenhier.roles import Role

from ..models import Match, Proposal, ProposalRound


def _managed_scope(user: User) -> Q:
    """Matches of a household or group in a coordinator's municipalities, and of the
    groups assigned to a community builder."""
    # As subqueries, not joins: the database picks the few households and groups first
    # and reads the matches by them, instead of joining every match to both.
    scope = Q(pk__in=[])
    if Role.COORDINATOR in user.roles:
        ids = user.municipality_ids
        scope |= Q(refugee__in=Refugee.objects.filter(municipality__in=ids).values("pk"))
        scope |= Q(group__in=WelcomeGroup.objects.filter(municipality__in=ids).values("pk"))
    if Role.COMMUNITY_BUILDER in user.roles:
        scope |= Q(group__in=WelcomeGroup.objects.filter(community_builder=user).values("pk"))
    return scope


def matches_for_user(user: User) -> QuerySet[Match]:
    """Coordinators: matches of a household or group in their municipalities; community
    builders: matches of their groups; group members: their own group's open matches;
    a household: its own; administrators: all."""
    if not user.is_authenticated:
        return Match.objects.none()
    if user.is_administrator:
        return Match.objects.all()
    scope = _managed_scope(user)
    if Role.GROUP_MEMBER in user.roles:
        scope |= Q(group__memberships__user=user, status__in=Match.OPEN)
    if Role.REFUGEE in user.roles:
        scope |= Q(refugee__user=user) | Q(refugee__members__user=user)
    return Match.objects.filter(scope).distinct()


def matches_managed_by(user: User) -> QuerySet[Match]:
    """Matches a coordinator (their municipalities), a community builder (their groups)
    or an administrator follows. A group member's view goes through other selectors."""
    if not user.is_authenticated:
        return Match.objects.none()
    if user.is_administrator:
        return Match.objects.all()
    return Match.objects.filter(_managed_scope(user))


def matches_to_confirm(user: User) -> QuerySet[Match]:
    """Proposed matches of groups where the user is the contact person."""
    return Match.objects.filter(
        status=Match.Status.PROPOSED,
        group__memberships__user=user,
        group__memberships__is_contact=True,
    )


def match_status_counts(*, municipality_ids) -> dict[str, int]:
    rows = (
        Match.objects.filter(refugee__municipality__in=municipality_ids)
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(Match.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def pipeline(*, municipality_ids) -> dict:
    """Counts per status of households, groups and matches: three queries."""
    return {
        "refugees": refugee_status_counts(municipality_ids=municipality_ids),
        "groups": group_status_counts(municipality_ids=municipality_ids),
        "matches": match_status_counts(municipality_ids=municipality_ids),
    }


def pipeline_by_municipality() -> list[dict]:
    """For programme staff: counts per municipality and status, no personal records.

    Three grouped queries, whatever the number of rows."""
    table: dict[int, dict] = {
        m.pk: {"name": m.name, "refugees": {}, "groups": {}, "matches": {}}
        for m in Municipality.objects.order_by("name")
    }
    sources = [
        ("refugees", Refugee.objects.values("status", place=F("municipality"))),
        ("groups", WelcomeGroup.objects.values("status", place=F("municipality"))),
        ("matches", Match.objects.values("status", place=F("refugee__municipality"))),
    ]
    for key, rows in sources:
        for row in rows.annotate(n=Count("pk")).order_by():
            table[row["place"]][key][row["status"]] = row["n"]
    return list(table.values())


def groups_of_member(user: User) -> QuerySet[WelcomeGroup]:
    """A group member's own groups with members and open matches, for their home page."""
    return (
        WelcomeGroup.objects.filter(memberships__user=user)
        .select_related("municipality", "community_builder")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user")),
            Prefetch(
                "matches",
                # Only the household's first name: need-to-know for a group member.
                queryset=Match.objects.filter(status__in=Match.OPEN)
                .annotate(household_first_name=F("refugee__first_name"))
                .only("code", "group", "status", "start_date", "planned_end_date"),
                to_attr="open_matches",
            ),
        )
        .distinct()
    )


def rounds_for_user(user: User) -> QuerySet[ProposalRound]:
    """Proposal rounds of the municipalities a coordinator works for."""
    if not user.is_authenticated or not user.has_role(Role.COORDINATOR, Role.ADMINISTRATOR):
        return ProposalRound.objects.none()
    return ProposalRound.objects.filter(municipality__in=user.municipality_ids)


def proposals_for_user(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(round__in=rounds_for_user(user))


# -- who can be matched: one definition each, used by the board, the rounds and the services


def households_to_place(households: QuerySet[Refugee]) -> QuerySet[Refugee]:
    """Households a proposal round can place: ready, and without an open match."""
    return households.filter(status=Refugee.Status.READY).exclude(matches__status__in=Match.OPEN)


def groups_with_room(groups: QuerySet[WelcomeGroup]) -> QuerySet[WelcomeGroup]:
    """Groups that can take a household: ready (or matched with a place left), each
    annotated with `open_matches`."""
    open_matches = (
        Match.objects.filter(group=OuterRef("pk"), status__in=Match.OPEN)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        groups.filter(status__in=WelcomeGroup.MATCHABLE)
        .annotate(open_matches=Coalesce(Subquery(open_matches), 0))
        .filter(open_matches__lt=F("capacity"))
    )


def groups_to_propose(groups: QuerySet[WelcomeGroup], *, on: datetime.date):
    """Groups with room (above), each annotated with `screened` (every member's VOG valid
    on `on`, the start training done). A round gives the engine these, which proposes only
    the screened ones; `match_propose` accepts only those (`group_refusal`)."""
    return groups_with_screening(groups_with_room(groups), on=on)


def group_refusal(group: WelcomeGroup, *, on: datetime.date | None = None) -> str | None:
    """Why no household can be proposed to this group now — "group_not_ready",
    "group_full" or "group_not_screened" — or None: `groups_to_propose`, asked of one."""
    screened = (
        groups_to_propose(WelcomeGroup.objects.filter(pk=group.pk), on=on or timezone.localdate())
        .values_list("screened", flat=True)
        .first()
    )
    if screened is None:
        return "group_full" if group.status in WelcomeGroup.MATCHABLE else "group_not_ready"
    return None if screened else "group_not_screened"


def waiting_counts(*, municipality_ids) -> list[dict]:
    """Per municipality: households waiting (see refugees_waiting), of which a round can
    place now, and groups with room."""
    households = Refugee.objects.filter(municipality__in=municipality_ids)
    waiting = dict(
        refugees_waiting(households)
        .values("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    placeable = dict(
        households_to_place(households)
        .values("municipality")
        .annotate(n=Count("pk"))
        .values_list("municipality", "n")
    )
    groups = dict(
        groups_with_room(WelcomeGroup.objects.filter(municipality__in=municipality_ids))
        .values("municipality")
        .annotate(n=Count("pk", distinct=True))
        .values_list("municipality", "n")
    )
    return [
        {
            "municipality": m,
            "waiting": waiting.get(m.pk, 0),
            "households": placeable.get(m.pk, 0),
            "groups": groups.get(m.pk, 0),
        }
        for m in Municipality.objects.filter(pk__in=municipality_ids)
    ]
