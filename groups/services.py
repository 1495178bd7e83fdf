"""Writes on welcome groups: members, invitations, status changes, and the sign-ups of
residents who want to start or join one."""

import datetime
import hashlib
import secrets
from collections.abc import Callable

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from samenhier.errors import ApplicationError, TransitionError
from samenhier.models import Language, Municipality, User
from samenhier.roles import Role
from samenhier.services import notify, user_invite
from samenhier.tasks import enqueue_on_commit
from samenhier.transitions import transition

from .models import GroupStatusChange, Membership, SignUp, SignUpStatusChange, WelcomeGroup

S = WelcomeGroup.Status
ALLOWED = {
    S.FORMING: {S.SCREENING, S.WITHDRAWN},
    S.SCREENING: {S.TRAINING, S.WITHDRAWN},
    S.TRAINING: {S.READY, S.WITHDRAWN},
    S.READY: {S.MATCHED, S.WITHDRAWN},
    # Back to ready after a year that ended early, once the group talked it over with its
    # community builder, or to the screening (forming, with too few members) when it is
    # no longer complete (docs/architecture.md, "Lifecycles").
    S.MATCHED: {S.COMPLETED, S.WITHDRAWN, S.READY, S.SCREENING, S.FORMING},
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
            raise TransitionError(
                _("Een groep gaat pas naar de screening met ten minste 3 leden."),
                code="too_few_members",
            )
        if to == S.READY:
            problems = group_readiness_problems(group)
            if problems:
                raise TransitionError(" ".join(problems), code="group_not_complete")

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
            raise ApplicationError(
                _("Deze groep is afgesloten; er kunnen geen leden bij."), code="group_closed"
            )
        if group.memberships.filter(user=user).exists():
            raise ApplicationError(
                _("%(email)s is al lid van deze groep.") % {"email": user.email},
                code="already_member",
            )
        if group.memberships.count() >= WelcomeGroup.MAX_MEMBERS:
            raise ApplicationError(
                _("Een welkomgroep heeft ten hoogste 5 leden."), code="group_full"
            )
        if is_contact and group.memberships.filter(is_contact=True).exists():
            raise ApplicationError(_("Deze groep heeft al een contactpersoon."), code="has_contact")
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
            about=str(group),
        )
        return membership_add(group=group, user=user, is_contact=is_contact, languages=languages)


# Apps above this one keep records that name a member: the matching app, who was present
# at an activity. Each registers, from its AppConfig.ready(), a check that raises an
# ApplicationError when a member must stay for those records to stay true.
REMOVAL_CHECKS: list[Callable[[Membership], None]] = []


def membership_removal_check(function: Callable[[Membership], None]):
    """Register a check that `membership_remove` runs before a member goes."""
    REMOVAL_CHECKS.append(function)
    return function


def membership_remove_check(*, membership: Membership) -> None:
    """Raise the ApplicationError that `membership_remove` would refuse with, if any."""
    for check in REMOVAL_CHECKS:
        check(membership)


def membership_remove(*, membership: Membership) -> None:
    """Take a person out of a group (the admin's delete box of a member). Refuses a member
    whom a record above keeps (matching: present at an activity), so the year's history
    and its figures stay as they were."""
    with transaction.atomic():
        # Locked: a log saved at the same time that names this member is either seen by
        # the checks or refused by the database once the member is gone.
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        membership_remove_check(membership=membership)
        membership.delete()


# The statement every volunteer accepts before first seeing the household.
CONFIDENTIALITY_VERSION = "1.0"


def confidentiality_accept(*, membership: Membership) -> Membership:
    membership.confidentiality_accepted_at = timezone.now()
    membership.confidentiality_version = CONFIDENTIALITY_VERSION
    membership.save(update_fields=["confidentiality_accepted_at", "confidentiality_version"])
    return membership


# -- recruitment: sign-ups from the public page (docs/architecture.md, "Recruitment") ---------

SIGNUP_PRIVACY_VERSION = "1.0"
# Abuse without third-party services: one address signs up at most this often a day, one
# client at most this often an hour (with the form's honeypot and length limits).
SIGNUPS_PER_ADDRESS_A_DAY = 2
SIGNUPS_PER_CLIENT_AN_HOUR = 5

SU = SignUp.Status
SIGNUP_ALLOWED = {
    SU.NEW: {SU.CONTACTED, SU.INTAKE_PLANNED, SU.NOT_CONTINUED},
    SU.CONTACTED: {SU.INTAKE_PLANNED, SU.NOT_CONTINUED},
    SU.INTAKE_PLANNED: {SU.CONTACTED, SU.NOT_CONTINUED},
    SU.NOT_CONTINUED: {SU.CONTACTED},  # picked up again
    SU.BECAME_GROUP: set(),
}
# The states from which one action makes the sign-up a forming group.
SIGNUP_CONVERTIBLE = (SU.NEW, SU.CONTACTED, SU.INTAKE_PLANNED)


def _client_allowance(client_key: str) -> bool:
    """Count this client's sign-ups in the current hour; False once over the limit. The
    key is a hash of the address, never the address itself."""
    bucket = f"signup-rate:{hashlib.sha256(client_key.encode()).hexdigest()[:32]}:" + (
        timezone.now().strftime("%Y%m%d%H")
    )
    cache.add(bucket, 0, timeout=60 * 60)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=60 * 60)
        count = 1
    return count <= SIGNUPS_PER_CLIENT_AN_HOUR


def signup_create(
    *,
    first_name: str,
    last_name: str,
    email: str,
    municipality: Municipality | None,
    place_elsewhere: str = "",
    heard_from: str = "",
    companions=(),
    client_key: str = "",
) -> SignUp:
    """Record a resident's sign-up and send the confirmation (with the link to withdraw)
    once it is committed. Where the programme does not run, programme staff are told.
    Refused, with nothing recorded, over the limits per address and per client."""
    from .tasks import signup_confirmation_send  # tasks call services: a cycle

    email = User.objects.normalize_email(email).strip().lower()
    if client_key and not _client_allowance(client_key):
        raise ApplicationError(
            _("Er komen nu te veel aanmeldingen van dit adres. Probeer het over een uur opnieuw."),
            code="signup_rate_client",
        )
    since = timezone.now() - datetime.timedelta(days=1)
    if SignUp.objects.filter(email=email, created_at__gte=since).count() >= (
        SIGNUPS_PER_ADDRESS_A_DAY
    ):
        raise ApplicationError(
            _("Met dit e-mailadres is vandaag al aangemeld. We nemen contact met je op."),
            code="signup_rate_address",
        )
    if municipality is None and not place_elsewhere.strip():
        raise ApplicationError(_("Kies je gemeente of vul je woonplaats in."), code="no_place")
    companions = [
        {
            "first_name": c["first_name"].strip(),
            "last_name": c.get("last_name", "").strip(),
            "email": User.objects.normalize_email(c["email"]).strip().lower(),
        }
        for c in companions
        if c.get("email")
    ][: SignUp.MAX_COMPANIONS]
    with transaction.atomic():
        signup = SignUp.objects.create(
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email,
            municipality=municipality,
            place_elsewhere="" if municipality else place_elsewhere.strip(),
            heard_from=heard_from,
            companions=companions,
            privacy_version=SIGNUP_PRIVACY_VERSION,
        )
        SignUpStatusChange.objects.create(signup=signup, old="", new=SU.NEW)
        if municipality is None:
            _tell_staff_elsewhere(signup)
        enqueue_on_commit(signup_confirmation_send, str(signup.pk))
    return signup


def _tell_staff_elsewhere(signup: SignUp) -> None:
    staff = User.objects.filter(groups__name=Role.PROGRAMME_STAFF, is_active=True)
    for person in staff:
        notify(
            recipient=person,
            key=f"signup-elsewhere:{signup.pk}",
            message=_lazy("Aanmelding uit een plaats waar het programma nog niet loopt: %(place)s"),
            params={"place": signup.place_elsewhere[:80]},
            url=reverse("groups:signups") + "?elders=1",
        )


def signup_confirmation_send(*, signup_id) -> bool:
    """Mail the confirmation with a fresh link to withdraw. Running it twice sends once."""
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().filter(pk=signup_id).first()
        if signup is None or signup.confirmation_sent_at:
            return False
        token = secrets.token_urlsafe(32)
        signup.withdraw_hash = hashlib.sha256(token.encode()).hexdigest()
        signup.confirmation_sent_at = timezone.now()
        signup.save(update_fields=["withdraw_hash", "confirmation_sent_at"])
        link = settings.SITE_URL.rstrip("/") + reverse("groups:signup_withdraw", args=[token])
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Je aanmelding bij Samen Hier"),
            message=render_to_string(
                "groups/email/signup_confirmation.txt",
                {"signup": signup, "link": link, "keep_months": SignUp.KEEP_MONTHS},
            ),
            from_email=None,
            recipient_list=[signup.email],
        )
    return True


def signups_unconfirmed_ids(older_than_seconds: int = 60) -> list:
    before = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    return [
        str(pk)
        for pk in SignUp.objects.filter(
            confirmation_sent_at__isnull=True, created_at__lt=before
        ).values_list("pk", flat=True)
    ]


def signup_withdraw(*, token: str) -> bool:
    """The person takes their sign-up back: it is erased at once. A sign-up that became
    a group is erased too (the group and the accounts stay: those are left the usual way)."""
    if not token:
        return False
    digest = hashlib.sha256(token.encode()).hexdigest()
    _total, rows = SignUp.objects.filter(withdraw_hash=digest).delete()
    return bool(rows.get(SignUp._meta.label, 0))


def signup_transition(*, signup: SignUp, to: str, by: User, note: str = "") -> SignUp:
    """Move a sign-up along new → contacted → intake planned, or close it with a reason."""
    if to == SU.NOT_CONTINUED and not note.strip():
        raise ApplicationError(
            _("Schrijf kort waarom de aanmelding niet doorgaat."), code="reason_required"
        )
    if to == SU.BECAME_GROUP:
        raise ApplicationError(
            _("Maak van een aanmelding een groep met de knop daarvoor."), code="use_convert"
        )
    extra = {"reason": note.strip()[:500]} if to == SU.NOT_CONTINUED else {"reason": ""}
    return transition(
        obj=signup,
        to=to,
        allowed=SIGNUP_ALLOWED,
        change_model=SignUpStatusChange,
        by=by,
        note=note.strip()[:500],
        extra_fields=extra,
    )


def signup_to_group(*, signup: SignUp, by: User, name: str) -> WelcomeGroup:
    """One action: a forming group in the sign-up's municipality, with the person who
    signed up as its contact and the people they named as members, each invited by e-mail."""
    name = name.strip()
    if not name:
        raise ApplicationError(_("Geef de groep een naam."), code="no_name")
    with transaction.atomic():
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status not in SIGNUP_CONVERTIBLE:
            raise ApplicationError(
                _("Van deze aanmelding is al een groep gemaakt, of ze is gesloten."),
                code="not_convertible",
            )
        if signup.municipality is None:
            raise ApplicationError(
                _("Deze aanmelding komt uit een plaats waar het programma nog niet loopt."),
                code="no_municipality",
            )
        group = WelcomeGroup.objects.create(name=name[:100], municipality=signup.municipality)
        GroupStatusChange.objects.create(
            group=group, old="", new=S.FORMING, by=by, note=_("gemaakt van een aanmelding")
        )
        people = [
            (signup.email, signup.first_name, signup.last_name, True),
            *(
                (c["email"], c["first_name"], c.get("last_name", ""), False)
                for c in signup.companions
            ),
        ]
        for email, first, last, contact in people:
            membership_invite(
                group=group,
                email=email,
                first_name=first,
                last_name=last,
                by=by,
                is_contact=contact,
            )
        signup.group = group
        signup.save(update_fields=["group"])
        transition(
            obj=signup,
            to=SU.BECAME_GROUP,
            allowed={status: {SU.BECAME_GROUP} for status in SIGNUP_CONVERTIBLE},
            change_model=SignUpStatusChange,
            by=by,
        )
    return group


def signups_erase_old(today: datetime.date | None = None) -> int:
    """Erase sign-ups that did not become a group, 12 months after they were made."""
    today = today or timezone.localdate()
    cutoff = today - relativedelta(months=SignUp.KEEP_MONTHS)
    old = SignUp.objects.filter(created_at__date__lt=cutoff).exclude(status=SU.BECAME_GROUP)
    _total, rows = old.delete()
    return rows.get(SignUp._meta.label, 0)
