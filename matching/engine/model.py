"""Plain data the matching engine works on: inputs, policy and explained results.

Nothing here knows about Django; the ``matching`` app converts its models into these
dataclasses and turns a :class:`Result` back into proposals for the coordinator.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

#: Soft criteria, in the order contributions are added up. Keys are stable: the Django side
#: maps them to Dutch labels.
CRITERIA: tuple[str, ...] = (
    "placement",
    "language",
    "expertise",
    "composition",
    "interests",
    "availability",
    "distance",
    "waiting",
)

#: Default weight per criterion. The score of a pair is the sum over criteria of
#: weight x value, every value lying in [0, 1]:
#:
#: - placement 10: every placed household earns this, so the optimum places as many
#:   households as it reasonably can before it optimises how well they fit;
#: - language 3: share of the household's languages the group speaks;
#: - expertise 3: how well the group's expertise covers the household's goals;
#: - composition 1: children in both or neither, and similar adult age;
#: - interests 1: overlap of interests;
#: - availability 1: share of the household's time slots the group also has;
#: - distance 1: closer is better, 0 from ``Policy.max_km`` on;
#: - waiting 2: waiting days relative to the longest wait, so those waiting longest come first.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "placement": 10.0,
        "language": 3.0,
        "expertise": 3.0,
        "composition": 1.0,
        "interests": 1.0,
        "availability": 1.0,
        "distance": 1.0,
        "waiting": 2.0,
    }
)

#: Hard constraints, in the fixed order in which the first failing one is reported.
HARD_REASONS: tuple[str, ...] = (
    "household_not_ready",
    "municipality",
    "group_not_screened",
    "group_not_ready",
    "capacity",
    "language",
    "veto",
    "required_woman_led",
    "required_with_children",
    "required_nearby",
)

#: Preferences a household can mark as required (``Household.required``).
PREFERENCES: tuple[str, ...] = ("woman_led", "with_children", "nearby")

#: Reasons an eligible household ends up without a group.
NO_FEASIBLE_GROUP = "no_feasible_group"
TAKEN_BY_BETTER_PAIRINGS = "taken_by_better_pairings"

Location = tuple[float, float]


def _frozen(values: Iterable[Any]) -> frozenset[Any]:
    return values if isinstance(values, frozenset) else frozenset(values)


def _check_levels(owner: str, name: str, levels: Mapping[str, int]) -> dict[str, int]:
    checked = dict(levels)
    for key, level in checked.items():
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 3:
            raise ValueError(f"{owner}.{name}[{key!r}] must be an int from 1 to 3, got {level!r}")
    return checked


def _check_location(owner: str, location: Location | None) -> Location | None:
    if location is None:
        return None
    lat, lon = (float(v) for v in location)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"{owner}.location must be (lat, lon) in degrees, got {location!r}")
    return (lat, lon)


@dataclass(frozen=True, slots=True)
class Household:
    """A refugee household waiting for a welcome group.

    ``neighbours`` holds the neighbouring municipalities the household accepts; leave it
    empty when the household only wants its own municipality. ``interpreter`` is True when an
    interpreter is available, which lifts the shared-language constraint.
    """

    id: int
    municipality: int
    neighbours: frozenset[int] = frozenset()
    ready: bool = True
    languages: frozenset[str] = frozenset()
    interpreter: bool = False
    required: frozenset[str] = frozenset()
    has_children: bool = False
    adult_age: int | None = None
    goals: Mapping[str, int] = field(default_factory=dict, hash=False)
    interests: frozenset[int] = frozenset()
    availability: frozenset[str] = frozenset()
    location: Location | None = None
    waiting_days: int = 0

    def __post_init__(self) -> None:
        # Coerce collections so callers may pass lists or querysets' values.
        for name in ("neighbours", "languages", "required", "interests", "availability"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        unknown = self.required - set(PREFERENCES)
        if unknown:
            raise ValueError(
                f"Household.required has unknown preferences {sorted(unknown)}; "
                f"expected some of {PREFERENCES}"
            )
        object.__setattr__(self, "goals", _check_levels("Household", "goals", self.goals))
        object.__setattr__(self, "location", _check_location("Household", self.location))
        if self.waiting_days < 0:
            raise ValueError(f"Household.waiting_days must be >= 0, got {self.waiting_days}")


@dataclass(frozen=True, slots=True)
class Group:
    """A welcome group of residents; ``capacity`` is its number of remaining places.

    ``screened`` means every member has a valid VOG and the group had its training;
    ``ready`` is the group's overall readiness as decided by the Django side.
    """

    id: int
    municipality: int
    capacity: int = 1
    ready: bool = True
    screened: bool = True
    languages: frozenset[str] = frozenset()
    woman_led: bool = False
    has_children: bool = False
    typical_age: int | None = None
    expertise: Mapping[str, int] = field(default_factory=dict, hash=False)
    interests: frozenset[int] = frozenset()
    availability: frozenset[str] = frozenset()
    location: Location | None = None

    def __post_init__(self) -> None:
        for name in ("languages", "interests", "availability"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int):
            raise ValueError(f"Group.capacity must be an int, got {self.capacity!r}")
        if self.capacity < 0:
            raise ValueError(f"Group.capacity must be >= 0, got {self.capacity}")
        object.__setattr__(self, "expertise", _check_levels("Group", "expertise", self.expertise))
        object.__setattr__(self, "location", _check_location("Group", self.location))


@dataclass(frozen=True)
class Policy:
    """Weights of the soft criteria and the distances the criteria use.

    ``weights`` may be partial: missing criteria keep their default weight.
    """

    weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_WEIGHTS, hash=False)
    nearby_km: float = 5.0
    max_km: float = 25.0

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(CRITERIA)
        if unknown:
            raise ValueError(
                f"Policy.weights has unknown criteria {sorted(unknown)}; "
                f"expected some of {CRITERIA}"
            )
        merged: dict[str, float] = {}
        for key in CRITERIA:
            value = self.weights.get(key, DEFAULT_WEIGHTS[key])
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"Policy weight {key!r} must be a number, got {value!r}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"Policy weight {key!r} must be finite and >= 0, got {value!r}")
            merged[key] = float(value)
        object.__setattr__(self, "weights", MappingProxyType(merged))
        if not (math.isfinite(self.nearby_km) and self.nearby_km >= 0):
            raise ValueError(f"Policy.nearby_km must be finite and >= 0, got {self.nearby_km!r}")
        if not (math.isfinite(self.max_km) and self.max_km > 0):
            raise ValueError(f"Policy.max_km must be finite and > 0, got {self.max_km!r}")


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Instance:
    """Everything one matching round needs; ``vetoes`` holds (household_id, group_id) pairs."""

    households: Sequence[Household]
    groups: Sequence[Group]
    policy: Policy = DEFAULT_POLICY
    vetoes: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True, slots=True)
class Pair:
    """A household placed with (or, as an alternative, feasible for) a group.

    ``contributions`` maps each criterion to weight x value; they add up to ``score``.
    """

    household_id: int
    group_id: int
    score: float
    contributions: dict[str, float]


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A household the round did not place, and why.

    - ``no_feasible_group``: ``detail`` counts, per hard-constraint key, how many groups were
      excluded by it (the first failing constraint per group, in ``HARD_REASONS`` order);
    - ``taken_by_better_pairings``: ``detail`` lists ``(group_id, score)`` of every feasible
      group, best first; those places went to pairings that together score higher.
    """

    household_id: int
    reason: str
    detail: dict[str, int] | list[tuple[int, float]]


@dataclass(frozen=True)
class Explanation:
    """Why a single pair is or is not possible, for the coordinator's override."""

    household_id: int
    group_id: int
    feasible: bool
    reasons: tuple[str, ...]
    score: float | None
    contributions: dict[str, float] | None


@dataclass(frozen=True)
class Alternatives:
    """Best feasible groups per household, kept as arrays (one row per pair, grouped by
    household, best first) so that a national round does not build 100,000 Pair objects."""

    household_ids: np.ndarray  # int64, sorted, one entry per kept pair
    group_ids: np.ndarray  # int64
    contributions: np.ndarray  # float64, shape (kept pairs, len(CRITERIA))

    def for_household(self, household_id: int, top: int) -> list[Pair]:
        lo = int(np.searchsorted(self.household_ids, household_id, side="left"))
        hi = int(np.searchsorted(self.household_ids, household_id, side="right"))
        return [
            make_pair(household_id, int(self.group_ids[i]), self.contributions[i])
            for i in range(lo, min(hi, lo + top))
        ]


def make_pair(household_id: int, group_id: int, contributions: Sequence[float]) -> Pair:
    """Build a Pair whose score is exactly the sum of its contributions."""
    values = dict(zip(CRITERIA, map(float, contributions), strict=True))
    score = 0.0
    for value in values.values():
        score += value
    return Pair(household_id, group_id, score, values)


@dataclass(frozen=True)
class Result:
    """Outcome of one matching round: placed pairs, their total and the unplaced."""

    pairs: list[Pair]
    total: float
    unmatched: list[Unmatched]
    alternatives_table: Alternatives | None = field(default=None, repr=False, compare=False)

    def alternatives(self, household_id: int, top: int = 5) -> list[Pair]:
        """The household's best feasible groups (including its assigned one), best first.

        At most ``ALTERNATIVES_KEPT`` (10) are kept per household.
        """
        if self.alternatives_table is None:
            return []
        return self.alternatives_table.for_household(household_id, top)
