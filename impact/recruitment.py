"""From a resident's sign-up to a completed year: the front of the programme's funnel, per
municipality (docs/architecture.md, "Recruitment").

The sign-ups of the period are followed as a cohort: how many became a forming group,
how many of those groups were ready for a match, matched and completed a year — each
step counted the first time the group reached it (a group that is rematched is counted
once) — and the average days between two steps. Read from the sign-ups and the groups'
status changes only: no personal field. Sign-ups that never became a group are erased
after SignUp.KEEP_MONTHS months, so for a period that reaches further back the share
that became a group reads too high (the page says so).
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from groups.models import GroupStatusChange, SignUp, SignUpStatusChange, WelcomeGroup
from samenhier.cells import Cell
from samenhier.models import Municipality

from .aggregates import Period

Status = WelcomeGroup.Status

# The steps after the sign-up, in order: (key, the group status that marks it).
STEPS = (
    ("forming", None),  # the sign-up became a group (its own status change)
    ("ready", Status.READY),
    ("matched", Status.MATCHED),
    ("completed", Status.COMPLETED),
)


# What each step is called on the page.
STEP_LABELS = (
    ("forming", _("Groep in oprichting")),
    ("ready", _("Klaar voor koppeling")),
    ("matched", _("Gekoppeld")),
    ("completed", _("Jaar afgerond")),
)


def _first(status: str | None) -> Subquery:
    """When the sign-up's group first reached `status` (None: when the sign-up became
    the group)."""
    if status is None:
        changes = SignUpStatusChange.objects.filter(
            signup=OuterRef("pk"), new=SignUp.Status.BECAME_GROUP
        )
    else:
        changes = GroupStatusChange.objects.filter(group=OuterRef("group"), new=status)
    return Subquery(changes.order_by("at").values("at")[:1])


def _days(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


@dataclass(frozen=True)
class Step:
    key: str
    count: Cell
    share: Cell  # of the step before, in %
    days: Cell  # average days since the step before


def recruitment(period: Period) -> dict:
    """The steps from sign-up to completed, per municipality with sign-ups in the period
    (in name order) and for all of them together (two queries and the names)."""
    signups = SignUp.objects.filter(
        created_at__date__gte=period.start,
        created_at__date__lt=period.end,
        municipality__isnull=False,
    )
    if period.municipality_ids is not None:
        signups = signups.filter(municipality__in=period.municipality_ids)
    signups = signups.annotate(**{f"{key}_at": _first(status) for key, status in STEPS})
    counts = {"signups": Count("pk")}
    before = "created_at"
    for key, _status in STEPS:
        here = f"{key}_at"
        counts[key] = Count(here)
        counts[f"{key}_days"] = Avg(_days(here, before))
        before = here
    rows = signups.values("municipality").annotate(**counts).order_by()
    by_place = {row["municipality"]: row for row in rows}
    names = dict(Municipality.objects.filter(pk__in=by_place).values_list("pk", "name"))
    return {
        "places": [
            {"pk": pk, "municipality": names[pk], **_cells(row)}
            for pk, row in sorted(by_place.items(), key=lambda item: names[item[0]])
        ],
        "whole": _cells(signups.aggregate(**counts)),
    }


def _cells(row: dict) -> dict:
    """A row's sign-ups and steps as cells: a count rests on the persons or groups it
    counts, a share on both of its counts, an average on the groups that made the step."""
    steps = []
    previous = row["signups"]
    for key, _status in STEPS:
        n = row[key]
        days = row[f"{key}_days"]
        steps.append(
            Step(
                key,
                Cell.of(n, n),
                Cell.of(round(100 * n / previous, 1) if previous else None, previous, n),
                Cell.of(round(days.total_seconds() / 86400) if days is not None else None, n),
            )
        )
        previous = n
    return {"signups": Cell.of(row["signups"], row["signups"]), "steps": steps}
