"""Benchmark of the impact figures at national scale (seeded).

    python bench/impact.py [--trajectories 20000] [--logs 1000000] [--seed 1]

Builds a fresh test database (PostgreSQL when DATABASE_URL is set, else SQLite) with
20,000 trajectories and 1,000,000 activity logs, then prints side by side, in one run:

- every figure computed by the database and by the plain-Python reference of the tests:
  equal results, and the speed ratio (goal >= 10x);
- the Social Handprint page's server time (goal p95 <= 50 ms) and its query count (goal
  <= 5 in the page's own code, the same with 1 activity and with the full data set);
- the peak memory of the streamed 1,000,000-row activity CSV export (goal <= 20 MB above
  the same export of a single row).

Exits non-zero when results differ or a goal is missed.
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
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)

GOAL_RATIO = 10
GOAL_P95_MS = 50
GOAL_QUERIES = 5
GOAL_EXPORT_MB = 20


def build(trajectories: int, logs: int, seed: int, today: datetime.date) -> dict:
    """The national data set of `seed_demo --scale national`, at the size asked for."""
    from impact.national import seed_national

    return seed_national(
        households=trajectories,
        trajectories=trajectories,
        groups=max(trajectories // 3, 1),
        municipalities=50 if trajectories > 50 else 1,
        logs=logs,
        seed=seed,
        today=today,
        prefix=f"Bench {seed}",
    )


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
    from impact.report import data_changed

    data_changed()  # the first request computes; the others are what people get
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
        "--keepdb",
        action="store_true",
        help="Keep the bench database and reuse its data next time.",
    )
    args = parser.parse_args()

    setup_test_environment()
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenhier_cache",
        }
    }
    with override_settings(CACHES=caches):
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
    from impact.models import ActivityLog
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
        f"   (goal <= {GOAL_P95_MS})"
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

    failures = []
    if not equal:
        failures.append("database and reference differ")
    if ratio < GOAL_RATIO:
        failures.append(f"speed ratio {ratio:.1f} < {GOAL_RATIO}")
    if big["p95_ms"] > GOAL_P95_MS:
        failures.append(f"p95 {big['p95_ms']:.1f} ms > {GOAL_P95_MS}")
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
