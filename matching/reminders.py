"""Reminders about the year: milestones coming up and matches waiting for a yes.

Each person is told once per subject (see samenhier.services.notify), so running the
job twice, or every hour, sends nothing twice.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from samenhier.models import User
from samenhier.roles import Role
from samenhier.services import notify

from .models import Match, Milestone

DUE_WITHIN_DAYS = 7

MILESTONE_DUE = _("%(milestone)s met %(name)s staat gepland voor %(date)s.")
CONFIRM_GROUP = _("Uw coördinator stelt een koppeling voor met %(name)s. Wilt u die bevestigen?")
CONFIRM_HOUSEHOLD = _(
    "De koppeling van %(name)s met %(group)s wacht op de instemming van het huishouden."
)


def milestone_reminders(today: datetime.date | None = None) -> int:
    """Group members and the community builder, for each milestone due within 7 days."""
    today = today or timezone.localdate()
    due = Milestone.objects.filter(
        trajectory__match__status=Match.Status.ACTIVE,
        completed_on=None,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=DUE_WITHIN_DAYS),
    ).values(
        "pk",
        "kind",
        "due_date",
        "trajectory__match__group",
        "trajectory__match__refugee__first_name",
        "trajectory__match__group__community_builder",
    )
    due = list(due)
    members: dict = {}
    for group, user in Membership.objects.filter(
        group__in=[row["trajectory__match__group"] for row in due]
    ).values_list("group", "user"):
        members.setdefault(group, []).append(user)
    wanted = {u for users in members.values() for u in users}
    wanted |= {row["trajectory__match__group__community_builder"] for row in due}
    users = User.objects.in_bulk([u for u in wanted if u])
    sent = 0
    for row in due:
        group = row["trajectory__match__group"]
        recipients = set(members.get(group, [])) | {
            row["trajectory__match__group__community_builder"]
        }
        for user_id in filter(None, recipients):
            sent += (
                notify(
                    recipient=users[user_id],
                    key=f"milestone-due:{row['pk']}",
                    message=MILESTONE_DUE,
                    params={
                        "milestone": Milestone.Kind(row["kind"]).label,
                        "name": row["trajectory__match__refugee__first_name"],
                        "date": row["due_date"].strftime("%d-%m-%Y"),
                    },
                    url=reverse("impact:portal", args=[group]),
                )
                is not None
            )
    return sent


def confirmation_reminders() -> int:
    """Proposed matches: the group's contact person, and the coordinators for the
    household's consent."""
    sent = 0
    pending = Match.objects.filter(status=Match.Status.PROPOSED).select_related(
        "group", "refugee__municipality"
    )
    for match in pending:
        if match.group_confirmed_at is None:
            contact = Membership.objects.filter(group=match.group, is_contact=True).first()
            if contact:
                sent += (
                    notify(
                        recipient=contact.user,
                        key=f"confirm-group:{match.pk}",
                        message=CONFIRM_GROUP,
                        params={"name": match.refugee.first_name},
                        url=reverse("matching:home"),
                    )
                    is not None
                )
        if match.household_consent_at is None:
            coordinators = User.objects.filter(
                groups__name=Role.COORDINATOR,
                municipalities=match.refugee.municipality,
                is_active=True,
            )
            for coordinator in coordinators:
                sent += (
                    notify(
                        recipient=coordinator,
                        key=f"confirm-household:{match.pk}",
                        message=CONFIRM_HOUSEHOLD,
                        params={"name": match.refugee.first_name, "group": match.group.name},
                        url=reverse("matching:match", args=[match.pk]),
                    )
                    is not None
                )
    return sent
