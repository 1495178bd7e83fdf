"""Matches between a household and a welcome group, and the year-long trajectory."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from groups.models import WelcomeGroup
from refugees.models import Refugee
from samenhier.models import LifeDomain, StatusChange, actor_field


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
    group_confirmed_by = actor_field(_("bevestigd door"), editable=False)
    household_consent_at = models.DateTimeField(
        _("instemming huishouden op"), null=True, blank=True, editable=False
    )
    household_consent_by = actor_field(_("instemming vastgelegd door"), editable=False)
    created_by = actor_field(_("aangemaakt door"))
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
    completed_by = actor_field(_("ingevuld door"))
    notes = models.TextField(_("verslag"), blank=True)
    exit_plan = models.TextField(
        _("afbouwplan"),
        blank=True,
        help_text=_("Bij de tussenevaluatie: hoe de groep het laatste halfjaar afbouwt."),
    )

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


WEIGHT_RANGE = [MinValueValidator(0), MaxValueValidator(100)]


class MatchingPolicy(models.Model):
    """Weights of the matching criteria: one per partner organisation, or the national
    default (no partner). Defaults and meaning: matching/engine/model.py, README."""

    MUNICIPALITY_PATHS = ("partner__municipalities",)

    partner = models.OneToOneField(
        "samenhier.PartnerOrganisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matching_policy",
        verbose_name=_("lokale partner"),
        help_text=_("Leeg: het landelijke standaardbeleid."),
    )
    placement = models.FloatField(
        _("koppeling"),
        validators=WEIGHT_RANGE,
        default=10.0,
        help_text=_("Voor elk gekoppeld huishouden; hoog = zoveel mogelijk koppelingen."),
    )
    language = models.FloatField(_("gedeelde talen"), validators=WEIGHT_RANGE, default=3.0)
    expertise = models.FloatField(
        _("expertise bij de doelen"), validators=WEIGHT_RANGE, default=3.0
    )
    composition = models.FloatField(
        _("samenstelling (kinderen, leeftijd)"), validators=WEIGHT_RANGE, default=1.0
    )
    interests = models.FloatField(_("gedeelde interesses"), validators=WEIGHT_RANGE, default=1.0)
    availability = models.FloatField(_("beschikbaarheid"), validators=WEIGHT_RANGE, default=1.0)
    distance = models.FloatField(_("reisafstand"), validators=WEIGHT_RANGE, default=1.0)
    waiting = models.FloatField(
        _("wachttijd"),
        validators=WEIGHT_RANGE,
        default=2.0,
        help_text=_("Hoger: wie het langst wacht, gaat meer voor."),
    )
    nearby_km = models.FloatField(
        _("'dichtbij' tot (km)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        default=5.0,
        help_text=_("Voor de voorkeur 'groep woont dichtbij'."),
    )
    max_km = models.FloatField(
        _("maximale reisafstand (km)"),
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        default=25.0,
        help_text=_("Vanaf deze afstand telt reisafstand niet meer mee."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    WEIGHTS = (
        "placement",
        "language",
        "expertise",
        "composition",
        "interests",
        "availability",
        "distance",
        "waiting",
    )

    class Meta:
        verbose_name = _("matchingbeleid")
        verbose_name_plural = _("matchingbeleid")
        constraints = [
            # At most one national default (no partner); the one-to-one field keeps
            # partners unique.
            models.UniqueConstraint(
                Coalesce("partner", models.Value(0)), name="policy_one_national_default"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    placement__gte=0,
                    language__gte=0,
                    expertise__gte=0,
                    composition__gte=0,
                    interests__gte=0,
                    availability__gte=0,
                    distance__gte=0,
                    waiting__gte=0,
                    nearby_km__gte=0,
                    max_km__gt=0,
                ),
                name="policy_weights_not_negative",
                violation_error_message=_("Gewichten en afstanden zijn niet negatief."),
            ),
        ]

    def __str__(self) -> str:
        if self.partner_id is None:
            return str(_("Landelijk standaardbeleid"))
        return str(self.partner)


class Veto(models.Model):
    """A coordinator's veto: this household and this group are never proposed together."""

    MUNICIPALITY_PATHS = ("refugee__municipality", "group__municipality")

    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="vetoes", verbose_name=_("huishouden")
    )
    group = models.ForeignKey(
        WelcomeGroup, on_delete=models.CASCADE, related_name="vetoes", verbose_name=_("groep")
    )
    reason = models.TextField(_("reden"))
    by = actor_field(_("door"), blank=False)
    at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("veto")
        verbose_name_plural = _("veto's")
        constraints = [
            models.UniqueConstraint(fields=["refugee", "group"], name="veto_once_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.refugee} ✕ {self.group}"


class ProposalRound(models.Model):
    """One run of the matching engine for a municipality, kept as the advice it gave."""

    MUNICIPALITY_PATHS = ("municipality",)

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "samenhier.Municipality",
        on_delete=models.PROTECT,
        related_name="proposal_rounds",
        verbose_name=_("gemeente"),
    )
    run_by = actor_field(_("gestart door"))
    run_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    weights = models.JSONField(_("gewichten"), default=dict)
    total_score = models.FloatField(_("totaalscore"), default=0)
    households = models.PositiveIntegerField(_("huishoudens"), default=0)
    groups = models.PositiveIntegerField(_("groepen"), default=0)

    class Meta:
        verbose_name = _("voorstelronde")
        verbose_name_plural = _("voorstelrondes")
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.run_at:%d-%m-%Y %H:%M}"


class Proposal(models.Model):
    """A pair the engine proposed, with its explanation, and what a person decided."""

    MUNICIPALITY_PATHS = ("round__municipality",)

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("geaccepteerd")
        DECLINED = "declined", _("afgewezen")
        VETOED = "vetoed", _("veto")
        OVERRIDDEN = "overridden", _("andere groep gekozen")
        SUPERSEDED = "superseded", _("vervangen door een nieuwe ronde")

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        ProposalRound,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("ronde"),
    )
    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("huishouden")
    )
    group = models.ForeignKey(
        WelcomeGroup, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("groep")
    )
    score = models.FloatField(_("score"))
    contributions = models.JSONField(_("bijdrage per criterium"), default=dict)
    alternatives = models.JSONField(
        _("alternatieven"),
        default=list,
        help_text=_("Andere mogelijke groepen met hun score, best eerst."),
    )
    status = models.CharField(
        _("besluit"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    decided_by = actor_field(_("besloten door"))
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting"), blank=True)
    match = models.OneToOneField(
        Match,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("koppeling"),
    )

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.refugee} – {self.group}"


class UnmatchedHousehold(models.Model):
    """A household a round could not place, and why."""

    MUNICIPALITY_PATHS = ("round__municipality",)

    class Reason(models.TextChoices):
        NO_FEASIBLE_GROUP = "no_feasible_group", _("geen passende groep")
        TAKEN_BY_BETTER_PAIRINGS = (
            "taken_by_better_pairings",
            _("passende groepen zijn elders beter ingezet"),
        )

    round = models.ForeignKey(
        ProposalRound,
        on_delete=models.CASCADE,
        related_name="unmatched",
        verbose_name=_("ronde"),
    )
    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="+", verbose_name=_("huishouden")
    )
    reason = models.CharField(_("reden"), max_length=30, choices=Reason.choices)
    detail = models.JSONField(_("details"), default=dict)

    class Meta:
        verbose_name = _("niet gekoppeld huishouden")
        verbose_name_plural = _("niet gekoppelde huishoudens")

    def __str__(self) -> str:
        return f"{self.refugee}: {self.get_reason_display()}"


# The milestones at which self-reliance is scored, and under which moment.
SCORED_AT = {
    Milestone.Kind.INTRODUCTION: SelfRelianceScore.Moment.INTRODUCTION,
    Milestone.Kind.MIDTERM: SelfRelianceScore.Moment.MIDTERM,
    Milestone.Kind.FINAL: SelfRelianceScore.Moment.FINAL,
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

    class Score(models.IntegerChoices):
        VERY_BAD = 1, _("heel slecht")
        BAD = 2, _("niet goed")
        OKAY = 3, _("gaat wel")
        GOOD = 4, _("goed")
        VERY_GOOD = 5, _("heel goed")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("traject")
    )
    milestone = models.CharField(_("mijlpaal"), max_length=20, choices=Milestone.Kind.choices)
    score = models.PositiveSmallIntegerField(_("hoe gaat het?"), choices=Score.choices)
    helps = models.TextField(_("wat helpt?"), blank=True)
    missing = models.TextField(_("wat mist u?"), blank=True)
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
        return f"{self.trajectory} ({self.get_milestone_display()}): {self.score}"
