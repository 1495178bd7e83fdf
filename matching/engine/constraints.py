"""Hard constraints: which (household, group) pairs are possible at all, and why not.

Candidate pairs are generated per municipality block (a household only meets the groups of
its own and its accepted neighbouring municipalities), so memory grows with the number of
plausible pairs, never with households x groups over the whole country.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .features import REQUIRED_BITS, Encoded, popcount
from .model import HARD_REASONS, Policy

_EARTH_RADIUS_KM = 6371.0088
_REASON = {key: i for i, key in enumerate(HARD_REASONS)}


def distance_km(enc: Encoded, hi: np.ndarray, gi: np.ndarray) -> np.ndarray:
    """Great-circle (haversine) distance per pair; NaN when either location is unknown."""
    h, g = enc.households.xyz, enc.groups.xyz
    # Summing per coordinate avoids a (pairs, 3) temporary.
    chord2 = np.zeros(len(hi), dtype=np.float64)
    for axis in range(3):
        chord2 += (h[hi, axis] - g[gi, axis]) ** 2
    # chord = 2 sin(angle / 2), the same quantity the haversine formula computes.
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.minimum(np.sqrt(chord2) / 2, 1.0))


def shared_languages(enc: Encoded, hi: np.ndarray, gi: np.ndarray) -> np.ndarray:
    return popcount(enc.households.languages[hi] & enc.groups.languages[gi])


def veto_keys(enc: Encoded, vetoes: Iterable[tuple[int, int]]) -> np.ndarray:
    """Vetoes as sorted flat pair keys ``household_index * n_groups + group_index``."""
    h_index = {int(v): i for i, v in enumerate(enc.households.ids)}
    g_index = {int(v): i for i, v in enumerate(enc.groups.ids)}
    n_groups = len(g_index)
    keys = [h_index[h] * n_groups + g_index[g] for h, g in vetoes if h in h_index and g in g_index]
    return np.unique(np.array(keys, dtype=np.int64))


def failures(
    enc: Encoded,
    hi: np.ndarray,
    gi: np.ndarray,
    policy: Policy,
    vetoed: np.ndarray,
    shared: np.ndarray,
    km: np.ndarray,
) -> np.ndarray:
    """Boolean matrix (pairs, HARD_REASONS): which constraints each pair breaks."""
    h, g = enc.households, enc.groups
    out = np.zeros((len(hi), len(HARD_REASONS)), dtype=bool)
    out[:, _REASON["household_not_ready"]] = ~h.ready[hi]
    gm = g.municipality[gi]
    accepted = (h.neighbours[hi, gm // 64] >> (gm % 64).astype(np.uint64)) & np.uint64(1)
    out[:, _REASON["municipality"]] = (h.municipality[hi] != gm) & (accepted == 0)
    out[:, _REASON["group_not_screened"]] = ~g.screened[gi]
    out[:, _REASON["group_not_ready"]] = ~g.ready[gi]
    out[:, _REASON["capacity"]] = g.capacity[gi] == 0
    out[:, _REASON["language"]] = (shared == 0) & ~h.interpreter[hi]
    keys = hi.astype(np.int64) * len(g.ids) + gi
    if len(vetoed):
        found = np.minimum(np.searchsorted(vetoed, keys), len(vetoed) - 1)
        out[:, _REASON["veto"]] = vetoed[found] == keys
    required = h.required[hi]
    out[:, _REASON["required_woman_led"]] = (
        (required & REQUIRED_BITS["woman_led"]) != 0
    ) & ~g.woman_led[gi]
    out[:, _REASON["required_with_children"]] = (
        (required & REQUIRED_BITS["with_children"]) != 0
    ) & ~g.has_children[gi]
    # NaN (unknown location) compares False, so "nearby" is then not met.
    out[:, _REASON["required_nearby"]] = ((required & REQUIRED_BITS["nearby"]) != 0) & ~(
        km <= policy.nearby_km
    )
    return out


def reachable_pairs(enc: Encoded) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of a ready household with a group in a municipality it accepts.

    Sorted by household index; within a household by municipality block then group index.
    """
    h, g = enc.households, enc.groups
    order = np.lexsort((np.arange(len(g.ids)), g.municipality))
    per_municipality = np.bincount(g.municipality, minlength=enc.n_municipalities)
    block_start = np.concatenate(([0], np.cumsum(per_municipality)[:-1]))

    entry_h: list[int] = []
    entry_m: list[int] = []
    for index in np.flatnonzero(h.ready).tolist():
        municipalities = h.reachable[index]
        entry_h.extend([index] * len(municipalities))
        entry_m.extend(municipalities)
    eh = np.array(entry_h, dtype=np.int64)
    em = np.array(entry_m, dtype=np.int64)
    counts = per_municipality[em]
    total = int(counts.sum())
    hi = np.repeat(eh, counts)
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    gi = order[np.repeat(block_start[em], counts) + offset]
    return hi, gi
