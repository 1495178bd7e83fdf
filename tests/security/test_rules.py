"""The programme's rules (rules.py) against the site: every row, as every role, on every
object the row names.

Each request runs in a transaction that is rolled back afterwards, so every request sees
the same world, whatever the ones before it did. A refused POST must leave every row of
every table as it was: all tables are compared before and after it, except sessions,
the access log, the audit log and allauth's own tables (sign-in and second factor). A
GET changes no record either (its tables are compared when one of its statements
wrote). A POST the rules allow must not be refused and must not end in a server error,
and must make the change its row's effect says (read from the database before and after
it); when a group member does it, no status of a year changes. The cache is cleared
before each request, so that a rate limit does not count the requests before it (the
sign-in's has its own test, tests/samenhier/test_login.py).

The table is checked against the URL configuration: a named URL without a row fails
(in the admin: its home and every list), and so does a row whose URL no longer exists.
"""

import logging
import re
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from impact.models import ExportJob
from matching.models import Match

from .rules import (
    ADMIN_IN_TABLE,
    CARRIED_OUT,
    LOGIN,
    MEMBERS,
    NARROWED,
    NOT_IN_TABLE,
    ROLES,
    RULES,
)
from .world import STATES, rules_world  # noqa: F401 - the fixture

# Tables a request may write to without changing a record: sessions, the access log,
# the audit log, and allauth's tables (e-mail addresses, second factor, user sessions).
NOT_COMPARED = {
    "sessions.Session",
    "samenhier.AccessLog",
    "auditlog.LogEntry",
    "account.EmailAddress",
    "account.EmailConfirmation",
    "mfa.Authenticator",
    "usersessions.UserSession",
}


def url_names() -> tuple[set[str], set[str]]:
    """Every named URL of the site, and those of them the table must have a row for
    (all but the admin's pages other than its home and lists)."""
    names, needed = set(), set()

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                name = namespace + p.name
                names.add(name)
                elsewhere = prefix.startswith(tuple(NOT_IN_TABLE))
                if not elsewhere or ADMIN_IN_TABLE.match(name):
                    needed.add(name)

    walk(get_resolver().url_patterns, "", "")
    return names, needed


def test_every_url_has_a_row_and_every_row_a_url(db):
    named = {rule.url for rule in RULES}
    every, needed = url_names()
    assert needed - named == set(), "add rows for these URLs to rules/"
    assert named - every == set(), "rules/ names URLs that no longer exist"
    # Every row says why.
    assert all(rule.why for rule in RULES)
    # And every row is a different one.
    names = [f"{rule.name} {rule.targets}" for rule in RULES]
    assert len(names) == len(set(names))
    # Every POST that someone may carry out says what it changes.
    carried_out = [
        rule.name
        for rule in RULES
        if rule.method == "POST"
        and any(
            rule.expected(role, target) in (CARRIED_OUT, NARROWED)
            for role in ROLES
            for target in rule.targets
        )
        and rule.effect is None
    ]
    assert carried_out == [], "say what these POSTs change (effect)"


def tables() -> list[str]:
    return [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label not in NOT_COMPARED and model._meta.managed
    ]


def snapshot(names) -> dict:
    """Every row of every compared table (each table's first column is its key)."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in names:
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)


def tables_written(queries) -> set[str]:
    """The tables the captured statements write to."""
    return {m.group(1) for q in queries if (m := WRITE.match(q["sql"]))}


def year_statuses() -> list:
    """The status of every year (a match that started) and of its household and group."""
    return sorted(
        Match.objects.filter(status__in=Match.STARTED).values_list(
            "pk", "status", "refugee__status", "group__status"
        )
    )


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


class Runner:
    """Runs one request in a transaction that is rolled back, and records what it did."""

    def __init__(self, world):
        self.world = world
        self.clients = {}
        self.sessions = {}
        for role in ROLES:
            client = Client()
            if world.users[role] is not None:
                client.force_login(world.users[role])
                # One request first, so the session holds what the middleware keeps in
                # it (when signed in, second factor checked) before the world is fixed.
                client.get(reverse("healthz"))
                client.get(reverse("notifications"))
                self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            self.clients[role] = client
        self.tables = tables()
        self.compared = set(self.tables)
        # Taken once: each request is rolled back, so this is the world before each one.
        self.baseline = snapshot(self.tables)
        self.jobs = set(ExportJob.objects.values_list("pk", flat=True))
        self.login = resolve_url(settings.LOGIN_URL)

    def reset_cookies(self, role):
        client = self.clients[role]
        client.cookies.clear()
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]

    def run(
        self, role, method, url, data=None, state="", compare="written", watch=False, effect=None
    ):
        """Run one request. `compare`: compare every table afterwards "always", only
        when a statement "written" to one of them, or "never"; `watch`: note whether a
        status of a year changed, and which report files were asked for; `effect`: the
        (Effect, target) whose value is read before and after."""
        client = self.clients[role]
        result = {}
        # The cache is part of the world too: rate limits (a password reset's, a
        # sign-up's) would otherwise count the requests before this one.
        cache.clear()
        try:
            with transaction.atomic():
                if state:
                    STATES[state](self.world)
                before = snapshot(self.tables) if state else self.baseline
                years = year_statuses() if watch else None
                if effect:
                    change, target = effect
                    value = change.read(self.world, target, role)
                connection.queries_log.clear()  # it keeps 9000: each request its own
                with CaptureQueriesContext(connection) as queries:
                    send = client.get if method == "GET" else client.post
                    response = send(url, data or {})
                    result["status"] = response.status_code
                    result["location"] = response.get("Location", "")
                    result["body"] = body_of(response)
                wrote = tables_written(queries.captured_queries) & self.compared
                check = compare == "always" or (compare == "written" and wrote)
                result["changed"] = changed_tables(before, snapshot(self.tables)) if check else []
                result["years_changed"] = watch and years != year_statuses()
                if effect:
                    after = change.read(self.world, target, role)
                    result["effect"] = change.problem(value, after, self.world, target, role)
                result["new_jobs"] = (
                    list(
                        ExportJob.objects.exclude(pk__in=self.jobs).values_list(
                            "municipality_ids", flat=True
                        )
                    )
                    if watch
                    else []
                )
                transaction.set_rollback(True)
        except Exception as error:  # a server error: recorded, not raised
            result = {"status": f"{type(error).__name__}: {error}"[:300], "changed": []}
        finally:
            self.reset_cookies(role)
        return result


@contextmanager
def quiet_refusals():
    """403s and 404s are what the table expects: not worth a logged traceback each."""
    logger = logging.getLogger("django.request")
    was, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was


def own_municipalities(world, role) -> set:
    user = world.users[role]
    return set(user.municipalities.values_list("pk", flat=True)) if user else set()


def judge(runner, rule, role, target, want, result) -> list[str]:
    """What is wrong with this result, by the rules (empty: nothing)."""
    status = result["status"]
    problems = []
    refused = want not in (CARRIED_OUT, NARROWED)
    if not isinstance(status, int):
        return [f"server error ({status})"]
    if want == LOGIN:
        if not (status == 302 and result["location"].startswith(runner.login)):
            problems.append(f"{status} {result['location']}, expected 302 to the login page")
    elif want in (CARRIED_OUT, NARROWED):
        if (
            status >= 500
            or status in (403, 404, 405)
            or result["location"].startswith(runner.login)
        ):
            problems.append(f"{status}, expected it to be carried out")
        if want == NARROWED:
            own = own_municipalities(runner.world, role)
            for scope in result["new_jobs"]:
                if scope is None or not set(scope) <= own:
                    problems.append(f"report on municipalities {scope}, expected only {own}")
        if role in MEMBERS and rule.members_change_no_status and result["years_changed"]:
            problems.append("a group member's action changed a status of a year")
        if result.get("effect"):
            problems.append(result["effect"])
    elif status != want:
        problems.append(f"{status}, expected {want}")
    if (refused or rule.method == "GET") and result["changed"]:
        what = "a GET" if rule.method == "GET" else "a refused POST"
        problems.append(f"{what} changed {', '.join(result['changed'])}")
    if rule.location and want in (301, 302) and status == want:
        where = rule.location(runner.world, target, role)
        if result["location"] != where:
            problems.append(f"went to {result['location']}, expected {where}")
    if (text := rule.shows.get(role)) and status == 200 and text not in result["body"]:
        problems.append(f"does not show {text!r}")
    return problems


def url_of(world, rule, target) -> str:
    url = reverse(rule.url, args=rule.args(world, target) if rule.args else None)
    if rule.query:
        url += "?" + rule.query(world, target)
    return url


def test_the_rules(rules_world, record_property):  # noqa: F811
    with quiet_refusals():
        run_the_rules(rules_world, record_property)


def run_the_rules(world, record_property):
    runner = Runner(world)
    unexpected, targets, effects = [], set(), 0
    for rule in RULES:
        for target in rule.targets:
            targets.add(target)
            url = url_of(world, rule, target)
            for role in ROLES:
                want = rule.expected(role, target)
                data = rule.data(world, target, role) if rule.data else None
                if rule.state and rule.method == "GET" and role not in rule.roles:
                    continue  # refused whatever the state: the row without it says so
                carried_out = want in (CARRIED_OUT, NARROWED)
                if rule.method == "GET":
                    compare = "written"  # a GET never changes a record
                elif carried_out:
                    compare = "never"  # what changes is the effect's to say
                else:
                    compare = "always"  # a refused POST changes nothing
                effect = (rule.effect, target) if carried_out and rule.effect else None
                result = runner.run(
                    role, rule.method, url, data, rule.state, compare, carried_out, effect
                )
                effects += effect is not None
                for problem in judge(runner, rule, role, target, want, result):
                    unexpected.append(f"{rule.name} on {target} as {role}: {problem}")
    # A POST to a page without a POST row in the table changes nothing, for anyone who
    # reaches the page: an action the table does not name fails here.
    posted = {rule.url for rule in RULES if rule.method == "POST"}
    generic = {"confirm": "on", "accept": "yes", "decision": "decline", "note": "Reden"}
    for rule in RULES:
        if rule.method != "GET" or rule.url in posted or rule.state:
            continue
        for target in rule.targets:
            url = url_of(world, rule, target)
            for role in ROLES:
                # Whoever the row refuses (outside its roles, in whatever way) does not
                # reach the page; someone signed out reaches it where the row says so.
                named = role in rule.roles or (role == "anonymous" and rule.anonymous)
                if rule.public is None and (
                    not named or rule.expected(role, target) not in (200, 302)
                ):
                    continue  # does not reach the page (the rows above say so)
                result = runner.run(role, "POST", url, generic, compare="always")
                if not isinstance(result["status"], int):
                    unexpected.append(f"{rule.url} POST on {target} as {role}: {result['status']}")
                elif result["changed"]:
                    unexpected.append(
                        f"{rule.url} POST on {target} as {role}: an action the table does "
                        f"not name changed {', '.join(result['changed'])}"
                    )
    # The rollback worked: the world is as it was.
    assert snapshot(runner.tables) == runner.baseline
    record_property(
        "summary",
        f"rules: {len(RULES)} actions × {len(ROLES)} roles × {len(targets)} objects, "
        f"{len(unexpected)} unexpected",
    )
    record_property("summary", f"effects: {effects} allowed POSTs, each made the change it should")
    assert unexpected == [], "\n".join(unexpected)
