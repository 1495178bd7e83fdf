"""Browser: every demo role walks the pages its navigation leads to, and axe-core checks
each one against WCAG 2.1 AA.

The demo programme is seeded once; each role signs in, opens every page linked from
the navigation and from those pages (a few of each kind: the same template with other
data adds little), and axe runs on each. App pages may have no critical and no serious
violation; the admin pages a coordinator uses no critical one.
"""

import collections
import re
from io import StringIO
from types import SimpleNamespace
from urllib.parse import urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from samenhier.demo.words import DEMO_DOMAIN, DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from samenhier.roles import SECOND_FACTOR_ROLES

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PER_KIND = 2  # pages of the same URL name opened, at most
# Not pages to check: leaving, switching language, files, and what only posts.
SKIP = re.compile(
    r"/account/logout/|/i18n/|/download/|/downloaden/|\.(pdf|xlsx|csv|json)$|/healthz|/static/"
)
ADMIN_FOR = {"coordinator@" + DEMO_DOMAIN, "beheer@" + DEMO_DOMAIN}
ADMIN_PAGES = 40


def _kind(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or path


def _links(page: Page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        if href.startswith(origin) and not SKIP.search(href):
            found.append(href)
    return found


def _walk(page: Page, origin: str, start: str, *, admin: bool, limit: int) -> list[str]:
    """The pages reachable from the start page's links and theirs (two steps), a few
    per kind; the admin's only when `admin`."""
    seen, kinds, order = set(), collections.Counter(), []
    frontier = [start]
    for _depth in range(3):
        following = []
        for url in frontier:
            path = urlsplit(url).path
            if url in seen or path.startswith("/admin/") != admin:
                continue
            kind = _kind(path)
            if kinds[kind] >= PER_KIND or len(order) >= limit:
                continue
            seen.add(url)
            kinds[kind] += 1
            response = page.goto(url)
            if response is None or response.status >= 400:
                continue
            order.append(url)
            following += _links(page, origin)
        frontier = following
    return order


RECORD = re.compile(r"/admin/\w+/\w+/[^/]+/change/$")


def _records(page: Page, lists: list[str]) -> list[str]:
    """The first record of each admin list: its page holds the inlines, where fields
    lose their labels first."""
    found = []
    for url in lists:
        if not _kind(urlsplit(url).path).endswith("_changelist"):
            continue
        page.goto(url)
        hrefs = page.eval_on_selector_all("#result_list a[href]", "els => els.map(e => e.href)")
        record = next((h for h in hrefs if RECORD.search(urlsplit(h).path)), None)
        if record and record not in found:
            found.append(record)
    return found


def _violations(page: Page, axe: Axe) -> list[dict]:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return result.response["violations"]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--quiet-logins", stdout=StringIO(), production_ok=True)


def test_every_page_of_every_role_passes_axe(page: Page, live_server, demo, record_property):
    axe = Axe()
    origin = live_server.url
    problems, pages, admin_pages, admin_seen = [], 0, 0, []
    for role, email, *_names in DEMO_LOGINS:
        page.context.clear_cookies()
        person = SimpleNamespace(
            email=email,
            totp_secret=DEMO_TOTP_SECRET if role in SECOND_FACTOR_ROLES else None,
        )
        sign_in(page, f"{origin}/", person, password=DEMO_PASSWORD)
        for url in _walk(page, origin, f"{origin}/", admin=False, limit=60):
            page.goto(url)
            pages += 1
            for v in _violations(page, axe):
                if v["impact"] in ("critical", "serious"):
                    problems.append((role, urlsplit(url).path, v["id"], v["impact"], v["nodes"]))
        if email in ADMIN_FOR:
            lists = _walk(page, origin, f"{origin}/admin/", admin=True, limit=ADMIN_PAGES)
            for url in lists + _records(page, lists):
                page.goto(url)
                admin_pages += 1
                admin_seen.append(urlsplit(url).path)
                for v in _violations(page, axe):
                    if v["impact"] == "critical":
                        problems.append(
                            (role, urlsplit(url).path, v["id"], v["impact"], v["nodes"])
                        )
    critical = sum(1 for p in problems if p[3] == "critical")
    serious = sum(1 for p in problems if p[3] == "serious")
    record_property(
        "summary",
        f"axe: {pages} pages, {critical} critical, {serious} serious "
        f"(and {admin_pages} admin pages, critical only)",
    )
    report = "\n".join(
        f"{role} {path}: {rule} ({impact}) e.g. {nodes[0]['html'][:120]}"
        for role, path, rule, impact, nodes in problems
    )
    assert not problems, report
    # The walk reaches records with inlines, where fields lose their labels first.
    for record in ("/admin/refugees/refugee/", "/admin/groups/welcomegroup/"):
        assert any(p.startswith(record) and p.endswith("/change/") for p in admin_seen), record
