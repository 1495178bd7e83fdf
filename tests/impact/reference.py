"""Plain-Python reference of every impact formula (DESIGN.md), to check the database
aggregates against: loops over rows, written to be obviously right, not fast."""

import datetime
from collections import Counter, defaultdict

from impact.models import ActivityLog, NetworkIntroduction
from matching.models import Match, SelfRelianceScore
from samenhier.models import LifeDomain


def trajectory_end(match, today: datetime.date) -> datetime.date:
    """Exclusive end: the actual end, or while active min(today, planned end)."""
    return match.actual_end_date or min(today, match.planned_end_date)


def overlap_days(match, start, end, today) -> int:
    """Days of the trajectory [start_date, trajectory_end) inside the period [start, end)."""
    first = max(match.start_date, start)
    last = min(trajectory_end(match, today), end)
    return max((last - first).days, 0)


def in_scope(match, municipality_ids) -> bool:
    return municipality_ids is None or match.refugee.municipality_id in municipality_ids


def reference_figures(start, end, today, municipality_ids=None) -> dict:
    started = [
        m
        for m in Match.objects.filter(status__in=Match.STARTED).select_related("refugee")
        if in_scope(m, municipality_ids)
    ]
    overlapping = [m for m in started if overlap_days(m, start, end, today) > 0]
    logs = [
        log
        for log in ActivityLog.objects.select_related(
            "trajectory__match__refugee"
        ).prefetch_related("members_present", "life_domains", "introductions")
        if start <= log.date < end and in_scope(log.trajectory.match, municipality_ids)
    ]
    groups = {m.group_id for m in overlapping}
    groups_with_network = {log.trajectory.match.group_id for log in logs if log.introductions.all()}
    kinds = Counter(i.kind for log in logs for i in log.introductions.all())
    per_domain = Counter(d.key for log in logs for d in log.life_domains.all())
    scores = defaultdict(dict)
    for s in SelfRelianceScore.objects.select_related("life_domain"):
        scores[(s.trajectory_id, s.life_domain.key)][s.moment] = s.score
    trajectory_ids = {m.trajectory.pk for m in overlapping}
    gains = defaultdict(list)
    for (trajectory, key), moments in scores.items():
        if trajectory in trajectory_ids and {"introduction", "final"} <= set(moments):
            gains[key].append(moments["final"] - moments["introduction"])
    every_gain = [g for values in gains.values() for g in values]
    return {
        "reception_days": sum(m.persons * overlap_days(m, start, end, today) for m in overlapping),
        "refugees_supported": sum(m.persons for m in overlapping),
        "new_matches": sum(1 for m in overlapping if start <= m.start_date < end),
        "active_groups": len(groups),
        "active_volunteers": len({p.user_id for log in logs for p in log.members_present.all()}),
        "volunteer_hours": float(sum(log.hours * len(log.members_present.all()) for log in logs)),
        "network_involvement": round(100 * len(groups_with_network) / len(groups), 1)
        if groups
        else 0.0,
        "introductions": {k: kinds.get(k, 0) for k in NetworkIntroduction.Kind.values},
        "self_reliance_gain": {
            "overall": round(sum(every_gain) / len(every_gain), 2) if every_gain else None,
            "per_domain": {
                key: round(sum(gains[key]) / len(gains[key]), 2) if gains[key] else None
                for key in LifeDomain.objects.values_list("key", flat=True)
            },
            "pairs": len(every_gain),
        },
        "activities": {
            key: per_domain.get(key, 0) for key in LifeDomain.objects.values_list("key", flat=True)
        },
        "municipalities_active": len({m.refugee.municipality_id for m in overlapping}),
    }
