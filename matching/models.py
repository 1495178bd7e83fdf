"""Matches between a household and a welcome group, and the year-long trajectory."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import WelcomeGroup
from refugees.models import Refugee
from samenhier.models import LifeDomain, StatusChange


class Match(models.Model):
    """A household with a group: proposed, accepted, active, then completed or ended."""

    MUNICIPALITY_PATHS = ("refugee__municipality", "group__municipality")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        ACCEPTED = "accepted", _("geaccepteerd")
        ACTIVE = "active", _("actief")
        COMPLETED = "completed", _("afgerond")
        ENDED_EARLY = "ended_early", _("voortijdig beëindigd")
        DECLINED = "declined", _("afgewezen")

    OPEN = (Status.PROPOSED, Status.ACCEPTED, Status.ACTIVE)
    # Statuses of a match that became active: only these count for impact figures.
    STARTED = (Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY)

    class EndReason(models.TextChoices):
        HOUSEHOLD_MOVED = "household_moved", _("huishouden verhuisd")
        HOUSEHOLD_STOPPED = "household_stopped", _("huishouden wilde stoppen")
        GROUP_STOPPED = "group_stopped", _("groep gestopt")
        MISMATCH = "mismatch", _("het klikte niet")
        OTHER = "other", _("andere reden")

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    refugee = models.ForeignKey(
        Refugee, on_delete=models.PROTECT, related_name="matches", verbose_name=_("huishouden")
    )
    group = models.ForeignKey(
        WelcomeGroup, on_delete=models.PROTECT, related_name="matches", verbose_name=_("groep")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, editable=False
    )
    # Household size when the match became active; impact figures use this, so they do
    # not change when the household changes or is anonymised later.
    persons = models.PositiveSmallIntegerField(
        _("aantal personen"), null=True, blank=True, editable=False
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True, editable=False)
    planned_end_date = models.DateField(
        _("geplande einddatum"), null=True, blank=True, editable=False
    )
    actual_end_date = models.DateField(
        _("werkelijke einddatum"), null=True, blank=True, editable=False
    )
    end_reason = models.CharField(
        _("reden van beëindiging"),
        max_length=30,
        choices=EndReason.choices,
        blank=True,
        editable=False,
    )
    end_note = models.TextField(_("toelichting bij beëindiging"), blank=True)
    group_confirmed_at = models.DateTimeField(
        _("bevestigd door de groep op"), null=True, blank=True, editable=False
    )
    household_consent_at = models.DateTimeField(
        _("instemming huishouden op"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "start_date"]),
            models.Index(fields=["group", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["refugee"],
                condition=models.Q(status__in=["proposed", "accepted", "active"]),
                name="match_one_open_per_refugee",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end_date__isnull=True)
                | models.Q(actual_end_date__gte=models.F("start_date")),
                name="match_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end_date__isnull=True)
                | models.Q(planned_end_date__gt=models.F("start_date")),
                name="match_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["active", "completed", "ended_early"])
                | models.Q(
                    start_date__isnull=False, planned_end_date__isnull=False, persons__gte=1
                ),
                name="match_started_has_start_and_persons",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["completed", "ended_early"])
                | models.Q(actual_end_date__isnull=False),
                name="match_ended_has_end_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ended_early") | ~models.Q(end_reason=""),
                name="match_ended_early_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.refugee} – {self.group}"


class MatchStatusChange(StatusChange):
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("koppeling")
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("statuswijziging koppeling")
        verbose_name_plural = _("statuswijzigingen koppelingen")


class Trajectory(models.Model):
    """The year of an active match: milestones, goals and self-reliance scores."""

    MUNICIPALITY_PATHS = ("match__refugee__municipality", "match__group__municipality")

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    match = models.OneToOneField(
        Match, on_delete=models.PROTECT, related_name="trajectory", verbose_name=_("koppeling")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-match__start_date", "-pk"]

    def __str__(self) -> str:
        return str(self.match)


class Milestone(models.Model):
    MUNICIPALITY_PATHS = (
        "trajectory__match__refugee__municipality",
        "trajectory__match__group__municipality",
    )

    class Kind(models.TextChoices):
        ACTION_PLAN = "action_plan", _("actieplan")
        INTRODUCTION = "introduction", _("kennismaking")
        CHECK_IN = "check_in", _("tussenevaluatie (3 maanden)")
        MIDTERM = "midterm", _("tussenevaluatie (6 maanden)")
        FINAL = "final", _("eindevaluatie")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("traject")
    )
    kind = models.CharField(_("mijlpaal"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("uiterlijk op"))
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    notes = models.TextField(_("verslag"), blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "kind"], name="milestone_once_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class TrajectoryGoal(models.Model):
    """A goal of the action plan agreed with the household for the year."""

    MUNICIPALITY_PATHS = (
        "trajectory__match__refugee__municipality",
        "trajectory__match__group__municipality",
    )

    class Status(models.TextChoices):
        OPEN = "open", _("nog niet begonnen")
        IN_PROGRESS = "in_progress", _("bezig")
        ACHIEVED = "achieved", _("bereikt")
        DROPPED = "dropped", _("vervallen")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="goals", verbose_name=_("traject")
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("levensgebied")
    )
    description = models.TextField(_("doel"))
    status = models.CharField(
        _("voortgang"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("doel in het actieplan")
        verbose_name_plural = _("doelen in het actieplan")
        ordering = ["life_domain__order", "pk"]

    def __str__(self) -> str:
        return f"{self.life_domain}: {self.description[:40]}"


class SelfRelianceScore(models.Model):
    """Self-reliance in a life domain, 1 (acute problems) to 5 (fully self-reliant)."""

    MUNICIPALITY_PATHS = (
        "trajectory__match__refugee__municipality",
        "trajectory__match__group__municipality",
    )

    class Moment(models.TextChoices):
        INTRODUCTION = "introduction", _("kennismaking")
        MIDTERM = "midterm", _("tussenevaluatie")
        FINAL = "final", _("eindevaluatie")

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="self_reliance_scores",
        verbose_name=_("traject"),
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("levensgebied")
    )
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), help_text=_("1 = acute problemen, 5 = volledig zelfredzaam")
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        verbose_name = _("zelfredzaamheidsscore")
        verbose_name_plural = _("zelfredzaamheidsscores")
        ordering = ["life_domain__order", "moment"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "life_domain", "moment"], name="score_once_per_moment"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_domain} ({self.get_moment_display()}): {self.score}"
