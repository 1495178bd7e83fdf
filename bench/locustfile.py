"""Locust users for bench/load.sh: coordinators, group members and programme staff, each
signed in once (with the second factor where the role needs one), then opening their
pages with a short think time. Sign-ins are left out of the page figures printed at the
end: requests, errors, p50/p95/p99 of the pages."""

import itertools
import os
import random
import re
import statistics

from drill import CSRF, DEMO_PASSWORD, totp
from locust import HttpUser, between, events, task

PAGE_TIMES: list[float] = []
PAGE_ERRORS: list[str] = []
# Pages are measured once every user has signed in: signing in hashes a password (on
# purpose slow), and 50 people doing that at once is not what the pages are tested for.
SIGNED_IN = {"count": 0}
TARGET_USERS = int(os.environ.get("LOAD_USERS", "50"))
NEXT_ACCOUNT: dict = {}
USERS = int(os.environ.get("LOAD_ACCOUNTS", "20"))
PORTAL = re.compile(r"/mijn-groep/[0-9a-f-]{36}/")


@events.request.add_listener
def record(request_type, name, response_time, response_length, response, exception, **kw):
    if not name.startswith("page ") or SIGNED_IN["count"] < TARGET_USERS:
        return
    PAGE_TIMES.append(response_time)
    if exception is not None or (response is not None and response.status_code >= 400):
        PAGE_ERRORS.append(f"{name}: {exception or response.status_code}")


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
    for error in PAGE_ERRORS[:10]:
        print("  error:", error)
    environment.process_exit_code = (
        0 if not PAGE_ERRORS and pct(95) <= float(os.environ.get("LOAD_GOAL_P95_MS", "300")) else 1
    )


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
        "/opvolging/",
        "/opvolging/?signal=quiet",
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

    def on_start(self):
        super().on_start()
        home = self.client.get("/", name="sign-in")  # where their group's portal is
        found = PORTAL.search(home.url + home.text)
        if found:
            self.pages = ["/", found.group(0), "/meldingen/"]
