"""Plain-Python reference of every impact formula (docs/architecture.md, "Figures"), to
check the database aggregates against. It reads plain rows and does all arithmetic in
Python loops: written to be obviously right, not fast. bench/impact.py times it against
the database."""

import datetime
from collections import Counter, defaultdict

from matching.models import ActivityLog, Match, Milestone, NetworkIntroduction, SelfRelianceScore
from samenhier.models import LifeDomain


def trajectory_end(actual_end, planned_end, today: datetime.date) -> datetime.date:
    """Exclusive end: the actual end, or while active min(today, planned end)."""
    return actual_end or min(today, planned_end)


def overlap_days(start_date, end, period_start, period_end) -> int:
    """Days of [start_date, end) inside [period_start, period_end)."""
    return max((min(end, period_end) - max(start_date, period_start)).days, 0)


def reference_figures(start, end, today, municipality_ids=None) -> dict:
    domain_keys = dict(LifeDomain.objects.values_list("pk", "key"))
    # Matches that became active: (match, trajectory, group, municipality, persons, days).
    overlapping = []
    for pk, trajectory, group, place, persons, first, planned, actual in (
        Match.objects.filter(status__in=Match.STARTED)
        .values_list(
            "pk",
            "trajectory",
            "group",
            "municipality",
            "persons",
            "start_date",
            "planned_end_date",
            "actual_end_date",
        )
        .iterator()
    ):
        if municipality_ids is not None and place not in municipality_ids:
            continue
        days = overlap_days(first, trajectory_end(actual, planned, today), start, end)
        if days > 0:
            overlapping.append((pk, trajectory, group, place, persons, days, first))
    trajectory_group = {}
    for _pk, trajectory, group, *_ in overlapping:
        trajectory_group[trajectory] = group
    in_scope_trajectories = {
        trajectory: place
        for trajectory, place in Match.objects.filter(status__in=Match.STARTED)
        .values_list("trajectory", "municipality")
        .iterator()
        if municipality_ids is None or place in municipality_ids
    }
    # Activity logs in the period (their trajectory in scope).
    logs = {}
    for pk, trajectory, group, day, hours in ActivityLog.objects.values_list(
        "pk", "trajectory", "trajectory__match__group", "date", "hours"
    ).iterator():
        if start <= day < end and trajectory in in_scope_trajectories:
            logs[pk] = (group, hours)
    hours_total = 0
    volunteers = set()
    for log, membership_user in ActivityLog.members_present.through.objects.values_list(
        "activitylog", "membership__user"
    ).iterator():
        if log in logs:
            hours_total += logs[log][1]
            volunteers.add(membership_user)
    kinds = Counter()
    groups_with_network = set()
    for log, kind in NetworkIntroduction.objects.values_list("activity", "kind").iterator():
        if log in logs:
            kinds[kind] += 1
            groups_with_network.add(logs[log][0])
    per_domain = Counter()
    for log, domain in ActivityLog.life_domains.through.objects.values_list(
        "activitylog", "lifedomain"
    ).iterator():
        if log in logs:
            per_domain[domain_keys[domain]] += 1
    scores = defaultdict(dict)
    for trajectory, domain, moment, score in SelfRelianceScore.objects.values_list(
        "trajectory", "life_domain", "moment", "score"
    ).iterator():
        scores[(trajectory, domain_keys[domain])][moment] = score
    gains = defaultdict(list)
    gain_persons = defaultdict(int)
    measured = set()
    persons_of = {row[1]: row[4] for row in overlapping}
    for (trajectory, key), moments in scores.items():
        if trajectory in trajectory_group and {"introduction", "final"} <= set(moments):
            gains[key].append(moments["final"] - moments["introduction"])
            gain_persons[key] += persons_of[trajectory]
            measured.add(trajectory)
    every_gain = [g for values in gains.values() for g in values]
    # Follow-ups answered for years completed in the period: does the contact last?
    followed = []
    for kind, done, contact, status, ended, place, persons in Milestone.objects.values_list(
        "kind",
        "completed_on",
        "contact",
        "trajectory__match__status",
        "trajectory__match__actual_end_date",
        "trajectory__match__municipality",
        "trajectory__match__persons",
    ).iterator():
        if kind != "follow_up" or done is None or not contact or status != "completed":
            continue
        if not start <= ended < end:
            continue
        if municipality_ids is not None and place not in municipality_ids:
            continue
        followed.append((contact in ("meeting", "messages", "occasionally"), persons))
    continuing = sum(1 for lasts, _persons in followed if lasts)
    groups = {row[2] for row in overlapping}
    return {
        "reception_days": sum(row[4] * row[5] for row in overlapping),
        "refugees_supported": sum(row[4] for row in overlapping),
        "new_matches": sum(1 for row in overlapping if start <= row[6] < end),
        "active_groups": len(groups),
        "active_volunteers": len(volunteers),
        "volunteer_hours": float(hours_total),
        "network_involvement": round(100 * len(groups_with_network) / len(groups), 1)
        if groups
        else 0.0,
        "introductions": {k: kinds.get(k, 0) for k in NetworkIntroduction.Kind.values},
        "self_reliance_gain": {
            "overall": round(sum(every_gain) / len(every_gain), 2) if every_gain else None,
            "per_domain": {
                key: round(sum(gains[key]) / len(gains[key]), 2) if gains[key] else None
                for key in domain_keys.values()
            },
            "pairs": len(every_gain),
            "persons": sum(persons_of[t] for t in measured),
            "persons_per_domain": {key: gain_persons.get(key, 0) for key in domain_keys.values()},
        },
        "activity_count": len(logs),
        "activities": {key: per_domain.get(key, 0) for key in domain_keys.values()},
        "municipalities_active": len({row[3] for row in overlapping}),
        "contact_after_year": {
            "share": round(100 * continuing / len(followed), 1) if followed else None,
            "years": len(followed),
            "continuing": continuing,
            "persons": sum(persons for _lasts, persons in followed),
        },
    }
