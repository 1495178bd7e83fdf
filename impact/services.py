"""The impact app's only writes: the report files people ask for (ExportJob)."""

import datetime
import logging
import re

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenhier.errors import ApplicationError
from samenhier.models import User
from samenhier.roles import COORDINATING
from samenhier.tasks import enqueue_on_commit

from .exports import extension, make
from .models import FOREWORD_MAX, REPORT_LANGUAGES, ExportChunk, ExportJob

EXPORT_KEEP_DAYS = 7


# What a foreword may not hold: it goes into a file that leaves the organisation.
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PHONE = re.compile(r"(?<![\d-])(?:\+|00)?\d(?:[\s().-]?\d){8,}(?![\d-])")


def foreword_clean(text: str) -> str:
    """A report's foreword, refused when it holds an e-mail address or a phone number."""
    text = (text or "").strip()
    if len(text) > FOREWORD_MAX:
        raise ApplicationError(
            _("Het voorwoord is te lang: ten hoogste %(n)s tekens.") % {"n": FOREWORD_MAX},
            code="foreword_too_long",
        )
    if EMAIL.search(text) or PHONE.search(text):
        raise ApplicationError(
            _(
                "Het voorwoord bevat een e-mailadres of telefoonnummer. Haal dat weg: een "
                "rapport bevat geen persoonsgegevens."
            ),
            code="foreword_personal_data",
        )
    return text


def export_request(*, user: User, format: str, period, language: str = "nl", foreword=""):
    """Record the request and hand it to a worker once it is committed.

    Refuses an unknown kind of report or language, a foreword with contact details, and
    the activity list to anyone but a coordinator (it lists every activity of their
    municipalities)."""
    from .tasks import export_run  # tasks call services: a real import cycle

    if format not in ExportJob.Format.values:
        raise ApplicationError(_("Onbekend soort rapport."), code="unknown_format")
    if language not in dict(REPORT_LANGUAGES):
        raise ApplicationError(_("Kies Nederlands of Engels."), code="unknown_language")
    foreword = foreword_clean(foreword)
    if format == ExportJob.Format.ACTIVITIES and not user.has_role(*COORDINATING):
        raise ApplicationError(
            _("Alleen coördinatoren kunnen de activiteitenlijst maken."),
            code="activities_for_coordinators",
        )
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            format=format,
            period_start=period.start,
            period_end=period.end,
            municipality_ids=sorted(period.municipality_ids)
            if period.municipality_ids is not None
            else None,
            language=language,
            foreword=foreword,
        )
        enqueue_on_commit(export_run, str(job.pk))
    return job


def export_run(*, job_id) -> bool:
    """Make the file of a job. Idempotent: a job that is done stays done, and a second
    delivery of the same job (a worker killed half-way) writes the same one file."""
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
        file_name=f"samenhier-{job.format}-{job.period_start}-tm-{job.last_day}.{extension(job)}",
    )
    return True


def exports_pending_ids(older_than_seconds: int = 20) -> list:
    """Jobs a worker never picked up (or lost): waiting or running for too long."""
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
    before = timezone.now() - datetime.timedelta(days=EXPORT_KEEP_DAYS)
    old = ExportJob.objects.filter(status=ExportJob.Status.DONE, finished_at__lt=before)
    with transaction.atomic():
        ExportChunk.objects.filter(job__in=old).delete()
        return old.update(status=ExportJob.Status.EXPIRED, size=0, foreword="")
