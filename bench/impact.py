"""Benchmark of the impact figures at national scale (seeded).

    python bench/impact.py [--trajectories 20000] [--logs 1000000] [--seed 1]

Builds a fresh test database (PostgreSQL when DATABASE_URL is set, else SQLite) with
20,000 trajectories and 1,000,000 activity logs, then prints side by side, in one run:

- every figure computed by the database and by the plain-Python reference of the tests:
  equal results, and the speed ratio (goal >= 10x);
- the Social Handprint page's server time (goal p95 <= 50 ms) and its query count (goal
  <= 15 in the page's own code — the figures read small summaries, a query or two each —
  the same with 1 activity and with the full data set);
- the peak memory of the streamed 1,000,000-row activity CSV export (goal <= 20 MB above
  the same export of a single row);
- the first request after a write: 50 times, one activity logged through the service,
  then the handprint page and the dashboard (goal p95 <= 50 ms for each; no cache);
- the lists a coordinator opens (follow-up board, match board, home), p95 (goal <= 100 ms).

DEBUG is off whatever the environment says (with it on, every query is kept in memory),
and the pages are timed as production serves them: without the test environment's
template instrumentation (the test client then copies every template's context for the
test to read, a cost no visitor pays). After a first, cold request, the handprint page
is asked 100 times and each of a coordinator's lists RUNS times.

Exits non-zero when results differ or a goal is missed. The time goals are the national
run's; `--time-goal-scale` widens them for a short form on a shared machine (CI passes 2,
as its load test widens its own), and the run prints the goals it held.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenhier.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

GOAL_RATIO = 10
GOAL_P95_MS = 50
GOAL_QUERIES = 15
GOAL_EXPORT_MB = 20
GOAL_AFTER_WRITE_P95_MS = 50
GOAL_LIST_P95_MS = 100
WRITES = 50
RUNS = 60


def build(trajectories: int, logs: int, seed: int, today: datetime.date) -> dict:
    """The national data set of `seed_demo --scale national`, at the size asked for."""
    from matching.services.summaries_rebuild import rebuild
    from samenhier.demo.national import seed_national

    made = seed_national(
        households=trajectories,
        trajectories=trajectories,
        groups=max(trajectories // 3, 1),
        municipalities=50 if trajectories > 50 else 1,
        logs=logs,
        seed=seed,
        today=today,
        prefix=f"Bench {seed}",
    )
    rebuild()  # bulk inserts bypass the services that keep the figures' summaries
    return made


def timed(function, repeat: int = 1):
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return result, best


def page_figures(client: Client, runs: int = 100) -> dict:
    """Server time of the handprint page (after the first, cold request) and its queries."""
    _, cold = timed(lambda: client.get("/impact/"))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/impact/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as total:
        client.get("/impact/")
    # The page's own queries: those after the session and user are loaded by middleware.
    own = [
        q
        for q in total.captured_queries
        if "django_session" not in q["sql"] and 'FROM "samenhier_user" WHERE' not in q["sql"]
    ]
    times.sort()
    return {
        "cold_ms": cold * 1000,
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "queries_total": len(total),
        "queries_page": len(own),
    }


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def after_writes(client: Client, today: datetime.date, writes: int = WRITES) -> dict:
    """Write one activity through the service, then time the handprint and the dashboard:
    the first requests after each write (nothing is cached)."""
    import random

    from groups.models import Membership
    from matching.models import Match, Trajectory
    from matching.services.activities import activity_log_save
    from samenhier.models import LifeDomain

    rng = random.Random(7)
    running = list(
        Trajectory.objects.filter(
            match__status=Match.Status.ACTIVE,
            match__start_date__lt=today,
            match__planned_end_date__gt=today,
        )
        .select_related("match")
        .order_by("pk")[:500]
    )
    domains = list(LifeDomain.objects.all())
    times = {"handprint": [], "dashboard": []}
    for _ in range(writes):
        trajectory = rng.choice(running)
        match = trajectory.match
        members = list(Membership.objects.filter(group=match.group_id)[:2])
        last_day = min(today, match.planned_end_date - datetime.timedelta(days=1))
        activity_log_save(
            trajectory=trajectory,
            by=members[0].user,
            date=max(match.start_date, last_day - datetime.timedelta(days=2)),
            hours=2,
            life_domains=rng.sample(domains, 2),
            members_present=members,
            introductions={"employer": 1},
        )
        for name, url in (("handprint", "/impact/"), ("dashboard", "/impact/dashboard/")):
            started = time.perf_counter()
            response = client.get(url)
            times[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return {name: percentiles(values) for name, values in times.items()}


def coordinator_lists(runs: int = RUNS) -> dict:
    """p50/p95 of the pages a coordinator opens, for a coordinator of four municipalities
    (the largest), with filters the board offers."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group
    from django.db.models import Count
    from django.urls import reverse

    from samenhier.models import Municipality, User
    from samenhier.roles import Role

    User.objects.filter(email="coordinator@bench.invalid", is_staff=False).update(is_staff=True)
    coordinator = User.objects.filter(email="coordinator@bench.invalid").first()
    if coordinator is None:
        coordinator = User.objects.create_user(
            email="coordinator@bench.invalid", password="x" * 12, is_staff=True
        )
        coordinator.groups.add(Group.objects.get(name=Role.COORDINATOR))
        TOTP.activate(coordinator, generate_totp_secret())
        largest = Municipality.objects.annotate(n=Count("refugees")).order_by("-n")[:4]
        coordinator.municipalities.set(largest)
    client = Client()
    client.force_login(coordinator)
    board = reverse("matching:followup")
    pages = {
        "home": reverse("home"),
        "follow-up board": board,
        "follow-up, quiet": f"{board}?signal=quiet",
        "follow-up, sorted": f"{board}?order=-last_activity",
        "follow-up, page 3": f"{board}?pagina=3",
        "match board": reverse("matching:board"),
        "matches (admin)": reverse("admin:matching_match_changelist"),
        "households (admin)": reverse("admin:refugees_refugee_changelist"),
    }
    result = {}
    for name, url in pages.items():
        client.get(url)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        result[name] = percentiles(times)
    return result


def export_peak_mb(period) -> float:
    """Peak Python memory of the streamed activity-list export for the period."""
    from impact.exports import make, read_chunks
    from impact.models import ExportJob
    from samenhier.models import User

    user = User.objects.filter(email__endswith="@bench.invalid").first()
    job = ExportJob.objects.create(
        requested_by=user, format="activities", period_start=period.start, period_end=period.end
    )
    tracemalloc.start()
    make(job)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    lines = sum(chunk.count(b"\n") for chunk in read_chunks(job)) - 1
    return peak / 2**20, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trajectories", type=int, default=20_000)
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--time-goal-scale",
        type=float,
        default=1.0,
        help="Multiply the time goals (ms) by this; the other goals stay as they are.",
    )
    parser.add_argument(
        "--keepdb",
        action="store_true",
        help="Keep the bench database and reuse its data next time.",
    )
    args = parser.parse_args()

    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenhier_cache",
        }
    }
    # The test client's host name, which setup_test_environment() would allow (it is not
    # called: see the docstring).
    with override_settings(CACHES=caches, DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=args.keepdb
        )
        # As in production: keep the database connection between requests.
        connection.settings_dict["CONN_MAX_AGE"] = 60
        try:
            return run(args)
        finally:
            if not args.keepdb:
                connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> int:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from impact.aggregates import Period, figures
    from matching.models import ActivityLog
    from samenhier.models import User
    from samenhier.roles import Role
    from tests.impact.reference import reference_figures

    call_command("createcachetable", verbosity=0)
    today = datetime.date.today()
    staff = User.objects.filter(email="staff@bench.invalid").first()
    if staff is None:
        staff = User.objects.create_user(email="staff@bench.invalid", password="x" * 12)
        staff.groups.add(Group.objects.get(name=Role.PROGRAMME_STAFF))
        # Staff must have a second factor, or every page sends them to set one up.
        TOTP.activate(staff, generate_totp_secret())
    client = Client()
    client.force_login(staff)

    print(f"database: {connection.vendor}")
    reuse = args.keepdb and ActivityLog.objects.count() >= args.logs
    if reuse:
        print(f"reusing the kept bench database ({ActivityLog.objects.count():,} logs)")
        small = {
            "cold_ms": float("nan"),
            "p50_ms": float("nan"),
            "p95_ms": float("nan"),
            "queries_total": 0,
            "queries_page": None,
        }
        small_peak = 0.0
    else:
        # The page at (almost) no data: one trajectory, one activity.
        build(1, 1, args.seed, today)
        small = page_figures(client, runs=5)
        small_peak, _ = export_peak_mb(Period(today - datetime.timedelta(days=4 * 365), today))
        started = time.perf_counter()
        sizes = build(args.trajectories, args.logs, args.seed + 1, today)
        built = time.perf_counter() - started
        print(
            f"built {args.trajectories:,} trajectories and {args.logs:,} activity logs "
            f"({sizes['presences']:,} members present, {sizes['domain_links']:,} life-domain "
            f"links, {sizes['introductions']:,} introductions) in {built:.0f} s"
        )

    scale = args.time_goal_scale
    goal_p95, goal_list, goal_write = (
        GOAL_P95_MS * scale,
        GOAL_LIST_P95_MS * scale,
        GOAL_AFTER_WRITE_P95_MS * scale,
    )
    if scale != 1:
        print(f"time goals x{scale:g} (a short form on a shared machine)")
    period = Period(today - datetime.timedelta(days=4 * 365), today + datetime.timedelta(days=1))
    db, db_seconds = timed(lambda: figures(period), repeat=3)
    ref, ref_seconds = timed(lambda: reference_figures(period.start, period.end, period.today))
    equal = db == ref
    ratio = ref_seconds / db_seconds
    print("\nfigure                    database        reference")
    for key in db:
        shown_db = db[key] if not isinstance(db[key], dict) else f"{len(db[key])} values"
        shown_ref = ref[key] if not isinstance(ref[key], dict) else f"{len(ref[key])} values"
        mark = "" if db[key] == ref[key] else "   <-- differs"
        print(f"{key:<24} {shown_db!s:>12} {shown_ref!s:>16}{mark}")
    print(f"\nall figures equal: {equal}")
    print(
        f"time: database {db_seconds:.2f} s, reference {ref_seconds:.2f} s, "
        f"ratio {ratio:.1f}x (goal >= {GOAL_RATIO}x)"
    )

    big = page_figures(client)
    print("\nhandprint page           1 activity   full data set")
    print(f"first request (cold) ms  {small['cold_ms']:>10.1f}   {big['cold_ms']:>13.1f}")
    print(f"p50 ms                   {small['p50_ms']:>10.1f}   {big['p50_ms']:>13.1f}")
    print(
        f"p95 ms                   {small['p95_ms']:>10.1f}   {big['p95_ms']:>13.1f}"
        f"   (goal <= {goal_p95:g})"
    )
    print(
        f"queries in the page      {small['queries_page']!s:>10}   {big['queries_page']:>13}"
        f"   (goal <= {GOAL_QUERIES}, equal at both sizes)"
    )
    print(f"queries incl. session    {small['queries_total']:>10}   {big['queries_total']:>13}")

    peak, lines = export_peak_mb(period)
    extra = peak - small_peak
    print(
        f"\nactivity CSV export: {lines:,} rows, peak Python memory {peak:.1f} MB, "
        f"{extra:.1f} MB above the 1-row export (goal <= {GOAL_EXPORT_MB} MB)"
    )

    lists = coordinator_lists()
    print("\ncoordinator's lists (4 municipalities)   p50 ms    p95 ms")
    for name, (p50, p95) in lists.items():
        print(f"{name:<38} {p50:>7.1f}   {p95:>7.1f}   (goal <= {goal_list:g})")

    written = after_writes(client, today)
    print(f"\nfirst request after a write ({WRITES} writes)   p50 ms    p95 ms")
    for name, (p50, p95) in written.items():
        print(f"{name:<38} {p50:>7.1f}   {p95:>7.1f}   (goal <= {goal_write:g})")
    db_after = figures(period)
    ref_after = reference_figures(period.start, period.end, period.today)
    print(f"figures after the writes equal the reference: {db_after == ref_after}")

    failures = []
    if db_after != ref_after:
        failures.append("figures differ from the reference after the writes")
    for name, (_p50, p95) in lists.items():
        if p95 > goal_list:
            failures.append(f"{name} p95 {p95:.1f} ms > {goal_list:g}")
    for name, (_p50, p95) in written.items():
        if p95 > goal_write:
            failures.append(f"{name} after a write p95 {p95:.1f} ms > {goal_write:g}")
    if not equal:
        failures.append("database and reference differ")
    if ratio < GOAL_RATIO:
        failures.append(f"speed ratio {ratio:.1f} < {GOAL_RATIO}")
    if big["p95_ms"] > goal_p95:
        failures.append(f"handprint p95 {big['p95_ms']:.1f} ms > {goal_p95:g}")
    if big["queries_page"] > GOAL_QUERIES or small["queries_page"] not in (
        None,
        big["queries_page"],
    ):
        failures.append("query count above goal or growing with data")
    if extra > GOAL_EXPORT_MB:
        failures.append(f"export memory {extra:.1f} MB > {GOAL_EXPORT_MB}")
    print("\n" + ("all goals met" if not failures else "MISSED: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
