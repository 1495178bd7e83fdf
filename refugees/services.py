"""Writes on refugee households: status changes, with their status-change rows."""

from django.db import transaction
from django.utils.translation import gettext as _

from samenhier.roles import Role
from samenhier.services import user_invite
from samenhier.transitions import TransitionError, transition

from .models import Consent, Refugee, RefugeeStatusChange

S = Refugee.Status
ALLOWED = {
    S.INTAKE: {S.READY, S.WITHDRAWN},
    S.READY: {S.MATCHED, S.WITHDRAWN},
    S.MATCHED: {S.COMPLETED, S.WITHDRAWN},
    S.COMPLETED: set(),
    S.WITHDRAWN: set(),
}


def _ready_guard(refugee: Refugee) -> None:
    has_consent = refugee.consents.filter(
        subject=Consent.Subject.DATA_PROCESSING, withdrawn_at=None
    ).exists()
    if not has_consent:
        raise TransitionError(
            _("Leg eerst de toestemming voor de verwerking van persoonsgegevens vast.")
        )
    if not refugee.languages.exists():
        raise TransitionError(_("Vul eerst in welke talen het huishouden spreekt."))


def refugee_transition(*, refugee: Refugee, to: str, by=None, note: str = "") -> Refugee:
    """Move a household along intake → ready → matched → completed | withdrawn."""
    return transition(
        obj=refugee,
        to=to,
        allowed=ALLOWED,
        change_model=RefugeeStatusChange,
        by=by,
        note=note,
        guard=_ready_guard if to == S.READY else None,
    )


def refugee_account_invite(*, refugee: Refugee, email: str, first_name: str, last_name: str, by):
    """Give the household's main contact an account of their own, by invitation."""
    with transaction.atomic():
        refugee = Refugee.objects.select_for_update().get(pk=refugee.pk)
        if refugee.user_id:
            raise TransitionError(_("Dit huishouden heeft al een account."))
        user, invitation = user_invite(
            email=email, first_name=first_name, last_name=last_name, role=Role.REFUGEE, by=by
        )
        if Refugee.objects.filter(user=user).exists():
            raise TransitionError(_("Dit e-mailadres hoort al bij een ander huishouden."))
        refugee.user = user
        refugee.save(update_fields=["user", "updated_at"])
    return refugee
