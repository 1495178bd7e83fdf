"""The input of a proposal round: the database turned into the matching engine's plain data.

A round is for one municipality: its ready households without an open match, and the
ready groups with a free place in that municipality and in neighbouring municipalities
the person running the round also coordinates. A fixed number of queries, whatever the
number of rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from groups.models import GroupExpertise, Membership, WelcomeGroup
from refugees.models import HouseholdGoal, HouseholdMember, HouseholdPreference, Refugee
from samenhier.models import Municipality, User

from . import engine
from .models import MatchingPolicy, Veto
from .selectors.matches import groups_to_propose, households_to_place


@dataclass
class RoundInput:
    """The engine's instance plus the way back from its int ids to our records."""

    municipality: Municipality
    instance: engine.Instance
    refugee_codes: list  # engine id -> Refugee.code
    group_codes: list  # engine id -> WelcomeGroup.code
    weights: dict = field(default_factory=dict)  # the policy's weights, kept with the round
    refugee_names: dict = field(default_factory=dict)  # code -> display name
    group_names: dict = field(default_factory=dict)

    def refugee_id(self, code) -> int | None:
        try:
            return self.refugee_codes.index(code)
        except ValueError:
            return None

    def group_id(self, code) -> int | None:
        try:
            return self.group_codes.index(code)
        except ValueError:
            return None


def policy_for(municipality: Municipality) -> tuple[engine.Policy, dict]:
    """The engine's policy for a municipality (see MatchingPolicy.for_municipality)."""
    policy = MatchingPolicy.for_municipality(municipality)
    weights = {name: getattr(policy, name) for name in MatchingPolicy.WEIGHTS}
    return engine.Policy(weights=weights, nearby_km=policy.nearby_km, max_km=policy.max_km), weights


def group_municipalities(municipality: Municipality, user: User | None) -> set[int]:
    """Where groups may come from: the municipality and its neighbours in the user's scope."""
    neighbours = set(municipality.neighbours.values_list("pk", flat=True))
    if user is not None and not user.is_administrator:
        neighbours &= user.municipality_ids
    return {municipality.pk} | neighbours


def _slots(row: dict) -> frozenset[str]:
    return frozenset(
        slot
        for slot, on in (
            ("weekday", row["available_weekdays"]),
            ("evening", row["available_evenings"]),
            ("weekend", row["available_weekends"]),
        )
        if on
    )


def _location(row: dict):
    if row["latitude"] is None or row["longitude"] is None:
        return None
    return (float(row["latitude"]), float(row["longitude"]))


def round_input(
    *, municipality: Municipality, user: User | None = None, today: datetime.date | None = None
) -> RoundInput:
    today = today or timezone.localdate()
    policy, weights = policy_for(municipality)
    refugees = households_to_place(Refugee.objects.filter(municipality=municipality))
    neighbour_ids = frozenset(municipality.neighbours.values_list("pk", flat=True))
    group_places = group_municipalities(municipality, user)
    groups = groups_to_propose(WelcomeGroup.objects.filter(municipality__in=group_places), on=today)

    r_rows = list(
        refugees.values(
            "code",
            "first_name",
            "last_name",
            "birth_year",
            "interpreter_available",
            "accepts_neighbouring_municipality",
            "waiting_since",
            "available_weekdays",
            "available_evenings",
            "available_weekends",
            "latitude",
            "longitude",
        ).order_by("waiting_since", "code")
    )
    g_rows = list(
        groups.values(
            "code",
            "name",
            "municipality",
            "status",
            "capacity",
            "open_matches",
            "screened",
            "is_woman_led",
            "has_children",
            "typical_age",
            "available_weekdays",
            "available_evenings",
            "available_weekends",
            "latitude",
            "longitude",
        ).order_by("name", "code")
    )
    r_codes = [row["code"] for row in r_rows]
    g_codes = [row["code"] for row in g_rows]

    r_langs, r_goals, r_required, r_interests = (
        defaultdict(set),
        defaultdict(dict),
        defaultdict(set),
        defaultdict(set),
    )
    for code, lang in Refugee.languages.through.objects.filter(refugee__in=r_codes).values_list(
        "refugee_id", "language__code"
    ):
        r_langs[code].add(lang)
    for code, key, priority in HouseholdGoal.objects.filter(refugee__in=r_codes).values_list(
        "refugee_id", "life_domain__key", "priority"
    ):
        r_goals[code][key] = priority
    for code, kind in HouseholdPreference.objects.filter(
        refugee__in=r_codes, required=True
    ).values_list("refugee_id", "kind"):
        r_required[code].add(kind)
    for code, interest in Refugee.interests.through.objects.filter(refugee__in=r_codes).values_list(
        "refugee_id", "interest_id"
    ):
        r_interests[code].add(interest)
    with_children = set(
        HouseholdMember.objects.filter(
            refugee__in=r_codes, relation=HouseholdMember.Relation.CHILD
        ).values_list("refugee_id", flat=True)
    )

    g_langs, g_expertise, g_interests = defaultdict(set), defaultdict(dict), defaultdict(set)
    for code, lang in Membership.languages.through.objects.filter(
        membership__group__in=g_codes
    ).values_list("membership__group_id", "language__code"):
        g_langs[code].add(lang)
    for code, key, level in GroupExpertise.objects.filter(group__in=g_codes).values_list(
        "group_id", "life_domain__key", "level"
    ):
        g_expertise[code][key] = level
    for code, interest in WelcomeGroup.interests.through.objects.filter(
        welcomegroup__in=g_codes
    ).values_list("welcomegroup_id", "interest_id"):
        g_interests[code].add(interest)

    r_index = {code: i for i, code in enumerate(r_codes)}
    g_index = {code: i for i, code in enumerate(g_codes)}
    vetoes = frozenset(
        (r_index[r], g_index[g])
        for r, g in Veto.objects.filter(refugee__in=r_codes, group__in=g_codes).values_list(
            "refugee_id", "group_id"
        )
    )
    households = [
        engine.Household(
            id=i,
            municipality=municipality.pk,
            neighbours=neighbour_ids if row["accepts_neighbouring_municipality"] else (),
            languages=r_langs[row["code"]],
            interpreter=row["interpreter_available"],
            required=r_required[row["code"]],
            has_children=row["code"] in with_children,
            adult_age=today.year - row["birth_year"] if row["birth_year"] else None,
            goals=r_goals[row["code"]],
            interests=r_interests[row["code"]],
            availability=_slots(row),
            location=_location(row),
            waiting_days=max((today - row["waiting_since"]).days, 0),
        )
        for i, row in enumerate(r_rows)
    ]
    group_list = [
        engine.Group(
            id=i,
            municipality=row["municipality"],
            capacity=max(row["capacity"] - row["open_matches"], 0),
            ready=True,
            screened=row["screened"],
            languages=g_langs[row["code"]],
            woman_led=row["is_woman_led"],
            has_children=row["has_children"],
            typical_age=row["typical_age"],
            expertise=g_expertise[row["code"]],
            interests=g_interests[row["code"]],
            availability=_slots(row),
            location=_location(row),
        )
        for i, row in enumerate(g_rows)
    ]
    return RoundInput(
        municipality=municipality,
        instance=engine.Instance(households, group_list, policy, vetoes),
        refugee_codes=r_codes,
        group_codes=g_codes,
        weights=weights,
        refugee_names={
            row["code"]: f"{row['first_name']} {row['last_name']}".strip() for row in r_rows
        },
        group_names={row["code"]: row["name"] for row in g_rows},
    )


def round_compute(*, municipality: Municipality, user: User | None = None, today=None):
    """Run the engine for a municipality without writing anything: (input, result)."""
    data = round_input(municipality=municipality, user=user, today=today)
    inst = data.instance
    return data, engine.solve(inst.households, inst.groups, inst.policy, inst.vetoes)
