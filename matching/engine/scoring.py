"""Soft criteria, vectorised over arrays of candidate pairs.

Each criterion yields a value in [0, 1] per pair; a pair's contribution for a criterion is
that value times the policy weight, and its score is the sum of contributions, added in
``CRITERIA`` order so that the score equals the sum of the reported contributions exactly.
"""

from __future__ import annotations

import numpy as np

from .features import Encoded, popcount
from .model import CRITERIA, Policy

# Age gap (years) at which the age part of "composition" reaches zero.
_AGE_SPAN = 40.0


def _ratio(numerator: np.ndarray, denominator: np.ndarray, empty: float) -> np.ndarray:
    out = np.full(len(numerator), empty, dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def criterion_values(
    enc: Encoded,
    hi: np.ndarray,
    gi: np.ndarray,
    policy: Policy,
    shared: np.ndarray,
    km: np.ndarray,
) -> np.ndarray:
    """Matrix (pairs, CRITERIA) of criterion values in [0, 1]."""
    h, g = enc.households, enc.groups
    values = np.empty((len(hi), len(CRITERIA)), dtype=np.float64)
    column = {key: i for i, key in enumerate(CRITERIA)}

    values[:, column["placement"]] = 1.0

    # Share of the household's languages the group speaks; 0 when only an interpreter helps.
    values[:, column["language"]] = _ratio(shared, h.n_languages[hi], 0.0)

    # sum(priority x level) / sum(priority x 3), so a group at top level in every goal scores 1.
    numerator = np.zeros(len(hi), dtype=np.float64)
    for domain in range(h.goals.shape[1]):
        numerator += h.goals[hi, domain] * g.expertise[gi, domain]
    values[:, column["expertise"]] = _ratio(numerator, 3.0 * h.goals.sum(axis=1)[hi], 0.0)

    children = (h.has_children[hi] == g.has_children[gi]).astype(np.float64)
    age_gap = np.abs(h.age[hi] - g.age[gi])
    age_fit = 1.0 - np.minimum(age_gap / _AGE_SPAN, 1.0)
    values[:, column["composition"]] = np.where(
        np.isnan(age_gap), children, (children + age_fit) / 2.0
    )

    common = popcount(h.interests[hi] & g.interests[gi])
    union = h.n_interests[hi] + g.n_interests[gi] - common
    values[:, column["interests"]] = _ratio(common, union, 0.0)

    # A household without stated availability fits any group's schedule.
    slots = popcount(h.availability[hi] & g.availability[gi])
    values[:, column["availability"]] = _ratio(slots, h.n_availability[hi], 1.0)

    distance = 1.0 - np.minimum(km / policy.max_km, 1.0)
    values[:, column["distance"]] = np.where(np.isnan(km), 0.5, distance)

    # Those waiting longest come first: relative to the longest wait in this round.
    if h.longest_wait > 0:
        values[:, column["waiting"]] = np.minimum(h.waiting_days[hi] / h.longest_wait, 1.0)
    else:
        values[:, column["waiting"]] = 0.0
    return values


def weigh(values: np.ndarray, policy: Policy) -> tuple[np.ndarray, np.ndarray]:
    """Contributions (weight x value, in place) and scores; scores add columns left to right."""
    weights = np.array([policy.weights[key] for key in CRITERIA], dtype=np.float64)
    contributions = values
    contributions *= weights
    score = np.zeros(len(values), dtype=np.float64)
    for c in range(len(CRITERIA)):
        score += contributions[:, c]
    return contributions, score
