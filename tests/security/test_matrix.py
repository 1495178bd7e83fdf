"""The permission matrix: every URL of the site × every role × an own and another object.

Generated from the URL configuration: a new page without a line in SPEC fails the test,
so nothing ships unchecked. The roles a view allows come from the view itself
(`role_required`); SPEC says which of them may reach an object of the own city (the
other city's object is the mirror image). Expected: anonymous → login (302), a role the
view does not allow → 403, an allowed role outside its scope → 404, inside → the page.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from samenhier.roles import Role

from ..factories import UserFactory
from .world import make_city

MIRROR = {
    "own_member": "other_member",
    "coordinator": "other_coordinator",
    "refugee_self": "refugee_other",
    "administrator": "administrator",
}
ROLES = {
    "anonymous": None,
    "own_member": Role.GROUP_MEMBER,
    "other_member": Role.GROUP_MEMBER,
    "coordinator": Role.COORDINATOR,
    "other_coordinator": Role.COORDINATOR,
    "community_builder": Role.COMMUNITY_BUILDER,
    "staff": Role.PROGRAMME_STAFF,
    "refugee_self": Role.REFUGEE,
    "refugee_other": Role.REFUGEE,
    "administrator": Role.ADMINISTRATOR,
}
MANAGERS = {"coordinator", "community_builder", "administrator"}
FOLLOWERS = {"own_member"} | MANAGERS

# url name -> how to build its arguments from a city (None: a page without an object),
# which roles reach the own city's object, and what they get.
SPEC = {
    "invite": {"args": None},
    "notifications": {"args": None},
    "invitation_accept": {"public": 410, "args": lambda c: ["no-such-token"]},
    "set_language": {"public": 302, "args": None},
    "healthz": {"public": 200, "args": None},
    "groups:member_invite": {"args": lambda c: [c.group.pk], "own": MANAGERS},
    "groups:confidentiality": {"args": lambda c: [c.group.pk], "own": {"own_member"}},
    "refugees:account_invite": {
        "args": lambda c: [c.refugee.pk],
        "own": {"coordinator", "administrator"},
    },
    "matching:home": {"args": None, "ok": {"own_member": 302, "other_member": 302}},
    "matching:board": {"args": None},
    "matching:round": {"args": lambda c: [c.round.pk], "own": {"coordinator", "administrator"}},
    "matching:decide": {"args": lambda c: [c.proposal.pk, "accept"], "post_only": True},
    "matching:match": {"args": lambda c: [c.match.pk], "own": MANAGERS},
    "matching:match_act": {"args": lambda c: [c.match.pk, "consent"], "post_only": True},
    "matching:end_early": {"args": lambda c: [c.match.pk], "own": {"coordinator", "administrator"}},
    "matching:group_confirm": {"args": lambda c: [c.match.pk], "post_only": True},
    "matching:evaluate": {"args": lambda c: [c.trajectory.pk, "introduction"], "own": FOLLOWERS},
    "matching:goal_add": {"args": lambda c: [c.trajectory.pk], "own": FOLLOWERS},
    "matching:goal_edit": {"args": lambda c: [c.trajectory.pk, c.goal.pk], "own": FOLLOWERS},
    "matching:check_in": {
        "args": lambda c: [c.trajectory.pk, "introduction"],
        "own": {"refugee_self"},
    },
    "impact:portal": {"args": lambda c: [c.group.pk], "own": FOLLOWERS},
    "impact:activity_create": {"args": lambda c: [c.trajectory.pk], "own": {"own_member"}},
    "impact:activity_list": {"args": lambda c: [c.trajectory.pk], "own": FOLLOWERS},
    "impact:activity_edit": {"args": lambda c: [c.activity.code], "own": {"own_member"}},
    "impact:followup": {"args": None},
    "impact:trajectory": {"args": lambda c: [c.trajectory.pk], "own": MANAGERS},
    "impact:handprint": {"args": None},
    "impact:dashboard": {"args": None},
    "impact:exports": {"args": None},
    "impact:export_status": {"args": lambda c: [c.job.pk], "own": {"coordinator"}},
    "impact:export_download": {"args": lambda c: [c.job.pk], "own": {"coordinator"}},
}
# Whole families of URLs with their own, separately tested, access rules.
NOT_IN_MATRIX = {
    "admin": "Django admin: staff login through allauth, model permissions and the "
    "municipality scoping, tested in tests/samenhier/test_admin.py",
    "account": "allauth's sign-in, password and second-factor pages (public by design, "
    "tested in test_login.py and test_second_factor_and_sessions.py)",
}


def url_names() -> set[str]:
    """Every named URL of the site outside the families above."""
    names = set()

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                route = prefix + str(p.pattern)
                if route.startswith("admin/"):
                    continue
                if route.startswith("account/"):
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, route)
            elif isinstance(p, URLPattern) and p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "", "")
    return names


def test_every_url_is_in_the_matrix(db):
    assert url_names() - set(SPEC) == set(), "add these URLs to SPEC"
    assert set(SPEC) - url_names() == set(), "SPEC names URLs that no longer exist"


def expected(name: str, spec: dict, role: str, which: str) -> int:
    if "public" in spec:
        return spec["public"]
    if role == "anonymous":
        return 302
    view = resolve(reverse(name, args=spec["args"](WORLD["A"]) if spec["args"] else None)).func
    allowed = view.allowed_roles
    if ROLES[role] not in allowed and not (
        role == "administrator" and Role.ADMINISTRATOR in allowed
    ):
        return 403
    if spec.get("post_only"):
        return 405
    if spec["args"] is not None:
        own = spec["own"]
        scope = own if which == "own" else {MIRROR[r] for r in own if r in MIRROR}
        if role not in scope:
            return 404
    return spec.get("ok", {}).get(role, 200)


WORLD: dict = {}


@pytest.fixture
def world(db):
    a, b = make_city("Den Haag"), make_city("Utrecht")
    WORLD.update(A=a, B=b)
    users = {
        "anonymous": None,
        "own_member": a.members["member"],
        "other_member": b.members["member"],
        "coordinator": a.members["coordinator"],
        "other_coordinator": b.members["coordinator"],
        "community_builder": a.members["community_builder"],
        "staff": UserFactory(role=Role.PROGRAMME_STAFF),
        "refugee_self": a.members["refugee"],
        "refugee_other": b.members["refugee"],
        "administrator": UserFactory(role=Role.ADMINISTRATOR),
    }
    yield a, b, users
    WORLD.clear()


def test_the_permission_matrix(client, world, record_property):
    a, b, users = world
    cases, unexpected = 0, []
    for name, spec in sorted(SPEC.items()):
        targets = [("own", a), ("other", b)] if spec["args"] else [("page", a)]
        for role, user in users.items():
            for which, city in targets:
                url = reverse(name, args=spec["args"](city) if spec["args"] else None)
                client.logout()
                if user is not None:
                    client.force_login(user)
                status = client.get(url).status_code
                want = expected(name, spec, role, which)
                cases += 1
                if status != want:
                    unexpected.append(f"{name} [{which}] as {role}: {status}, expected {want}")
    record_property("summary", f"permission matrix: {cases} cases, {len(unexpected)} unexpected")
    assert unexpected == []
