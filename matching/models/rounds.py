"""Proposal rounds: the matching engine's advice, kept with the decisions people took."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import WelcomeGroup
from refugees.models import Refugee
from samenhier.models import actor_field, text_field

from .matches import Match


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
    decision_note = text_field(_("toelichting"), blank=True)
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

    @property
    def is_open(self) -> bool:
        """Still waiting for a coordinator's decision."""
        return self.status == self.Status.OPEN


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
