"""Every page's GET parameters fuzzed, as a role that reaches the page: bad input gets a
page or a refusal, never a server error and never a slow answer (a period of year 1, a
26-digit year, a 1 MB search). Runs on PostgreSQL too, in the services run of CI."""

import string
import time

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .rules import ROLES, RULES
from .world import rules_world  # noqa: F401 - the shared world fixture

# Every query parameter a page of the site reads, and the admin's own.
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
    "e",
    "o",
    "p",
    "date__year",
    "date__month",
]
NASTY = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "0001-01-01",
        "9999-12-31",
        "2026-02-30",
        "1900-01-01",
        "9" * 26,
        "1e308",
        "NaN",
        "x" * 100_000,
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\x00",
        "%00",
        "../../etc/passwd",
        "https://elders.example/",
        "-last_activity",
        "quiet",
        "00000000-0000-0000-0000-000000000000",
    ]
)
VALUES = st.one_of(NASTY, st.text(alphabet=string.printable, max_size=30))
QUERIES = st.dictionaries(
    st.sampled_from(PARAMETERS), st.one_of(VALUES, st.lists(VALUES, max_size=2))
)
SLOW_SECONDS = 2.0


def pages(world):
    """Each GET row, with a role that gets the page itself (not a refusal)."""
    for rule in RULES:
        if rule.method != "GET" or rule.state or rule.public is not None:
            continue
        target = "page" if rule.targets == ("page",) else "A"
        for role in ROLES:
            if role != "anonymous" and rule.expected(role, target) == 200:
                args = rule.args(world, target) if rule.args else None
                yield rule.url, role, reverse(rule.url, args=args)
                break
    for url in ("admin:refugees_refugee_changelist", "admin:matching_activitylog_changelist"):
        yield url, "coordinator", reverse(url)


def test_no_get_parameter_of_any_page_ends_in_a_server_error(rules_world, record_property):  # noqa: F811
    found = list(pages(rules_world))
    assert len(found) >= 25
    clients: dict = {}
    problems, slowest, requests = [], 0.0, 0

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(query=QUERIES)
    def check(query, url, client):
        nonlocal slowest, requests
        started = time.perf_counter()
        response = client.get(url, query)
        took = time.perf_counter() - started
        requests += 1
        slowest = max(slowest, took)
        if response.status_code >= 500 or took > SLOW_SECONDS:
            problems.append(f"{url} {query!r}: {response.status_code} in {took:.1f} s")

    for _name, role, url in found:
        if role not in clients:
            clients[role] = Client(raise_request_exception=False)
            clients[role].force_login(rules_world.users[role])
        check(url=url, client=clients[role])
    record_property(
        "summary",
        f"GET fuzz: {len(found)} pages, {requests} requests, {len(problems)} errors, "
        f"slowest {slowest * 1000:.0f} ms",
    )
    assert problems == []


@pytest.mark.parametrize(
    ("param", "value"),
    [("van", "0001-01-01"), ("van", "9999-12-31"), ("tot", "0001-01-01")],
)
def test_a_period_out_of_bounds_gets_a_clear_message(client, rules_world, param, value):  # noqa: F811
    client.force_login(rules_world.users["staff"])
    response = client.get(reverse("impact:handprint"), {param: value})
    assert response.status_code == 200
    assert "Kies een datum tussen" in response.content.decode()
