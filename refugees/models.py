"""Refugee households: the main contact and members, intake, needs and goals, consent."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.models import (
    Interest,
    Language,
    LifeDomain,
    Municipality,
    StatusChange,
    Variant,
    actor_field,
    text_field,
)


class Refugee(models.Model):
    """A refugee household, named after its main contact."""

    MUNICIPALITY_PATHS = ("municipality",)

    class Status(models.TextChoices):
        INTAKE = "intake", _("intake")
        READY = "ready", _("klaar voor koppeling")
        MATCHED = "matched", _("gekoppeld")
        COMPLETED = "completed", _("afgerond")
        WITHDRAWN = "withdrawn", _("teruggetrokken")

    # A household waits for a welcome group from its intake until its year starts
    # (the one definition of "wachtend", shown on every page that counts them).
    WAITING = (Status.INTAKE, Status.READY)

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="refugees", verbose_name=_("gemeente")
    )
    variant = models.CharField(
        _("programmavariant"), max_length=20, choices=Variant.choices, default=Variant.WELKOMGROEP
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INTAKE, editable=False
    )
    # The main contact of the household.
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="refugee",
        verbose_name=_("account"),
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="refugees", verbose_name=_("talen")
    )
    interpreter_available = models.BooleanField(
        _("tolk beschikbaar"),
        default=False,
        help_text=_(
            "Er kan een tolk worden ingezet als het huishouden en de groep geen taal delen."
        ),
    )
    accepts_neighbouring_municipality = models.BooleanField(
        _("buurgemeente akkoord"),
        default=False,
        help_text=_("Het huishouden wil ook met een groep uit een buurgemeente gekoppeld worden."),
    )
    intake_date = models.DateField(_("intakedatum"), default=timezone.localdate)
    waiting_since = models.DateField(
        _("wacht sinds"),
        default=timezone.localdate,
        help_text=_("Wie het langst wacht, komt eerst aan de beurt."),
    )
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="refugees", verbose_name=_("interesses")
    )
    available_weekdays = models.BooleanField(_("beschikbaar doordeweeks overdag"), default=True)
    available_evenings = models.BooleanField(_("beschikbaar 's avonds"), default=True)
    available_weekends = models.BooleanField(_("beschikbaar in het weekend"), default=True)
    # Approximate (neighbourhood) location, for travel distance; never an address.
    latitude = models.DecimalField(
        _("breedtegraad (wijk)"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("lengtegraad (wijk)"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    # Sensitive: never shown to a group unless the household consented (see Consent).
    country_of_origin = models.CharField(_("land van herkomst"), max_length=100, blank=True)
    residence_status = models.CharField(_("verblijfsstatus"), max_length=200, blank=True)
    health_notes = text_field(_("gezondheid"), blank=True)
    coordinator_notes = text_field(_("notities coördinator"), blank=True)
    shared_with_group = text_field(
        _("wat het huishouden wil delen"),
        blank=True,
        help_text=_("Wat het huishouden zelf met de welkomgroep wil delen."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # When the personal data was erased (on request, or after the retention period).
    erased_at = models.DateTimeField(_("gegevens gewist op"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        ordering = ["waiting_since", "pk"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def short_code(self) -> str:
        """Six characters of the household's code: tells two households of the same name
        apart on a screen (names no one)."""
        return self.code.hex[:6].upper()


class HouseholdMember(models.Model):
    """A person in the household other than the main contact."""

    MUNICIPALITY_PATHS = ("refugee__municipality",)

    class Relation(models.TextChoices):
        PARTNER = "partner", _("partner")
        CHILD = "child", _("kind")
        PARENT = "parent", _("ouder")
        OTHER = "other", _("ander familielid")

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="members", verbose_name=_("huishouden")
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    relation = models.CharField(_("relatie"), max_length=20, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="household_member",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("gezinslid")
        verbose_name_plural = _("gezinsleden")
        ordering = ["birth_year", "pk"]

    def __str__(self) -> str:
        return self.first_name


class HouseholdGoal(models.Model):
    """What the household wants to reach in a life domain, set at intake."""

    MUNICIPALITY_PATHS = ("refugee__municipality",)

    class Priority(models.IntegerChoices):
        LOW = 1, _("laag")
        MEDIUM = 2, _("gemiddeld")
        HIGH = 3, _("hoog")

    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="goals", verbose_name=_("huishouden")
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("levensgebied")
    )
    description = text_field(_("doel"))
    priority = models.PositiveSmallIntegerField(
        _("prioriteit"), choices=Priority.choices, default=Priority.MEDIUM
    )

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["-priority", "life_domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["refugee", "life_domain"], name="goal_one_per_domain"),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=3), name="goal_priority_1_3"
            ),
        ]

    def __str__(self) -> str:
        return str(self.life_domain)


class HouseholdPreference(models.Model):
    """A wish about the group; a required one is a hard condition for matching."""

    MUNICIPALITY_PATHS = ("refugee__municipality",)

    class Kind(models.TextChoices):
        WOMAN_LED = "woman_led", _("groep geleid door vrouwen")
        WITH_CHILDREN = "with_children", _("groep met kinderen")
        NEARBY = "nearby", _("groep woont dichtbij")

    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="preferences", verbose_name=_("huishouden")
    )
    kind = models.CharField(_("voorkeur"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(
        _("vereist"), default=False, help_text=_("Zonder dit is een koppeling niet mogelijk.")
    )

    class Meta:
        verbose_name = _("voorkeur")
        verbose_name_plural = _("voorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["refugee", "kind"], name="preference_one_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Consent(models.Model):
    """Consent the household gave: what, in which text version, when, by whom recorded."""

    MUNICIPALITY_PATHS = ("refugee__municipality",)

    class Subject(models.TextChoices):
        DATA_PROCESSING = "data_processing", _("verwerking van persoonsgegevens")
        SHARE_ORIGIN = "share_origin", _("herkomst delen met de groep")
        SHARE_RESIDENCE_STATUS = "share_residence_status", _("verblijfsstatus delen met de groep")
        SHARE_HEALTH = "share_health", _("gezondheid delen met de groep")

    refugee = models.ForeignKey(
        Refugee, on_delete=models.CASCADE, related_name="consents", verbose_name=_("huishouden")
    )
    subject = models.CharField(_("onderwerp"), max_length=40, choices=Subject.choices)
    text_version = models.CharField(_("versie van de tekst"), max_length=20, default="1.0")
    given_at = models.DateTimeField(_("gegeven op"), default=timezone.now)
    recorded_by = actor_field(_("vastgelegd door"))
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["refugee", "subject"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return self.get_subject_display()


class RefugeeStatusChange(StatusChange):
    refugee = models.ForeignKey(
        Refugee,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("huishouden"),
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("statuswijziging huishouden")
        verbose_name_plural = _("statuswijzigingen huishoudens")
