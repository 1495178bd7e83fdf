"""Writing a row of the sheet Zelfredzaamheid: a self-reliance score of a match that became
active, keyed by its match, life domain and moment, through `self_reliance_record`
(docs/architecture.md, "Bringing a programme in")."""

from django.utils.translation import gettext as _

from matching.models import SelfRelianceScore, Trajectory
from matching.services.year import self_reliance_record

from ..models import Kind
from ..reading import ParsedRow
from .run import CHANGED, NEW, UNCHANGED, RowError, Run


def score_write(run: Run, row: ParsedRow) -> str:
    """A score of 1 to 5 of a year that started; the same score again is unchanged."""
    v = row.values
    match = run.resolve(Kind.MATCH, v["match"], "match")
    trajectory = Trajectory.objects.filter(match=match).first()
    if trajectory is None:
        raise RowError("match", _("Deze koppeling werd nooit actief; er horen geen scores bij."))
    if not 1 <= v["score"] <= 5:
        raise RowError("score", _("Een score is 1 tot en met 5."))
    existing = SelfRelianceScore.objects.filter(
        trajectory=trajectory, life_domain=v["life_domain"], moment=v["moment"]
    ).first()
    if existing is not None and existing.score == v["score"]:
        return UNCHANGED
    self_reliance_record(
        trajectory=trajectory,
        life_domain=run.domains[v["life_domain"]],
        moment=v["moment"],
        score=v["score"],
    )
    return NEW if existing is None else CHANGED
