"""Writes on matches and trajectories. Every status change goes through here."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import WelcomeGroup
from groups.services import group_transition
from refugees.models import Refugee
from refugees.services import refugee_transition
from samenhier.models import User, Variant
from samenhier.transitions import TransitionError, transition

from . import engine
from .candidates import policy_for, round_compute, round_input
from .explain import HARD_REASON_LABELS
from .models import (
    SCORED_AT,
    CheckIn,
    Match,
    MatchStatusChange,
    Milestone,
    Proposal,
    ProposalRound,
    SelfRelianceScore,
    Trajectory,
    TrajectoryGoal,
    UnmatchedHousehold,
    Veto,
)

S = Match.Status
ALLOWED = {
    S.PROPOSED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.ACTIVE, S.DECLINED},
    S.ACTIVE: {S.COMPLETED, S.ENDED_EARLY},
    S.COMPLETED: set(),
    S.ENDED_EARLY: set(),
    S.DECLINED: set(),
}

# Milestones of the year, as offsets from the start date (DESIGN.md).
MILESTONE_OFFSETS = {
    Milestone.Kind.INTRODUCTION: relativedelta(weeks=1),
    Milestone.Kind.CHECK_IN: relativedelta(months=3),
    Milestone.Kind.MIDTERM: relativedelta(months=6),
    Milestone.Kind.FINAL: relativedelta(years=1),
}


def planned_end(start: datetime.date) -> datetime.date:
    return start + relativedelta(years=1)


def match_propose(*, refugee: Refugee, group: WelcomeGroup, by: User | None) -> Match:
    """Propose a household and a group to each other.

    Refuses a household or group that is not ready, a household that already has an
    open match, and a group whose places are all taken.
    """
    with transaction.atomic():
        # Lock both rows, in a fixed order, so two coordinators cannot both take the
        # last place of a group or both propose the same household.
        group = WelcomeGroup.objects.select_for_update().get(pk=group.pk)
        refugee = Refugee.objects.select_for_update().get(pk=refugee.pk)
        if refugee.status != Refugee.Status.READY:
            raise TransitionError(
                _("%(name)s is niet klaar voor een koppeling (status: %(status)s).")
                % {"name": refugee, "status": refugee.get_status_display()}
            )
        if group.status not in (WelcomeGroup.Status.READY, WelcomeGroup.Status.MATCHED):
            raise TransitionError(
                _("Groep %(name)s is niet klaar voor een koppeling (status: %(status)s).")
                % {"name": group, "status": group.get_status_display()}
            )
        if refugee.matches.filter(status__in=Match.OPEN).exists():
            raise TransitionError(
                _("%(name)s heeft al een openstaande koppeling.") % {"name": refugee}
            )
        if group.matches.filter(status__in=Match.OPEN).count() >= group.capacity:
            raise TransitionError(_("Groep %(name)s heeft geen plaats meer.") % {"name": group})
        try:
            with transaction.atomic():
                match = Match.objects.create(refugee=refugee, group=group, created_by=by)
        except IntegrityError as error:
            raise TransitionError(
                _("%(name)s heeft al een openstaande koppeling.") % {"name": refugee}
            ) from error
        MatchStatusChange.objects.create(match=match, old="", new=S.PROPOSED, by=by)
    return match


def match_transition(
    *,
    match: Match,
    to: str,
    by: User | None,
    note: str = "",
    on: datetime.date | None = None,
    end_reason: str = "",
) -> Match:
    """Move a match along its lifecycle, and the household and group with it.

    `on` is the start date when it becomes active and the end date when it ends
    (today by default). Ending early needs a reason.
    """
    on = on or timezone.localdate()
    extra: dict = {}
    if to == S.ACTIVE:
        extra = {"start_date": on, "planned_end_date": planned_end(on)}
    elif to in (S.COMPLETED, S.ENDED_EARLY):
        extra = {"actual_end_date": on}
        if to == S.ENDED_EARLY:
            if end_reason not in Match.EndReason.values:
                raise TransitionError(_("Geef een reden op waarom de koppeling eerder stopt."))
            extra["end_reason"] = end_reason

    def guard(locked: Match) -> None:
        # Runs on the locked row before `extra` is saved, so the household size is
        # the one at the moment the match becomes active.
        if to == S.ACTIVE:
            extra["persons"] = 1 + locked.refugee.members.count()
        if to in (S.COMPLETED, S.ENDED_EARLY) and on < locked.start_date:
            raise TransitionError(_("De einddatum ligt voor de startdatum."))

    with transaction.atomic():
        match = transition(
            obj=match,
            to=to,
            allowed=ALLOWED,
            change_model=MatchStatusChange,
            by=by,
            note=note,
            guard=guard,
            extra_fields=extra,
        )
        _follow(match, to=to, by=by)
    return match


def _follow(match: Match, *, to: str, by: User | None) -> None:
    """Household, group and trajectory follow the match (same transaction)."""
    refugee, group = match.refugee, match.group
    if to == S.ACTIVE:
        refugee_transition(refugee=refugee, to=Refugee.Status.MATCHED, by=by)
        if group.status != WelcomeGroup.Status.MATCHED:
            group_transition(group=group, to=WelcomeGroup.Status.MATCHED, by=by)
        trajectory_start(match=match)
    elif to in (S.COMPLETED, S.ENDED_EARLY):
        household_left = match.end_reason in (
            Match.EndReason.HOUSEHOLD_MOVED,
            Match.EndReason.HOUSEHOLD_STOPPED,
        )
        refugee_transition(
            refugee=refugee,
            to=Refugee.Status.WITHDRAWN if household_left else Refugee.Status.COMPLETED,
            by=by,
        )
        if not group.matches.filter(status__in=Match.OPEN).exists():
            group_stopped = match.end_reason == Match.EndReason.GROUP_STOPPED
            group_transition(
                group=group,
                to=WelcomeGroup.Status.WITHDRAWN
                if group_stopped
                else WelcomeGroup.Status.COMPLETED,
                by=by,
            )


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
    return trajectory


# -- proposal rounds and the decisions on them -------------------------------------------


def round_run(
    *, municipality, by: User | None, today: datetime.date | None = None
) -> ProposalRound:
    """Run the engine for a municipality and keep its advice as a round of proposals.

    Nothing is matched: each proposal waits for a coordinator's decision (GDPR art. 22).
    Open proposals of earlier rounds for the same households or groups are superseded.
    """
    data, result = round_compute(municipality=municipality, user=by, today=today)
    _policy, weights = policy_for(municipality)
    with transaction.atomic():
        Proposal.objects.filter(status=Proposal.Status.OPEN).filter(
            Q(refugee__in=data.refugee_codes) | Q(group__in=data.group_codes)
        ).update(status=Proposal.Status.SUPERSEDED, decided_at=timezone.now())
        round_ = ProposalRound.objects.create(
            municipality=municipality,
            run_by=by,
            weights=weights,
            total_score=result.total,
            households=len(data.refugee_codes),
            groups=len(data.group_codes),
        )
        Proposal.objects.bulk_create(
            Proposal(
                round=round_,
                refugee_id=data.refugee_codes[pair.household_id],
                group_id=data.group_codes[pair.group_id],
                score=pair.score,
                contributions=pair.contributions,
                alternatives=[
                    {"group": str(data.group_codes[alt.group_id]), "score": alt.score}
                    for alt in result.alternatives(pair.household_id, top=6)
                    if alt.group_id != pair.group_id
                ][:5],
            )
            for pair in result.pairs
        )
        UnmatchedHousehold.objects.bulk_create(
            UnmatchedHousehold(
                round=round_,
                refugee_id=data.refugee_codes[item.household_id],
                reason=item.reason,
                detail=_unmatched_detail(item, data),
            )
            for item in result.unmatched
        )
    return round_


def _unmatched_detail(item, data) -> dict:
    if item.reason == engine.NO_FEASIBLE_GROUP:
        return {"excluded": dict(item.detail)}
    return {
        "alternatives": [
            {"group": str(data.group_codes[group_id]), "score": score}
            for group_id, score in item.detail[:5]
        ]
    }


def _open_proposal(proposal: Proposal) -> Proposal:
    """Lock the proposal; refuse one that someone already decided on."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Proposal.Status.OPEN:
        raise TransitionError(
            _("Over dit voorstel is al besloten (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _decide(proposal: Proposal, *, status: str, by: User, note: str, match=None) -> Proposal:
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.match = match
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "match"])
    return proposal


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise TransitionError(_("Geef een korte toelichting bij dit besluit."))
    return note


def proposal_accept(*, proposal: Proposal, by: User, note: str = "") -> Match:
    """Turn a proposal into a proposed match that both sides then confirm.

    Of two coordinators acting on conflicting proposals at once, exactly one succeeds:
    the proposal, group and household rows are locked, and the second one is refused.
    """
    with transaction.atomic():
        proposal = _open_proposal(proposal)
        match = match_propose(refugee=proposal.refugee, group=proposal.group, by=by)
        _decide(proposal, status=Proposal.Status.ACCEPTED, by=by, note=note, match=match)
    return match


def proposal_decline(*, proposal: Proposal, by: User, note: str) -> Proposal:
    note = _require_note(note)
    with transaction.atomic():
        proposal = _open_proposal(proposal)
        return _decide(proposal, status=Proposal.Status.DECLINED, by=by, note=note)


def proposal_veto(*, proposal: Proposal, by: User, note: str) -> Veto:
    """Never propose this household with this group again."""
    note = _require_note(note)
    with transaction.atomic():
        proposal = _open_proposal(proposal)
        veto, _created = Veto.objects.get_or_create(
            refugee=proposal.refugee, group=proposal.group, defaults={"reason": note, "by": by}
        )
        _decide(proposal, status=Proposal.Status.VETOED, by=by, note=note)
    return veto


def proposal_override(*, proposal: Proposal, group: WelcomeGroup, by: User, note: str) -> Match:
    """Match the household with another group than proposed, if that pair is feasible."""
    note = _require_note(note)
    with transaction.atomic():
        proposal = _open_proposal(proposal)
        refugee = proposal.refugee
        data = round_input(municipality=refugee.municipality, user=by)
        hid, gid = data.refugee_id(refugee.pk), data.group_id(group.pk)
        if gid is None:
            raise TransitionError(
                _("Groep %(name)s doet niet mee aan deze ronde (niet klaar of geen plaats).")
                % {"name": group}
            )
        if hid is None:
            raise TransitionError(_("%(name)s kan nu niet gekoppeld worden.") % {"name": refugee})
        explanation = engine.explain_pair(data.instance, hid, gid)
        if not explanation.feasible:
            reasons = ", ".join(str(HARD_REASON_LABELS[r]) for r in explanation.reasons)
            raise TransitionError(_("Deze koppeling kan niet: %(reasons)s.") % {"reasons": reasons})
        match = match_propose(refugee=refugee, group=group, by=by)
        _decide(proposal, status=Proposal.Status.OVERRIDDEN, by=by, note=note, match=match)
    return match


# -- both sides confirm a proposed match --------------------------------------------------


def _confirm(match: Match, field: str, by: User) -> Match:
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status != S.PROPOSED:
            raise TransitionError(
                _("Deze koppeling is niet meer voorgesteld (status: %(status)s).")
                % {"status": match.get_status_display()}
            )
        setattr(match, f"{field}_at", timezone.now())
        setattr(match, f"{field}_by", by)
        match.save(update_fields=[f"{field}_at", f"{field}_by", "updated_at"])
        if match.group_confirmed_at and match.household_consent_at:
            match = match_transition(
                match=match,
                to=S.ACCEPTED,
                by=by,
                note=_("De groep en het huishouden stemden beide in."),
            )
    return match


def match_confirm_by_group(*, match: Match, by: User) -> Match:
    """The group's contact person confirms the proposed match for the group."""
    if not match.group.memberships.filter(user=by, is_contact=True).exists():
        raise TransitionError(_("Alleen de contactpersoon van de groep kan dit bevestigen."))
    return _confirm(match, "group_confirmed", by)


def match_record_household_consent(*, match: Match, by: User) -> Match:
    """The coordinator records that the household agreed to the proposed match."""
    return _confirm(match, "household_consent", by)


# -- the year: evaluations, goals, the household's check-ins -------------------------------


def milestone_evaluate(
    *,
    milestone: Milestone,
    by: User,
    notes: str,
    exit_plan: str = "",
    scores: dict | None = None,
    on: datetime.date | None = None,
) -> Milestone:
    """Record a milestone's evaluation (and self-reliance scores where they belong).

    The midterm evaluation needs an exit plan. The final evaluation completes the match.
    Refuses a trajectory whose match is no longer active.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        milestone = (
            Milestone.objects.select_for_update()
            .select_related("trajectory__match")
            .get(pk=milestone.pk)
        )
        match = milestone.trajectory.match
        if match.status != S.ACTIVE:
            raise TransitionError(_("Dit traject loopt niet meer; evalueren kan niet meer."))
        if not notes.strip():
            raise TransitionError(_("Schrijf kort op hoe het ging."))
        if milestone.kind == Milestone.Kind.MIDTERM and not exit_plan.strip():
            raise TransitionError(_("Beschrijf bij de tussenevaluatie ook het afbouwplan."))
        milestone.notes = notes.strip()
        milestone.exit_plan = exit_plan.strip()
        milestone.completed_on = milestone.completed_on or on
        milestone.completed_by = by
        milestone.save(update_fields=["notes", "exit_plan", "completed_on", "completed_by"])
        moment = SCORED_AT.get(milestone.kind)
        for domain, score in (scores or {}).items():
            if moment is None or score is None:
                continue
            SelfRelianceScore.objects.update_or_create(
                trajectory=milestone.trajectory,
                life_domain=domain,
                moment=moment,
                defaults={"score": score},
            )
        if milestone.kind == Milestone.Kind.FINAL:
            match_transition(
                match=match,
                to=S.COMPLETED,
                by=by,
                on=max(on, match.start_date),
                note=_("Eindevaluatie ingevuld."),
            )
    return milestone


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
    if trajectory.match.status != S.ACTIVE:
        raise TransitionError(_("Dit traject loopt niet meer; het actieplan ligt vast."))
    if goal is not None and goal.trajectory_id != trajectory.pk:
        raise TransitionError(_("Dit doel hoort niet bij dit traject."))
    goal = goal or TrajectoryGoal(trajectory=trajectory)
    goal.life_domain = life_domain
    goal.description = description.strip()
    goal.status = status
    goal.save()
    return goal


def check_in_record(
    *, trajectory: Trajectory, milestone: str, by: User, score: int, helps: str, missing: str
) -> CheckIn:
    """The household's answer at a milestone; answering again replaces it."""
    if milestone not in Milestone.Kind.values or milestone == Milestone.Kind.ACTION_PLAN:
        raise TransitionError(_("Bij deze mijlpaal hoort geen check-in."))
    check_in, _created = CheckIn.objects.update_or_create(
        trajectory=trajectory,
        milestone=milestone,
        defaults={"score": score, "helps": helps.strip(), "missing": missing.strip(), "by": by},
    )
    return check_in
