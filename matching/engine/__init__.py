"""Matching engine: proposes welcome group - household pairs for one matching round.

Pure Python + numpy + scipy (no Django), so it can be tested and benchmarked on its own.
``solve`` filters pairs by hard constraints, scores the feasible ones on soft criteria and
finds the assignment with the highest total score, proven optimal; every proposal comes with
its per-criterion contributions, and every unplaced household with the reason.
"""

from .model import (
    CRITERIA,
    DEFAULT_POLICY,
    DEFAULT_WEIGHTS,
    HARD_REASONS,
    NO_FEASIBLE_GROUP,
    PREFERENCES,
    TAKEN_BY_BETTER_PAIRINGS,
    Explanation,
    Group,
    Household,
    Instance,
    Pair,
    Policy,
    Result,
    Unmatched,
)
from .pipeline import ALTERNATIVES_KEPT, explain_pair, solve, solve_fcfs, solve_greedy

__all__ = [
    "ALTERNATIVES_KEPT",
    "CRITERIA",
    "DEFAULT_POLICY",
    "DEFAULT_WEIGHTS",
    "HARD_REASONS",
    "NO_FEASIBLE_GROUP",
    "PREFERENCES",
    "TAKEN_BY_BETTER_PAIRINGS",
    "Explanation",
    "Group",
    "Household",
    "Instance",
    "Pair",
    "Policy",
    "Result",
    "Unmatched",
    "explain_pair",
    "solve",
    "solve_fcfs",
    "solve_greedy",
]
