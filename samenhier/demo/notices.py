"""What the demo's people have been told by the time someone first signs in.

The demo's history is bulk-inserted, past the services that notify. So, once the demo
accounts exist, the events of that history are told as their services would have told
them (the demo accounts accepted their invitations, the running years started, the
low check-ins came in) and the periodic reminders run over the data as the hourly job
does. Everything goes through `notify`, once per subject: seeding again adds nothing
but what came due since.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from matching.models import CheckIn, Match
from matching.services import reminders
from samenhier.demo.words import DEMO_DOMAIN, DEMO_LOGINS
from samenhier.models import Invitation, Notification, User
from samenhier.roles import Role
from samenhier.services import invitation_accepted_notify
from samenhier.tasks import held

# Who invited each demo account: an administrator invites coordinators and programme
# staff, the coordinator the rest. The administrator was there first.
INVITED_BY = {
    Role.COORDINATOR: Role.ADMINISTRATOR,
    Role.PROGRAMME_STAFF: Role.ADMINISTRATOR,
    Role.COMMUNITY_BUILDER: Role.COORDINATOR,
    Role.GROUP_MEMBER: Role.COORDINATOR,
    Role.REFUGEE: Role.COORDINATOR,
}


def _accepted_invitations() -> list[Invitation]:
    """The accepted invitation of each demo account (recorded once)."""
    accounts = {email: role for role, email, _first, _last in DEMO_LOGINS}
    users = {u.email: u for u in User.objects.filter(email__in=accounts)}
    first = {}
    for role, email, _first, _last in DEMO_LOGINS:
        first.setdefault(role, users[email])
    invitations = []
    for email, role in accounts.items():
        if role not in INVITED_BY:
            continue
        user = users[email]
        accepted = user.date_joined
        invitation = Invitation.objects.filter(user=user, role=role).first()
        if invitation is None:
            invitation = Invitation.objects.create(
                user=user,
                role=role,
                invited_by=first[INVITED_BY[role]],
                created_at=accepted,
                sent_at=accepted,
                accepted_at=accepted,
                expires_at=accepted + datetime.timedelta(days=7),
            )
        invitations.append(invitation)
    return invitations


def seed_notices(today: datetime.date | None = None) -> int:
    """Tell the demo's history and run the reminders; returns the notifications made."""
    today = today or timezone.localdate()
    before = Notification.objects.count()
    # In-process tasks log a line each; a hundred mails not sent would bury the logins.
    trace = logging.getLogger("celery.app.trace")
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        with held():
            _tell(today)
    finally:
        trace.setLevel(level)
    return Notification.objects.count() - before


def _tell(today: datetime.date) -> None:
    with transaction.atomic():
        for invitation in _accepted_invitations():
            invitation_accepted_notify(invitation=invitation)
        for match in Match.objects.filter(status=Match.Status.ACTIVE).select_related(
            "refugee", "group"
        ):
            reminders.notify_match_started(match)
        for check_in in CheckIn.objects.filter(
            trajectory__match__status=Match.Status.ACTIVE, score__lte=CheckIn.LOW
        ).select_related("trajectory__match__refugee", "trajectory__match__group"):
            reminders.notify_check_in_low(check_in)
        reminders.reminders_send(today)
        # The demo's addresses are made up: what it tells shows in the app and is not
        # mailed (marked as sent, so neither the task nor the sweeper mails it).
        Notification.objects.filter(
            emailed_at=None, recipient__email__endswith=f"@{DEMO_DOMAIN}"
        ).update(emailed_at=timezone.now())
