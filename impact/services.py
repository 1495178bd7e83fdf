"""Writes of the impact app: the activity logs groups keep, and quiet-trajectory reminders."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import Membership
from matching.models import Match, Trajectory
from samenhier.models import User
from samenhier.services import notify
from samenhier.transitions import TransitionError

from .models import ActivityLog, NetworkIntroduction

QUIET_AFTER_DAYS = 21


def _check(trajectory: Trajectory, *, date: datetime.date, members_present) -> None:
    """Refuse a log that does not belong to this trajectory's year or group."""
    match = trajectory.match
    if match.status not in Match.STARTED:
        raise TransitionError(_("Dit traject is niet begonnen."))
    today = timezone.localdate()
    if date > today:
        raise TransitionError(_("Een activiteit ligt niet in de toekomst."))
    if date < match.start_date:
        raise TransitionError(
            _("Deze datum ligt voor de start van het traject (%(d)s).")
            % {"d": match.start_date.strftime("%d-%m-%Y")}
        )
    end = match.actual_end_date or match.planned_end_date
    if date >= end:
        raise TransitionError(_("Deze datum ligt na het einde van het traject."))
    if not members_present:
        raise TransitionError(_("Kies wie er bij was."))
    if any(m.group_id != match.group_id for m in members_present):
        raise TransitionError(_("Alleen leden van deze groep kunnen aanwezig zijn."))


def activity_log_save(
    *,
    trajectory: Trajectory,
    by: User,
    date: datetime.date,
    hours,
    life_domains,
    members_present,
    introductions: dict[str, int] | None = None,
    description: str = "",
    activity: ActivityLog | None = None,
) -> ActivityLog:
    """Record (or correct) an activity of the group with or for the household."""
    members_present = list(members_present)
    _check(trajectory, date=date, members_present=members_present)
    if activity is not None and activity.trajectory_id != trajectory.pk:
        raise TransitionError(_("Deze activiteit hoort niet bij dit traject."))
    if not life_domains:
        raise TransitionError(_("Kies ten minste één levensgebied."))
    with transaction.atomic():
        activity = activity or ActivityLog(trajectory=trajectory, logged_by=by)
        activity.date = date
        activity.hours = hours
        activity.description = description.strip()
        activity.save()
        activity.life_domains.set(life_domains)
        activity.members_present.set(members_present)
        if introductions is not None:
            activity.introductions.all().delete()
            NetworkIntroduction.objects.bulk_create(
                NetworkIntroduction(activity=activity, kind=kind)
                for kind, count in introductions.items()
                for _i in range(count)
            )
    return activity


QUIET_MESSAGE = gettext_lazy(
    "Het is al %(days)d dagen stil bij %(group)s. Hoe gaat het? Leg een activiteit vast of "
    "neem contact op met uw community builder."
)


def quiet_reminders_send(today: datetime.date | None = None) -> int:
    """Tell the group's contact person and community builder about a quiet trajectory,
    once per quiet spell (a new activity starts a new spell)."""
    from django.db.models import Max
    from django.db.models.functions import Coalesce
    from django.urls import reverse

    today = today or timezone.localdate()
    threshold = today - datetime.timedelta(days=QUIET_AFTER_DAYS)
    quiet = (
        Trajectory.objects.filter(match__status=Match.Status.ACTIVE)
        .annotate(last=Coalesce(Max("activities__date"), "match__start_date"))
        .filter(last__lte=threshold)
        .values(
            "pk", "last", "match__group", "match__group__name", "match__group__community_builder"
        )
    )
    contacts = dict(
        Membership.objects.filter(
            group__in=[row["match__group"] for row in quiet], is_contact=True
        ).values_list("group", "user")
    )
    users = User.objects.in_bulk(
        [*contacts.values(), *(row["match__group__community_builder"] for row in quiet)]
    )
    sent = 0
    for row in quiet:
        recipients = {contacts.get(row["match__group"]), row["match__group__community_builder"]}
        for user_id in filter(None, recipients):
            sent += (
                notify(
                    recipient=users[user_id],
                    key=f"quiet:{row['pk']}:{row['last']:%Y-%m-%d}",
                    message=QUIET_MESSAGE,
                    params={"days": (today - row["last"]).days, "group": row["match__group__name"]},
                    url=reverse("impact:portal", args=[row["match__group"]]),
                )
                is not None
            )
    return sent
