"""Writes of the impact app: the activity logs groups keep, and quiet-trajectory reminders."""

import datetime

from django.db import models, transaction
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


# -- exports ------------------------------------------------------------------------------

EXPORT_KEEP_DAYS = 7


def export_request(*, user: User, format: str, period):
    """Record the request and hand it to a worker once it is committed."""
    from samenhier.tasks import enqueue_on_commit

    from .models import ExportJob
    from .tasks import export_run

    if format not in ExportJob.Format.values:
        raise TransitionError(_("Onbekend soort rapport."))
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            format=format,
            period_start=period.start,
            period_end=period.end,
            municipality_ids=sorted(period.municipality_ids)
            if period.municipality_ids is not None
            else None,
        )
        enqueue_on_commit(export_run, str(job.pk))
    return job


def export_run(*, job_id) -> bool:
    """Make the file of a job. Idempotent: a job that is done stays done, and a second
    delivery of the same job (a worker killed half-way) writes the same one file."""
    import logging

    from .exports import extension, make
    from .models import ExportJob

    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (ExportJob.Status.DONE, ExportJob.Status.EXPIRED):
            return False
        job.status = ExportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        size = make(job)
    except Exception:
        logging.getLogger(__name__).exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            finished_at=timezone.now(),
            error=_("Het maken van het bestand is mislukt. Probeer het opnieuw."),
        )
        return False
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        size=size,
        finished_at=timezone.now(),
        file_name=f"samenhier-{job.format}-{job.period_start}-{job.period_end}.{extension(job)}",
    )
    return True


def exports_pending_ids(older_than_seconds: int = 20) -> list:
    """Jobs a worker never picked up (or lost): waiting or running for too long."""
    from .models import ExportJob

    before = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    stale_running = timezone.now() - datetime.timedelta(minutes=30)
    return [
        str(pk)
        for pk in ExportJob.objects.filter(
            models.Q(status=ExportJob.Status.PENDING, created_at__lt=before)
            | models.Q(status=ExportJob.Status.RUNNING, started_at__lt=stale_running)
        ).values_list("pk", flat=True)
    ]


def exports_expire(today=None) -> int:
    """Remove files older than 7 days; the job row stays, marked expired."""
    from .models import ExportChunk, ExportJob

    before = timezone.now() - datetime.timedelta(days=EXPORT_KEEP_DAYS)
    old = ExportJob.objects.filter(status=ExportJob.Status.DONE, finished_at__lt=before)
    with transaction.atomic():
        ExportChunk.objects.filter(job__in=old).delete()
        return old.update(status=ExportJob.Status.EXPIRED, size=0)
