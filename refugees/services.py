"""Writes on refugee households: status changes, with their status-change rows."""

from django.db import transaction
from django.utils.translation import gettext as _

from samenhier.errors import ApplicationError, TransitionError
from samenhier.languages import language_from_household
from samenhier.models import User
from samenhier.roles import Role
from samenhier.services import user_invite
from samenhier.transitions import transition

from .models import Consent, Refugee, RefugeeStatusChange

S = Refugee.Status
ALLOWED = {
    S.INTAKE: {S.READY, S.WITHDRAWN},
    S.READY: {S.MATCHED, S.WITHDRAWN},
    # Back to ready after a year that ended early, to be matched again (docs/architecture.md,
    # "Lifecycles").
    S.MATCHED: {S.COMPLETED, S.WITHDRAWN, S.READY},
    S.COMPLETED: set(),
    S.WITHDRAWN: set(),
}


def refugee_ready_guard(refugee: Refugee) -> None:
    """What a household needs to be ready for matching (consent for data processing and
    a language); the one place this rule lives, for the transition and the import."""
    has_consent = refugee.consents.filter(
        subject=Consent.Subject.DATA_PROCESSING, withdrawn_at=None
    ).exists()
    if not has_consent:
        raise TransitionError(
            _("Leg eerst de toestemming voor de verwerking van persoonsgegevens vast."),
            code="consent_missing",
        )
    if not refugee.languages.exists():
        raise TransitionError(
            _("Vul eerst in welke talen het huishouden spreekt."), code="languages_missing"
        )


def refugee_transition(
    *, refugee: Refugee, to: str, by=None, note: str = "", waiting_since=None
) -> Refugee:
    """Move a household along intake → ready → matched → completed | withdrawn, or back
    from matched to ready after an early end; `waiting_since` is the date it waits from
    again (its original one unless the coordinator chooses another)."""
    return transition(
        obj=refugee,
        to=to,
        allowed=ALLOWED,
        change_model=RefugeeStatusChange,
        by=by,
        note=note,
        guard=refugee_ready_guard if to == S.READY else None,
        extra_fields={"waiting_since": waiting_since} if waiting_since else None,
    )


def consent_save(*, consent: Consent, by) -> Consent:
    """Record a household's consent (or its withdrawal), with who recorded it."""
    if consent.recorded_by_id is None:
        consent.recorded_by = by
    consent.full_clean()
    consent.save()
    return consent


def refugee_account_invite(*, refugee: Refugee, email: str, first_name: str, last_name: str, by):
    """Give the household's main contact an account of their own, by invitation."""
    with transaction.atomic():
        refugee = Refugee.objects.select_for_update().get(pk=refugee.pk)
        if refugee.user_id:
            raise ApplicationError(
                _("Dit huishouden heeft al een account."), code="household_has_account"
            )
        # The address of another household's account: nothing is sent and nothing is
        # linked, and the inviter is told what any invitation tells them (as for a
        # deactivated account): the page reveals no account.
        address = User.objects.normalize_email(email).strip().lower()
        if Refugee.objects.filter(user__email=address).exclude(pk=refugee.pk).exists():
            return refugee
        # The account's own language comes from the household's languages, before the
        # invitation is sent (on commit), so the e-mail is in it already.
        language = language_from_household(refugee.languages.values_list("code", flat=True))
        user, invitation = user_invite(
            email=email, first_name=first_name, last_name=last_name, role=Role.REFUGEE, by=by
        )
        if not user.language:
            user.language = language
            user.save(update_fields=["language"])
        refugee.user = user
        refugee.save(update_fields=["user", "updated_at"])
    return refugee
