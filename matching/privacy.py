"""What the matching app erases of a household (see samenhier.privacy)."""

from samenhier.privacy import audit_erase, collector, eraser

from .models import (
    CheckIn,
    Match,
    MatchStatusChange,
    Milestone,
    Proposal,
    SelfRelianceScore,
    TrajectoryGoal,
    UnmatchedHousehold,
    Veto,
)


@eraser
def erase_household_year(refugee_code) -> None:
    matches = Match.objects.filter(refugee=refugee_code)
    matches.update(end_note="")
    MatchStatusChange.objects.filter(match__in=matches).update(note="")
    check_ins = CheckIn.objects.filter(trajectory__match__in=matches)
    audit_erase(CheckIn, check_ins.values_list("pk", flat=True))
    check_ins.delete()
    audit_erase(Match, matches.values_list("pk", flat=True))
    Milestone.objects.filter(trajectory__match__in=matches).update(notes="", exit_plan="")
    TrajectoryGoal.objects.filter(trajectory__match__in=matches).update(description="")
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
    }
