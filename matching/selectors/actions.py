"""What waits for a coordinator now, for the top of their home page: each kind of work
with how many, the first few, and a link to where it is done."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from groups.models import SignUp
from groups.selectors import signups_for_user
from samenhier.models import User

from ..models import Match, Proposal
from .followup import signal_counts, with_signals
from .matches import matches_managed_by, proposals_for_user
from .year import trajectories_managed_by

FIRST = 5  # items listed by name; the rest is a count and a link


@dataclass
class Action:
    key: str
    label: str
    hint: str
    count: int
    url: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (label, url)

    @property
    def more(self) -> int:
        return max(self.count - len(self.items), 0)


def _matches(user: User, condition: Q, key: str, label, hint) -> Action:
    matches = (
        matches_managed_by(user)
        .filter(condition)
        .select_related("refugee", "group")
        .only("code", "refugee__first_name", "refugee__last_name", "group__name")
        .order_by("created_at", "pk")
    )
    first = list(matches[:FIRST])
    count = len(first) if len(first) < FIRST else matches.count()
    items = [
        (f"{m.refugee} – {m.group.name}", reverse("matching:match", args=[m.code])) for m in first
    ]
    url = items[0][1] if count == 1 else reverse("admin:matching_match_changelist")
    return Action(key, label, hint, count, url, items)


def coordinator_actions(user: User) -> list[Action]:
    """The coordinator's work, in the order it moves a household forward; only kinds
    with something waiting."""
    open_proposals = (
        proposals_for_user(user)
        .filter(status=Proposal.Status.OPEN)
        .values("round")
        .annotate(n=Count("pk"))
        .order_by("-round__run_at")
    )
    rounds = list(open_proposals[:FIRST])
    proposals = Action(
        "proposals",
        _("Voorstellen om te beslissen"),
        _("Accepteer, wijs af of kies een andere groep."),
        sum(r["n"] for r in open_proposals) if rounds else 0,
        reverse("matching:round", args=[rounds[0]["round"]])
        if len(rounds) == 1
        else reverse("matching:board"),
    )
    proposed = Q(status=Match.Status.PROPOSED)
    waiting = signups_for_user(user).filter(status=SignUp.Status.NEW, municipality__isnull=False)
    fresh = list(waiting.only("code", "first_name", "last_name")[:FIRST])
    signups = Action(
        "signups",
        _("Nieuwe aanmeldingen"),
        _("Mensen die een welkomgroep willen starten: neem contact op."),
        len(fresh) if len(fresh) < FIRST else waiting.count(),
        reverse("groups:signups") + f"?stand={SignUp.Status.NEW}",
        [(f"{s.first_name} {s.last_name}", reverse("groups:signup", args=[s.code])) for s in fresh],
    )
    actions = [
        signups,
        proposals,
        _matches(
            user,
            proposed & Q(group_confirmed_at=None),
            "group_confirmation",
            _("Wachten op bevestiging van de groep"),
            _("De contactpersoon van de groep bevestigt op de eigen startpagina."),
        ),
        _matches(
            user,
            # Either side may say yes first: the consent is asked for from the proposal on.
            proposed & Q(household_consent_at=None),
            "household_consent",
            _("Instemming van het huishouden vastleggen"),
            _("Leg vast dat het huishouden instemt, op de pagina van de koppeling."),
        ),
        _matches(
            user,
            Q(status=Match.Status.ACCEPTED),
            "start",
            _("Startdatum geven"),
            _("De groep en het huishouden zijn akkoord: geef het jaar een startdatum."),
        ),
    ]
    signals = signal_counts(
        with_signals(trajectories_managed_by(user).filter(match__status=Match.Status.ACTIVE))
    )
    board = reverse("matching:followup")
    for key, label, hint in (
        ("overdue", _("Mijlpalen te laat"), _("Een evaluatie had al gedaan moeten zijn.")),
        (
            "low_check_in",
            _("Lage check-ins"),
            _("Het huishouden gaf bij de laatste mijlpaal een lage score: neem contact op."),
        ),
        ("quiet", _("Stille trajecten"), _("De groep legde al een tijd niets vast.")),
    ):
        actions.append(Action(key, label, hint, signals[key], f"{board}?signal={key}"))
    return [a for a in actions if a.count]
