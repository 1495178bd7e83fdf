"""Browser: every demo role walks every page its navigation leads to, and axe-core checks
each one against WCAG 2.1 AA.

The demo programme is seeded for each walk (three walks, so that two test processes
share them). Each demo login signs in (the group member first accepts the
confidentiality statement, as on a first sign-in) and follows every link, at any depth;
each page is loaded once and axe checks it there. Pages of one kind (one URL name with
the same query parameters) show one template with other data, so one of each kind is
opened. App pages may have no critical and no serious violation; the admin
pages a coordinator uses no critical one. The error pages a person meets (not found,
not allowed) are checked too.

What each walk must reach, and must never reach, is written from the programme's rules
(who may see and do what), not read from the views: a page the navigation stops
offering, or a personal page offered to programme staff, fails the walk. So does a
link that leads to an error page.
"""

import collections
import re
from io import StringIO
from types import SimpleNamespace
from urllib.parse import SplitResult, parse_qsl, urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Page, expect

from samenhier.demo.words import DEMO_DOMAIN, DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from samenhier.roles import SECOND_FACTOR_ROLES, Role

from .conftest import axe_problems, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The demo logins, in three walks of about the same length (the two with the admin's
# pages alone).
WALKS = {
    "coordinator": ["coordinator@"],
    "administrator": ["beheer@"],
    "the-others": [
        "coordinator.utrecht@",
        "communitybuilder@",
        "staff@",
        "groepslid@",
        "nieuwkomer@",
        "nieuwkomer.arabisch@",
    ],
}
APP_PAGES = 200  # a walk that reaches this many pages has lost its way: the test fails
ADMIN_PAGES = 40
# Not pages to check: leaving, switching language, files, and what only posts.
SKIP = re.compile(
    r"/account/logout/|/i18n/|/download/|/downloaden/|/bestand/|\.(pdf|xlsx|csv|json)$"
    r"|/healthz|/static/"
)
RECORD = re.compile(r"/admin/\w+/\w+/[^/]+/change/$")
ADMIN_FOR = {"coordinator@" + DEMO_DOMAIN, "beheer@" + DEMO_DOMAIN}

# The pages each role's work needs: who may see and do what, by the programme's rules.
_ACCOUNT = {"home", "notifications", "mfa_index", "account_change_password"}
_FIGURES = {
    "impact:handprint",
    "impact:dashboard",
    "impact:indicator",
    "impact:method",
    "impact:exports",
    "impact:recruitment",
    "impact:completeness",
}
_YEAR = {
    "matching:followup",
    "matching:trajectory",
    "matching:activity_list",
    "matching:evaluate",
    "matching:goal_add",
    "matching:match",
}
REACHES = {
    Role.COORDINATOR: _ACCOUNT
    | _FIGURES
    | _YEAR
    | {
        "matching:board",
        "matching:complete_year",
        "matching:end_early",
        "groups:signups",
        "groups:signup",
        "invite",
    },
    Role.COMMUNITY_BUILDER: _ACCOUNT | _YEAR | {"matching:portal", "groups:member_invite"},
    Role.PROGRAMME_STAFF: _ACCOUNT | _FIGURES,
    Role.GROUP_MEMBER: _ACCOUNT
    | {
        "groups:confidentiality",
        "matching:portal",
        "matching:activity_list",
        "matching:activity_create",
        "matching:activity_edit",
    },
    Role.REFUGEE: {"home", "notifications", "matching:check_in", "refugees:my_data"},
    Role.ADMINISTRATOR: _ACCOUNT | _FIGURES | _YEAR | {"matching:board", "invite"},
}
# Pages that hold a household's record, which staff and households never reach.
_PERSONAL = {
    "matching:board",
    "matching:match",
    "matching:trajectory",
    "matching:followup",
    "matching:portal",
    "matching:activity_list",
}
NEVER = {
    Role.PROGRAMME_STAFF: _PERSONAL,
    Role.GROUP_MEMBER: {"matching:board", "matching:followup", "groups:signups", "invite"}
    | _FIGURES,
    Role.REFUGEE: _PERSONAL
    | _FIGURES
    | {"groups:signups", "groups:signup", "groups:member_invite", "invite"},
}
# A page each role is refused, to check the page that says so.
REFUSED = {
    Role.COMMUNITY_BUILDER: "/impact/rapporten/",
    Role.PROGRAMME_STAFF: "/koppelen/",
    Role.GROUP_MEMBER: "/impact/",
    Role.REFUGEE: "/traject/",
}


def _view_name(path: str) -> str:
    try:
        return resolve(path).view_name or path
    except Resolver404:
        return path


def _kind(parts: SplitResult) -> str:
    keys = sorted({key for key, _value in parse_qsl(parts.query)})
    return _view_name(parts.path) + ("?" + ",".join(keys) if keys else "")


def _links(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        if href.startswith(origin) and not SKIP.search(href):
            found.append(href)
    return found


class Walk:
    """One person's walk: every page reachable from the start page's links and theirs,
    breadth first, one of a kind, each checked by axe as it loads. In the
    admin it notes each list's first record (whose page holds the inlines)."""

    def __init__(self, page: Page, origin: str, *, admin: bool, limit: int, impacts):
        self.page, self.origin, self.admin, self.limit = page, origin, admin, limit
        self.impacts = impacts
        self.pages: list[str] = []
        self.kinds: set[str] = set()
        self.broken: list[str] = []
        self.problems: list[str] = []
        self.records: list[str] = []

    def __call__(self, start: str) -> "Walk":
        seen, frontier = set(), collections.deque([start])
        while frontier and len(self.pages) < self.limit:
            url = frontier.popleft()
            parts = urlsplit(url)
            if url in seen or parts.path.startswith("/admin/") != self.admin:
                continue
            seen.add(url)
            kind = _kind(parts)
            if kind in self.kinds:
                continue
            self.kinds.add(kind)
            response = self.page.goto(url)
            if response is None or response.status >= 400:
                self.broken.append(f"{parts.path} ({response and response.status})")
                continue
            self.pages.append(url)
            self.check()
            links = _links(self.page, self.origin)
            frontier.extend(links)
            if kind.endswith("_changelist"):  # only the admin's lists have this kind
                record = next((h for h in links if RECORD.search(urlsplit(h).path)), None)
                if record:
                    self.records.append(record)
        return self

    def check(self) -> None:
        self.problems += axe_problems(self.page, self.impacts)

    @property
    def views(self) -> set[str]:
        return {kind.split("?")[0] for kind in self.kinds}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO(), production_ok=True)


def _sign_in(page: Page, origin: str, role: str, email: str) -> None:
    page.context.clear_cookies()
    person = SimpleNamespace(
        email=email, totp_secret=DEMO_TOTP_SECRET if role in SECOND_FACTOR_ROLES else None
    )
    sign_in(page, f"{origin}/", person, password=DEMO_PASSWORD)


def test_the_walks_take_every_demo_login_once():
    walked = sorted(login for logins in WALKS.values() for login in logins)
    assert walked == sorted(email.split("@")[0] + "@" for _r, email, *_n in DEMO_LOGINS)


@pytest.mark.parametrize("logins", WALKS.values(), ids=WALKS.keys())
def test_every_page_of_every_role_passes_axe(
    page: Page, live_server, demo, record_property, logins
):
    origin = live_server.url
    problems, lines, total, admin_total = [], [], 0, 0
    for role, email, *_names in DEMO_LOGINS:
        if email.split("@")[0] + "@" not in logins:
            continue
        _sign_in(page, origin, role, email)
        walk = Walk(page, origin, admin=False, limit=APP_PAGES, impacts=("critical", "serious"))
        views = set()
        if "/geheimhouding/" in page.url:  # a first sign-in: the statement comes first
            walk.check()
            page.get_by_label("Ik heb de geheimhoudingsverklaring").check()
            page.get_by_role("button", name="Akkoord").click()
            expect(page).not_to_have_url(re.compile("/geheimhouding/"))
            views.add("groups:confidentiality")
        walk(f"{origin}/")
        assert len(walk.pages) < APP_PAGES, f"{email}: the walk did not end"
        views |= walk.views
        missing = REACHES[role] - views
        assert not missing, f"{email} never reached {sorted(missing)}"
        assert not views & NEVER.get(role, set()), (email, views & NEVER[role])
        assert not walk.broken, f"{email}: links to error pages: {walk.broken}"
        # The error pages this person may meet, in the site's layout.
        errors = [("/bestaat-niet/", 404)]
        if role in REFUSED:
            errors.append((REFUSED[role], 403))
        for path, status in errors:
            response = page.goto(origin + path)
            assert response.status == status, (email, path, response.status)
            walk.check()
        problems += [f"{email}: {p}" for p in walk.problems]
        total += len(walk.pages) + len(errors)
        lines.append(
            f"{email.split('@')[0]} {len(walk.pages)} pages of {len(walk.kinds)} kinds"
            f" + {len(errors)} error pages"
        )
        if email in ADMIN_FOR:
            admin = Walk(page, origin, admin=True, limit=ADMIN_PAGES, impacts=("critical",))
            admin(f"{origin}/admin/")
            for url in list(dict.fromkeys(admin.records)):
                if url not in admin.pages:
                    page.goto(url)
                    admin.check()
                    admin.pages.append(url)
            problems += [f"{email} (admin): {p}" for p in admin.problems]
            admin_total += len(admin.pages)
            # The walk reaches records with inlines, where fields lose their labels first.
            for record in ("/admin/refugees/refugee/", "/admin/groups/welcomegroup/"):
                assert any(
                    urlsplit(p).path.startswith(record) and p.endswith("/change/")
                    for p in admin.pages
                ), record
    critical = sum(1 for p in problems if "(critical)" in p)
    serious = sum(1 for p in problems if "(serious)" in p)
    record_property(
        "summary",
        f"axe: {total} pages, {critical} critical, {serious} serious "
        f"(and {admin_total} admin pages, critical only); " + "; ".join(lines),
    )
    assert not problems, "\n".join(problems)
