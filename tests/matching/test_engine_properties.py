"""Property-based tests of the matching engine against a plain-Python reference.

The reference re-implements the hard constraints and soft criteria pair by pair, straight
from the specification, and a brute-force search finds the true optimum of small instances.
"""

import math
import random
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from matching.engine import (
    CRITERIA,
    HARD_REASONS,
    PREFERENCES,
    Group,
    Household,
    Instance,
    Policy,
    explain_pair,
    solve,
    solve_fcfs,
    solve_greedy,
)

LANGUAGES = ["nl", "ar", "en", "ti"]
DOMAINS = ["work", "health", "housing"]
SLOTS = ["weekday", "evening", "weekend"]
# A grid of locations spanning about 0-12 km, so "nearby" (5 km) is sometimes met.
LOCATIONS = [(52.0 + 0.011 * i, 4.5 + 0.017 * j) for i in range(6) for j in range(6)]


# Reference implementation, one pair at a time.


def haversine_km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def reference_reasons(h: Household, g: Group, policy: Policy, vetoes) -> list[str]:
    km = haversine_km(h.location, g.location) if h.location and g.location else None
    broken = {
        "household_not_ready": not h.ready,
        "municipality": g.municipality != h.municipality and g.municipality not in h.neighbours,
        "group_not_screened": not g.screened,
        "group_not_ready": not g.ready,
        "capacity": g.capacity == 0,
        "language": not (h.languages & g.languages) and not h.interpreter,
        "veto": (h.id, g.id) in vetoes,
        "required_woman_led": "woman_led" in h.required and not g.woman_led,
        "required_with_children": "with_children" in h.required and not g.has_children,
        "required_nearby": "nearby" in h.required and (km is None or km > policy.nearby_km),
    }
    assert list(broken) == list(HARD_REASONS)
    return [key for key, hit in broken.items() if hit]


def reference_score(h: Household, g: Group, policy: Policy, longest_wait: int) -> float:
    common = h.languages & g.languages
    children = 1.0 if h.has_children == g.has_children else 0.0
    if h.adult_age is not None and g.typical_age is not None:
        composition = (children + 1 - min(abs(h.adult_age - g.typical_age) / 40, 1)) / 2
    else:
        composition = children
    union = h.interests | g.interests
    km = haversine_km(h.location, g.location) if h.location and g.location else None
    values = {
        "placement": 1.0,
        "language": len(common) / len(h.languages) if h.languages else 0.0,
        "expertise": (
            sum(p * g.expertise.get(d, 0) for d, p in h.goals.items())
            / sum(3 * p for p in h.goals.values())
            if h.goals
            else 0.0
        ),
        "composition": composition,
        "interests": len(h.interests & g.interests) / len(union) if union else 0.0,
        "availability": (
            len(h.availability & g.availability) / len(h.availability) if h.availability else 1.0
        ),
        "distance": 0.5 if km is None else 1 - min(km / policy.max_km, 1),
        "waiting": h.waiting_days / longest_wait if longest_wait else 0.0,
    }
    assert list(values) == list(CRITERIA)
    return sum(policy.weights[key] * value for key, value in values.items())


def feasible_scores(households, groups, policy, vetoes) -> dict[tuple[int, int], float]:
    longest = max((h.waiting_days for h in households), default=0)
    return {
        (h.id, g.id): reference_score(h, g, policy, longest)
        for h in households
        for g in groups
        if not reference_reasons(h, g, policy, vetoes)
    }


def brute_force_optimum(households, groups, scores) -> float:
    """Exhaustive search over every capacity-respecting assignment (memoised on capacities)."""
    group_index = {g.id: k for k, g in enumerate(groups)}

    @cache
    def best(i: int, capacities: tuple[int, ...]) -> float:
        if i == len(households):
            return 0.0
        value = best(i + 1, capacities)  # household i stays unplaced
        for g in groups:
            k = group_index[g.id]
            score = scores.get((households[i].id, g.id))
            if score is not None and capacities[k] > 0:
                rest = capacities[:k] + (capacities[k] - 1,) + capacities[k + 1 :]
                value = max(value, score + best(i + 1, rest))
        return value

    return best(0, tuple(g.capacity for g in groups))


# Random instances.

small_sets = st.frozensets


@st.composite
def households_strategy(draw, max_size: int = 6) -> list[Household]:
    n = draw(st.integers(0, max_size))
    return [
        Household(
            id=i + 1,
            municipality=draw(st.integers(1, 3)),
            neighbours=draw(small_sets(st.integers(1, 4), max_size=2)),
            ready=draw(st.booleans() | st.just(True)),
            languages=draw(small_sets(st.sampled_from(LANGUAGES), max_size=3)),
            interpreter=draw(st.booleans()),
            required=draw(small_sets(st.sampled_from(PREFERENCES), max_size=2)),
            has_children=draw(st.booleans()),
            adult_age=draw(st.none() | st.integers(18, 80)),
            goals=draw(st.dictionaries(st.sampled_from(DOMAINS), st.integers(1, 3), max_size=3)),
            interests=draw(small_sets(st.integers(1, 5), max_size=4)),
            availability=draw(small_sets(st.sampled_from(SLOTS))),
            location=draw(st.none() | st.sampled_from(LOCATIONS)),
            waiting_days=draw(st.integers(0, 400)),
        )
        for i in range(n)
    ]


@st.composite
def groups_strategy(draw, max_size: int = 4) -> list[Group]:
    n = draw(st.integers(0, max_size))
    return [
        Group(
            id=100 + j,
            municipality=draw(st.integers(1, 3)),
            capacity=draw(st.integers(0, 2)),
            ready=draw(st.booleans() | st.just(True)),
            screened=draw(st.booleans() | st.just(True)),
            languages=draw(small_sets(st.sampled_from(LANGUAGES), max_size=3)),
            woman_led=draw(st.booleans()),
            has_children=draw(st.booleans()),
            typical_age=draw(st.none() | st.integers(20, 80)),
            expertise=draw(st.dictionaries(st.sampled_from(DOMAINS), st.integers(1, 3))),
            interests=draw(small_sets(st.integers(1, 5), max_size=4)),
            availability=draw(small_sets(st.sampled_from(SLOTS))),
            location=draw(st.none() | st.sampled_from(LOCATIONS)),
        )
        for j in range(n)
    ]


policies = st.builds(
    Policy,
    weights=st.dictionaries(
        st.sampled_from(CRITERIA),
        st.floats(0, 10, allow_nan=False) | st.sampled_from([0.0, 1.0, 3.0]),
    ),
    nearby_km=st.sampled_from([2.0, 5.0, 8.0]),
    max_km=st.sampled_from([5.0, 25.0]),
)


@st.composite
def instances(draw) -> Instance:
    households = draw(households_strategy())
    groups = draw(groups_strategy())
    all_pairs = [(h.id, g.id) for h in households for g in groups]
    vetoes = draw(small_sets(st.sampled_from(all_pairs))) if all_pairs else frozenset()
    return Instance(households, groups, draw(policies), vetoes)


def run(solver, instance: Instance):
    return solver(instance.households, instance.groups, instance.policy, instance.vetoes)


# No example database: nothing is written into the repository.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# Properties.


@settings(SETTINGS, max_examples=400)
@given(instances())
def test_it_finds_the_brute_force_optimum(instance):
    scores = feasible_scores(instance.households, instance.groups, instance.policy, instance.vetoes)
    expected = brute_force_optimum(list(instance.households), list(instance.groups), scores)
    assert run(solve, instance).total == pytest.approx(expected, rel=1e-9, abs=1e-9)


@SETTINGS
@given(instances())
def test_it_never_breaks_a_hard_constraint(instance):
    result = run(solve, instance)
    households = {h.id: h for h in instance.households}
    groups = {g.id: g for g in instance.groups}
    for pair in result.pairs:
        h, g = households[pair.household_id], groups[pair.group_id]
        assert reference_reasons(h, g, instance.policy, instance.vetoes) == []
    placed = [pair.household_id for pair in result.pairs]
    assert len(placed) == len(set(placed))
    for g in instance.groups:
        assert sum(pair.group_id == g.id for pair in result.pairs) <= g.capacity
    unplaced = [u.household_id for u in result.unmatched]
    assert sorted(placed + unplaced) == sorted(households)


@SETTINGS
@given(instances())
def test_it_scores_like_the_reference_and_contributions_add_up(instance):
    result = run(solve, instance)
    scores = feasible_scores(instance.households, instance.groups, instance.policy, instance.vetoes)
    total = 0.0
    for pair in result.pairs:
        assert list(pair.contributions) == list(CRITERIA)
        assert abs(sum(pair.contributions.values()) - pair.score) <= 1e-9
        assert pair.score == pytest.approx(scores[pair.household_id, pair.group_id], abs=1e-9)
        total += pair.score
    assert result.total == pytest.approx(total, abs=1e-9)


@SETTINGS
@given(instances())
def test_it_explains_every_unplaced_household(instance):
    result = run(solve, instance)
    taken = {g.id: 0 for g in instance.groups}
    for pair in result.pairs:
        taken[pair.group_id] += 1
    groups = {g.id: g for g in instance.groups}
    households = {h.id: h for h in instance.households}
    for unmatched in result.unmatched:
        h = households[unmatched.household_id]
        first_reasons = [
            reference_reasons(h, g, instance.policy, instance.vetoes)[:1] for g in instance.groups
        ]
        feasible = [
            g.id for g, first in zip(instance.groups, first_reasons, strict=True) if not first
        ]
        if unmatched.reason == "no_feasible_group":
            assert feasible == []
            expected = {}
            for [reason] in first_reasons:
                expected[reason] = expected.get(reason, 0) + 1
            assert unmatched.detail == expected
        else:
            assert unmatched.reason == "taken_by_better_pairings"
            assert sorted(group_id for group_id, _ in unmatched.detail) == sorted(feasible)
            listed = [score for _, score in unmatched.detail]
            assert listed == sorted(listed, reverse=True)
            # Every group it could have had is full.
            assert all(taken[group_id] == groups[group_id].capacity for group_id in feasible)


@SETTINGS
@given(instances())
def test_it_beats_or_equals_greedy_and_first_come_first_served(instance):
    optimum = run(solve, instance).total
    assert optimum >= run(solve_greedy, instance).total - 1e-9
    assert optimum >= run(solve_fcfs, instance).total - 1e-9


@SETTINGS
@given(instances())
def test_it_offers_feasible_alternatives_best_first_and_explains_pairs(instance):
    result = run(solve, instance)
    scores = feasible_scores(instance.households, instance.groups, instance.policy, instance.vetoes)
    for h in instance.households:
        alternatives = result.alternatives(h.id, top=3)
        feasible = [g for (hid, g) in scores if hid == h.id]
        assert len(alternatives) == min(3, len(feasible))
        listed = [a.score for a in alternatives]
        assert listed == sorted(listed, reverse=True)
        for g in instance.groups:
            explanation = explain_pair(instance, h.id, g.id)
            expected = reference_reasons(h, g, instance.policy, instance.vetoes)
            assert list(explanation.reasons) == expected
            assert explanation.feasible == (not expected)
            if explanation.feasible:
                assert explanation.score == pytest.approx(scores[h.id, g.id], abs=1e-9)


@settings(SETTINGS, max_examples=50)
@given(instances(), st.randoms(use_true_random=False))
def test_it_is_deterministic_whatever_the_input_order(instance, rng):
    households, groups = list(instance.households), list(instance.groups)
    rng.shuffle(households)
    rng.shuffle(groups)
    first = run(solve, instance)
    again = solve(households, groups, instance.policy, instance.vetoes)
    assert first == again


@pytest.mark.parametrize("seed", range(4))
def test_it_reaches_the_linear_programming_bound_on_larger_instances(seed):
    """Independent optimality certificate: the assignment LP is integral, so its optimum
    (solved by HiGHS) must equal the engine's total."""
    rng = random.Random(seed)
    households = [
        Household(
            id=i,
            municipality=rng.randint(1, 3),
            neighbours=frozenset({rng.randint(1, 3)}) if rng.random() < 0.5 else frozenset(),
            languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))),
            interpreter=rng.random() < 0.2,
            required=frozenset({"woman_led"}) if rng.random() < 0.1 else frozenset(),
            has_children=rng.random() < 0.5,
            adult_age=rng.randint(20, 60),
            goals={d: rng.randint(1, 3) for d in rng.sample(DOMAINS, 2)},
            interests=frozenset(rng.sample(range(10), 3)),
            availability=frozenset(rng.sample(SLOTS, rng.randint(0, 3))),
            location=rng.choice(LOCATIONS),
            waiting_days=rng.randint(0, 500),
        )
        for i in range(80)
    ]
    groups = [
        Group(
            id=1000 + j,
            municipality=rng.randint(1, 3),
            capacity=rng.randint(0, 3),
            ready=rng.random() < 0.9,
            languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 3))),
            woman_led=rng.random() < 0.4,
            has_children=rng.random() < 0.5,
            typical_age=rng.randint(25, 70),
            expertise={d: rng.randint(1, 3) for d in rng.sample(DOMAINS, 2)},
            interests=frozenset(rng.sample(range(10), 4)),
            availability=frozenset(rng.sample(SLOTS, 2)),
            location=rng.choice(LOCATIONS),
        )
        for j in range(25)
    ]
    policy = Policy()
    scores = feasible_scores(households, groups, policy, frozenset())
    pairs = list(scores)
    h_row = {h.id: r for r, h in enumerate(households)}
    g_row = {g.id: len(households) + r for r, g in enumerate(groups)}
    constraints = np.zeros((len(households) + len(groups), len(pairs)))
    for column, (h, g) in enumerate(pairs):
        constraints[h_row[h], column] = 1
        constraints[g_row[g], column] = 1
    bounds = [1] * len(households) + [g.capacity for g in groups]
    lp = linprog(
        -np.array([scores[p] for p in pairs]),
        A_ub=constraints,
        b_ub=bounds,
        bounds=(0, 1),
        method="highs",
    )
    assert lp.status == 0
    assert solve(households, groups, policy).total == pytest.approx(-lp.fun, rel=1e-9)
    assert (
        solve(households, groups, policy).total
        > solve_greedy(households, groups, policy).total - 1e-9
    )
