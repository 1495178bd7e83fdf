"""Proposal rounds: the engine's advice for a municipality, and the decisions on it.

Nothing is matched by the engine: each proposal waits for a coordinator's decision
(GDPR art. 22), and every decision keeps who, when and why.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import WelcomeGroup
from samenhier.errors import ApplicationError
from samenhier.models import User

from .. import engine
from ..explain import HARD_REASON_LABELS
from ..models import Match, Proposal, ProposalRound, UnmatchedHousehold, Veto
from ..round_input import round_compute, round_input
from .matches import match_propose, require_note


def round_run(
    *, municipality, by: User | None, today: datetime.date | None = None, computed=None
) -> ProposalRound:
    """Run the engine for a municipality and keep its advice as a round of proposals.

    Nothing is matched: each proposal waits for a coordinator's decision (GDPR art. 22).
    Open proposals of earlier rounds for the same households or groups are superseded.
    """
    data, result = computed or round_compute(municipality=municipality, user=by, today=today)
    with transaction.atomic():
        Proposal.objects.filter(status=Proposal.Status.OPEN).filter(
            Q(refugee__in=data.refugee_codes) | Q(group__in=data.group_codes)
        ).update(status=Proposal.Status.SUPERSEDED, decided_at=timezone.now())
        round_ = ProposalRound.objects.create(
            municipality=municipality,
            run_by=by,
            weights=data.weights,
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
        raise ApplicationError(
            _("Over dit voorstel is al besloten (%(status)s).")
            % {"status": locked.get_status_display()},
            code="proposal_decided",
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
    note = require_note(note)
    with transaction.atomic():
        proposal = _open_proposal(proposal)
        return _decide(proposal, status=Proposal.Status.DECLINED, by=by, note=note)


def veto_add(*, refugee, group, by: User, reason: str) -> Veto:
    """Never propose this household with this group (a coordinator's decision, with why)."""
    reason = require_note(reason)
    veto, _created = Veto.objects.get_or_create(
        refugee=refugee, group=group, defaults={"reason": reason, "by": by}
    )
    return veto


def proposal_veto(*, proposal: Proposal, by: User, note: str) -> Veto:
    """Never propose this household with this group again."""
    note = require_note(note)
    with transaction.atomic():
        proposal = _open_proposal(proposal)
        veto, _created = Veto.objects.get_or_create(
            refugee=proposal.refugee, group=proposal.group, defaults={"reason": note, "by": by}
        )
        _decide(proposal, status=Proposal.Status.VETOED, by=by, note=note)
    return veto


def proposal_override(*, proposal: Proposal, group: WelcomeGroup, by: User, note: str) -> Match:
    """Match the household with another group than proposed, if that pair is feasible."""
    note = require_note(note)
    with transaction.atomic():
        proposal = _open_proposal(proposal)
        refugee = proposal.refugee
        data = round_input(municipality=refugee.municipality, user=by)
        hid, gid = data.refugee_id(refugee.pk), data.group_id(group.pk)
        if gid is None:
            raise ApplicationError(
                _("Groep %(name)s doet niet mee aan deze ronde (niet klaar of geen plaats).")
                % {"name": group},
                code="group_not_in_round",
            )
        if hid is None:
            raise ApplicationError(
                _("%(name)s kan nu niet gekoppeld worden.") % {"name": refugee},
                code="household_not_in_round",
            )
        explanation = engine.explain_pair(data.instance, hid, gid)
        if not explanation.feasible:
            reasons = ", ".join(str(HARD_REASON_LABELS[r]) for r in explanation.reasons)
            raise ApplicationError(
                _("Deze koppeling kan niet: %(reasons)s.") % {"reasons": reasons},
                code="pair_not_feasible",
            )
        match = match_propose(refugee=refugee, group=group, by=by)
        _decide(proposal, status=Proposal.Status.OVERRIDDEN, by=by, note=note, match=match)
    return match
