"""The bounded load test behind bench/load.sh: the national data set (or the demo, with
LOAD_SCALE=demo) on PostgreSQL, gunicorn with 2 workers, and 50 concurrent users for a
fixed time; prints requests, errors and p50/p95/p99 of the pages."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drill import ROOT, Processes, drill_env, fresh_database, say

DATABASE = "samenhier_load"


def main() -> int:
    scale = os.environ.get("LOAD_SCALE", "national")
    users = os.environ.get("LOAD_USERS", "50")
    seconds = os.environ.get("LOAD_SECONDS", "90")
    keep = os.environ.get("LOAD_KEEP_DB") == "1"
    with tempfile.TemporaryDirectory(prefix="samenhier-load-") as tmp:
        work = Path(tmp)
        run = Processes(
            port=8766, redis_port=6392, workdir=work, env=drill_env(DATABASE, 6392, work)
        )
        started = time.monotonic()
        if (
            not keep
            or subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-lqt"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.count(f" {DATABASE} ")
            == 0
        ):
            fresh_database(DATABASE)
        run.manage("migrate", "--no-input", "-v", "0")
        made = run.manage(
            "seed_demo",
            "--quiet-logins",
            "--on-a-production-configuration",
            *(["--scale", "national"] if scale == "national" else []),
        )
        say(made.strip().splitlines()[0] if made.strip() else "data: kept")
        if scale == "national":
            say(
                next(
                    (line for line in made.splitlines() if line.startswith("national")),
                    "national data set: kept",
                )
            )
        run.manage("demo_load_accounts", "--count", "20")
        run.manage("collectstatic", "--no-input", "-v", "0")
        say(
            f"ready in {time.monotonic() - started:.0f} s; load: {users} users for {seconds} s "
            f"against gunicorn with 2 workers"
        )
        run.start_redis()
        run.start_web(workers=2)
        run.start_worker()
        count_logs = "from matching.models import ActivityLog; print(ActivityLog.objects.count())"
        try:
            before = int(run.manage("shell", "--no-imports", "-c", count_logs).split()[-1])
            result = subprocess.run(
                [
                    str(ROOT / ".venv/bin/locust"),
                    "-f",
                    str(ROOT / "bench/locustfile.py"),
                    "--headless",
                    "--users",
                    users,
                    "--spawn-rate",
                    "10",
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    run.base,
                    "--only-summary",
                    "--stop-timeout",
                    "5",
                ],
                cwd=ROOT / "bench",
                env={**run.env, "PYTHONPATH": str(ROOT / "bench"), "LOAD_USERS": users},
                capture_output=True,
                text=True,
                check=False,
            )
            lines = (result.stdout + result.stderr).splitlines()
            summary = [
                line
                for line in lines
                if line.startswith(("pages:", "writes:", "created:", "  error:", "  page kind"))
                or "Type" in line
                and "Name" in line
            ]
            say("\n".join(summary) or "\n".join(lines[-30:]))
            # Nothing lost, nothing counted twice: every saved log is there, once, and the
            # figures' summaries equal the raw rows.
            created = next(
                (int(line.split()[1]) for line in lines if line.startswith("created:")), 0
            )
            after = int(run.manage("shell", "--no-imports", "-c", count_logs).split()[-1])
            say(f"logs: {before:,} before, {after:,} after, {created:,} saved by the load")
            verify = run.manage("summaries", "--verify").strip()
            say(verify)
            intact = after - before == created and verify.endswith(" 0 differences")
            return result.returncode or (0 if intact else 1)
        finally:
            run.stop_all()
            if not keep:
                subprocess.run(
                    [
                        "dropdb",
                        "-h",
                        "127.0.0.1",
                        "-U",
                        "postgres",
                        "--if-exists",
                        "--force",
                        DATABASE,
                    ],
                    check=False,
                )


if __name__ == "__main__":
    sys.exit(main())
