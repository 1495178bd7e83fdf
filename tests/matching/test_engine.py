"""Example-based tests of the matching engine: hard constraints, scores, explanations."""

import subprocess
import sys
from pathlib import Path

import pytest

from matching.engine import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    HARD_REASONS,
    Group,
    Household,
    Instance,
    Policy,
    explain_pair,
    solve,
    solve_fcfs,
    solve_greedy,
)

# Two points about 3.4 km apart in Utrecht, and one about 20 km away.
CENTRE = (52.0907, 5.1214)
NEAR = (52.0907, 5.1714)
FAR = (52.2700, 5.1214)


def household(id: int = 1, **fields) -> Household:
    fields.setdefault("municipality", 1)
    fields.setdefault("languages", {"nl"})
    return Household(id=id, **fields)


def group(id: int = 10, **fields) -> Group:
    fields.setdefault("municipality", 1)
    fields.setdefault("languages", {"nl"})
    return Group(id=id, **fields)


def placed(result) -> dict[int, int]:
    return {pair.household_id: pair.group_id for pair in result.pairs}


def reasons(household_: Household, group_: Group, **instance) -> tuple[str, ...]:
    return explain_pair(
        Instance([household_], [group_], **instance), household_.id, group_.id
    ).reasons


# Hard constraints, one at a time.


def test_it_matches_a_plain_feasible_pair():
    result = solve([household()], [group()])
    assert placed(result) == {1: 10}
    assert result.unmatched == []


def test_it_excludes_a_group_in_another_municipality():
    h, g = household(municipality=1), group(municipality=2)
    assert placed(solve([h], [g])) == {}
    assert reasons(h, g) == ("municipality",)


def test_it_accepts_a_neighbouring_municipality_the_household_accepts():
    h, g = household(municipality=1, neighbours={2, 3}), group(municipality=2)
    assert placed(solve([h], [g])) == {1: 10}
    assert reasons(h, g) == ()


def test_it_excludes_a_neighbouring_municipality_the_household_does_not_accept():
    h, g = household(municipality=1, neighbours={3}), group(municipality=2)
    assert placed(solve([h], [g])) == {}
    assert reasons(h, g) == ("municipality",)


def test_it_excludes_a_household_that_is_not_ready():
    h, g = household(ready=False), group()
    assert placed(solve([h], [g])) == {}
    assert reasons(h, g) == ("household_not_ready",)


def test_it_excludes_a_group_that_is_not_ready():
    h, g = household(), group(ready=False)
    assert placed(solve([h], [g])) == {}
    assert reasons(h, g) == ("group_not_ready",)


def test_it_excludes_a_group_that_is_not_screened_as_its_own_reason():
    h, g = household(), group(screened=False)
    assert placed(solve([h], [g])) == {}
    assert reasons(h, g) == ("group_not_screened",)
    assert reasons(h, group(screened=False, ready=False)) == (
        "group_not_screened",
        "group_not_ready",
    )


def test_it_requires_a_shared_language_without_an_interpreter():
    h, g = household(languages={"ar"}), group(languages={"nl", "en"})
    assert placed(solve([h], [g])) == {}
    assert reasons(h, g) == ("language",)


def test_it_allows_no_shared_language_with_an_interpreter_but_scores_language_zero():
    h, g = household(languages={"ar"}, interpreter=True), group(languages={"nl"})
    result = solve([h], [g])
    assert placed(result) == {1: 10}
    assert result.pairs[0].contributions["language"] == 0.0


def test_it_excludes_a_vetoed_pair():
    h, g = household(), group()
    assert placed(solve([h], [g], vetoes=frozenset({(1, 10)}))) == {}
    assert reasons(h, g, vetoes=frozenset({(1, 10)})) == ("veto",)
    assert placed(solve([h], [g], vetoes=frozenset({(1, 11), (2, 10)}))) == {1: 10}


def test_it_enforces_a_required_woman_led_group():
    h = household(required={"woman_led"})
    assert reasons(h, group(woman_led=False)) == ("required_woman_led",)
    assert reasons(h, group(woman_led=True)) == ()
    assert placed(solve([h], [group(10), group(11, woman_led=True)])) == {1: 11}


def test_it_enforces_a_required_group_with_children():
    h = household(required={"with_children"}, has_children=True)
    assert reasons(h, group(has_children=False)) == ("required_with_children",)
    assert reasons(h, group(has_children=True)) == ()
    assert placed(solve([h], [group(10), group(11, has_children=True)])) == {1: 11}


def test_it_enforces_a_required_nearby_group_and_treats_unknown_location_as_not_met():
    h = household(required={"nearby"}, location=CENTRE)
    assert reasons(h, group(location=NEAR)) == ()
    assert reasons(h, group(location=FAR)) == ("required_nearby",)
    assert reasons(h, group(location=None)) == ("required_nearby",)
    assert reasons(household(required={"nearby"}), group(location=NEAR)) == ("required_nearby",)
    assert reasons(h, group(location=NEAR), policy=Policy(nearby_km=3.0)) == ("required_nearby",)
    assert placed(solve([h], [group(10, location=FAR), group(11, location=NEAR)])) == {1: 11}


def test_it_gives_no_place_in_a_group_with_capacity_zero():
    h, g = household(), group(capacity=0)
    assert placed(solve([h], [g])) == {}
    assert reasons(h, g) == ("capacity",)


def test_it_never_assigns_more_households_than_a_group_has_places():
    households = [household(i) for i in range(1, 5)]
    result = solve(households, [group(10, capacity=2), group(11, capacity=1)])
    counts = [pair.group_id for pair in result.pairs]
    assert sorted(counts) == [10, 10, 11]
    assert [u.reason for u in result.unmatched] == ["taken_by_better_pairings"]


def test_it_lists_every_broken_constraint_when_explaining_a_pair():
    h = household(ready=False, languages={"ar"}, required={"woman_led", "nearby"})
    g = group(municipality=2, ready=False, screened=False, capacity=0)
    explanation = explain_pair(Instance([h], [g], vetoes=frozenset({(1, 10)})), 1, 10)
    assert not explanation.feasible
    assert explanation.score is None
    assert explanation.reasons == tuple(
        key for key in HARD_REASONS if key != "required_with_children"
    )


def test_it_rejects_explaining_an_unknown_household_or_group():
    instance = Instance([household()], [group()])
    with pytest.raises(ValueError, match="household 2"):
        explain_pair(instance, 2, 10)
    with pytest.raises(ValueError, match="group 11"):
        explain_pair(instance, 1, 11)


# Unplaced households and their reasons.


def test_it_reports_a_household_whose_only_group_is_better_used_elsewhere():
    long_waiting = household(1, waiting_days=300)
    short_waiting = household(2, waiting_days=10)
    result = solve([long_waiting, short_waiting], [group(10)])
    assert placed(result) == {1: 10}
    [unmatched] = result.unmatched
    assert unmatched.household_id == 2
    assert unmatched.reason == "taken_by_better_pairings"
    [(group_id, score)] = unmatched.detail
    assert group_id == 10
    assert score == pytest.approx(
        explain_pair(Instance([long_waiting, short_waiting], [group(10)]), 2, 10).score
    )
    assert score < result.pairs[0].score


def test_it_reports_no_feasible_group_counting_the_first_failing_constraint_per_group():
    h = household(
        languages={"ar"},
        required={"woman_led", "with_children", "nearby"},
        location=CENTRE,
        has_children=True,
    )
    ok = {"languages": {"ar"}, "woman_led": True, "has_children": True, "location": NEAR}
    groups = [
        group(10, municipality=2, **ok),
        group(11, municipality=3, **ok),
        group(12, screened=False, ready=False, **ok),
        group(13, ready=False, **ok),
        group(14, capacity=0, languages={"nl"}),
        group(15, languages={"nl"}),
        group(16, **ok),  # vetoed
        group(17, **{**ok, "woman_led": False, "has_children": False}),
        group(18, **{**ok, "has_children": False}),
        group(19, **{**ok, "location": FAR}),
        group(20, **{**ok, "location": None}),
    ]
    result = solve([h], groups, vetoes=frozenset({(1, 16)}))
    [unmatched] = result.unmatched
    assert unmatched.reason == "no_feasible_group"
    assert unmatched.detail == {
        "municipality": 2,
        "group_not_screened": 1,
        "group_not_ready": 1,
        "capacity": 1,
        "language": 1,
        "veto": 1,
        "required_woman_led": 1,
        "required_with_children": 1,
        "required_nearby": 2,
    }
    assert list(unmatched.detail) == [key for key in HARD_REASONS if key in unmatched.detail]


def test_it_reports_a_household_that_is_not_ready_against_every_group():
    result = solve([household(ready=False)], [group(10), group(11, municipality=2)])
    [unmatched] = result.unmatched
    assert unmatched.reason == "no_feasible_group"
    assert unmatched.detail == {"household_not_ready": 2}


# Scores.


def test_it_scores_each_criterion_as_specified():
    h = household(
        languages={"nl", "ar"},
        has_children=True,
        adult_age=30,
        goals={"work": 3, "health": 1},
        interests={1, 2, 3},
        availability={"evening", "weekend"},
        location=CENTRE,
        waiting_days=50,
    )
    g = group(
        languages={"nl", "en"},
        has_children=True,
        typical_age=50,
        expertise={"work": 2, "housing": 3},
        interests={2, 3, 4, 5},
        availability={"weekend"},
        location=NEAR,
    )
    other = household(2, waiting_days=200)
    explanation = explain_pair(Instance([h, other], [g]), 1, 10)
    values = {key: explanation.contributions[key] / DEFAULT_WEIGHTS[key] for key in CRITERIA}
    assert values["placement"] == 1.0
    assert values["language"] == pytest.approx(1 / 2)
    assert values["expertise"] == pytest.approx((3 * 2 + 1 * 0) / (3 * 3 + 1 * 3))
    assert values["composition"] == pytest.approx((1 + (1 - 20 / 40)) / 2)
    assert values["interests"] == pytest.approx(2 / 5)
    assert values["availability"] == pytest.approx(1 / 2)
    assert values["distance"] == pytest.approx(1 - 3.42 / 25, abs=0.002)
    assert values["waiting"] == pytest.approx(50 / 200)
    assert explanation.score == sum(explanation.contributions.values())


def test_it_uses_neutral_values_when_information_is_missing():
    explanation = explain_pair(
        Instance([household(languages={"nl"})], [group(has_children=True, typical_age=40)]), 1, 10
    )
    contributions = explanation.contributions
    assert contributions["expertise"] == 0.0  # no goals
    assert contributions["composition"] == 0.0  # children differ, no household age
    assert contributions["interests"] == 0.0  # both empty
    assert contributions["availability"] == DEFAULT_WEIGHTS["availability"]  # none stated
    assert contributions["distance"] == DEFAULT_WEIGHTS["distance"] * 0.5  # location unknown
    assert contributions["waiting"] == 0.0  # nobody waits


def test_it_reports_the_same_contributions_in_solve_explain_and_alternatives():
    households = [household(1, waiting_days=5, location=CENTRE), household(2, location=NEAR)]
    groups = [group(10, location=FAR, capacity=2), group(11, location=NEAR)]
    result = solve(households, groups)
    instance = Instance(households, groups)
    for pair in result.pairs:
        explanation = explain_pair(instance, pair.household_id, pair.group_id)
        assert explanation.contributions == pytest.approx(pair.contributions, abs=1e-12)
        assert pair.score == sum(pair.contributions.values())
        alternatives = result.alternatives(pair.household_id)
        assert [a.group_id for a in alternatives] == [11, 10]
        assert alternatives[0].score >= alternatives[1].score
    assert len(result.alternatives(1, top=1)) == 1
    assert result.alternatives(99) == []


def test_it_places_more_households_where_greedy_takes_the_single_best_pair():
    households = [
        household(1, languages={"nl", "ar"}, waiting_days=100),
        household(2, languages={"nl", "ar"}),
    ]
    groups = [group(10, languages={"nl", "ar"}), group(11, languages={"nl"})]
    vetoes = frozenset({(2, 11)})
    optimum = solve(households, groups, vetoes=vetoes)
    greedy = solve_greedy(households, groups, vetoes=vetoes)
    assert placed(greedy) == {1: 10}
    assert placed(optimum) == {1: 11, 2: 10}
    assert optimum.total > greedy.total


def test_it_lets_the_longest_waiting_choose_first_in_fcfs():
    households = [household(1, waiting_days=10), household(2, waiting_days=90)]
    result = solve_fcfs(households, [group(10)])
    assert placed(result) == {2: 10}


# Input validation and behaviour at the edges.


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"language": -1}, "'language' must be finite and >= 0"),
        ({"distance": float("nan")}, "'distance' must be finite"),
        ({"waiting": float("inf")}, "'waiting' must be finite"),
        ({"interests": "high"}, "'interests' must be a number"),
        ({"interests": True}, "'interests' must be a number"),
        ({"beauty": 1}, "unknown criteria \\['beauty'\\]"),
    ],
)
def test_it_rejects_invalid_policy_weights(weights, message):
    with pytest.raises(ValueError, match=message):
        Policy(weights=weights)


def test_it_rejects_invalid_policy_distances():
    with pytest.raises(ValueError, match="nearby_km"):
        Policy(nearby_km=-1)
    with pytest.raises(ValueError, match="max_km"):
        Policy(max_km=0)
    with pytest.raises(ValueError, match="max_km"):
        Policy(max_km=float("inf"))


def test_it_fills_missing_weights_with_the_defaults():
    policy = Policy(weights={"language": 5, "waiting": 0})
    assert policy.weights == {**DEFAULT_WEIGHTS, "language": 5.0, "waiting": 0.0}
    assert tuple(policy.weights) == CRITERIA
    assert tuple(DEFAULT_WEIGHTS) == CRITERIA
    assert dict(DEFAULT_WEIGHTS) == {
        "placement": 10,
        "language": 3,
        "expertise": 3,
        "composition": 1,
        "interests": 1,
        "availability": 1,
        "distance": 1,
        "waiting": 2,
    }


def test_it_rejects_invalid_households_and_groups():
    with pytest.raises(ValueError, match="unknown preferences"):
        household(required={"quiet"})
    with pytest.raises(ValueError, match="goals"):
        household(goals={"work": 4})
    with pytest.raises(ValueError, match="capacity"):
        group(capacity=-1)
    with pytest.raises(ValueError, match="expertise"):
        group(expertise={"work": 0})
    with pytest.raises(ValueError, match="location"):
        group(location=(91.0, 5.0))
    with pytest.raises(ValueError, match="duplicate household id 1"):
        solve([household(1), household(1)], [group()])


def test_it_handles_empty_rounds():
    assert solve([], []).pairs == []
    assert solve([], [group()]).total == 0.0
    result = solve([household()], [])
    assert result.unmatched[0].reason == "no_feasible_group"
    assert result.unmatched[0].detail == {}


def test_it_gives_the_same_result_whatever_the_input_order():
    households = [household(i, waiting_days=i % 3) for i in range(1, 9)]
    groups = [group(10 + j, capacity=j % 3) for j in range(5)]
    first = solve(households, groups)
    again = solve(list(reversed(households)), list(reversed(groups)))
    assert first == again


def test_it_imports_without_django():
    root = Path(__file__).resolve().parents[2]
    code = (
        f"import sys; sys.path.insert(0, {str(root)!r}); import matching.engine; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
