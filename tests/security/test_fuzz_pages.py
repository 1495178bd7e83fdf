"""Every page's GET parameters fuzzed: bad input gets a page or a refusal, never a server
error and never a slow answer (a period of year 1, a 26-digit year, a 100 kB search).

The pages are every GET row of the rules table (tests/security/rules/), each opened by a
role that gets the page itself (someone signed out for a public page and for the sign-in
pages), and every list of the admin (`admin.site._registry`), opened by a coordinator
where a coordinator may, else by an administrator. Every page gets every nasty value in
every parameter it is fuzzed with, then a few examples of hypothesis. Runs on PostgreSQL
too, in the services run of CI.
"""

import string
import time

import pytest
from django.contrib import admin, messages
from django.contrib.admin.options import IS_FACETS_VAR, IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import ALL_VAR, ERROR_FLAG, ORDER_VAR, PAGE_VAR
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenhier.admin import MAX_SEARCH_LENGTH

from .rules import LOGIN, ROLES, RULES
from .world import rules_world  # noqa: F401 - the shared world fixture

# Every query parameter a page of the site reads (request.GET in the views, the filter
# and period forms), and allauth's.
PARAMETERS = [
    "van",
    "tot",
    "gemeente",
    "sdg",
    "pagina",
    "q",
    "signal",
    "order",
    "municipality",
    "next",
    "format",
    "stand",
    "elders",
]
LONG = "x" * 100_000
MANY_WORDS = "a " * 50_000  # 100 kB of words: one more condition each, in a search
NASTY = [
    "",
    "-1",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "9" * 26,
    "1e308",
    "NaN",
    LONG,
    MANY_WORDS,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%_%",
    "\x00",
    "../../etc/passwd",
    "https://elders.example/",
    "-last_activity",
    "quiet",
    "00000000-0000-0000-0000-000000000000",
]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(alphabet=string.printable, max_size=30))
SLOW_SECONDS = 2.0
EXAMPLES = 2  # of hypothesis, per page, after the nasty values


def site_pages(world):
    """(name, role, URL) for each GET row of the rules table outside the admin: signed
    out where someone signed out gets the page (a public page, signing in), and as the
    first role that gets it signed in."""
    for rule in RULES:
        if rule.method != "GET" or rule.state or rule.url.startswith("admin:"):
            continue
        target = "page" if rule.targets == ("page",) else "A"
        args = rule.args(world, target) if rule.args else None
        if rule.public is not None or rule.expected("anonymous", target) != LOGIN:
            yield rule.url, "anonymous", reverse(rule.url, args=args)
            if rule.public is not None:
                continue  # the same page for everyone
        for role in ROLES:
            if role != "anonymous" and rule.expected(role, target) == 200:
                yield rule.url, role, reverse(rule.url, args=args)
                break


def admin_lists():
    """The URL name of every list of the admin."""
    for model in admin.site._registry:
        yield f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"


def rotations(names: list[str]) -> list[dict]:
    """As many queries as there are nasty values, in which each parameter takes each
    value once (the values shifted by one for each next parameter, so that one query
    mixes them)."""
    return [
        {name: NASTY[(i + j) % len(NASTY)] for j, name in enumerate(names)}
        for i in range(len(NASTY))
    ]


def admin_groups(response) -> list[list[str]]:
    """The parameters of an admin list, in two groups fuzzed apart: a bad filter or page
    sends the list back to itself with ?e=1, which would keep the search from running.
    (_facets and all count by being there, and a bad _to_field is refused before
    anything else: they are in the examples.)"""
    lookups = [
        parameter
        for spec in response.context["cl"].filter_specs
        for parameter in spec.expected_parameters()
    ]
    return [["q", ORDER_VAR, IS_POPUP_VAR], [PAGE_VAR, ERROR_FLAG, *lookups]]


class Fuzz:
    def __init__(self, world):
        self.world = world
        self.clients: dict = {}
        self.problems: list[str] = []
        self.requests = 0
        self.slowest = 0.0

    def client(self, role) -> Client:
        if role not in self.clients:
            self.clients[role] = Client(raise_request_exception=False)
            if role != "anonymous":
                self.clients[role].force_login(self.world.users[role])
        return self.clients[role]

    def get(self, role, url, query, searched=False):
        started = time.perf_counter()
        response = self.client(role).get(url, query)
        took = time.perf_counter() - started
        self.requests += 1
        self.slowest = max(self.slowest, took)
        shown = {k: (v[:20] + "…" if len(v) > 20 else v) for k, v in query.items()}
        if response.status_code >= 500 or took > SLOW_SECONDS:
            self.problems.append(
                f"{url} as {role} {shown!r}: {response.status_code} in {took:.1f} s"
            )
        elif (
            searched and response.status_code == 200 and len(query.get("q", "")) > MAX_SEARCH_LENGTH
        ):
            # Too long a search finds nothing and says why.
            warned = [m for m in response.context["messages"] if m.level == messages.WARNING]
            if response.context["cl"].result_count != 0 or not any(
                str(MAX_SEARCH_LENGTH) in str(m) for m in warned
            ):
                self.problems.append(f"{url} as {role} {shown!r}: a too long search ran")
        return response

    def examples(self, role, url, names):
        """A few random queries of hypothesis over the same parameters."""

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            derandomize=True,
            database=None,
        )
        @given(query=st.dictionaries(st.sampled_from(names), VALUES, min_size=1))
        def check(query):
            self.get(role, url, query)

        check()


def test_no_get_parameter_of_any_page_ends_in_a_server_error(rules_world, record_property):  # noqa: F811
    fuzz = Fuzz(rules_world)
    pages = list(site_pages(rules_world))
    assert len(pages) >= 40
    assert any(role == "anonymous" for _, role, _ in pages)
    for _name, role, url in pages:
        for query in rotations(PARAMETERS):
            fuzz.get(role, url, query)
        fuzz.examples(role, url, PARAMETERS)
    lists = list(admin_lists())
    assert len(lists) >= 20
    for name in lists:
        url = reverse(name)
        role = "coordinator"
        plain = fuzz.get(role, url, {})
        if plain.status_code != 200:
            role = "administrator"
            plain = fuzz.get(role, url, {})
        assert plain.status_code == 200, f"{name} opens for nobody"
        searched = bool(plain.context["cl"].search_fields)
        groups = admin_groups(plain)
        for group in groups:
            for query in rotations(group):
                fuzz.get(role, url, query, searched=searched)
        # The search with the facets' counts and every row on one page.
        fuzz.get(role, url, {"q": LONG, IS_FACETS_VAR: "", ALL_VAR: ""}, searched=searched)
        fuzz.examples(role, url, [*groups[0], *groups[1], IS_FACETS_VAR, ALL_VAR, TO_FIELD_VAR])
    record_property(
        "summary",
        f"GET fuzz: {len(pages)} pages and {len(lists)} admin lists, {fuzz.requests} requests, "
        f"{len(fuzz.problems)} errors, slowest {fuzz.slowest * 1000:.0f} ms",
    )
    assert fuzz.problems == [], "\n".join(fuzz.problems)


@pytest.mark.parametrize(
    ("param", "value"),
    [("van", "0001-01-01"), ("van", "9999-12-31"), ("tot", "0001-01-01")],
)
def test_a_period_out_of_bounds_gets_a_clear_message(client, rules_world, param, value):  # noqa: F811
    client.force_login(rules_world.users["staff"])
    response = client.get(reverse("impact:handprint"), {param: value})
    assert response.status_code == 200
    assert "Kies een datum tussen" in response.content.decode()
