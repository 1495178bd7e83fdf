"""Capacitated assignment of households to groups over scored candidate pairs.

All functions take the feasible pairs as parallel arrays (household index ``hi``, group index
``gi``, ``score``) plus each group's capacity, and return the indices of the chosen pairs.
Indices follow id order, so tie-breaking "by index" is tie-breaking by ids.

``optimal`` is exact: the problem is a maximum-weight b-matching, which becomes a rectangular
assignment problem once each group is expanded into one column per place and each row gets a
private "stay unassigned" column. scipy's LAPJVsp (sparse Jonker-Volgenant, a shortest
augmenting path method) solves that to optimality: it keeps dual prices for which every
matched edge is tight and no edge has negative reduced cost, which by LP duality proves the
matching optimal. Infeasible pairs are simply absent from the sparse matrix, so they can
never be chosen. ``greedy`` and ``fcfs`` are the baselines it is benchmarked against.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

_NONE = np.empty(0, dtype=np.int64)


def best_first(hi: np.ndarray, gi: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Pair order by household, then score descending, then group (i.e. ``np.lexsort``).

    Packs the three keys into one int64 (dense score rank in the middle) because a single
    integer argsort is several times faster than a three-key lexsort on large instances.
    """
    if len(score) == 0:
        return _NONE
    ranks, rank = np.unique(-score, return_inverse=True)
    n_groups = int(gi.max()) + 1
    span = len(ranks) * n_groups
    if (int(hi.max()) + 1) * span >= 2**62:
        return np.lexsort((gi, -score, hi))
    return np.argsort(hi.astype(np.int64) * span + rank.astype(np.int64) * n_groups + gi)


def optimal(hi: np.ndarray, gi: np.ndarray, score: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Chosen pair indices maximising the total score (proven optimum)."""
    if len(score) == 0:
        return _NONE
    households, h_local = np.unique(hi, return_inverse=True)
    groups, g_local = np.unique(gi, return_inverse=True)
    # More places than candidate households can never be used; dropping them shrinks the
    # matrix without changing the optimum.
    slots = np.minimum(capacity[groups], np.bincount(g_local, minlength=len(groups)))
    slot_start = np.concatenate(([0], np.cumsum(slots)))
    n_households, n_slots = len(households), int(slot_start[-1])
    if n_slots == 0:
        return _NONE

    reps = slots[g_local]
    edge_pair = np.repeat(np.arange(len(score)), reps)
    first_edge = np.repeat(np.cumsum(reps) - reps, reps)
    edge_slot = np.repeat(slot_start[g_local], reps) + (np.arange(len(edge_pair)) - first_edge)
    edge_household = h_local[edge_pair]
    # Minimise shift - score; a private dummy column costs exactly shift, i.e. scores 0. All
    # costs stay >= 1, as LAPJVsp needs non-zero weights.
    shift = float(score.max()) + 1.0
    edge_cost = shift - score[edge_pair]

    # Rows are the smaller side: LAPJVsp augments once per row.
    if n_slots <= n_households:
        rows, cols = edge_slot, edge_household
        n_rows, n_real_cols = n_slots, n_households
    else:
        rows, cols = edge_household, edge_slot
        n_rows, n_real_cols = n_households, n_slots
    dummy_rows = np.arange(n_rows)
    matrix = csr_array(
        (
            np.concatenate((edge_cost, np.full(n_rows, shift))),
            (np.concatenate((rows, dummy_rows)), np.concatenate((cols, n_real_cols + dummy_rows))),
        ),
        shape=(n_rows, n_real_cols + n_rows),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
    real = col_ind < n_real_cols
    if n_slots <= n_households:
        slot, household = row_ind[real], col_ind[real]
    else:
        household, slot = row_ind[real], col_ind[real]
    group = np.searchsorted(slot_start, slot, side="right") - 1

    # Look the chosen (household, group) cells up in a matrix holding pair index + 1.
    lookup = csr_array(
        (np.arange(1, len(score) + 1), (h_local, g_local)), shape=(n_households, len(groups))
    )
    chosen = np.asarray(lookup[household, group]).ravel().astype(np.int64) - 1
    return np.sort(_fill_zero_score_ties(hi, gi, score, capacity, chosen))


def _fill_zero_score_ties(
    hi: np.ndarray, gi: np.ndarray, score: np.ndarray, capacity: np.ndarray, chosen: np.ndarray
) -> np.ndarray:
    # With a zero score (e.g. all weights 0) placing and not placing tie; place anyway so that
    # an unplaced household really means its feasible groups are full. Adds only zero scores,
    # so the optimum is unchanged.
    free = capacity.astype(np.int64)
    np.subtract.at(free, gi[chosen], 1)
    placed = np.zeros(int(hi.max()) + 1, dtype=bool)
    placed[hi[chosen]] = True
    open_pairs = np.flatnonzero(~placed[hi] & (free[gi] > 0))
    if len(open_pairs) == 0:
        return chosen
    extra = []
    for p in open_pairs[np.lexsort((gi[open_pairs], -score[open_pairs], hi[open_pairs]))]:
        if not placed[hi[p]] and free[gi[p]] > 0:
            placed[hi[p]] = True
            free[gi[p]] -= 1
            extra.append(p)
    return np.concatenate((chosen, np.array(extra, dtype=np.int64)))


def greedy(hi: np.ndarray, gi: np.ndarray, score: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Baseline: take the best remaining pair first (ties by household id, then group id)."""
    if len(score) == 0:
        return _NONE
    order = np.lexsort((gi, hi, -score))
    free = capacity.astype(np.int64).tolist()
    placed = [False] * (int(hi.max()) + 1)
    places_left = int(np.minimum(capacity, np.bincount(gi, minlength=len(capacity))).sum())
    chosen = []
    for p, h, g in zip(order.tolist(), hi[order].tolist(), gi[order].tolist(), strict=True):
        if placed[h] or free[g] == 0:
            continue
        placed[h] = True
        free[g] -= 1
        chosen.append(p)
        places_left -= 1
        if places_left == 0:
            break
    return np.sort(np.array(chosen, dtype=np.int64))


def fcfs(
    hi: np.ndarray,
    gi: np.ndarray,
    score: np.ndarray,
    capacity: np.ndarray,
    waiting_days: np.ndarray,
) -> np.ndarray:
    """Baseline: longest waiting household first takes its best group with a place left."""
    if len(score) == 0:
        return _NONE
    order = best_first(hi, gi, score)
    sorted_h = hi[order]
    households = np.unique(sorted_h)
    starts = np.searchsorted(sorted_h, households, side="left")
    ends = np.searchsorted(sorted_h, households, side="right")
    queue = np.lexsort((households, -waiting_days[households]))
    free = capacity.astype(np.int64).tolist()
    pairs, groups = order.tolist(), gi[order].tolist()
    chosen = []
    starts_list, ends_list = starts.tolist(), ends.tolist()
    for k in queue.tolist():
        for j in range(starts_list[k], ends_list[k]):
            if free[groups[j]] > 0:
                free[groups[j]] -= 1
                chosen.append(pairs[j])
                break
    return np.sort(np.array(chosen, dtype=np.int64))
