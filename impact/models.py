"""What groups do with and for households, the raw material of every impact figure."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from matching.models import Trajectory
from samenhier.models import LifeDomain, actor_field


class ActivityLog(models.Model):
    """Something a group did with or for the household on one day."""

    MUNICIPALITY_PATHS = (
        "trajectory__match__refugee__municipality",
        "trajectory__match__group__municipality",
    )

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.PROTECT, related_name="activities", verbose_name=_("traject")
    )
    date = models.DateField(_("datum"))
    life_domains = models.ManyToManyField(
        LifeDomain, related_name="activities", verbose_name=_("levensgebieden")
    )
    hours = models.DecimalField(
        _("uren"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(0.25), MaxValueValidator(24)],
    )
    members_present = models.ManyToManyField(
        Membership, related_name="activities", verbose_name=_("aanwezige groepsleden")
    )
    # How many members were present, kept with the log (services.activity_log_save sets it
    # with members_present) so volunteer hours (hours × members present) are one column
    # product instead of a join over every presence at national scale.
    present_count = models.PositiveSmallIntegerField(
        _("aantal aanwezigen"), default=0, editable=False
    )
    description = models.TextField(
        _("wat hebben jullie gedaan?"),
        blank=True,
        help_text=_("Kort en zonder privégegevens van het huishouden."),
    )
    logged_by = actor_field(_("vastgelegd door"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["date"]),
            models.Index(fields=["trajectory", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24), name="activity_hours_0_24"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} ({self.hours} u)"


class NetworkIntroduction(models.Model):
    """A person from the group's own network whom the group brought in."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("werkgever")
        SCHOOL = "school", _("school of opleiding")
        CLUB = "club", _("club of vereniging")
        NEIGHBOUR = "neighbour", _("buren")
        ORGANISATION = "organisation", _("organisatie")
        OTHER = "other", _("anders")

    activity = models.ForeignKey(
        ActivityLog,
        on_delete=models.CASCADE,
        related_name="introductions",
        verbose_name=_("activiteit"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("introductie uit het netwerk")
        verbose_name_plural = _("introducties uit het netwerk")

    def __str__(self) -> str:
        return self.get_kind_display()


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
        return f"{self.get_format_display()} {self.period_start} – {self.period_end}"


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
