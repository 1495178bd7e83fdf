"""Writes of the core: inviting people to a role and accepting an invitation."""

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ApplicationError
from .languages import household_languages, language_of
from .models import Invitation, Municipality, Notification, User
from .roles import ADMIN_ROLES, Role

INVITATION_ACCEPTED = gettext_lazy("Je uitnodiging als %(role)s is geaccepteerd.")
INVITATION_ACCEPTED_FOR = gettext_lazy(
    "Je uitnodiging als %(role)s voor %(about)s is geaccepteerd."
)
ROLE_GRANTED = gettext_lazy("Welkom bij Samen Hier! Je hebt nu de rol %(role)s.")

# Which roles each role may invite people to.
INVITABLE_ROLES = {
    Role.ADMINISTRATOR: set(Role),
    Role.COORDINATOR: {Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.GROUP_MEMBER, Role.REFUGEE},
    Role.COMMUNITY_BUILDER: {Role.GROUP_MEMBER},
}


class InvitationError(ApplicationError):
    """An invitation that cannot be made or used; the message is meant for the user."""

    def __init__(self, message, *, code: str = "invitation_refused"):
        super().__init__(message, code=code)


def invitable_roles(user: User) -> set[str]:
    allowed: set[str] = set()
    for role in user.roles:
        allowed |= INVITABLE_ROLES.get(role, set())
    return allowed


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def role_grant(*, user: User, role: str, municipalities: Iterable[Municipality] = ()) -> None:
    """Give `user` the role; a coordinator also gets the municipalities they work for."""
    roles_grant(users=[user], role=role)
    if role == Role.COORDINATOR:
        user.municipalities.add(*municipalities)
    user.__dict__.pop("municipality_ids", None)


def roles_grant(*, users: Sequence[User], role: str) -> None:
    """Give each of these saved users the role, in a few queries whatever their number:
    `role_grant` for a bulk load (the demo data), without municipalities."""
    group = Group.objects.get(name=role)
    link = User.groups.through
    link.objects.bulk_create(
        (link(user_id=user.pk, group_id=group.pk) for user in users),
        batch_size=5000,
        ignore_conflicts=True,
    )
    flags = {}
    if role in ADMIN_ROLES:
        flags["is_staff"] = True
    if role == Role.ADMINISTRATOR:
        flags["is_superuser"] = True
    if flags:
        User.objects.filter(pk__in=[user.pk for user in users]).update(**flags)
    for user in users:
        for name, value in flags.items():
            setattr(user, name, value)
        user.__dict__.pop("roles", None)


def user_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    by: User,
    municipalities: Iterable[Municipality] = (),
    about: str = "",
) -> tuple[User, Invitation | None]:
    """Invite the person at `email` to a role, making an account without a password if
    there is none. Nobody gets a role before they accept: a new person chooses a password
    through the link, someone who already has an account signs in and accepts.

    The inviter learns nothing about whether an account exists: the same result either
    way (a deactivated account gets no invitation, silently). Refuses roles `by` may not
    hand out, and municipalities outside `by`'s own. `about` names what the invitation is
    for in the e-mail (the group, for a member).
    """
    municipalities = list(municipalities)
    if role not in invitable_roles(by):
        raise InvitationError(
            _("Je mag niemand uitnodigen voor de rol %(role)s.") % {"role": Role(role).label},
            code="role_not_invitable",
        )
    if role == Role.COORDINATOR:
        if not municipalities:
            raise InvitationError(
                _("Kies ten minste één gemeente voor een coördinator."), code="no_municipality"
            )
        if not {m.pk for m in municipalities} <= by.municipality_ids:
            raise InvitationError(
                _("Je kunt alleen uitnodigen voor je eigen gemeenten."), code="not_own_municipality"
            )
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user, created = User.objects.select_for_update().get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not user.is_active:
            return user, None
        invitation = invitation_create(
            user=user, role=role, by=by, municipalities=municipalities, about=about
        )
    return user, invitation


def invitation_create(
    *, user: User, role: str, by: User | None, municipalities=(), about: str = ""
) -> Invitation:
    """A fresh invitation for `user`; an earlier open one to the same role stops working.
    Sent by a task once the transaction commits."""
    from .tasks import enqueue_on_commit, invitation_send  # tasks call services: a cycle

    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(user=user, role=role, accepted_at=None, revoked_at=None).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            user=user,
            role=role,
            invited_by=by,
            about=about[:200],
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.municipalities.set(municipalities)
        enqueue_on_commit(invitation_send, str(invitation.pk))
    return invitation


def invitation_send(*, invitation_id) -> bool:
    """Mail the link for an invitation that was not sent yet. Running it twice sends once."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at or not invitation.is_usable:
            return False
        existing = invitation.user.has_usable_password()
        token = secrets.token_urlsafe(32)
        invitation.token_hash = _token_hash(token)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
        context = {
            "invitation": invitation,
            "link": settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token]),
            "role": Role(invitation.role).label,
            # A group member is invited to one group: the e-mail names it.
            "group": invitation.about if invitation.role == Role.GROUP_MEMBER else "",
            "existing": existing,
        }
        # Sending inside the transaction: if the mail server refuses, nothing is marked
        # sent and the task can be tried again. In the invited person's own language
        # (a household's, set from its languages), whoever invites.
        with translation.override(_invitation_language(invitation)):
            send_mail(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Uitnodiging voor Samen Hier"),
                message=render_to_string("samenhier/email/invitation.txt", context),
                from_email=None,
                recipient_list=[invitation.user.email],
            )
    return True


def _invitation_language(invitation: Invitation) -> str:
    """A household's invitation goes out in its own language; every other role's in the
    person's Dutch or English (they have no role yet: their account cannot say)."""
    language = invitation.user.language
    if invitation.role == Role.REFUGEE and language in household_languages():
        return language
    return language if language in settings.STAFF_LANGUAGES else settings.LANGUAGE_CODE


def end_sessions(user: User, *, keep: str | None = None) -> int:
    """End every session of a person (but `keep`, the session key of the request)."""
    sessions = list(UserSession.objects.filter(user=user).exclude(session_key=keep))
    for session in sessions:
        session.end()
    return len(sessions)


def account_deactivate(*, user: User) -> User:
    """Close an account: no more signing in, and every session of it ends now."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions(user)
    return user


def user_email_change(*, user: User, email: str, by: User) -> User:
    """An administrator changes a person's sign-in address. The new address becomes the
    only one (verified: the administrator checked it); the old and the new one are told,
    so a change the person did not ask for does not go unnoticed."""
    email = User.objects.normalize_email(email).strip().lower()
    old = user.email
    if email == old:
        return user
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        raise ApplicationError(
            _("Dit e-mailadres hoort al bij een ander account."), code="email_taken"
        )
    with transaction.atomic():
        user.email = email
        user.save(update_fields=["email"])
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    context = {"user": user, "old": old, "new": email, "by": by}
    for recipient in (old, email):
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Je e-mailadres is gewijzigd"),
            message=render_to_string("samenhier/email/email_changed.txt", context),
            from_email=None,
            recipient_list=[recipient],
        )
    return user


def invitations_unsent_ids() -> list:
    return list(
        Invitation.objects.filter(
            sent_at=None, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        ).values_list("pk", flat=True)
    )


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(token_hash=_token_hash(token)).first()


def _usable_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise InvitationError(
            _("Deze uitnodiging is verlopen of al gebruikt. Vraag je coördinator om een nieuwe."),
            code="invitation_unusable",
        )
    return invitation


def _grant(invitation: Invitation) -> None:
    role_grant(
        user=invitation.user,
        role=invitation.role,
        municipalities=list(invitation.municipalities.all()),
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    invitation_accepted_notify(invitation=invitation)


def invitation_accepted_notify(*, invitation: Invitation) -> None:
    """The person who invited is told the invitation was accepted (on the page of sent
    invitations, if they have it), and the invited person that the role is now theirs:
    a role nobody asked for does not go unnoticed."""
    role = Role(invitation.role).label
    inviter = invitation.invited_by
    if inviter is not None and inviter.is_active:
        notify(
            recipient=inviter,
            key=f"invitation-accepted:{invitation.pk}",
            message=INVITATION_ACCEPTED_FOR if invitation.about else INVITATION_ACCEPTED,
            params={"role": role, "about": invitation.about},
            url=reverse("invite") if inviter.has_role(Role.COORDINATOR, Role.ADMINISTRATOR) else "",
        )
    notify(
        recipient=invitation.user,
        key=f"role-granted:{invitation.pk}",
        message=ROLE_GRANTED,
        params={"role": role},
        url=reverse("home"),
    )


def invitation_accept(*, token: str, password: str) -> User:
    """A new person sets their password once and gets the role; refuses used, revoked
    and expired links, and a person who has a password already (they accept signed in)."""
    with transaction.atomic():
        invitation = _usable_invitation(token)
        user = invitation.user
        if user.has_usable_password():
            raise InvitationError(
                _("Je hebt al een account: log in en accepteer de uitnodiging."),
                code="sign_in_to_accept",
            )
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        _grant(invitation)
    return user


def invitation_accept_signed_in(*, token: str, user: User) -> Invitation:
    """Someone who already has an account accepts a new role, signed in as themselves."""
    with transaction.atomic():
        invitation = _usable_invitation(token)
        if invitation.user_id != user.pk:
            raise InvitationError(
                _(
                    "Deze uitnodiging is voor een ander account. Log uit en log in met het "
                    "e-mailadres waarop je de uitnodiging kreeg."
                ),
                code="invitation_for_another",
            )
        _grant(invitation)
    return invitation


SUBJECT_LENGTH = 80


def email_subject(text: str) -> str:
    """A message as an e-mail's subject: whole, or cut after the last whole word that fits
    (with "…"), never in the middle of a word."""
    text = " ".join(text.split())
    if len(text) <= SUBJECT_LENGTH:
        return text
    cut = text[: SUBJECT_LENGTH - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"


def notify(
    *,
    recipient: User,
    key: str,
    message,
    params: dict | None = None,
    url: str = "",
    household=None,
):
    """Tell `recipient` something, in the app and by e-mail, once per `key`.

    `message` is a lazy translatable text with %(name)s placeholders; it is kept in Dutch
    and English, and in the recipient's own language when that is another (a household's),
    so each person reads it in their language, whoever triggered it. `household` is the
    household the message is about (its erasure removes it). Returns the new
    notification, or None when this person was already told about `key`.
    """
    from .tasks import enqueue_on_commit, notification_email  # tasks call services: a cycle

    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    own = language_of(recipient)
    languages = ("nl", "en") if own in ("nl", "en") else ("nl", "en", own)
    texts = {}
    for language in languages:
        with translation.override(language):
            texts[language] = capfirst(str(message) % (params or {}))[:300]
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                key=key,
                text_nl=texts["nl"],
                text_en=texts["en"],
                language="" if own in ("nl", "en") else own,
                text_own=texts.get(own, "") if own not in ("nl", "en") else "",
                url=url,
                household=household,
            )
    except IntegrityError:  # a parallel run got there first
        return None
    enqueue_on_commit(notification_email, notification.pk)
    return notification


def notification_email(*, notification_id: int) -> bool:
    """Send the e-mail for a notification once."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at or not notification.recipient.is_active:
            return False
        link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
        if notification.text_own:
            # In the recipient's own language only: they may read no Dutch at all.
            with translation.override(notification.language):
                subject, lines = (
                    notification.text_own,
                    [
                        notification.text_own,
                        link,
                        _("Je leest al je meldingen in Samen Hier onder ‘Meldingen’."),
                    ],
                )
        else:
            subject = notification.text_nl
            lines = [notification.text_nl, link, notification.text_en]
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + email_subject(subject),
            message="\n\n".join(filter(None, lines)),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
