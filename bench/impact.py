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
import io
import os
import random
import statistics
import sys
import time
import tracemalloc
import uuid
from decimal import Decimal
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


def bulk(table: str, columns: list[str], rows) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            buffer.seek(0)
            cursor.copy_from(buffer, table, columns=columns)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                # Django keeps UUIDs on SQLite as 32 hex characters.
                [tuple(v.hex if isinstance(v, uuid.UUID) else v for v in row) for row in rows],
            )


def uid() -> uuid.UUID:
    return uuid.uuid4()


def build(trajectories: int, logs: int, seed: int, today: datetime.date) -> dict:
    """A national programme: 50 municipalities, groups with several years each."""
    from groups.models import Membership, WelcomeGroup
    from impact.models import ActivityLog
    from matching.models import Match, SelfRelianceScore, Trajectory
    from refugees.models import Refugee
    from samenhier.models import LifeDomain, Municipality, PartnerOrganisation, User

    rng = random.Random(seed)
    domains = list(LifeDomain.objects.values_list("pk", flat=True))
    partner = PartnerOrganisation.objects.create(name=f"Bench partner {seed}")
    places = Municipality.objects.bulk_create(
        Municipality(name=f"Benchgemeente {seed}-{i}", partner=partner) for i in range(50)
    )
    n_groups = max(trajectories // 3, 1)
    users = [
        User(code=uid(), email=f"lid{seed}-{i}@bench.invalid", password="!")
        for i in range(n_groups * 4)
    ]
    User.objects.bulk_create(users, batch_size=5000)
    groups = [
        WelcomeGroup(
            code=uid(), name=f"Groep {i}", municipality=rng.choice(places), status="matched"
        )
        for i in range(n_groups)
    ]
    WelcomeGroup.objects.bulk_create(groups, batch_size=5000)
    memberships = [
        Membership(code=uid(), group=g, user=users[4 * i + k], is_contact=k == 0)
        for i, g in enumerate(groups)
        for k in range(4)
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    refugees, matches, trajectory_rows = [], [], []
    for i in range(trajectories):
        group = groups[i % n_groups]
        start = today - datetime.timedelta(days=rng.randint(1, 3 * 365))
        status = rng.choices(["active", "completed", "ended_early"], [4, 5, 1])[0]
        planned = start + datetime.timedelta(days=365)
        end = None
        if status == "completed":
            end = planned
        elif status == "ended_early":
            end = start + datetime.timedelta(days=rng.randint(30, 300))
        if end and end > today:
            status, end = "active", None
        refugee = Refugee(
            code=uid(), municipality=group.municipality, first_name="X", status="matched"
        )
        refugees.append(refugee)
        matches.append(
            Match(
                code=uid(),
                refugee=refugee,
                group=group,
                status=status,
                persons=rng.randint(1, 6),
                start_date=start,
                planned_end_date=planned,
                actual_end_date=end,
                end_reason="mismatch" if status == "ended_early" else "",
            )
        )
    Refugee.objects.bulk_create(refugees, batch_size=5000)
    Match.objects.bulk_create(matches, batch_size=5000)
    trajectory_rows = [Trajectory(code=uid(), match=m) for m in matches]
    Trajectory.objects.bulk_create(trajectory_rows, batch_size=5000)
    scores = []
    for t in trajectory_rows[: trajectories // 2]:
        for d in rng.sample(domains, 2):
            first = rng.randint(1, 3)
            scores += [
                SelfRelianceScore(
                    trajectory=t, life_domain_id=d, moment="introduction", score=first
                ),
                SelfRelianceScore(
                    trajectory=t,
                    life_domain_id=d,
                    moment="final",
                    score=min(5, first + rng.randint(0, 2)),
                ),
            ]
    SelfRelianceScore.objects.bulk_create(scores, batch_size=5000)

    members_of = {}
    for m in memberships:
        members_of.setdefault(m.group_id, []).append(m.code)
    spans = []
    for m, t in zip(matches, trajectory_rows, strict=True):
        last = m.actual_end_date or min(today, m.planned_end_date)
        spans.append((t.code, m.group_id, m.start_date, max((last - m.start_date).days, 1)))
    log_rows, present_rows, domain_rows, intro_rows = [], [], [], []
    now = "2026-01-01 00:00:00"
    first_id = (ActivityLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for pk in range(first_id, first_id + logs):
        trajectory, group, start, length = spans[pk % len(spans)]
        day = start + datetime.timedelta(days=rng.randrange(length))
        present = rng.sample(members_of[group], rng.randint(1, 3))
        log_rows.append(
            (
                pk,
                uid(),
                trajectory,
                day.isoformat(),
                str(Decimal(rng.choice(["1", "1.5", "2", "3"]))),
                "",
                None,
                now,
                now,
                len(present),
            )
        )
        for member in present:
            present_rows.append((pk, member))
        for d in rng.sample(domains, rng.randint(1, 2)):
            domain_rows.append((pk, d))
        if rng.random() < 0.05:
            intro_rows.append((pk, rng.choice(["employer", "school", "club", "neighbour"])))
    bulk(
        "impact_activitylog",
        [
            "id",
            "code",
            "trajectory_id",
            "date",
            "hours",
            "description",
            "logged_by_id",
            "created_at",
            "updated_at",
            "present_count",
        ],
        log_rows,
    )
    bulk("impact_activitylog_members_present", ["activitylog_id", "membership_id"], present_rows)
    bulk("impact_activitylog_life_domains", ["activitylog_id", "lifedomain_id"], domain_rows)
    bulk("impact_networkintroduction", ["activity_id", "kind"], intro_rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('impact_activitylog', 'id'), "
                "(SELECT MAX(id) FROM impact_activitylog))"
            )
    if connection.vendor == "postgresql":
        # Settle the freshly loaded tables (visibility map, statistics) so that the page
        # timings measure the app, not autovacuum catching up in the background.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "present": len(present_rows),
        "domains": len(domain_rows),
        "introductions": len(intro_rows),
    }


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
    import tempfile

    from impact.exports import make
    from impact.models import ExportJob
    from samenhier.models import User

    user = User.objects.filter(email__endswith="@bench.invalid").first()
    job = ExportJob.objects.create(
        requested_by=user, format="activities", period_start=period.start, period_end=period.end
    )
    with tempfile.TemporaryDirectory() as private, override_settings(PRIVATE_ROOT=private):
        tracemalloc.start()
        path = make(job)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        lines = sum(1 for _ in path.open(encoding="utf-8-sig")) - 1
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
            f"({sizes['present']:,} members present, {sizes['domains']:,} life-domain "
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
        f"queries in the page      {small['queries_page']:>10}   {big['queries_page']:>13}"
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
