"""One matching round end to end: filter, score, assign, explain.

``solve`` is the optimum used in production; ``solve_greedy`` and ``solve_fcfs`` run the same
filtering and scoring but assign like the old manual practice, for the benchmark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from . import assignment
from .constraints import distance_km, failures, reachable_pairs, shared_languages, veto_keys
from .features import Encoded, encode
from .model import (
    DEFAULT_POLICY,
    HARD_REASONS,
    NO_FEASIBLE_GROUP,
    TAKEN_BY_BETTER_PAIRINGS,
    Alternatives,
    Explanation,
    Group,
    Household,
    Instance,
    Pair,
    Policy,
    Result,
    Unmatched,
    make_pair,
)
from .scoring import criterion_values, weigh

#: How many best feasible groups per household the result keeps for ``Result.alternatives``.
ALTERNATIVES_KEPT = 10

_HOUSEHOLD_NOT_READY = HARD_REASONS.index("household_not_ready")
_MUNICIPALITY = HARD_REASONS.index("municipality")


@dataclass(frozen=True)
class Candidates:
    """Feasible pairs with their scores, plus why households without any were excluded."""

    enc: Encoded
    hi: np.ndarray
    gi: np.ndarray
    contributions: np.ndarray  # (pairs, CRITERIA)
    score: np.ndarray
    exclusions: np.ndarray  # (households, HARD_REASONS): groups excluded per first reason


def candidates(
    households: Sequence[Household],
    groups: Sequence[Group],
    policy: Policy = DEFAULT_POLICY,
    vetoes: Iterable[tuple[int, int]] = frozenset(),
) -> Candidates:
    """Apply the hard constraints and score every feasible pair."""
    enc = encode(households, groups)
    n_households, n_groups = len(enc.households.ids), len(enc.groups.ids)
    hi, gi = reachable_pairs(enc)
    shared = shared_languages(enc, hi, gi)
    km = distance_km(enc, hi, gi)
    broken = failures(enc, hi, gi, policy, veto_keys(enc, vetoes), shared, km)
    infeasible = broken.any(axis=1)

    # Only households without a feasible group need the counts, but bincount is cheaper than
    # selecting them first.
    n_reasons = len(HARD_REASONS)
    first = np.argmax(broken[infeasible], axis=1)
    exclusions = np.bincount(
        hi[infeasible] * n_reasons + first, minlength=n_households * n_reasons
    ).reshape(n_households, n_reasons)
    reachable = np.bincount(hi, minlength=n_households)
    ready = enc.households.ready
    exclusions[:, _MUNICIPALITY] = np.where(ready, n_groups - reachable, 0)
    exclusions[:, _HOUSEHOLD_NOT_READY] = np.where(ready, 0, n_groups)
    del broken

    feasible = ~infeasible
    hi, gi, shared, km = hi[feasible], gi[feasible], shared[feasible], km[feasible]
    contributions, score = weigh(criterion_values(enc, hi, gi, policy, shared, km), policy)
    return Candidates(enc, hi, gi, contributions, score, exclusions)


def result(cands: Candidates, chosen: np.ndarray) -> Result:
    """Explain an assignment: placed pairs, unplaced households and alternatives."""
    enc = cands.enc
    household_ids, group_ids = enc.households.ids, enc.groups.ids
    pairs: list[Pair] = [
        make_pair(int(household_ids[cands.hi[p]]), int(group_ids[cands.gi[p]]), row)
        for p, row in zip(chosen.tolist(), cands.contributions[chosen].tolist(), strict=True)
    ]
    pairs.sort(key=lambda pair: pair.household_id)
    total = 0.0
    for pair in pairs:
        total += pair.score

    # Every household's feasible groups, best first (ties by group id).
    order = assignment.best_first(cands.hi, cands.gi, cands.score)
    sorted_h = cands.hi[order]
    n_households = len(household_ids)
    starts = np.searchsorted(sorted_h, np.arange(n_households), side="left")
    ends = np.searchsorted(sorted_h, np.arange(n_households), side="right")

    placed = np.zeros(n_households, dtype=bool)
    placed[cands.hi[chosen]] = True
    unplaced = np.flatnonzero(~placed)
    sorted_groups = group_ids[cands.gi[order]].tolist()
    sorted_scores = cands.score[order].tolist()
    unmatched: list[Unmatched] = []
    for h, lo, hi in zip(
        unplaced.tolist(), starts[unplaced].tolist(), ends[unplaced].tolist(), strict=True
    ):
        household_id = int(household_ids[h])
        if lo == hi:
            counts = {
                key: count
                for key, count in zip(HARD_REASONS, cands.exclusions[h].tolist(), strict=True)
                if count
            }
            unmatched.append(Unmatched(household_id, NO_FEASIBLE_GROUP, counts))
        else:
            options = list(zip(sorted_groups[lo:hi], sorted_scores[lo:hi], strict=True))
            unmatched.append(Unmatched(household_id, TAKEN_BY_BETTER_PAIRINGS, options))

    rank = np.arange(len(order)) - starts[sorted_h]
    kept = order[rank < ALTERNATIVES_KEPT]
    alternatives = Alternatives(
        household_ids=household_ids[cands.hi[kept]],
        group_ids=group_ids[cands.gi[kept]],
        contributions=cands.contributions[kept],
    )
    return Result(pairs, total, unmatched, alternatives)


def _run(
    assign: Callable[[Candidates], np.ndarray],
    households: Sequence[Household],
    groups: Sequence[Group],
    policy: Policy,
    vetoes: Iterable[tuple[int, int]],
) -> Result:
    cands = candidates(households, groups, policy, vetoes)
    return result(cands, assign(cands))


def solve(
    households: Sequence[Household],
    groups: Sequence[Group],
    policy: Policy = DEFAULT_POLICY,
    vetoes: Iterable[tuple[int, int]] = frozenset(),
) -> Result:
    """Assign households to groups maximising the total score over all pairs at once."""
    return _run(
        lambda c: assignment.optimal(c.hi, c.gi, c.score, c.enc.groups.capacity),
        households,
        groups,
        policy,
        vetoes,
    )


def solve_greedy(
    households: Sequence[Household],
    groups: Sequence[Group],
    policy: Policy = DEFAULT_POLICY,
    vetoes: Iterable[tuple[int, int]] = frozenset(),
) -> Result:
    """Baseline: repeatedly take the best-scoring remaining pair."""
    return _run(
        lambda c: assignment.greedy(c.hi, c.gi, c.score, c.enc.groups.capacity),
        households,
        groups,
        policy,
        vetoes,
    )


def solve_fcfs(
    households: Sequence[Household],
    groups: Sequence[Group],
    policy: Policy = DEFAULT_POLICY,
    vetoes: Iterable[tuple[int, int]] = frozenset(),
) -> Result:
    """Baseline: longest waiting first, each takes its best group that still has a place."""
    return _run(
        lambda c: assignment.fcfs(
            c.hi, c.gi, c.score, c.enc.groups.capacity, c.enc.households.waiting_days
        ),
        households,
        groups,
        policy,
        vetoes,
    )


def explain_pair(instance: Instance, household_id: int, group_id: int) -> Explanation:
    """Contributions of one pair, or every hard constraint it breaks (in HARD_REASONS order)."""
    household = next((h for h in instance.households if h.id == household_id), None)
    group = next((g for g in instance.groups if g.id == group_id), None)
    if household is None:
        raise ValueError(f"household {household_id} is not part of the instance")
    if group is None:
        raise ValueError(f"group {group_id} is not part of the instance")
    # Waiting is relative to the longest wait in the whole round, as in solve().
    longest = max((h.waiting_days for h in instance.households), default=0)
    enc = encode([household], [group], longest_wait=longest)
    hi = gi = np.zeros(1, dtype=np.int64)
    shared = shared_languages(enc, hi, gi)
    km = distance_km(enc, hi, gi)
    vetoed = veto_keys(enc, instance.vetoes)
    broken = failures(enc, hi, gi, instance.policy, vetoed, shared, km)[0]
    reasons = tuple(key for key, hit in zip(HARD_REASONS, broken.tolist(), strict=True) if hit)
    if reasons:
        return Explanation(household_id, group_id, False, reasons, None, None)
    contributions, _ = weigh(
        criterion_values(enc, hi, gi, instance.policy, shared, km), instance.policy
    )
    pair = make_pair(household_id, group_id, contributions[0])
    return Explanation(household_id, group_id, True, (), pair.score, pair.contributions)
