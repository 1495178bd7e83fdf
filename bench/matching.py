"""Benchmark of the matching engine on a seeded, synthetic national instance.

Compares the optimal assignment with two baselines (greedy: best pair first; first come
first served: longest waiting first takes its best group) on total score, households placed,
wall time and peak memory, then on a balanced instance (about as many households as places)
on households placed. Exits non-zero when a goal is missed:

- the optimum's total is never below a baseline's total;
- national instance end to end (filter + score + solve) <= 2 s and <= 300 MB peak;
- balanced instance: the optimum places >= 5% more households than greedy.

Usage: python bench/matching.py [--seed N] [--households 10000] [--groups 2000]
       [--municipalities 50] [--balanced]   (--balanced: only the balanced instance)
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Runnable as a plain script from anywhere: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.engine import (  # noqa: E402
    Group,
    Household,
    Result,
    solve,
    solve_fcfs,
    solve_greedy,
)

MAX_SECONDS = 2.0
MAX_MB = 300.0
MIN_EXTRA_PLACED = 0.05

# (language, share of households speaking it as first language)
HOME_LANGUAGES = [
    ("ar", 0.30),
    ("ti", 0.18),
    ("uk", 0.14),
    ("fa", 0.12),
    ("tr", 0.08),
    ("so", 0.06),
    ("ku", 0.06),
    ("fr", 0.06),
]
# Chance that a group has a member speaking the language (diaspora, former expats).
GROUP_EXTRA_LANGUAGES = {"ar": 0.06, "tr": 0.06, "ru": 0.04, "fa": 0.02, "fr": 0.10, "de": 0.2}
DOMAINS = ["work", "language", "housing", "health", "education", "social", "money", "paperwork"]
SLOTS = ["weekday", "evening", "weekend"]


@dataclass(frozen=True)
class Municipality:
    id: int
    lat: float
    lon: float
    weight: float
    neighbours: frozenset[int]


def municipalities(rng: np.random.Generator, n: int) -> list[Municipality]:
    """Municipalities spread over the Netherlands' bounding box, Zipf-like populations."""
    lat = rng.uniform(51.3, 53.3, n)
    lon = rng.uniform(4.0, 6.9, n)
    weight = 1.0 / np.arange(1, n + 1) ** 0.8
    km = np.hypot((lat[:, None] - lat[None, :]) * 111.0, (lon[:, None] - lon[None, :]) * 68.0)
    out = []
    for i in range(n):
        nearest = [int(j) for j in np.argsort(km[i])[1 : 1 + int(rng.integers(2, 5))]]
        out.append(
            Municipality(
                i + 1,
                float(lat[i]),
                float(lon[i]),
                float(weight[i]),
                frozenset(j + 1 for j in nearest),
            )
        )
    return out


def _place(rng: np.random.Generator, m: Municipality) -> tuple[float, float]:
    # Within a few km of the municipality centre.
    return (m.lat + rng.normal(0, 0.03), m.lon + rng.normal(0, 0.045))


def _levels(rng: np.random.Generator, low: int, high: int) -> dict[str, int]:
    chosen = rng.choice(len(DOMAINS), size=int(rng.integers(low, high + 1)), replace=False)
    return {DOMAINS[i]: int(rng.integers(1, 4)) for i in chosen}


def _subset(rng: np.random.Generator, items: list[str], p: float) -> frozenset[str]:
    return frozenset(item for item in items if rng.random() < p)


def instance(
    seed: int, n_households: int, n_groups: int, n_municipalities: int
) -> tuple[list[Household], list[Group], frozenset[tuple[int, int]]]:
    rng = np.random.default_rng(seed)
    towns = municipalities(rng, n_municipalities)
    # Households are housed where homes are, groups form where volunteers are: the two
    # distributions differ, which is what makes places scarce in some towns.
    h_weight = np.array([t.weight for t in towns]) * rng.uniform(0.5, 1.5, n_municipalities)
    g_weight = np.array([t.weight for t in towns]) * rng.uniform(0.5, 1.5, n_municipalities)
    home_languages, home_shares = zip(*HOME_LANGUAGES, strict=True)
    home_p = np.array(home_shares) / sum(home_shares)

    households = []
    for i in range(n_households):
        town = towns[int(rng.choice(n_municipalities, p=h_weight / h_weight.sum()))]
        languages = {home_languages[int(rng.choice(len(home_languages), p=home_p))]}
        if languages == {"uk"}:
            languages.add("ru")
        if rng.random() < 0.30:
            languages.add("en")
        if rng.random() < 0.15:
            languages.add("nl")
        children = rng.random() < 0.55
        required = set()
        if rng.random() < 0.08:
            required.add("woman_led")
        if children and rng.random() < 0.10:
            required.add("with_children")
        if rng.random() < 0.05:
            required.add("nearby")
        households.append(
            Household(
                id=i + 1,
                municipality=town.id,
                neighbours=town.neighbours if rng.random() < 0.5 else frozenset(),
                ready=rng.random() < 0.9,
                languages=frozenset(languages),
                interpreter=rng.random() < 0.2,
                required=frozenset(required),
                has_children=children,
                adult_age=int(rng.integers(20, 60)) if rng.random() < 0.9 else None,
                goals=_levels(rng, 1, 4),
                interests=frozenset(int(x) for x in rng.choice(30, rng.integers(1, 6), False)),
                availability=_subset(rng, SLOTS, 0.5),
                location=_place(rng, town) if rng.random() < 0.95 else None,
                waiting_days=int(rng.integers(0, 720)),
            )
        )

    groups = []
    for j in range(n_groups):
        town = towns[int(rng.choice(n_municipalities, p=g_weight / g_weight.sum()))]
        languages = {"nl"} | {lang for lang, p in GROUP_EXTRA_LANGUAGES.items() if rng.random() < p}
        if rng.random() < 0.85:
            languages.add("en")
        screened = rng.random() < 0.92
        groups.append(
            Group(
                id=100_000 + j,
                municipality=town.id,
                capacity=int(rng.integers(1, 3)),
                ready=screened and rng.random() < 0.95,
                screened=screened,
                languages=frozenset(languages),
                woman_led=rng.random() < 0.4,
                has_children=rng.random() < 0.5,
                typical_age=int(rng.integers(25, 70)),
                expertise=_levels(rng, 2, 5),
                interests=frozenset(int(x) for x in rng.choice(30, rng.integers(2, 7), False)),
                availability=_subset(rng, SLOTS, 0.6),
                location=_place(rng, town),
            )
        )

    # Coordinators veto a few pairs inside a municipality (known conflicts, earlier contact).
    by_town: dict[int, list[int]] = {}
    for g in groups:
        by_town.setdefault(g.municipality, []).append(g.id)
    vetoes = set()
    for h in rng.choice(households, size=max(1, n_households // 50), replace=False):
        if by_town.get(h.municipality):
            vetoes.add((h.id, int(rng.choice(by_town[h.municipality]))))
    return households, groups, frozenset(vetoes)


Solver = Callable[[], Result]


@dataclass
class Run:
    name: str
    result: Result
    seconds: float
    traced_mb: float | None = None
    rss_delta_mb: float | None = None


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(name: str, solver: Solver, measure_memory: bool) -> Run:
    """Time one end-to-end solve; optionally measure its peak memory in two more solves."""
    rss_delta = traced = None
    if measure_memory:
        # Max RSS growth first, while the process peak still reflects only the instance, and
        # without tracemalloc, whose own bookkeeping would inflate RSS.
        gc.collect()
        before = max_rss_mb()
        solver()
        rss_delta = max_rss_mb() - before
        gc.collect()
        tracemalloc.start()
        solver()
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    gc.collect()
    start = time.perf_counter()
    result = solver()
    return Run(name, result, time.perf_counter() - start, traced, rss_delta)


def table(runs: list[Run], households: int) -> str:
    def mb(value: float | None) -> str:
        return "-" if value is None else f"{value:.1f}"

    lines = [
        f"{'solver':<8} {'total score':>12} {'placed':>14} {'time s':>7} "
        f"{'traced MB':>10} {'maxrss+ MB':>11}",
    ]
    for r in runs:
        placed = len(r.result.pairs)
        lines.append(
            f"{r.name:<8} {r.result.total:>12.1f} {placed:>6} ({placed / households:>5.1%})"
            f" {r.seconds:>7.2f} {mb(r.traced_mb):>10} {mb(r.rss_delta_mb):>11}"
        )
    return "\n".join(lines)


def compare(
    title: str,
    households: list[Household],
    groups: list[Group],
    vetoes: frozenset[tuple[int, int]],
    measure_memory: bool,
) -> list[Run]:
    runs = [
        run(
            name,
            lambda solver=solver: solver(households, groups, vetoes=vetoes),
            measure_memory and name == "optimal",
        )
        for name, solver in (("optimal", solve), ("greedy", solve_greedy), ("fcfs", solve_fcfs))
    ]
    print(f"\n{title}")
    print(table(runs, len(households)))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=2_000)
    parser.add_argument("--municipalities", type=int, default=50)
    parser.add_argument("--balanced", action="store_true", help="only the balanced instance")
    args = parser.parse_args(argv)
    failures: list[str] = []

    def check_baselines(runs: list[Run]) -> None:
        optimum = runs[0].result.total
        for run in runs[1:]:
            if optimum < run.result.total - 1e-6 * max(1.0, abs(run.result.total)):
                failures.append(f"optimum {optimum:.3f} below {run.name} {run.result.total:.3f}")

    if not args.balanced:
        households, groups, vetoes = instance(
            args.seed, args.households, args.groups, args.municipalities
        )
        places = sum(g.capacity for g in groups)
        runs = compare(
            f"National instance: {len(households)} households, {len(groups)} groups "
            f"({places} places), {args.municipalities} municipalities, {len(vetoes)} vetoes",
            households,
            groups,
            vetoes,
            measure_memory=True,
        )
        check_baselines(runs)
        optimal = runs[0]
        if optimal.seconds > MAX_SECONDS:
            failures.append(f"optimal took {optimal.seconds:.2f} s > {MAX_SECONDS} s")
        peak_mb = max(optimal.traced_mb or 0.0, optimal.rss_delta_mb or 0.0)
        if peak_mb > MAX_MB:
            failures.append(f"optimal peak memory {peak_mb:.0f} MB > {MAX_MB:.0f} MB")

    # Balanced: about as many households as places (capacity 1-2 averages 1.5 per group).
    n_groups = args.groups
    n_households = round(n_groups * 1.5)
    households, groups, vetoes = instance(
        args.seed + 1, n_households, n_groups, args.municipalities
    )
    places = sum(g.capacity for g in groups)
    runs = compare(
        f"Balanced instance: {len(households)} households, {len(groups)} groups ({places} places)",
        households,
        groups,
        vetoes,
        measure_memory=False,
    )
    check_baselines(runs)
    optimal_placed, greedy_placed = len(runs[0].result.pairs), len(runs[1].result.pairs)
    extra = optimal_placed / greedy_placed - 1 if greedy_placed else float("inf")
    print(
        f"\nplaced: optimal {optimal_placed}, greedy {greedy_placed}: "
        f"{extra:+.1%} households placed by the optimum (goal >= {MIN_EXTRA_PLACED:.0%})"
    )
    if extra < MIN_EXTRA_PLACED:
        failures.append(f"balanced: optimum places only {extra:+.1%} more than greedy")

    print()
    for failure in failures:
        print(f"FAIL: {failure}")
    print("all goals met" if not failures else f"{len(failures)} goal(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
