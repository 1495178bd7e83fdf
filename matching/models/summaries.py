"""Summaries behind the impact figures, kept up to date by the services that write the
year (in the same transaction), so the figures need no cache at any scale.

- ActivityTally: per place (a municipality, or 0 for the whole programme), per month and
  per day, per dimension (all logs, a life domain, an SDG, a kind of introduction): the
  number of logs (or introductions) and the volunteer hours (hours × members present).
  A period sums whole months, and days at its edges: exact to the day.
- PresenceSpan and PresenceMonth: who was active where, for the distinct counts (active
  volunteers, groups that drew in their network). Per person or group and place: the
  first and last day and the longest pause between them, and per month a bit for each
  day with a presence. A person is active in a period when a day of theirs falls inside
  it: exact, never estimated.
- YearTally: per place and day, how many persons' years start and stop there (a running
  year stops at its planned end, and counts only up to today): reception days, persons
  supported and new matches of any period follow from one walk over these days.
- ScoreGain: final − introduction per trajectory and life domain, where both exist, with
  the dates and place of the year it belongs to.

They are derived data: `manage.py summaries --rebuild` makes them again from the raw rows
and `--verify` compares (docs/architecture.md, "Figures").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The place of the whole programme, beside each municipality's own rows.
EVERYWHERE = 0


class ActivityTally(models.Model):
    class Span(models.TextChoices):
        MONTH = "m", _("maand")
        DAY = "d", _("dag")

    class Dimension(models.TextChoices):
        ALL = "all", _("alle activiteiten")
        DOMAIN = "domain", _("levensgebied")
        SDG = "sdg", _("SDG")
        INTRODUCTION = "intro", _("introductie")

    place = models.PositiveIntegerField(_("gemeente (0 = alle)"))
    span = models.CharField(_("periode"), max_length=1, choices=Span.choices)
    start = models.DateField(_("begint op"))
    dimension = models.CharField(_("soort"), max_length=10, choices=Dimension.choices)
    key = models.CharField(_("sleutel"), max_length=30, blank=True)
    count = models.IntegerField(_("aantal"), default=0)
    hours = models.DecimalField(_("uren"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("telling van activiteiten")
        verbose_name_plural = _("tellingen van activiteiten")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "span", "start", "dimension", "key"], name="tally_once_per_cell"
            )
        ]
        indexes = [
            models.Index(fields=["place", "span", "start"], name="tally_place_span_start"),
            # Every municipality side by side (the dashboard): one dimension, all places.
            models.Index(
                fields=["dimension", "span", "start"],
                include=["place", "count", "hours"],
                name="tally_dimension_span_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.span}{self.start} {self.dimension}:{self.key}"


class PresenceKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("vrijwilliger aanwezig")
    NETWORK = "network", _("groep bracht netwerk in")


class PresenceSpan(models.Model):
    kind = models.CharField(_("soort"), max_length=10, choices=PresenceKind.choices)
    subject = models.UUIDField(_("persoon of groep"))
    place = models.PositiveIntegerField(_("gemeente (0 = alle)"))
    first = models.DateField(_("eerste dag"))
    last = models.DateField(_("laatste dag"))
    # The most days in a row without a presence between the first and the last day: a
    # period inside the span that is longer than this surely holds a presence.
    longest_gap = models.PositiveIntegerField(_("langste pauze (dagen)"), default=0)

    class Meta:
        verbose_name = _("aanwezigheid (van–tot)")
        verbose_name_plural = _("aanwezigheid (van–tot)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "place"], name="span_once")
        ]
        indexes = [models.Index(fields=["kind", "place"], name="span_kind_place")]

    def __str__(self) -> str:
        return f"{self.kind} {self.place} {self.first}–{self.last}"


class PresenceMonth(models.Model):
    kind = models.CharField(_("soort"), max_length=10, choices=PresenceKind.choices)
    subject = models.UUIDField(_("persoon of groep"))
    place = models.PositiveIntegerField(_("gemeente (0 = alle)"))
    month = models.DateField(_("maand"))
    # Bit d-1 is set when day d of the month had a presence.
    days = models.BigIntegerField(_("dagen"))

    class Meta:
        verbose_name = _("aanwezigheid per maand")
        verbose_name_plural = _("aanwezigheid per maand")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "place", "month"], name="presence_month_once"
            )
        ]
        # Who was there in a month of a place (a month the period cuts, several places):
        # read from the index alone.
        indexes = [
            models.Index(
                fields=["kind", "place", "month"],
                include=["subject", "days"],
                name="presence_month_by_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.place} {self.month:%Y-%m}"


class YearTally(models.Model):
    class Event(models.TextChoices):
        START = "start", _("begint")
        STOP = "stop", _("stopt")

    place = models.PositiveIntegerField(_("gemeente (0 = alle)"))
    day = models.DateField(_("dag"))
    event = models.CharField(_("gebeurtenis"), max_length=5, choices=Event.choices)
    running = models.BooleanField(_("lopend jaar"))
    persons = models.IntegerField(_("personen"), default=0)
    years = models.IntegerField(_("jaren"), default=0)

    class Meta:
        verbose_name = _("telling van jaren")
        verbose_name_plural = _("tellingen van jaren")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "day", "event", "running"], name="year_tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.day} {self.event} {self.persons}"


class PresenceCount(models.Model):
    """How many people (or groups) had a presence in a place in a month: the number of
    PresenceMonth rows, kept beside them for the small-cell rule of monthly figures."""

    kind = models.CharField(_("soort"), max_length=10, choices=PresenceKind.choices)
    place = models.PositiveIntegerField(_("gemeente (0 = alle)"))
    month = models.DateField(_("maand"))
    subjects = models.IntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("aanwezigen per maand")
        verbose_name_plural = _("aanwezigen per maand")
        constraints = [
            models.UniqueConstraint(fields=["kind", "place", "month"], name="presence_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.place} {self.month:%Y-%m}: {self.subjects}"


class ScoreGain(models.Model):
    trajectory = models.ForeignKey(
        "matching.Trajectory", on_delete=models.CASCADE, related_name="+"
    )
    life_domain = models.ForeignKey(
        "samenhier.LifeDomain", on_delete=models.CASCADE, related_name="+"
    )
    gain = models.SmallIntegerField(_("groei"))
    # The year the gain belongs to, for the period rule without a join.
    place = models.PositiveIntegerField(_("gemeente"))
    start = models.DateField(_("start van het jaar"))
    stop = models.DateField(_("einde van het jaar (niet meegerekend)"))
    running = models.BooleanField(_("lopend jaar"))
    # The persons of the household, for the small-cell rule.
    persons = models.PositiveSmallIntegerField(_("personen"), default=1)

    class Meta:
        verbose_name = _("groei zelfredzaamheid")
        verbose_name_plural = _("groei zelfredzaamheid")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "life_domain"], name="gain_once")
        ]
        indexes = [models.Index(fields=["place", "start"], name="gain_place_start")]

    def __str__(self) -> str:
        return f"{self.gain:+d}"


class TrajectoryPulse(models.Model):
    """What the follow-up board's signals read of one year, so that a coordinator's list
    of a thousand running years needs no work per log or milestone: the last activity,
    how many logs, the most one member logged, the earliest due day of a milestone not
    yet done, and the household's answer at the latest milestone it answered. Kept by the
    services that write logs, milestones and check-ins (`services.summaries.pulse_refresh`,
    in their transaction)."""

    trajectory = models.OneToOneField(
        "matching.Trajectory", on_delete=models.CASCADE, primary_key=True, related_name="pulse"
    )
    last_activity = models.DateField(_("laatste activiteit"), null=True)
    log_count = models.PositiveIntegerField(_("activiteiten"), default=0)
    top_count = models.PositiveIntegerField(_("meeste activiteiten van één lid"), default=0)
    next_due = models.DateField(_("eerste open mijlpaal, uiterlijk op"), null=True)
    check_in_score = models.PositiveSmallIntegerField(
        _("check-in bij de laatste mijlpaal"), null=True
    )

    class Meta:
        verbose_name = _("stand van een traject")
        verbose_name_plural = _("stand van de trajecten")

    def __str__(self) -> str:
        return f"{self.log_count} logs, last {self.last_activity}"
