"""The year of each started match in the demo: status histories, milestones, goals, scores,
check-ins and activity logs."""

import datetime
from decimal import Decimal

from groups.models import GroupStatusChange
from matching.models import (
    ActivityLog,
    CheckIn,
    MatchStatusChange,
    Milestone,
    NetworkIntroduction,
    SelfRelianceScore,
    TrajectoryGoal,
)
from matching.services.year import FOLLOW_UP_AFTER, MILESTONE_OFFSETS
from refugees.models import (
    HouseholdGoal,
    RefugeeStatusChange,
)
from samenhier.demo.words import ACTIVITY_TEXTS
from samenhier.models import (
    Variant,
)


class YearSeeder:
    """The year's records, for Seeder (programme.py); uses its random source and helpers."""

    def histories(self, refugees, groups, matches) -> None:
        """Status-change rows that tell how each record reached its status."""
        refugee_paths = {
            "intake": [],
            "ready": ["ready"],
            "matched": ["ready", "matched"],
            "completed": ["ready", "matched", "completed"],
            "withdrawn": ["ready", "withdrawn"],
            "rematched": ["ready", "matched", "ready"],  # waiting again after an early end
        }
        group_paths = {
            "forming": [],
            "screening": ["screening"],
            "training": ["screening", "training"],
            "ready": ["screening", "training", "ready"],
            "matched": ["screening", "training", "ready", "matched"],
            "completed": ["screening", "training", "ready", "matched", "completed"],
            "withdrawn": ["screening", "withdrawn"],
        }
        match_paths = {
            "proposed": ["proposed"],
            "accepted": ["proposed", "accepted"],
            "active": ["proposed", "accepted", "active"],
            "completed": ["proposed", "accepted", "active", "completed"],
            "ended_early": ["proposed", "accepted", "active", "ended_early"],
            "declined": ["proposed", "declined"],
        }
        rows_r, rows_g, rows_m = [], [], []
        for refugee in refugees:
            old = "intake"
            path = "rematched" if getattr(refugee, "_rematched", False) else refugee.status
            for i, new in enumerate(refugee_paths[path]):
                rows_r.append(
                    RefugeeStatusChange(
                        refugee=refugee,
                        old=old,
                        new=new,
                        at=self.at(refugee.waiting_since) + datetime.timedelta(days=i),
                    )
                )
                old = new
        for group in groups:
            old = "forming"
            base = group.intake_interview_on or self.today
            for i, new in enumerate(group_paths[group.status]):
                rows_g.append(
                    GroupStatusChange(
                        group=group, old=old, new=new, at=self.at(base) + datetime.timedelta(days=i)
                    )
                )
                old = new
        for match in matches:
            old = ""
            base = match.start_date or self.today - datetime.timedelta(days=7)
            for i, new in enumerate(match_paths[match.status]):
                at = (
                    self.at(match.actual_end_date)
                    if new in ("completed", "ended_early")
                    else self.at(base) - datetime.timedelta(days=max(0, 2 - i) * 7)
                )
                rows_m.append(MatchStatusChange(match=match, old=old, new=new, at=at))
                old = new
        RefugeeStatusChange.objects.bulk_create(rows_r)
        GroupStatusChange.objects.bulk_create(rows_g)
        MatchStatusChange.objects.bulk_create(rows_m)

    def trajectory_details(self, trajectories) -> None:
        rng = self.rng
        goals_by_refugee: dict = {}
        for goal in HouseholdGoal.objects.filter(
            refugee__in=[t.match.refugee_id for t in trajectories]
        ):
            goals_by_refugee.setdefault(goal.refugee_id, []).append(goal)
        milestones, goals, scores = [], [], []
        for t in trajectories:
            match = t.match
            stop = match.actual_end_date or self.today
            due = {kind: match.start_date + off for kind, off in MILESTONE_OFFSETS.items()}
            if match.refugee.variant == Variant.SPONSORGROEP:
                due["action_plan"] = match.start_date
            for kind, day in due.items():
                done = day + self.days(-5, 12)
                # A few active trajectories have a milestone overdue.
                late = match.status == "active" and rng.random() < 0.15
                completed = done if done <= stop and not late else None
                milestones.append(
                    Milestone(
                        trajectory=t,
                        kind=kind,
                        due_date=day,
                        completed_on=completed,
                        notes="Verslag (demo)." if completed else "",
                    )
                )
            followed_up = self._follow_up(t, milestones)
            passed = {k for k, d in due.items() if d <= stop}
            for hg in goals_by_refugee.get(match.refugee_id, []):
                progress = (
                    "achieved"
                    if match.status == "completed" and rng.random() < 0.6
                    else rng.choice(["open", "in_progress", "in_progress"])
                )
                goals.append(
                    TrajectoryGoal(
                        trajectory=t,
                        life_domain=hg.life_domain,
                        description=hg.description,
                        status=progress,
                    )
                )
                first = rng.randint(1, 3)
                scores.append(
                    SelfRelianceScore(
                        trajectory=t, life_domain=hg.life_domain, moment="introduction", score=first
                    )
                )
                if "midterm" in passed:
                    mid = min(5, first + rng.randint(0, 1))
                    scores.append(
                        SelfRelianceScore(
                            trajectory=t, life_domain=hg.life_domain, moment="midterm", score=mid
                        )
                    )
                    if match.status == "completed":
                        for moment in ("final", "follow_up") if followed_up else ("final",):
                            scores.append(
                                SelfRelianceScore(
                                    trajectory=t,
                                    life_domain=hg.life_domain,
                                    moment=moment,
                                    score=min(5, mid + rng.randint(0, 2)),
                                )
                            )
        check_ins = []
        low_given = False
        for m in milestones:
            if m.kind == "action_plan" or m.completed_on is None or rng.random() < 0.4:
                continue
            score = rng.randint(3, 5)
            if not low_given and m.trajectory.match.status == "active" and m.kind == "check_in":
                score, low_given = 2, True
            check_ins.append(
                CheckIn(
                    trajectory=m.trajectory,
                    milestone=m.kind,
                    score=score,
                    helps="De wekelijkse taalafspraak helpt (demo)." if score > 2 else "",
                    missing="Hulp bij het vinden van werk (demo)." if score <= 3 else "",
                )
            )
        Milestone.objects.bulk_create(milestones)
        CheckIn.objects.bulk_create(check_ins)
        TrajectoryGoal.objects.bulk_create(goals)
        SelfRelianceScore.objects.bulk_create(scores)

    def _follow_up(self, trajectory, milestones: list) -> bool:
        """Three months after a completed year (and after some early ends, where the
        household agreed): the follow-up, answered once its day has passed. True when
        the group answered it."""
        rng, match = self.rng, trajectory.match
        if match.actual_end_date is None:
            return False
        if match.status != "completed" and rng.random() < 0.6:
            return False
        day = match.actual_end_date + FOLLOW_UP_AFTER
        done = day + self.days(0, 20)
        answered = done <= self.today
        contact = rng.choices([c.value for c in Milestone.Contact], weights=[30, 25, 20, 25])[0]
        milestones.append(
            Milestone(
                trajectory=trajectory,
                kind="follow_up",
                due_date=day,
                completed_on=done if answered else None,
                notes="Opvolging (demo)." if answered else "",
                contact=contact if answered else "",
            )
        )
        return answered

    def activities(self, trajectories) -> None:
        rng = self.rng
        logs, domain_links, present_links, intros = [], [], [], []
        goal_domains: dict = {}
        for goal in HouseholdGoal.objects.filter(
            refugee__in=[t.match.refugee_id for t in trajectories]
        ):
            goal_domains.setdefault(goal.refugee_id, []).append(goal.life_domain_id)
        for t in trajectories:
            match = t.match
            members = self._memberships.get(match.group_id, [])
            stop = min(match.actual_end_date or self.today, self.today)
            if match.status == "active" and rng.random() < 0.2:
                # Some groups have gone quiet, so the follow-up board has work to show.
                stop = self.today - self.days(24, 45)
            network = match.group._network
            day = match.start_date + self.days(0, 4)
            while day < stop:
                present = rng.sample(members, rng.randint(1, min(3, len(members))))
                log = ActivityLog(
                    trajectory=t,
                    date=day,
                    hours=Decimal(rng.choice(["1", "1.5", "2", "2", "3", "4"])),
                    description=rng.choice(ACTIVITY_TEXTS),
                    logged_by_id=present[0].user_id,
                    present_count=len(present),
                )
                domains = goal_domains.get(match.refugee_id) or [self.domains[0].pk]
                chosen = set(rng.sample(domains, rng.randint(1, min(2, len(domains)))))
                logs.append((log, present, chosen, network and rng.random() < 0.2))
                day += self.days(4, 14)
        ActivityLog.objects.bulk_create([log for log, *_ in logs], batch_size=2000)
        for log, present, chosen, introduce in logs:
            present_links += [
                ActivityLog.members_present.through(activitylog_id=log.pk, membership_id=m.pk)
                for m in present
            ]
            domain_links += [
                ActivityLog.life_domains.through(activitylog_id=log.pk, lifedomain_id=d)
                for d in chosen
            ]
            if introduce:
                intros += [
                    NetworkIntroduction(
                        activity=log, kind=rng.choice(NetworkIntroduction.Kind.values)
                    )
                    for _ in range(rng.randint(1, 2))
                ]
        ActivityLog.members_present.through.objects.bulk_create(present_links, batch_size=5000)
        ActivityLog.life_domains.through.objects.bulk_create(domain_links, batch_size=5000)
        NetworkIntroduction.objects.bulk_create(intros, batch_size=2000)
