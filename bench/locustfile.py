"""Locust users for bench/load.sh: coordinators, group members and programme staff, each
signed in once (with the second factor where the role needs one), then opening their
pages with a short think time; group members also log activities and correct them
through the real forms (CSRF included), so that the figures are read while they change
and no cache is warm. Sign-ins are left out of the figures printed at the end: requests,
errors and p50/p95/p99 of the pages and of the writes, and p95 per kind of page."""

import itertools
import os
import random
import re
import statistics

import gevent
from drill import CSRF, DEMO_PASSWORD, totp
from locust import HttpUser, between, events, task

PAGE_TIMES: list[float] = []
PAGE_ERRORS: list[str] = []
WRITE_TIMES: list[float] = []
WRITE_ERRORS: list[str] = []
PER_KIND: dict = {}
CREATED = {"logs": 0}
# Pages are measured once every user has signed in: signing in hashes a password (on
# purpose slow), and 50 people doing that at once is not what the pages are tested for.
SIGNED_IN = {"count": 0}
TARGET_USERS = int(os.environ.get("LOAD_USERS", "50"))
NEXT_ACCOUNT: dict = {}
USERS = int(os.environ.get("LOAD_ACCOUNTS", "20"))
PORTAL = re.compile(r"/mijn-groep/[0-9a-f-]{36}/")
CODE = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}")
NEW_LOG = re.compile(r'href="(/traject/[0-9a-f-]{36}/activiteiten/nieuw/)"')
EDIT_LOG = re.compile(r'href="(/traject/activiteit/[0-9a-f-]{36}/)"')
CHECKBOX = re.compile(
    r'<input type="checkbox"[^>]*name="(life_domains|members_present)" value="([^"]+)"'
)


@events.request.add_listener
def record(request_type, name, response_time, response_length, response, exception, **kw):
    if SIGNED_IN["count"] < TARGET_USERS or not name.startswith(("page ", "write ")):
        return
    failed = exception is not None or (response is not None and response.status_code >= 400)
    if name.startswith("write "):
        WRITE_TIMES.append(response_time)
        if failed:
            WRITE_ERRORS.append(f"{name}: {exception or response.status_code}")
        return
    PAGE_TIMES.append(response_time)
    kind = CODE.sub("<code>", name.split("?")[0].removeprefix("page "))
    PER_KIND.setdefault(kind, []).append(response_time)
    if failed:
        PAGE_ERRORS.append(f"{name}: {exception or response.status_code}")


def _p(times: list[float], p: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(p / 100 * len(times)))] if times else 0.0


@events.test_stop.add_listener
def report(environment, **kwargs):
    times = sorted(PAGE_TIMES)
    if not times:
        print("no page requests")
        return

    def pct(p):
        return times[min(len(times) - 1, int(p / 100 * len(times)))]

    print(
        f"\npages: {len(times)} requests, {len(PAGE_ERRORS)} errors, "
        f"p50 {statistics.median(times):.0f} ms, p95 {pct(95):.0f} ms, p99 {pct(99):.0f} ms, "
        f"max {times[-1]:.0f} ms"
    )
    share = 100 * len(WRITE_TIMES) / (len(WRITE_TIMES) + len(times))
    print(
        f"writes: {len(WRITE_TIMES)} requests ({share:.0f}% of all), {len(WRITE_ERRORS)} errors, "
        f"p50 {statistics.median(WRITE_TIMES or [0]):.0f} ms, p95 {_p(WRITE_TIMES, 95):.0f} ms"
    )
    print(f"created: {CREATED['logs']} activity logs")
    for kind, values in sorted(PER_KIND.items()):
        print(f"  page kind {kind}: {len(values)} requests, p95 {_p(values, 95):.0f} ms")
    for error in (PAGE_ERRORS + WRITE_ERRORS)[:10]:
        print("  error:", error)
    page_goal = float(os.environ.get("LOAD_GOAL_P95_MS", "150"))
    write_goal = float(os.environ.get("LOAD_GOAL_WRITE_P95_MS", "300"))
    ok = (
        not PAGE_ERRORS
        and not WRITE_ERRORS
        and all(_p(values, 95) <= page_goal for values in PER_KIND.values())
        and _p(WRITE_TIMES, 95) <= write_goal
        and share >= 10
    )
    environment.process_exit_code = 0 if ok else 1


class SignedIn(HttpUser):
    abstract = True
    # People read a page before they open the next one.
    wait_time = between(2.0, 5.0)
    role = ""
    second_factor = True
    pages: list[str] = []

    def on_start(self):
        # One account per simulated person: a second factor code works once per account.
        number = next(NEXT_ACCOUNT.setdefault(self.role, itertools.count())) % USERS
        email = f"load.{self.role}{number}@demo.samenhier.nl"
        page = self.client.get("/account/login/", name="sign-in")
        self.client.post(
            "/account/login/",
            name="sign-in",
            data={
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                "login": email,
                "password": DEMO_PASSWORD,
            },
        )
        if self.second_factor:
            page = self.client.get("/account/2fa/authenticate/", name="sign-in")
            self.client.post(
                "/account/2fa/authenticate/",
                name="sign-in",
                data={
                    "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                    "code": totp(),
                },
            )
        SIGNED_IN["count"] += 1
        self.landed()
        # Signed in, a person reads the page they land on before they click further: the
        # same think time as between any two pages (without it every simulated person
        # fires their first page in the same second, a burst no programme sees).
        gevent.sleep(self.wait_time())

    def landed(self):
        """What a person opens right after signing in (a role may add to it)."""

    @task
    def browse(self):
        path = random.choice(self.pages)
        self.client.get(path, name=f"page {path}")


class Coordinator(SignedIn):
    weight = 2
    role = "coordinator"
    pages = [
        "/",
        "/koppelen/",
        "/traject/",
        "/traject/?signal=quiet",
        "/impact/",
        "/meldingen/",
    ]


class Staff(SignedIn):
    weight = 1
    role = "staff"
    pages = ["/", "/impact/", "/impact/dashboard/", "/impact/?sdg=8"]


class GroupMember(SignedIn):
    weight = 2
    role = "member"
    second_factor = False
    pages = ["/", "/meldingen/"]

    new_log = ""

    def landed(self):
        home = self.client.get("/", name="sign-in")  # where their group's portal is
        found = PORTAL.search(home.url + home.text)
        if found:
            self.pages = ["/", found.group(0), "/meldingen/"]
            portal = self.client.get(found.group(0), name="sign-in")
            link = NEW_LOG.search(portal.text)
            self.new_log = link.group(1) if link else ""

    def _submit(self, path: str, name: str, hours: str) -> None:
        form = self.client.get(path, name=f"page {name}")
        if form.status_code != 200 or "csrfmiddlewaretoken" not in form.text:
            return
        boxes = CHECKBOX.findall(form.text)
        domains = [v for field, v in boxes if field == "life_domains"]
        members = [v for field, v in boxes if field == "members_present"]
        if not domains or not members:
            return
        with self.client.post(
            path,
            name=f"write {name}",
            allow_redirects=False,
            catch_response=True,
            data={
                "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
                "date": form.text.split('name="date" value="', 1)[1][:10],
                "hours": hours,
                "life_domains": random.sample(domains, min(2, len(domains))),
                "members_present": random.sample(members, min(2, len(members))),
                "description": "Samen boodschappen gedaan",
                "intro_employer": str(random.randint(0, 1)),
            },
        ) as response:
            # Saved: a redirect to the group's page; anything else is the form again.
            if response.status_code != 302:
                response.failure(f"not saved ({response.status_code})")
            elif path.endswith("/nieuw/"):
                CREATED["logs"] += 1

    @task(2)
    def log_activity(self):
        if self.new_log:
            self._submit(self.new_log, "log an activity", random.choice(["1,5", "2", "3"]))

    @task(1)
    def correct_activity(self):
        if not self.new_log:
            return
        listing = self.client.get(
            self.new_log.replace("nieuw/", ""), name="page activities of the group"
        )
        edits = EDIT_LOG.findall(listing.text)
        if edits:
            self._submit(random.choice(edits), "correct an activity", "2,5")
