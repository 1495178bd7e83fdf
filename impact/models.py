"""The impact app's own records: report files asked for by one person."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FOREWORD_MAX = 2000
# Reports are written in the programme's languages (staff read Dutch or English).
REPORT_LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]


class ExportJob(models.Model):
    """A report file asked for by one person, made by a background task.

    The row is created in the same transaction as the request, so no request is lost
    when the broker is down: a periodic sweeper sends the pending ones again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("in de wachtrij")
        RUNNING = "running", _("wordt gemaakt")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")
        EXPIRED = "expired", _("verlopen")

    class Format(models.TextChoices):
        CSV = "csv", _("rapport (CSV)")
        XLSX = "xlsx", _("rapport (Excel)")
        PDF = "pdf", _("rapport (PDF)")
        HANDPRINT = "handprint", _("Social Handprint-vragenlijst (Excel)")
        ACTIVITIES = "activities", _("activiteitenlijst (CSV, zonder persoonsgegevens)")

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("aangevraagd door"),
    )
    format = models.CharField(_("soort"), max_length=20, choices=Format.choices)
    period_start = models.DateField(_("van"))
    period_end = models.DateField(_("tot (niet meegerekend)"))
    municipality_ids = models.JSONField(_("gemeenten"), null=True, blank=True)
    language = models.CharField(_("taal"), max_length=5, choices=REPORT_LANGUAGES, default="nl")
    # A foreword or story for this one report, written by the person who asks for it;
    # checked for e-mail addresses and phone numbers (services.export_request), and
    # emptied when the file expires.
    foreword = models.TextField(_("voorwoord"), max_length=FOREWORD_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    file_name = models.CharField(_("bestand"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    error = models.CharField(_("fout"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="export_period_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.period_start} – {self.last_day}"

    @property
    def last_day(self) -> datetime.date:
        """The last day the report counts (`period_end` is the first day it does not)."""
        return self.period_end - datetime.timedelta(days=1)

    @property
    def is_working(self) -> bool:
        """Queued or being made: the page polls until it is not."""
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class ExportChunk(models.Model):
    """A piece (up to 1 MB) of an export's file. Files live in the database, not on a
    host's disk, so any web host can hand out what any worker made."""

    SIZE = 1024 * 1024

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="chunks")
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "seq"], name="export_chunk_once_per_seq")
        ]

    def __str__(self) -> str:
        return f"{self.job_id} #{self.seq}"
