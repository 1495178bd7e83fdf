"""What the matching app erases of a household (see samenhier.privacy)."""

from samenhier.privacy import audit_erase, collector, eraser

from .models import (
    ActivityLog,
    CheckIn,
    Match,
    MatchStatusChange,
    Milestone,
    Proposal,
    SelfRelianceScore,
    Trajectory,
    TrajectoryGoal,
    UnmatchedHousehold,
    Veto,
)
from .services import summaries


@eraser
def erase_household_year(refugee_code) -> None:
    matches = Match.objects.filter(refugee=refugee_code)
    matches.update(end_note="")
    MatchStatusChange.objects.filter(match__in=matches).update(note="")
    check_ins = CheckIn.objects.filter(trajectory__match__in=matches)
    audit_erase(CheckIn, list(check_ins.values_list("pk", flat=True)))
    check_ins.delete()
    # The follow-up board's signals read the year's pulse, not the erased answers.
    summaries.pulse_refresh(
        Trajectory.objects.filter(match__in=matches).values_list("pk", flat=True)
    )
    audit_erase(Match, list(matches.values_list("pk", flat=True)))
    year = {"trajectory__match__in": matches}
    for model in (Milestone, TrajectoryGoal, SelfRelianceScore, ActivityLog):
        audit_erase(model, list(model.objects.filter(**year).values_list("pk", flat=True)))
    audit_erase(
        Trajectory, list(Trajectory.objects.filter(match__in=matches).values_list("pk", flat=True))
    )
    Milestone.objects.filter(trajectory__match__in=matches).update(notes="", exit_plan="")
    TrajectoryGoal.objects.filter(trajectory__match__in=matches).update(description="")
    # Hours, dates, life domains and who of the group was there stay: they name nobody
    # of the household and the figures rest on them. The free text may name someone.
    ActivityLog.objects.filter(trajectory__match__in=matches).update(description="")
    Proposal.objects.filter(refugee=refugee_code).delete()
    Veto.objects.filter(refugee=refugee_code).delete()
    UnmatchedHousehold.objects.filter(refugee=refugee_code).delete()


@collector
def collect_household_year(refugee_code) -> dict:
    matches = Match.objects.filter(refugee=refugee_code)
    trajectories = {"trajectory__match__in": matches}
    return {
        "matches": list(
            matches.values(
                "code",
                "group__name",
                "status",
                "persons",
                "start_date",
                "planned_end_date",
                "actual_end_date",
                "end_reason",
                "end_note",
                "group_confirmed_at",
                "household_consent_at",
            )
        ),
        "match_status_changes": list(
            MatchStatusChange.objects.filter(match__in=matches).values(
                "match", "old", "new", "note", "at"
            )
        ),
        "milestones": list(
            Milestone.objects.filter(**trajectories).values(
                "kind", "due_date", "completed_on", "notes", "exit_plan"
            )
        ),
        "action_plan": list(
            TrajectoryGoal.objects.filter(**trajectories).values(
                "life_domain__key", "description", "status"
            )
        ),
        "self_reliance": list(
            SelfRelianceScore.objects.filter(**trajectories).values(
                "life_domain__key", "moment", "score"
            )
        ),
        "check_ins": list(
            CheckIn.objects.filter(**trajectories).values(
                "milestone", "score", "helps", "missing", "at"
            )
        ),
        "proposals": list(
            Proposal.objects.filter(refugee=refugee_code).values(
                "group__name", "score", "status", "decision_note", "decided_at"
            )
        ),
        "vetoes": list(
            Veto.objects.filter(refugee=refugee_code).values("group__name", "reason", "at")
        ),
        "activities": [
            {
                "date": log.date,
                "hours": log.hours,
                "description": log.description,
                "life_domains": [d.key for d in log.life_domains.all()],
                "introductions": [i.kind for i in log.introductions.all()],
            }
            for log in ActivityLog.objects.filter(**trajectories).prefetch_related(
                "life_domains", "introductions"
            )
        ],
    }
