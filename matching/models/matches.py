"""A household and a group matched for a year: the match, its history, and the policy and
vetoes the matching engine works with. See docs/architecture.md, "Lifecycles"."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from groups.models import WelcomeGroup
from refugees.models import Refugee
from samenhier.models import StatusChange, actor_field, text_field

from ..engine import DEFAULT_POLICY, DEFAULT_WEIGHTS


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    ACCEPTED = "accepted", _("geaccepteerd")
    ACTIVE = "active", _("actief")
    COMPLETED = "completed", _("afgerond")
    ENDED_EARLY = "ended_early", _("voortijdig beëindigd")
    DECLINED = "declined", _("afgewezen")


# Module-level, so the constraints below are written from the same tuples the code uses.
OPEN = (MatchStatus.PROPOSED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE)
# Statuses of a match that became active: only these count for impact figures.
STARTED = (MatchStatus.ACTIVE, MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY)
ENDED = (MatchStatus.COMPLETED, MatchStatus.ENDED_EARLY)


class Match(models.Model):
    """A household with a group: proposed, accepted, active, then completed or ended."""

    MUNICIPALITY_PATHS = ("refugee__municipality", "group__municipality")

    Status = MatchStatus
    OPEN = OPEN
    STARTED = STARTED
    ENDED = ENDED

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
    # Where the year runs: the household's municipality when the match became active.
    # Figures count the year there, even if the household moves later.
    municipality = models.ForeignKey(
        "samenhier.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("gemeente van het jaar"),
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True, editable=False)
    # Days the household waited for its group: from waiting-since to the start.
    waited_days = models.PositiveIntegerField(
        _("dagen gewacht"), null=True, blank=True, editable=False
    )
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
    end_note = text_field(_("toelichting bij beëindiging"), blank=True)
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
            # The years behind the figures, read without touching the table's rows.
            models.Index(
                fields=["status", "municipality", "start_date"],
                include=["actual_end_date", "planned_end_date", "group", "waited_days"],
                name="match_years",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["refugee"],
                condition=models.Q(status__in=OPEN),
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
                condition=~models.Q(status__in=STARTED)
                | models.Q(
                    start_date__isnull=False,
                    planned_end_date__isnull=False,
                    persons__gte=1,
                    municipality__isnull=False,
                ),
                name="match_started_has_start_and_persons",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=ENDED) | models.Q(actual_end_date__isnull=False),
                name="match_ended_has_end_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MatchStatus.ENDED_EARLY) | ~models.Q(end_reason=""),
                name="match_ended_early_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.refugee} – {self.group}"

    # For templates, which name no status literals.
    @property
    def is_proposed(self) -> bool:
        return self.status == MatchStatus.PROPOSED

    @property
    def is_accepted(self) -> bool:
        return self.status == MatchStatus.ACCEPTED

    @property
    def is_active(self) -> bool:
        return self.status == MatchStatus.ACTIVE


class MatchStatusChange(StatusChange):
    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("koppeling")
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("statuswijziging koppeling")
        verbose_name_plural = _("statuswijzigingen koppelingen")


WEIGHT_RANGE = [MinValueValidator(0), MaxValueValidator(100)]


def _weight(label, **options):
    """A criterion's weight; its default is the engine's, so the two cannot drift apart."""
    name = options.pop("criterion")
    return models.FloatField(
        label, validators=WEIGHT_RANGE, default=DEFAULT_WEIGHTS[name], **options
    )


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
    placement = _weight(
        _("koppeling"),
        criterion="placement",
        help_text=_("Voor elk gekoppeld huishouden; hoog = zoveel mogelijk koppelingen."),
    )
    language = _weight(_("gedeelde talen"), criterion="language")
    expertise = _weight(_("expertise bij de doelen"), criterion="expertise")
    composition = _weight(_("samenstelling (kinderen, leeftijd)"), criterion="composition")
    interests = _weight(_("gedeelde interesses"), criterion="interests")
    availability = _weight(_("beschikbaarheid"), criterion="availability")
    distance = _weight(_("reisafstand"), criterion="distance")
    waiting = _weight(
        _("wachttijd"),
        criterion="waiting",
        help_text=_("Hoger: wie het langst wacht, gaat meer voor."),
    )
    nearby_km = models.FloatField(
        _("'dichtbij' tot (km)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        default=DEFAULT_POLICY.nearby_km,
        help_text=_("Voor de voorkeur 'groep woont dichtbij'."),
    )
    max_km = models.FloatField(
        _("maximale reisafstand (km)"),
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        default=DEFAULT_POLICY.max_km,
        help_text=_("Vanaf deze afstand telt reisafstand niet meer mee."),
    )
    community_builder_completes_year = models.BooleanField(
        _("community builder rondt het jaar af"),
        default=False,
        help_text=_(
            "Aan: ook de community builder van de groep mag het jaar afronden. "
            "Uit: alleen een coördinator."
        ),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    WEIGHTS = tuple(DEFAULT_WEIGHTS)

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

    @classmethod
    def for_municipality(cls, municipality) -> "MatchingPolicy":
        """The partner organisation's policy, else the national default, else the
        defaults (unsaved)."""
        policy = (
            cls.objects.filter(models.Q(partner=municipality.partner_id) | models.Q(partner=None))
            .order_by(models.F("partner").asc(nulls_last=True))  # the partner's own first
            .first()
        )
        return policy or cls()

    @classmethod
    def community_builders_complete(cls, municipality) -> bool:
        return cls.for_municipality(municipality).community_builder_completes_year


class Veto(models.Model):
    """A coordinator's veto: this household and this group are never proposed together."""

    MUNICIPALITY_PATHS = ("refugee__municipality", "group__municipality")

    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="vetoes", verbose_name=_("huishouden")
    )
    group = models.ForeignKey(
        WelcomeGroup, on_delete=models.CASCADE, related_name="vetoes", verbose_name=_("groep")
    )
    reason = text_field(_("reden"))
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
