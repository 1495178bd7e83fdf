"""Turns households and groups into numpy arrays so constraints and scores can be vectorised.

Set-valued attributes (languages, interests, availability, neighbouring municipalities)
become bitsets of 64-bit words, so an intersection size over many pairs is one ``&`` plus a
popcount. Entities are sorted by id: array index order is id order, which is what makes ties
break by ids.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .model import Group, Household

_WORD = 64
_ALL_BITS = (1 << _WORD) - 1

REQUIRED_BITS = {"woman_led": 1, "with_children": 2, "nearby": 4}


def popcount(words: np.ndarray) -> np.ndarray:
    """Number of set bits per row of a (n, words) uint64 array."""
    return np.bitwise_count(words).sum(axis=1, dtype=np.int64)


def _bitsets(sets: Sequence[Iterable[Hashable]], vocabulary: dict[Hashable, int]) -> np.ndarray:
    n_words = max(1, -(-len(vocabulary) // _WORD))
    masks = []
    for items in sets:
        mask = 0
        for item in items:
            mask |= 1 << vocabulary[item]
        masks.append(mask)
    if n_words == 1:
        return np.array(masks, dtype=np.uint64).reshape(len(masks), 1)
    return np.array(
        [[(m >> (_WORD * w)) & _ALL_BITS for w in range(n_words)] for m in masks],
        dtype=np.uint64,
    ).reshape(len(masks), n_words)


def _shared_bitsets(
    first: Sequence[Iterable[Hashable]], second: Sequence[Iterable[Hashable]]
) -> tuple[np.ndarray, np.ndarray]:
    vocabulary: dict[Hashable, int] = {}
    for items in (*first, *second):
        for item in items:
            vocabulary.setdefault(item, len(vocabulary))
    return _bitsets(first, vocabulary), _bitsets(second, vocabulary)


def _levels(
    first: Sequence[dict[str, int]], second: Sequence[dict[str, int]]
) -> tuple[np.ndarray, np.ndarray]:
    # Sorted domains so the expertise sum always adds terms in the same order (bit-identical
    # scores across processes, whatever the string hash seed).
    domains = sorted({key for levels in (*first, *second) for key in levels})
    index = {key: i for i, key in enumerate(domains)}

    def matrix(rows: Sequence[dict[str, int]]) -> np.ndarray:
        out = np.zeros((len(rows), len(domains)), dtype=np.float64)
        for r, levels in enumerate(rows):
            for key, level in levels.items():
                out[r, index[key]] = level
        return out

    return matrix(first), matrix(second)


def _unit_vectors(locations: Sequence[tuple[float, float] | None]) -> np.ndarray:
    # Points on the unit sphere: the haversine distance then follows from the chord length,
    # which is cheaper per pair than sines and cosines of differences.
    coords = np.radians(
        np.array(
            [loc if loc is not None else (np.nan, np.nan) for loc in locations], dtype=np.float64
        ).reshape(len(locations), 2)
    )
    lat, lon = coords[:, 0], coords[:, 1]
    return np.stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)), axis=1)


def _ages(ages: Sequence[int | None]) -> np.ndarray:
    return np.array([np.nan if a is None else a for a in ages], dtype=np.float64)


@dataclass(frozen=True)
class Households:
    ids: np.ndarray
    municipality: np.ndarray  # dense municipality index, see Encoded.municipalities
    neighbours: np.ndarray  # bitset over dense municipality indices
    reachable: list[list[int]]  # own municipality plus accepted neighbours, dense indices
    ready: np.ndarray
    languages: np.ndarray
    n_languages: np.ndarray
    interpreter: np.ndarray
    required: np.ndarray  # REQUIRED_BITS
    has_children: np.ndarray
    age: np.ndarray  # NaN when unknown
    goals: np.ndarray  # (n, domains) priority, 0 when not a goal
    interests: np.ndarray
    n_interests: np.ndarray
    availability: np.ndarray
    n_availability: np.ndarray
    xyz: np.ndarray  # (n, 3) unit vectors, NaN when the location is unknown
    waiting_days: np.ndarray
    longest_wait: float  # longest wait in the instance; 0 when nobody waits


@dataclass(frozen=True)
class Groups:
    ids: np.ndarray
    municipality: np.ndarray
    capacity: np.ndarray
    ready: np.ndarray
    screened: np.ndarray
    languages: np.ndarray
    woman_led: np.ndarray
    has_children: np.ndarray
    age: np.ndarray
    expertise: np.ndarray
    interests: np.ndarray
    n_interests: np.ndarray
    availability: np.ndarray
    xyz: np.ndarray


@dataclass(frozen=True)
class Encoded:
    households: Households
    groups: Groups
    n_municipalities: int


def _sorted_unique(items: Sequence[Household] | Sequence[Group], kind: str) -> list:
    ordered = sorted(items, key=lambda item: item.id)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.id == after.id:
            raise ValueError(f"duplicate {kind} id {after.id}")
    return ordered


def encode(
    households: Sequence[Household],
    groups: Sequence[Group],
    longest_wait: float | None = None,
) -> Encoded:
    """Encode entities as arrays; ``longest_wait`` overrides the longest wait (for one pair)."""
    hs: list[Household] = _sorted_unique(households, "household")
    gs: list[Group] = _sorted_unique(groups, "group")

    municipalities: dict[int, int] = {}
    for g in gs:
        municipalities.setdefault(g.municipality, len(municipalities))
    # Municipalities without groups still need an index for the bitsets; they never match.
    for h in hs:
        for m in (h.municipality, *h.neighbours):
            municipalities.setdefault(m, len(municipalities))

    reachable = [
        sorted({municipalities[h.municipality], *(municipalities[m] for m in h.neighbours)})
        for h in hs
    ]
    h_languages, g_languages = _shared_bitsets([h.languages for h in hs], [g.languages for g in gs])
    h_interests, g_interests = _shared_bitsets([h.interests for h in hs], [g.interests for g in gs])
    h_slots, g_slots = _shared_bitsets([h.availability for h in hs], [g.availability for g in gs])
    goals, expertise = _levels([dict(h.goals) for h in hs], [dict(g.expertise) for g in gs])
    waiting = np.array([h.waiting_days for h in hs], dtype=np.float64)
    if longest_wait is None:
        longest_wait = float(waiting.max()) if len(hs) else 0.0

    encoded_households = Households(
        ids=np.array([h.id for h in hs], dtype=np.int64),
        municipality=np.array([municipalities[h.municipality] for h in hs], dtype=np.int64),
        neighbours=_bitsets(
            [(municipalities[m] for m in h.neighbours) for h in hs],
            {i: i for i in range(len(municipalities))},
        ),
        reachable=reachable,
        ready=np.array([h.ready for h in hs], dtype=bool),
        languages=h_languages,
        n_languages=np.array([len(h.languages) for h in hs], dtype=np.int64),
        interpreter=np.array([h.interpreter for h in hs], dtype=bool),
        required=np.array([sum(REQUIRED_BITS[p] for p in h.required) for h in hs], dtype=np.int64),
        has_children=np.array([h.has_children for h in hs], dtype=bool),
        age=_ages([h.adult_age for h in hs]),
        goals=goals,
        interests=h_interests,
        n_interests=np.array([len(h.interests) for h in hs], dtype=np.int64),
        availability=h_slots,
        n_availability=np.array([len(h.availability) for h in hs], dtype=np.int64),
        xyz=_unit_vectors([h.location for h in hs]),
        waiting_days=waiting,
        longest_wait=float(longest_wait),
    )
    encoded_groups = Groups(
        ids=np.array([g.id for g in gs], dtype=np.int64),
        municipality=np.array([municipalities[g.municipality] for g in gs], dtype=np.int64),
        capacity=np.array([g.capacity for g in gs], dtype=np.int64),
        ready=np.array([g.ready for g in gs], dtype=bool),
        screened=np.array([g.screened for g in gs], dtype=bool),
        languages=g_languages,
        woman_led=np.array([g.woman_led for g in gs], dtype=bool),
        has_children=np.array([g.has_children for g in gs], dtype=bool),
        age=_ages([g.typical_age for g in gs]),
        expertise=expertise,
        interests=g_interests,
        n_interests=np.array([len(g.interests) for g in gs], dtype=np.int64),
        availability=g_slots,
        xyz=_unit_vectors([g.location for g in gs]),
    )
    return Encoded(encoded_households, encoded_groups, len(municipalities))
