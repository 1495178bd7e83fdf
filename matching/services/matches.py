"""Writes on matches: proposing, confirming, starting, completing and ending a year.

Every status change of a match goes through `match_transition`, and the household and
group follow in the same transaction. See docs/architecture.md, "Lifecycles".
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import WelcomeGroup
from groups.services import group_readiness_problems, group_transition
from refugees.models import Refugee
from refugees.services import refugee_transition
from samenhier.errors import ApplicationError, TransitionError
from samenhier.models import User
from samenhier.roles import Role
from samenhier.transitions import transition

from ..models import Match, MatchingPolicy, MatchStatusChange, Veto
from ..selectors.matches import group_refusal
from . import reminders, summaries
from .year import follow_up_plan, planned_end, trajectory_start

S = Match.Status
ALLOWED = {
    S.PROPOSED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.ACTIVE, S.DECLINED},
    S.ACTIVE: {S.COMPLETED, S.ENDED_EARLY},
    S.COMPLETED: set(),
    S.ENDED_EARLY: set(),
    S.DECLINED: set(),
}
# The final milestone's window opens a month before the year ends: from then on the
# year can be completed; before, it can only end early, with a reason.
COMPLETE_FROM = relativedelta(months=11)


def require_note(note: str) -> str:
    """Declining a match or proposal, vetoing and choosing another group need a reason
    (the one place this rule lives)."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(
            _("Geef een korte toelichting bij dit besluit."), code="note_required"
        )
    return note


def match_propose(*, refugee: Refugee, group: WelcomeGroup, by: User | None) -> Match:
    """Propose a household and a group to each other.

    Refuses a household or group that is not ready, a household that already has an
    open match, a group whose places are all taken, and one that is not screened (a
    member's VOG lapsed, or no start training): the groups a round can propose.
    """
    with transaction.atomic():
        # Lock both rows, in a fixed order, so two coordinators cannot both take the
        # last place of a group or both propose the same household.
        group = WelcomeGroup.objects.select_for_update().get(pk=group.pk)
        refugee = Refugee.objects.select_for_update().get(pk=refugee.pk)
        if refugee.status != Refugee.Status.READY:
            raise ApplicationError(
                _("%(name)s is niet klaar voor een koppeling (status: %(status)s).")
                % {"name": refugee, "status": refugee.get_status_display()},
                code="household_not_ready",
            )
        # The rounds' own definition of a group that can take a household.
        refusal = group_refusal(group)
        if refusal == "group_not_ready":
            raise ApplicationError(
                _("Groep %(name)s is niet klaar voor een koppeling (status: %(status)s).")
                % {"name": group, "status": group.get_status_display()},
                code=refusal,
            )
        taken = _("%(name)s heeft al een openstaande koppeling.") % {"name": refugee}
        if refugee.matches.filter(status__in=Match.OPEN).exists():
            raise ApplicationError(taken, code="household_has_open_match")
        if refusal == "group_full":
            raise ApplicationError(
                _("Groep %(name)s heeft geen plaats meer.") % {"name": group}, code=refusal
            )
        if refusal == "group_not_screened":
            raise ApplicationError(
                _(
                    "Groep %(name)s kan nu geen huishouden krijgen: niet alle leden hebben een "
                    "geldige VOG, of de groep volgde de starttraining nog niet."
                )
                % {"name": group},
                code=refusal,
            )
        try:
            with transaction.atomic():
                match = Match.objects.create(refugee=refugee, group=group, created_by=by)
        except IntegrityError as error:
            raise ApplicationError(taken, code="household_has_open_match") from error
        MatchStatusChange.objects.create(match=match, old="", new=S.PROPOSED, by=by)
        reminders.notify_match_proposed(match)
    return match


# After an early end, each side goes on or stops (docs/architecture.md, "Lifecycles").
READY_AGAIN, STOPS = "ready", "stops"
NEXT_STEPS = (READY_AGAIN, STOPS)


def next_steps_by_default(end_reason: str) -> tuple[str, str]:
    """What happens next for (the household, the group) unless the coordinator chooses
    otherwise: the side that stopped stops, the other is matched again."""
    household_left = end_reason in (
        Match.EndReason.HOUSEHOLD_MOVED,
        Match.EndReason.HOUSEHOLD_STOPPED,
    )
    group_left = end_reason == Match.EndReason.GROUP_STOPPED
    return (STOPS if household_left else READY_AGAIN, STOPS if group_left else READY_AGAIN)


@dataclass(frozen=True)
class AfterEarlyEnd:
    """The coordinator's choice for each side when a year ends early."""

    household: str = READY_AGAIN
    waiting_since: datetime.date | None = None  # None: the household's original date
    group: str = READY_AGAIN
    group_note: str = ""  # what the group agreed with its community builder
    follow_up: bool = False  # the household agreed to a follow-up after three months


def match_transition(
    *,
    match: Match,
    to: str,
    by: User | None,
    note: str = "",
    on: datetime.date | None = None,
    end_reason: str = "",
    after: AfterEarlyEnd | None = None,
) -> Match:
    """Move a match along its lifecycle, and the household and group with it.

    `on` is the start date when it becomes active and the end date when it ends
    (today by default). Ending early needs a reason, declining a note; `after` says what
    happens next for each side (by default: `next_steps_by_default`). The earlier match,
    its year and its logs stay as they are and keep counting in every figure.
    """
    if to == S.ENDED_EARLY and after is None:
        household, group = next_steps_by_default(end_reason)
        after = AfterEarlyEnd(household=household, group=group)
    if after is not None and (after.household not in NEXT_STEPS or after.group not in NEXT_STEPS):
        raise ApplicationError(
            _("Kies wat er met het huishouden en de groep gebeurt."), code="next_steps_missing"
        )
    on = on or timezone.localdate()
    extra: dict = {}
    if to == S.ACTIVE:
        extra = {"start_date": on, "planned_end_date": planned_end(on)}
    elif to in (S.COMPLETED, S.ENDED_EARLY):
        extra = {"actual_end_date": on}
        if to == S.ENDED_EARLY:
            if end_reason not in Match.EndReason.values:
                raise ApplicationError(
                    _("Geef een reden op waarom de koppeling eerder stopt."),
                    code="end_reason_required",
                )
            extra["end_reason"] = end_reason

    def guard(locked: Match) -> None:
        # Runs on the locked row before `extra` is saved, so the household size is
        # the one at the moment the match becomes active.
        if to == S.DECLINED:
            require_note(note)
        if to == S.ACTIVE:
            extra["persons"] = 1 + locked.refugee.members.count()
            extra["municipality_id"] = locked.refugee.municipality_id
            extra["waited_days"] = max((on - locked.refugee.waiting_since).days, 0)
        if to in (S.COMPLETED, S.ENDED_EARLY) and on < locked.start_date:
            raise TransitionError(
                _("De einddatum ligt voor de startdatum."), code="end_before_start"
            )

    with transaction.atomic():
        before = summaries.year_part(Match.objects.select_for_update().get(pk=match.pk))
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
        _follow(match, to=to, by=by, after=after)
        summaries.year_changed(before, match)
    return match


def _follow(match: Match, *, to: str, by: User | None, after: AfterEarlyEnd | None) -> None:
    """Household, group and trajectory follow the match (same transaction)."""
    refugee, group = match.refugee, match.group
    if to == S.ACTIVE:
        refugee_transition(refugee=refugee, to=Refugee.Status.MATCHED, by=by)
        if group.status != WelcomeGroup.Status.MATCHED:
            group_transition(group=group, to=WelcomeGroup.Status.MATCHED, by=by)
        trajectory_start(match=match)
        reminders.notify_match_started(match)
    elif to == S.COMPLETED:
        follow_up_plan(match=match)
        refugee_transition(refugee=refugee, to=Refugee.Status.COMPLETED, by=by)
        if not group.matches.filter(status__in=Match.OPEN).exists():
            group_transition(group=group, to=WelcomeGroup.Status.COMPLETED, by=by)
    elif to == S.ENDED_EARLY:
        if after.follow_up:
            follow_up_plan(match=match)
        reason = Match.EndReason(match.end_reason).label
        if after.household == READY_AGAIN:
            refugee_transition(
                refugee=refugee,
                to=Refugee.Status.READY,
                by=by,
                note=_("Opnieuw te koppelen na een eerder einde (%(reason)s).")
                % {"reason": reason},
                waiting_since=after.waiting_since,
            )
        else:
            refugee_transition(refugee=refugee, to=Refugee.Status.WITHDRAWN, by=by)
        if not group.matches.filter(status__in=Match.OPEN).exists():
            group_transition(
                group=group, to=_group_next(group, after), by=by, note=after.group_note[:2000]
            )
        # The pair is not proposed to each other again, unless a coordinator lifts it.
        if by is not None:
            Veto.objects.get_or_create(
                refugee=refugee,
                group=group,
                defaults={
                    "reason": _("Hun jaar stopte eerder: %(reason)s.") % {"reason": reason},
                    "by": by,
                },
            )


def _group_next(group: WelcomeGroup, after: AfterEarlyEnd) -> str:
    """A group that goes on is ready again when it is still complete; one that is not (a
    certificate expired) goes back to the screening first, or with too few members left
    forms again."""
    if after.group == STOPS:
        return WelcomeGroup.Status.WITHDRAWN
    if not group_readiness_problems(group):
        return WelcomeGroup.Status.READY
    if group.memberships.count() >= WelcomeGroup.MIN_MEMBERS:
        return WelcomeGroup.Status.SCREENING
    return WelcomeGroup.Status.FORMING  # too few members left: it forms again


def year_completable_from(match: Match) -> datetime.date | None:
    """The first day on which the year of an active match can be completed."""
    if match.start_date is None:
        return None
    return match.start_date + COMPLETE_FROM


def may_complete_year(user: User, match: Match) -> bool:
    """A coordinator of the household's municipality (or an administrator) completes a
    year; the group's community builder only where the partner's policy allows it."""
    if user.is_administrator:
        return True
    if Role.COORDINATOR in user.roles and match.refugee.municipality_id in user.municipality_ids:
        return True
    if Role.COMMUNITY_BUILDER in user.roles and match.group.community_builder_id == user.pk:
        return MatchingPolicy.community_builders_complete(match.refugee.municipality)
    return False


def year_complete(
    *, match: Match, by: User, note: str = "", on: datetime.date | None = None
) -> Match:
    """Complete the year of an active match: its own, confirmed action.

    Refuses anyone but a coordinator (or, where the policy allows, the group's community
    builder), and a year whose final milestone window has not opened yet (month 11):
    before that a year can only end early, with a reason. The end date is the day of
    completing, but never after the planned end: the year is a year.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        match = (
            Match.objects.select_for_update().select_related("refugee", "group").get(pk=match.pk)
        )
        if not may_complete_year(by, match):
            raise ApplicationError(
                _("Alleen een coördinator rondt het jaar af."), code="not_allowed_to_complete"
            )
        if match.status != S.ACTIVE:
            raise TransitionError(
                _("Alleen een lopend jaar kan worden afgerond."), code="year_not_running"
            )
        opens = year_completable_from(match)
        if on < opens:
            raise ApplicationError(
                _(
                    "Het jaar kan pas vanaf %(date)s worden afgerond. Stopt de koppeling "
                    "eerder, kies dan ‘voortijdig beëindigen’ met een reden."
                )
                % {"date": opens.strftime("%d-%m-%Y")},
                code="year_too_early",
            )
        return match_transition(
            match=match,
            to=S.COMPLETED,
            by=by,
            on=min(on, match.planned_end_date),
            note=note.strip() or _("Het jaar is afgerond."),
        )


# -- both sides confirm a proposed match --------------------------------------------------


def _confirm(match: Match, field: str, by: User) -> Match:
    with transaction.atomic():
        match = Match.objects.select_for_update().get(pk=match.pk)
        if match.status != S.PROPOSED:
            raise TransitionError(
                _("Deze koppeling is niet meer voorgesteld (status: %(status)s).")
                % {"status": match.get_status_display()},
                code="match_not_proposed",
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
    """The group's contact person confirms the proposed match for the group; the
    coordinators are told."""
    if not match.group.memberships.filter(user=by, is_contact=True).exists():
        raise ApplicationError(
            _("Alleen de contactpersoon van de groep kan dit bevestigen."), code="not_the_contact"
        )
    with transaction.atomic():
        match = _confirm(match, "group_confirmed", by)
        reminders.notify_group_confirmed(match)
    return match


def match_record_household_consent(*, match: Match, by: User) -> Match:
    """The coordinator records that the household agreed to the proposed match."""
    return _confirm(match, "household_consent", by)
