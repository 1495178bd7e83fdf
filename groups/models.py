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
    description = models.TextField(_("over de groep"), blank=True)
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
