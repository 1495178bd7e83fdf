"""Writes on welcome groups: members, invitations, and status changes."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.models import Language, User
from samenhier.roles import Role
from samenhier.services import user_invite
from samenhier.transitions import TransitionError, transition

from .models import GroupStatusChange, Membership, WelcomeGroup

S = WelcomeGroup.Status
ALLOWED = {
    S.FORMING: {S.SCREENING, S.WITHDRAWN},
    S.SCREENING: {S.TRAINING, S.WITHDRAWN},
    S.TRAINING: {S.READY, S.WITHDRAWN},
    S.READY: {S.MATCHED, S.WITHDRAWN},
    S.MATCHED: {S.COMPLETED, S.WITHDRAWN},
    S.COMPLETED: set(),
    S.WITHDRAWN: set(),
}


def group_readiness_problems(group: WelcomeGroup, *, on=None) -> list[str]:
    """What still stands between the group and matching, in words for a coordinator."""
    on = on or timezone.localdate()
    members = list(
        group.memberships.select_related("user").prefetch_related("languages").order_by("pk")
    )
    problems = []
    if not WelcomeGroup.MIN_MEMBERS <= len(members) <= WelcomeGroup.MAX_MEMBERS:
        problems.append(
            _("Een welkomgroep heeft 3 tot 5 leden; deze groep heeft er %(n)d.")
            % {"n": len(members)}
        )
    if not any(m.is_contact for m in members):
        problems.append(_("Er is geen contactpersoon aangewezen."))
    dutch = sum(1 for m in members if any(lang.code == "nl" for lang in m.languages.all()))
    if dutch < WelcomeGroup.MIN_DUTCH_SPEAKERS:
        problems.append(_("Ten minste 3 leden spreken Nederlands; nu %(n)d.") % {"n": dutch})
    for m in members:
        if m.participant_statement_signed_on is None:
            problems.append(
                _("%(name)s heeft de deelnemersverklaring niet getekend.") % {"name": m.user}
            )
        if not m.has_valid_vog(on):
            problems.append(_("%(name)s heeft geen geldige VOG.") % {"name": m.user})
    if group.intake_interview_on is None:
        problems.append(_("Het intakegesprek heeft nog niet plaatsgevonden."))
    if group.start_training_on is None or group.start_training_on > on:
        problems.append(_("De groep heeft de starttraining nog niet gevolgd."))
    return problems


def _guard(to: str):
    def check(group: WelcomeGroup) -> None:
        if to == S.SCREENING and group.memberships.count() < WelcomeGroup.MIN_MEMBERS:
            raise TransitionError(_("Een groep gaat pas naar de screening met ten minste 3 leden."))
        if to == S.READY:
            problems = group_readiness_problems(group)
            if problems:
                raise TransitionError(" ".join(problems))

    return check


def group_transition(*, group: WelcomeGroup, to: str, by=None, note: str = "") -> WelcomeGroup:
    """Move a group along forming → … → ready → matched → completed | withdrawn.

    A group becomes ready only when every member signed the participant statement and
    holds a valid VOG, and the group had its intake interview and start training.
    """
    return transition(
        obj=group,
        to=to,
        allowed=ALLOWED,
        change_model=GroupStatusChange,
        by=by,
        note=note,
        guard=_guard(to),
    )


def membership_add(
    *, group: WelcomeGroup, user: User, is_contact: bool = False, languages=()
) -> Membership:
    """Add a member; refuses a sixth member and a second contact person."""
    with transaction.atomic():
        group = WelcomeGroup.objects.select_for_update().get(pk=group.pk)
        if group.status in (S.COMPLETED, S.WITHDRAWN):
            raise TransitionError(_("Deze groep is afgesloten; er kunnen geen leden bij."))
        if group.memberships.filter(user=user).exists():
            raise TransitionError(_("%(name)s is al lid van deze groep.") % {"name": user})
        if group.memberships.count() >= WelcomeGroup.MAX_MEMBERS:
            raise TransitionError(_("Een welkomgroep heeft ten hoogste 5 leden."))
        if is_contact and group.memberships.filter(is_contact=True).exists():
            raise TransitionError(_("Deze groep heeft al een contactpersoon."))
        membership = Membership.objects.create(group=group, user=user, is_contact=is_contact)
        membership.languages.set(languages or Language.objects.filter(code="nl"))
    return membership


def membership_invite(
    *,
    group: WelcomeGroup,
    email: str,
    first_name: str,
    last_name: str,
    by: User,
    is_contact: bool = False,
    languages=(),
) -> Membership:
    """Invite a person by e-mail to the group: account, role, membership and link."""
    with transaction.atomic():
        user, _invitation = user_invite(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=Role.GROUP_MEMBER,
            by=by,
        )
        return membership_add(group=group, user=user, is_contact=is_contact, languages=languages)


# The statement every volunteer accepts before first seeing the household (DESIGN.md).
CONFIDENTIALITY_VERSION = "1.0"


def confidentiality_accept(*, membership: Membership) -> Membership:
    membership.confidentiality_accepted_at = timezone.now()
    membership.confidentiality_version = CONFIDENTIALITY_VERSION
    membership.save(update_fields=["confidentiality_accepted_at", "confidentiality_version"])
    return membership
