"""Writes on the activity logs a group keeps during the year."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groups.models import Membership
from groups.services import membership_removal_check
from samenhier.errors import ApplicationError
from samenhier.models import User

from ..models import ActivityLog, Match, NetworkIntroduction, Trajectory
from . import summaries


def activity_log_check(trajectory: Trajectory, *, date: datetime.date, members_present) -> None:
    """The rules a log must meet to belong to this trajectory's year and group: the year
    started, its date lies from the start to before the end and not in the future, and one
    or more present, all members of the group. Refuses with an ApplicationError whose code
    names the rule."""
    match = trajectory.match
    if match.status not in Match.STARTED:
        raise ApplicationError(_("Dit traject is niet begonnen."), code="year_not_started")
    if date > timezone.localdate():
        raise ApplicationError(_("Een activiteit ligt niet in de toekomst."), code="date_in_future")
    if date < match.start_date:
        raise ApplicationError(
            _("Deze datum ligt voor de start van het traject (%(d)s).")
            % {"d": match.start_date.strftime("%d-%m-%Y")},
            code="date_before_start",
        )
    end = match.actual_end_date or match.planned_end_date
    if date >= end:
        raise ApplicationError(
            _("Deze datum ligt na het einde van het traject."), code="date_after_end"
        )
    if not members_present:
        raise ApplicationError(_("Kies wie er bij was."), code="nobody_present")
    if any(m.group_id != match.group_id for m in members_present):
        raise ApplicationError(
            _("Alleen leden van deze groep kunnen aanwezig zijn."), code="not_a_member"
        )


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
    """Record (or correct) an activity of the group with or for the household.

    The log keeps how many members were present (`present_count`), so volunteer hours
    (hours × members present) are one column product at any scale; the figures'
    summaries follow in the same transaction.
    """
    members_present = list(members_present)
    life_domains = list(life_domains)
    activity_log_check(trajectory, date=date, members_present=members_present)
    if activity is not None and activity.trajectory_id != trajectory.pk:
        raise ApplicationError(
            _("Deze activiteit hoort niet bij dit traject."), code="wrong_trajectory"
        )
    if not life_domains:
        raise ApplicationError(_("Kies ten minste één levensgebied."), code="no_life_domain")
    with transaction.atomic():
        before, touched = None, set()
        if activity is not None:
            activity = ActivityLog.objects.select_for_update().get(pk=activity.pk)
            activity.trajectory = trajectory
            before, touched = summaries.contribution(activity), summaries.presence_keys(activity)
        else:
            activity = ActivityLog(trajectory=trajectory, logged_by=by)
        activity.date = date
        activity.hours = hours
        activity.description = description.strip()
        activity.present_count = len({m.pk for m in members_present})
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
        summaries.tally_apply(before, -1)
        summaries.tally_apply(summaries.contribution(activity), +1)
        summaries.presences_refresh(touched | summaries.presence_keys(activity))
        summaries.pulse_refresh({trajectory.pk})
    return activity


def activity_log_delete(*, activity: ActivityLog, by: User) -> None:
    """Remove a log the group made by mistake, and its part of every figure."""
    with transaction.atomic():
        activity = (
            ActivityLog.objects.select_for_update(of=("self",))
            .select_related("trajectory__match")
            .get(pk=activity.pk)
        )
        if activity.trajectory.match.status != Match.Status.ACTIVE:
            raise ApplicationError(
                _("Dit traject loopt niet meer; de activiteiten liggen vast."),
                code="year_not_running",
            )
        before, touched = summaries.contribution(activity), summaries.presence_keys(activity)
        activity.delete()
        summaries.tally_apply(before, -1)
        summaries.presences_refresh(touched)
        summaries.pulse_refresh({activity.trajectory_id})


@membership_removal_check
def member_was_present(membership: Membership) -> None:
    """A member who was at an activity stays in the group: removing them would change who
    was there, the volunteer hours and every figure of the year."""
    present = ActivityLog.objects.filter(members_present=membership).count()
    if present:
        raise ApplicationError(
            ngettext(
                "%(name)s was bij %(n)d activiteit van de groep aanwezig en blijft daarom lid, "
                "zodat de activiteiten en de cijfers van het jaar blijven kloppen.",
                "%(name)s was bij %(n)d activiteiten van de groep aanwezig en blijft daarom "
                "lid, zodat de activiteiten en de cijfers van het jaar blijven kloppen.",
                present,
            )
            % {"name": membership.user, "n": present},
            code="member_was_present",
        )
