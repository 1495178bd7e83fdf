"""The roles, the Rule row and how rows name their objects (see __init__.py)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils import timezone

# -- the roles, one person each (tests/security/world.py) --------------------------------

ROLES = (
    "anonymous",
    "own_member",  # member of city A's group, its contact person
    "own_member_not_contact",  # another member of city A's group
    "other_member",  # member (the contact) of city B's group
    "coordinator",  # of city A
    "other_coordinator",  # of city B
    "community_builder",  # assigned to city A's group
    "staff",  # programme staff
    "refugee_self",  # city A's household (the one whose year runs)
    "refugee_other",  # city B's household
    "administrator",
    "outsider",  # signed in, without any role
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
MEMBERS = frozenset({"own_member", "own_member_not_contact", "other_member"})
HOUSEHOLDS = frozenset({"refugee_self", "refugee_other"})
# Coordinators of a municipality and administrators (who may do everything).
COORDINATORS = frozenset({"coordinator", "other_coordinator", "administrator"})
# Who follows a group's year: its coordinators and its community builder.
FOLLOW_UP = COORDINATORS | {"community_builder"}
# Who sees the aggregated figures: programme staff, coordinators, administrators.
REPORTS = COORDINATORS | {"staff"}

# Whose objects each role acts on, by default.
HOME = {
    "own_member": frozenset({"A"}),
    "own_member_not_contact": frozenset({"A"}),
    "other_member": frozenset({"B"}),
    "coordinator": frozenset({"A"}),
    "other_coordinator": frozenset({"B"}),
    "community_builder": frozenset({"A"}),
    "refugee_self": frozenset({"A"}),
    "refugee_other": frozenset({"B"}),
    "administrator": frozenset({"A", "B"}),
}
NOTHING: frozenset = frozenset()

# Who works in the Django admin: coordinators and administrators. Anyone else signed in
# is sent to the admin's own sign-in page.
NOT_IN_ADMIN = SIGNED_IN - COORDINATORS

# Outcomes that are not a bare status code.
LOGIN = "to the login page"  # 302 to the login page; a POST changes nothing
CARRIED_OUT = "carried out"  # a POST that is not refused and ends in no server error
# Carried out, but only for the poster's own municipalities (the one asked for is not).
NARROWED = "narrowed to the own municipalities"


@dataclass(frozen=True)
class Effect:
    """What a POST the rules allow changes in the database: `read` takes the value from
    the database (world, target, role) before and after the POST, `holds` says whether
    the change is the one expected (before, after, world, target, role)."""

    what: str
    read: Callable
    holds: Callable

    def problem(self, before, after, world, target, role) -> str | None:
        if self.holds(before, after, world, target, role):
            return None
        return f"expected {self.what}, but {before!r} became {after!r}"


def becomes(what, read, value) -> Effect:
    """Afterwards the value read is `value` (or value(world, target, role))."""

    def holds(before, after, w, t, role):
        return after == (value(w, t, role) if callable(value) else value)

    return Effect(what, read, holds)


def grows(what, read, by: int = 1) -> Effect:
    """Afterwards the number read is `by` more."""
    return Effect(what, read, lambda before, after, w, t, role: after == before + by)


def changes(what, read) -> Effect:
    """Afterwards the value read is another."""
    return Effect(what, read, lambda before, after, w, t, role: after != before)


@dataclass(frozen=True)
class Rule:
    url: str
    method: str
    why: str
    roles: frozenset = NOTHING
    args: Callable | None = None  # (world, target) -> the URL's arguments
    targets: tuple = ("A", "B")
    reach: Mapping = field(default_factory=dict)  # role -> targets, where not HOME
    ok: object = 200  # int, CARRIED_OUT, or {role: outcome}
    outside: object = 404
    refused: int | None = None
    public: int | None = None
    post_only: bool = False
    action: str = ""
    data: Callable | None = None  # (world, target, role) -> the POST's fields
    query: Callable | None = None  # (world, target) -> a query string
    state: str = ""  # a state of the world (world.STATES) the row runs in
    location: Callable | None = None  # (world, target, role) -> where a redirect goes
    shows: Mapping = field(default_factory=dict)  # role -> a text the page shows
    members_change_no_status: bool = True
    # What someone signed out gets, where it is not the login page (a public action that
    # a signed-in person's account remembers, such as the language switch).
    anonymous: object = None
    # What the roles outside `roles` get, where it is not 403 (a choice that is refused
    # quietly, with the page as it was; the admin's sign-in page): one outcome for all,
    # or one per role (403 for a role it does not name).
    others: object = None
    # For a POST: what it changes when it is carried out (every allowed POST says so).
    effect: Effect | None = None

    @property
    def name(self) -> str:
        parts = [self.url, self.method]
        if self.action:
            parts.append(self.action)
        if self.state:
            parts.append(f"[{self.state}]")
        return " ".join(parts)

    def reaches(self, role: str, target: str) -> bool:
        if target == "page":
            return True
        return target in self.reach.get(role, HOME.get(role, NOTHING))

    def expected(self, role: str, target: str):
        """What `role` gets from this row on `target`, by the rules above."""
        if self.public is not None:
            return self.public
        if role == "anonymous":
            return LOGIN if self.anonymous is None else self.anonymous
        if role not in self.roles:
            if isinstance(self.others, Mapping):
                return self.others.get(role, 403)
            return 403 if self.others is None else self.others
        if self.post_only and self.method == "GET":
            return 405
        if not self.reaches(role, target):
            return self.outside
        if self.refused is not None:
            return self.refused
        if isinstance(self.ok, Mapping):
            return self.ok.get(role, 200 if self.method == "GET" else CARRIED_OUT)
        return self.ok


def get(url, why, **kw) -> Rule:
    return Rule(url=url, method="GET", why=why, **kw)


def post(url, action, why, **kw) -> Rule:
    kw.setdefault("ok", CARRIED_OUT)
    return Rule(url=url, method="POST", action=action, why=why, **kw)


# -- how the rows name their objects ------------------------------------------------------


def _group(w, t):
    return [w.city(t).group.pk]


def _household(w, t):
    return [w.city(t).waiting.pk]  # a waiting household, without an account yet


def _match(w, t):
    return [w.city(t).match.pk]  # the match whose year runs


def _proposed(w, t):
    return [w.city(t).proposed.pk]


def _year(w, t):
    return [w.city(t).trajectory.pk]


def _job(w, t):
    return [w.staff_job.pk if t == "staff" else w.city(t).job.pk]


def _proposal(action):
    def args(w, t):
        return [w.city(t[0]).proposal.pk, action]

    return args


def _match_act(attribute, action):
    def args(w, t):
        return [getattr(w.city(t), attribute).pk, action]

    return args


def _life_domain(key):
    from samenhier.models import LifeDomain

    return LifeDomain.objects.get(key=key).pk


def _nl():
    from samenhier.models import Language

    return Language.objects.get(code="nl").pk


def _present(w, t, role):
    """The poster's own membership of the year's group, else its contact's."""
    group = w.city(t).group
    user = w.users.get(role)
    mine = group.memberships.filter(user=user).first() if user else None
    return [(mine or group.memberships.get(is_contact=True)).pk]


def _today():
    return timezone.localdate().isoformat()


def _person(w, t, role):
    return {
        "email": f"nieuw-{role}-{t}@example.org".lower(),
        "first_name": "Nieuw",
        "last_name": "Persoon",
    }


def _activity(w, t, role):
    return {
        "date": _today(),
        "hours": "2",
        "life_domains": [_life_domain("language")],
        "members_present": _present(w, t, role),
        "description": "Samen naar de bibliotheek",
        "intro_club": "1",
    }


def _goal(w, t, role):
    return {"life_domain": _life_domain("language"), "description": "Taalcursus", "status": "open"}


def _note(w, t, role):
    return {"note": "Reden"}


GROUP_OF = {"own_member": "A", "own_member_not_contact": "A", "other_member": "B"}


def _portal_of(w, t, role):
    from django.urls import reverse

    return reverse("matching:portal", args=[w.city(GROUP_OF[role]).group.pk])


def _moved(name, args=None):
    def location(w, t, role):
        from django.urls import reverse

        return reverse(name, args=args(w, t) if args else None)

    return location


# Reports: a file is only ever for the person who asked for it.
JOB_OWNERS = {
    "coordinator": frozenset({"A"}),
    "other_coordinator": frozenset({"B"}),
    "staff": frozenset({"staff"}),
    "administrator": NOTHING,
}
# The figures of any municipality for staff and administrators; a coordinator's own.
FIGURES_OF = {"staff": frozenset({"A", "B"})}

OWN_YEAR_ENDED = {"own_member": NOTHING, "own_member_not_contact": NOTHING}


# -- what the allowed POSTs change, read from the database --------------------------------


def _user(w, role):
    user = w.users[role]
    return type(user).objects.get(pk=user.pk)


def _status(attribute):
    """The status of one of the city's matches ("match", "proposed", "accepted")."""

    def read(w, t, role):
        from matching.models import Match

        return Match.objects.get(pk=getattr(w.city(t), attribute).pk).status

    return read


def _year_statuses(w, t):
    """The statuses of the city's running year: the match, its household and its group."""
    from matching.models import Match

    match = Match.objects.select_related("refugee", "group").get(pk=w.city(t).match.pk)
    return (match.status, match.refugee.status, match.group.status)


def _proposal_status(w, t, role):
    from matching.models import Proposal

    return Proposal.objects.get(pk=w.city(t[0]).proposal.pk).status


def _invitations_for(role_of_invitation):
    """How many invitations for the address the POST names (_person) there are."""

    def read(w, t, role):
        from samenhier.models import Invitation

        email = _person(w, t, role)["email"]
        return Invitation.objects.filter(user__email=email, role=role_of_invitation).count()

    return read


def _evaluation(kind):
    """The moment's notes, whether it is done, and the statuses of the year."""

    def read(w, t, role):
        milestone = w.city(t).trajectory.milestones.get(kind=kind)
        return (milestone.notes, milestone.completed_on is not None, _year_statuses(w, t))

    return read


def evaluated(kind, notes) -> "Effect":
    return Effect(
        f"the {kind} evaluation kept and done, no status of the year changed",
        _evaluation(kind),
        lambda before, after, w, t, role: after == (notes, True, before[2]),
    )
