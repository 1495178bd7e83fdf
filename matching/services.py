"""Writes on matches and trajectories. Every status change goes through here."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import WelcomeGroup
from groups.services import group_transition
from refugees.models import Refugee
from refugees.services import refugee_transition
from samenhier.models import User, Variant
from samenhier.transitions import TransitionError, transition

from .models import Match, MatchStatusChange, Milestone, Trajectory

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
