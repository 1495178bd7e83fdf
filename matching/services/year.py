"""Writes on the year of an active match: its milestones, evaluations, action plan,
self-reliance scores and the household's check-ins.

Evaluations record what happened; they never change a status. Completing the year is the
coordinator's own action (`matches.year_complete`). See docs/architecture.md, "Lifecycles".
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.errors import ApplicationError
from samenhier.models import Language, User, Variant

from ..models import (
    SCORED_AT,
    CheckIn,
    Match,
    Milestone,
    SelfRelianceScore,
    Trajectory,
    TrajectoryGoal,
)
from . import reminders, summaries

# Milestones of the year, as offsets from the start date.
MILESTONE_OFFSETS = {
    Milestone.Kind.INTRODUCTION: relativedelta(weeks=1),
    Milestone.Kind.CHECK_IN: relativedelta(months=3),
    Milestone.Kind.MIDTERM: relativedelta(months=6),
    Milestone.Kind.FINAL: relativedelta(years=1),
}
YEAR = relativedelta(years=1)
# The look back at the contact, after the year ends.
FOLLOW_UP_AFTER = relativedelta(months=3)


def planned_end(start: datetime.date) -> datetime.date:
    return start + YEAR


def trajectory_start(*, match: Match) -> Trajectory:
    """The trajectory of a match that became active, with its milestones' due dates."""
    trajectory, _created = Trajectory.objects.get_or_create(match=match)
    start = match.start_date
    due = {kind: start + offset for kind, offset in MILESTONE_OFFSETS.items()}
    if match.refugee.variant == Variant.SPONSORGROEP:
        # The sponsor group writes its action plan before the household arrives.
        due[Milestone.Kind.ACTION_PLAN] = start
    for kind, date in due.items():
        Milestone.objects.get_or_create(
            trajectory=trajectory, kind=kind, defaults={"due_date": date}
        )
    summaries.pulse_refresh({trajectory.pk})
    return trajectory


def follow_up_plan(*, match: Match) -> Milestone:
    """The follow-up three months after a year ended (completed, or ended early when the
    household agreed): the group tells whether the contact lasts and the household has a
    check-in of its own. Planning it again changes nothing."""
    milestone, _created = Milestone.objects.get_or_create(
        trajectory=match.trajectory,
        kind=Milestone.Kind.FOLLOW_UP,
        defaults={"due_date": match.actual_end_date + FOLLOW_UP_AFTER},
    )
    summaries.pulse_refresh({milestone.trajectory_id})
    return milestone


def _running(trajectory: Trajectory, message) -> None:
    if trajectory.match.status != Match.Status.ACTIVE:
        raise ApplicationError(message, code="year_not_running")


def milestone_evaluate(
    *,
    milestone: Milestone,
    by: User,
    notes: str,
    exit_plan: str = "",
    scores: dict | None = None,
    on: datetime.date | None = None,
    contact: str = "",
) -> Milestone:
    """Record the group's part of a milestone's evaluation, with the self-reliance scores
    of the moments that have them. The midterm needs an exit plan; the follow-up says
    whether the contact lasts (`contact`, Milestone.Contact).

    Refuses a year that is not running, and a follow-up before its year ended. It never
    changes a status: completing the year is a separate action of the coordinator (see
    matches.year_complete).
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        milestone = (
            Milestone.objects.select_for_update()
            .select_related("trajectory__match")
            .get(pk=milestone.pk)
        )
        if milestone.kind == Milestone.Kind.FOLLOW_UP:
            if milestone.trajectory.match.status not in Match.ENDED:
                raise ApplicationError(
                    _("De opvolging volgt pas als het jaar voorbij is."), code="year_not_ended"
                )
            if contact not in Milestone.Contact.values:
                raise ApplicationError(
                    _("Kies of er nog contact is, en hoe."), code="contact_required"
                )
        else:
            _running(
                milestone.trajectory, _("Dit traject loopt niet meer; evalueren kan niet meer.")
            )
        if not notes.strip():
            raise ApplicationError(_("Schrijf kort op hoe het ging."), code="notes_required")
        if milestone.kind == Milestone.Kind.MIDTERM and not exit_plan.strip():
            raise ApplicationError(
                _("Beschrijf bij de tussenevaluatie ook het afbouwplan."),
                code="exit_plan_required",
            )
        milestone.notes = notes.strip()
        milestone.exit_plan = exit_plan.strip()
        if milestone.kind == Milestone.Kind.FOLLOW_UP:
            milestone.contact = contact
        milestone.completed_on = milestone.completed_on or on
        milestone.completed_by = by
        milestone.save(
            update_fields=["notes", "exit_plan", "contact", "completed_on", "completed_by"]
        )
        summaries.pulse_refresh({milestone.trajectory_id})
        moment = SCORED_AT.get(milestone.kind)
        for domain, score in (scores or {}).items():
            if moment is None or score is None:
                continue
            self_reliance_record(
                trajectory=milestone.trajectory, life_domain=domain, moment=moment, score=score
            )
    return milestone


def self_reliance_record(
    *, trajectory: Trajectory, life_domain, moment: str, score: int
) -> SelfRelianceScore:
    """Record (or correct) one self-reliance score, 1–5."""
    if not 1 <= int(score) <= 5:
        raise ApplicationError(_("Een score is 1 tot en met 5."), code="score_out_of_range")
    with transaction.atomic():
        record, _created = SelfRelianceScore.objects.update_or_create(
            trajectory=trajectory,
            life_domain=life_domain,
            moment=moment,
            defaults={"score": score},
        )
        summaries.gain_refresh(trajectory_id=trajectory.pk, life_domain_id=record.life_domain_id)
    return record


def trajectory_goal_save(
    *,
    trajectory: Trajectory,
    by: User,
    life_domain,
    description: str,
    status: str,
    goal: TrajectoryGoal | None = None,
) -> TrajectoryGoal:
    """Add a goal to the action plan, or update one of this trajectory's goals."""
    _running(trajectory, _("Dit traject loopt niet meer; het actieplan ligt vast."))
    if goal is not None and goal.trajectory_id != trajectory.pk:
        raise ApplicationError(_("Dit doel hoort niet bij dit traject."), code="wrong_trajectory")
    goal = goal or TrajectoryGoal(trajectory=trajectory)
    goal.life_domain = life_domain
    goal.description = description.strip()
    goal.status = status
    goal.save()
    return goal


def check_in_record(
    *,
    trajectory: Trajectory,
    milestone: str,
    by: User,
    score: int,
    helps: str,
    missing: str,
    language: Language | None = None,
) -> CheckIn:
    """The household's answer at a milestone, in any language (recorded with it);
    answering again replaces it. A low answer is brought to the community builder and
    the coordinators (never the group)."""
    if milestone not in CheckIn.MILESTONES:
        raise ApplicationError(_("Bij deze mijlpaal hoort geen check-in."), code="no_check_in")
    with transaction.atomic():
        check_in, _created = CheckIn.objects.update_or_create(
            trajectory=trajectory,
            milestone=milestone,
            defaults={
                "score": score,
                "helps": helps.strip(),
                "missing": missing.strip(),
                "language": language,
                "by": by,
            },
        )
        summaries.pulse_refresh({trajectory.pk})
        reminders.notify_check_in_low(check_in)
    return check_in
