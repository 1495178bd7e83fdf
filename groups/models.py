"""Welcome groups, their members, and the screening (VOG) and training of members."""

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
    text_field,
)


class WelcomeGroup(models.Model):
    """3–5 residents who commit for one year to a matched household."""

    MUNICIPALITY_PATHS = ("municipality",)

    MIN_MEMBERS = 3
    MAX_MEMBERS = 5
    MIN_DUTCH_SPEAKERS = 3

    class Status(models.TextChoices):
        FORMING = "forming", _("in oprichting")
        SCREENING = "screening", _("screening")
        TRAINING = "training", _("training")
        READY = "ready", _("klaar voor koppeling")
        MATCHED = "matched", _("gekoppeld")
        COMPLETED = "completed", _("afgerond")
        WITHDRAWN = "withdrawn", _("gestopt")

    # A group can be proposed a household when it is ready, or matched with room left.
    MATCHABLE = (Status.READY, Status.MATCHED)

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="groups", verbose_name=_("gemeente")
    )
    variant = models.CharField(
        _("programmavariant"), max_length=20, choices=Variant.choices, default=Variant.WELKOMGROEP
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FORMING, editable=False
    )
    capacity = models.PositiveSmallIntegerField(
        _("capaciteit"), default=1, help_text=_("Hoeveel huishoudens de groep tegelijk begeleidt.")
    )
    community_builder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_groups",
        limit_choices_to={"groups__name": "community_builder"},
        verbose_name=_("community builder"),
    )
    intake_interview_on = models.DateField(_("intakegesprek op"), null=True, blank=True)
    start_training_on = models.DateField(_("starttraining op"), null=True, blank=True)
    is_woman_led = models.BooleanField(_("geleid door vrouwen"), default=False)
    has_children = models.BooleanField(_("leden met kinderen"), default=False)
    typical_age = models.PositiveSmallIntegerField(_("gemiddelde leeftijd"), null=True, blank=True)
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="groups", verbose_name=_("interesses")
    )
    available_weekdays = models.BooleanField(_("beschikbaar doordeweeks overdag"), default=True)
    available_evenings = models.BooleanField(_("beschikbaar 's avonds"), default=True)
    available_weekends = models.BooleanField(_("beschikbaar in het weekend"), default=True)
    latitude = models.DecimalField(
        _("breedtegraad (wijk)"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("lengtegraad (wijk)"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    description = text_field(_("over de groep"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("welkomgroep")
        verbose_name_plural = _("welkomgroepen")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="group_capacity_gte_1")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        """A group whose year ended or that stopped takes no new members."""
        return self.status in (self.Status.COMPLETED, self.Status.WITHDRAWN)


class GroupExpertise(models.Model):
    """What the group's knowledge and network offer in one life domain."""

    MUNICIPALITY_PATHS = ("group__municipality",)

    class Level(models.IntegerChoices):
        SOME = 1, _("enige")
        GOOD = 2, _("goed")
        STRONG = 3, _("sterk")

    group = models.ForeignKey(
        WelcomeGroup, on_delete=models.CASCADE, related_name="expertise", verbose_name=_("groep")
    )
    life_domain = models.ForeignKey(
        LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("levensgebied")
    )
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices, default=Level.GOOD)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")
        ordering = ["life_domain__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "life_domain"], name="expertise_one_per_domain"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="expertise_level_1_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_domain}: {self.get_level_display()}"


class Membership(models.Model):
    """A person in a welcome group, with their screening (VOG) and statement."""

    MUNICIPALITY_PATHS = ("group__municipality",)

    class VogStatus(models.TextChoices):
        NONE = "none", _("niet aangevraagd")
        REQUESTED = "requested", _("aangevraagd")
        VALID = "valid", _("geldig")
        REFUSED = "refused", _("geweigerd")

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(
        WelcomeGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("groep")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("groepslid"),
    )
    is_contact = models.BooleanField(_("contactpersoon"), default=False)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("talen")
    )
    joined_on = models.DateField(_("lid sinds"), default=timezone.localdate)
    participant_statement_signed_on = models.DateField(
        _("deelnemersverklaring getekend op"), null=True, blank=True
    )
    # The certificate itself is never stored: only its status and expiry.
    vog_status = models.CharField(
        _("VOG-status"), max_length=20, choices=VogStatus.choices, default=VogStatus.NONE
    )
    vog_valid_until = models.DateField(_("VOG geldig tot"), null=True, blank=True)
    # Before a volunteer first sees the household, they accept the confidentiality statement.
    confidentiality_accepted_at = models.DateTimeField(
        _("geheimhoudingsverklaring geaccepteerd op"), null=True, blank=True, editable=False
    )
    confidentiality_version = models.CharField(
        _("versie geheimhoudingsverklaring"), max_length=10, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("groepslid")
        verbose_name_plural = _("groepsleden")
        ordering = ["-is_contact", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once_per_group"),
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(is_contact=True),
                name="membership_one_contact_per_group",
            ),
            models.CheckConstraint(
                condition=~models.Q(vog_status="valid") | models.Q(vog_valid_until__isnull=False),
                name="membership_valid_vog_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def has_valid_vog(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (
            self.vog_status == self.VogStatus.VALID
            and self.vog_valid_until is not None
            and self.vog_valid_until >= on
        )

    @classmethod
    def valid_vog_on(cls, on) -> models.Q:
        """`has_valid_vog` as a filter on memberships."""
        return models.Q(vog_status=cls.VogStatus.VALID, vog_valid_until__gte=on)


class GroupStatusChange(StatusChange):
    group = models.ForeignKey(
        WelcomeGroup,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("groep"),
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("statuswijziging groep")
        verbose_name_plural = _("statuswijzigingen groepen")


class SignUp(models.Model):
    """A resident who said "I want to help" on the public page, before any account exists:
    the front of the funnel. Coordinators of the municipality follow it up; it becomes a
    forming group, or is closed with a reason. Erased 12 months after it was made unless
    it became a group (docs/architecture.md, "Recruitment"); the person can withdraw it."""

    MUNICIPALITY_PATHS = ("municipality",)
    MAX_COMPANIONS = WelcomeGroup.MAX_MEMBERS - 1
    KEEP_MONTHS = 12

    class Status(models.TextChoices):
        NEW = "new", _("nieuw")
        CONTACTED = "contacted", _("benaderd")
        INTAKE_PLANNED = "intake_planned", _("intake gepland")
        BECAME_GROUP = "became_group", _("werd een groep")
        NOT_CONTINUED = "not_continued", _("niet doorgegaan")

    class Source(models.TextChoices):
        FRIEND = "friend", _("via iemand die ik ken")
        MEDIA = "media", _("krant, radio of tv")
        SOCIAL = "social", _("sociale media")
        ORGANISATION = "organisation", _("via een organisatie of kerk")
        MUNICIPALITY = "municipality", _("via de gemeente")
        OTHER = "other", _("anders")

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = models.CharField(_("voornaam"), max_length=60)
    last_name = models.CharField(_("achternaam"), max_length=80)
    email = models.EmailField(_("e-mailadres"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("gemeente"),
    )
    # Where the programme does not run yet: the place as typed, for programme staff.
    place_elsewhere = models.CharField(_("andere woonplaats"), max_length=80, blank=True)
    heard_from = models.CharField(
        _("hoe gehoord"), max_length=20, choices=Source.choices, blank=True
    )
    # Up to four people who want to join: [{"first_name", "last_name", "email"}].
    companions = models.JSONField(_("mensen die mee willen doen"), default=list, blank=True)
    privacy_version = models.CharField(_("versie privacyverklaring"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, editable=False
    )
    reason = text_field(_("reden"), limit=500, blank=True)
    group = models.OneToOneField(
        WelcomeGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signup",
        verbose_name=_("groep"),
    )
    # Only a hash of the withdrawal link's token is kept (like an invitation's); the token
    # is made when the confirmation is sent.
    withdraw_hash = models.CharField(max_length=64, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False) | ~models.Q(place_elsewhere=""),
                name="signup_has_a_place",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="became_group") | models.Q(group__isnull=False),
                name="signup_group_when_it_became_one",
            ),
        ]

    def __str__(self) -> str:
        # Names no person: it shows in admin lists and the audit log.
        return _("Aanmelding %(date)s") % {"date": self.created_at.date().isoformat()}


class SignUpStatusChange(StatusChange):
    signup = models.ForeignKey(
        SignUp,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("aanmelding"),
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("statuswijziging aanmelding")
        verbose_name_plural = _("statuswijzigingen aanmeldingen")
