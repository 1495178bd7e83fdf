"""The year of an active match: its trajectory, milestones, action plan, self-reliance
scores and the household's own check-ins."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.models import Language, LifeDomain, actor_field, text_field

from .matches import Match


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
        FOLLOW_UP = "follow_up", _("opvolging (3 maanden na het jaar)")

    class Contact(models.TextChoices):
        """At the follow-up: whether the contact lasts, and how."""

        MEETING = "meeting", _("we spreken nog af")
        MESSAGES = "messages", _("we houden contact via berichten of telefoon")
        OCCASIONALLY = "occasionally", _("af en toe")
        NONE = "none", _("geen contact meer")

    # The order of the moments in a year, and the one after it.
    ORDER = (
        Kind.ACTION_PLAN,
        Kind.INTRODUCTION,
        Kind.CHECK_IN,
        Kind.MIDTERM,
        Kind.FINAL,
        Kind.FOLLOW_UP,
    )
    # The contact lasts: the "contact na het jaar" indicator counts these answers.
    CONTINUING = (Contact.MEETING, Contact.MESSAGES, Contact.OCCASIONALLY)
    # The moments in the household's own words (their home page; plain Dutch, A2).
    HOUSEHOLD_WORDS = {
        # Translators: household
        Kind.ACTION_PLAN: _("Samen een plan maken"),
        # Translators: household
        Kind.INTRODUCTION: _("Kennismaken met de groep"),
        # Translators: household
        Kind.CHECK_IN: _("Na 3 maanden: hoe gaat het?"),
        # Translators: household
        Kind.MIDTERM: _("Na een half jaar: terugkijken en vooruitkijken"),
        # Translators: household
        Kind.FINAL: _("Na een jaar: afsluiten"),
        # Translators: household
        Kind.FOLLOW_UP: _("3 maanden na het jaar: hoe gaat het nu?"),
    }

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("traject")
    )
    kind = models.CharField(_("mijlpaal"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("uiterlijk op"))
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    completed_by = actor_field(_("ingevuld door"))
    notes = text_field(_("verslag"), blank=True)
    exit_plan = text_field(
        _("afbouwplan"),
        blank=True,
        help_text=_("Bij de tussenevaluatie: hoe de groep het laatste halfjaar afbouwt."),
    )
    contact = models.CharField(
        _("contact na het jaar"),
        max_length=20,
        choices=Contact.choices,
        blank=True,
        help_text=_("Bij de opvolging: of de groep en het huishouden nog contact hebben."),
    )

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "kind"], name="milestone_once_per_kind")
        ]
        # The answered follow-ups (contact after the year): a few among every milestone.
        indexes = [models.Index(fields=["kind", "completed_on"], name="milestone_kind_done")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None

    @property
    def is_overdue(self) -> bool:
        """Not evaluated and its date has passed: the board and the timeline flag it."""
        return self.completed_on is None and self.due_date < timezone.localdate()

    @property
    def household_words(self) -> str:
        return self.HOUSEHOLD_WORDS[self.kind]


class TrajectoryGoal(models.Model):
    """A goal of the action plan agreed with the household for the year."""

    MUNICIPALITY_PATHS = (
        "trajectory__match__refugee__municipality",
        "trajectory__match__group__municipality",
    )

    class Status(models.TextChoices):
        # Translators: household
        OPEN = "open", _("nog niet begonnen")
        # Translators: household
        IN_PROGRESS = "in_progress", _("bezig")
        # Translators: household
        ACHIEVED = "achieved", _("bereikt")
        # Translators: household
        DROPPED = "dropped", _("vervallen")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="goals", verbose_name=_("traject")
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("levensgebied")
    )
    description = text_field(_("doel"))
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
        FOLLOW_UP = "follow_up", _("opvolging")

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


SCORED_AT = {
    Milestone.Kind.INTRODUCTION: SelfRelianceScore.Moment.INTRODUCTION,
    Milestone.Kind.MIDTERM: SelfRelianceScore.Moment.MIDTERM,
    Milestone.Kind.FINAL: SelfRelianceScore.Moment.FINAL,
    Milestone.Kind.FOLLOW_UP: SelfRelianceScore.Moment.FOLLOW_UP,
}


class CheckIn(models.Model):
    """The household's own word at a milestone: how it goes, what helps, what is missing.

    Only the coordinator and community builder read it, never the group.
    """

    MUNICIPALITY_PATHS = (
        "trajectory__match__refugee__municipality",
        "trajectory__match__group__municipality",
    )
    LOW = 2  # a score at or below this raises a signal on the follow-up board
    # The milestones at which the household is asked how it goes.
    MILESTONES = (
        Milestone.Kind.INTRODUCTION,
        Milestone.Kind.CHECK_IN,
        Milestone.Kind.MIDTERM,
        Milestone.Kind.FINAL,
        Milestone.Kind.FOLLOW_UP,
    )

    class Score(models.IntegerChoices):
        # Translators: household
        VERY_BAD = 1, _("heel slecht")
        # Translators: household
        BAD = 2, _("niet goed")
        # Translators: household
        OKAY = 3, _("gaat wel")
        # Translators: household
        GOOD = 4, _("goed")
        # Translators: household
        VERY_GOOD = 5, _("heel goed")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("traject")
    )
    milestone = models.CharField(_("mijlpaal"), max_length=20, choices=Milestone.Kind.choices)
    score = models.PositiveSmallIntegerField(_("hoe gaat het?"), choices=Score.choices)
    helps = text_field(_("wat helpt?"), blank=True)
    missing = text_field(_("wat mis je?"), blank=True)
    # The language the household answered in (any language), so that whoever reads it
    # knows; empty for answers from before it was asked.
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taal van het antwoord"),
    )
    by = actor_field(_("door"))
    at = models.DateTimeField(_("op"), auto_now=True)

    class Meta:
        verbose_name = _("check-in van het huishouden")
        verbose_name_plural = _("check-ins van huishoudens")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "milestone"], name="checkin_once_per_milestone"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="checkin_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_milestone_display()}: {self.score}"

    @property
    def is_low(self) -> bool:
        return self.score <= self.LOW
