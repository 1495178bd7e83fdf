"""What groups do with and for households during the year: the raw material of the impact
figures (which the impact app reads, never writes)."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import Membership
from samenhier.models import LifeDomain, actor_field, text_field

from .year import Trajectory


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
    description = text_field(
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
