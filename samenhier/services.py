"""Writes of the core: inviting people to a role and accepting an invitation."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, Municipality, User
from .roles import ADMIN_ROLES, Role

# Which roles each role may invite people to.
INVITABLE_ROLES = {
    Role.ADMINISTRATOR: set(Role),
    Role.COORDINATOR: {Role.COORDINATOR, Role.COMMUNITY_BUILDER, Role.GROUP_MEMBER, Role.REFUGEE},
    Role.COMMUNITY_BUILDER: {Role.GROUP_MEMBER},
}


class InvitationError(Exception):
    """An invitation that cannot be made or used; the message is meant for the user."""


def invitable_roles(user: User) -> set[str]:
    allowed: set[str] = set()
    for role in user.roles:
        allowed |= INVITABLE_ROLES.get(role, set())
    return allowed


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def role_grant(*, user: User, role: str, municipalities: Iterable[Municipality] = ()) -> None:
    """Give `user` the role; a coordinator also gets the municipalities they work for."""
    user.groups.add(Group.objects.get(name=role))
    if role == Role.COORDINATOR:
        user.municipalities.add(*municipalities)
    if role in ADMIN_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if role == Role.ADMINISTRATOR and not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    user.__dict__.pop("roles", None)
    user.__dict__.pop("municipality_ids", None)


def user_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    by: User,
    municipalities: Iterable[Municipality] = (),
) -> tuple[User, Invitation | None]:
    """Give the person at `email` the role, creating their account if needed.

    A person who has no password yet gets an invitation e-mail with a single-use link;
    one who already signs in just gains the role. Refuses roles `by` may not hand out,
    and municipalities outside `by`'s own.
    """
    municipalities = list(municipalities)
    if role not in invitable_roles(by):
        raise InvitationError(
            _("U mag niemand uitnodigen voor de rol %(role)s.") % {"role": Role(role).label}
        )
    if role == Role.COORDINATOR:
        if not municipalities:
            raise InvitationError(_("Kies ten minste één gemeente voor een coördinator."))
        if not {m.pk for m in municipalities} <= by.municipality_ids:
            raise InvitationError(_("U kunt alleen uitnodigen voor uw eigen gemeenten."))
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic():
        user, created = User.objects.select_for_update().get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not user.is_active:
            raise InvitationError(_("Dit account is gedeactiveerd; vraag een beheerder."))
        role_grant(user=user, role=role, municipalities=municipalities)
        invitation = None
        if not user.has_usable_password():
            invitation = invitation_create(user=user, role=role, by=by)
    return user, invitation


def invitation_create(*, user: User, role: str, by: User | None) -> Invitation:
    """A fresh invitation for `user`; earlier open ones stop working. Sent by a task."""
    from .tasks import enqueue_on_commit, invitation_send

    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            user=user,
            role=role,
            invited_by=by,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        enqueue_on_commit(invitation_send, str(invitation.pk))
    return invitation


def invitation_send(*, invitation_id) -> bool:
    """Mail the link for an invitation that was not sent yet. Running it twice sends once."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at or not invitation.is_usable:
            return False
        token = secrets.token_urlsafe(32)
        invitation.token_hash = _token_hash(token)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
        context = {
            "invitation": invitation,
            "link": settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token]),
            "role": Role(invitation.role).label,
        }
        # Sending inside the transaction: if the mail server refuses, nothing is marked
        # sent and the task can be tried again.
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Uitnodiging voor Samen Hier"),
            message=render_to_string("samenhier/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.user.email],
        )
    return True


def invitations_unsent_ids() -> list:
    return list(
        Invitation.objects.filter(
            sent_at=None, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        ).values_list("pk", flat=True)
    )


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(token_hash=_token_hash(token)).first()


def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password once; refuses used, revoked and expired links."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(token_hash=_token_hash(token))
            .first()
        )
        if invitation is None or not invitation.is_usable:
            raise InvitationError(
                _(
                    "Deze uitnodiging is verlopen of al gebruikt. "
                    "Vraag uw coördinator om een nieuwe."
                )
            )
        user = invitation.user
        validate_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return user


def notify(*, recipient: User, key: str, message, params: dict | None = None, url: str = ""):
    """Tell `recipient` something, in the app and by e-mail, once per `key`.

    `message` is a lazy translatable text with %(name)s placeholders; it is kept in Dutch
    and English so each person reads it in the language they chose. Returns the new
    notification, or None when this person was already told about `key`.
    """
    from django.db import IntegrityError
    from django.utils import translation
    from django.utils.text import capfirst

    from .models import Notification
    from .tasks import enqueue_on_commit, notification_email

    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    texts = {}
    for language in ("nl", "en"):
        with translation.override(language):
            texts[language] = capfirst(str(message) % (params or {}))[:300]
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, key=key, text_nl=texts["nl"], text_en=texts["en"], url=url
            )
    except IntegrityError:  # a parallel run got there first
        return None
    enqueue_on_commit(notification_email, notification.pk)
    return notification


def notification_email(*, notification_id: int) -> bool:
    """Send the e-mail for a notification once."""
    from django.core.mail import send_mail

    from .models import Notification

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
        send_mail(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + notification.text_nl[:80],
            message="\n\n".join(filter(None, [notification.text_nl, link, notification.text_en])),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def access_log(*, user, action: str, obj=None, object_type: str = "", object_code="") -> None:
    """Write who did what with which record (its type and code, no values)."""
    from .models import AccessLog

    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_code = object_code or obj.pk
    AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_code=str(object_code),
    )
