"""The fault drill behind bench/faults.sh: real processes on loopback, then three faults.

1. Redis stopped: signing in and every page still answer (no 500), and an export asked
   for meanwhile is recorded, then made once Redis is back (the sweeper sends it again).
2. A worker killed with SIGKILL in the middle of an export: the task is delivered again
   and the job ends with one file, not two.
3. The database restarted under the running app: it recovers without a restart.

Prints what happened; exits non-zero when any of it went wrong.
"""

import re
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import requests
from drill import Processes, drill_env, fresh_database, say, sign_in

DATABASE = "samenhier_faults"
JOB = re.compile(r'id="job-([0-9a-f-]{36})"')

COORDINATOR_PAGES = [
    "/",
    "/koppelen/",
    "/opvolging/",
    "/impact/",
    "/impact/dashboard/",
    "/impact/rapporten/",
    "/uitnodigen/",
    "/meldingen/",
    "/admin/",
    "/admin/refugees/refugee/",
    "/admin/matching/match/",
]
STAFF_PAGES = ["/", "/impact/", "/impact/dashboard/", "/impact/rapporten/", "/meldingen/"]
MEMBER_PAGES = ["/", "/meldingen/"]


def crawl(base: str, sessions: dict) -> tuple[int, list[str]]:
    """Every page for every signed-in role; returns (requests, failures)."""
    count, failures = 0, []
    for who, (session, pages) in sessions.items():
        for page in pages:
            response = session.get(base + page, timeout=30)
            count += 1
            if response.status_code >= 500:
                failures.append(f"{who} {page}: {response.status_code}")
    return count, failures


def chunks_of(code: str) -> list[tuple[int, bytes]]:
    with (
        psycopg2.connect(host="127.0.0.1", user="postgres", dbname=DATABASE) as db,
        db.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT seq, data FROM impact_exportchunk WHERE job_id = %s ORDER BY seq", [code]
        )
        return [(seq, bytes(data)) for seq, data in cursor.fetchall()]


def job_status(code: str) -> tuple[str, str]:
    with (
        psycopg2.connect(host="127.0.0.1", user="postgres", dbname=DATABASE) as db,
        db.cursor() as cursor,
    ):
        cursor.execute("SELECT status, file_name FROM impact_exportjob WHERE code = %s", [code])
        return cursor.fetchone()


def ask_export(base: str, session: requests.Session, fmt: str) -> str:
    page = session.get(f"{base}/impact/rapporten/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/impact/rapporten/",
        timeout=60,
        data={
            "csrfmiddlewaretoken": token,
            "format": fmt,
        },
        headers={"Referer": f"{base}/impact/rapporten/"},
    )
    if response.status_code >= 400:
        raise RuntimeError(f"export request refused: {response.status_code}")
    return JOB.search(response.text).group(1)


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def main() -> int:
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="samenhier-faults-") as tmp:
        work = Path(tmp)
        run = Processes(
            port=8765, redis_port=6391, workdir=work, env=drill_env(DATABASE, 6391, work)
        )
        say("setting up: database, demo data, static files ...")
        fresh_database(DATABASE)
        run.manage("migrate", "--no-input", "-v", "0")
        run.manage("seed_demo", "--quiet-logins", "--on-a-production-configuration")
        run.manage("collectstatic", "--no-input", "-v", "0")
        run.start_redis()
        run.start_web(workers=2)
        run.start_worker()
        run.start_beat()
        base = run.base
        try:
            sessions = {
                "coordinator": (
                    sign_in(base, "coordinator@demo.samenhier.nl", second_factor=True),
                    COORDINATOR_PAGES,
                ),
                "staff": (
                    sign_in(base, "staff@demo.samenhier.nl", second_factor=True),
                    STAFF_PAGES,
                ),
                "group member": (
                    sign_in(base, "groepslid@demo.samenhier.nl", second_factor=False),
                    MEMBER_PAGES,
                ),
            }
            count, errors = crawl(base, sessions)
            say(f"all up: {count} requests, {len(errors)} responses 500")
            failures += errors

            # 1. Redis stopped.
            run.stop_redis()
            health = requests.get(base + "/healthz", timeout=10).json()
            fresh = sign_in(base, "beheer@demo.samenhier.nl", second_factor=True)
            count, errors = crawl(base, {**sessions, "administrator": (fresh, STAFF_PAGES)})
            code = ask_export(base, sessions["staff"][0], "csv")
            pending = job_status(code)[0]
            time.sleep(5)
            still = job_status(code)[0]
            say(
                f"Redis down: healthz {health}; a new sign-in worked; {count} requests, "
                f"{len(errors)} responses 500; export asked for: recorded as '{pending}', "
                f"after 5 s still '{still}'"
            )
            failures += errors
            run.start_redis()
            done = wait_for(lambda: job_status(code)[0] == "done", 120)
            lost = 0 if done else 1
            say(
                f"Redis back: export {'made' if done else 'NOT made'} by the sweeper; "
                f"exports lost: {lost}"
            )
            if lost:
                failures.append("an export asked for while Redis was down was lost")

            # 2. A worker killed with SIGKILL during an export.
            code = ask_export(base, sessions["staff"][0], "pdf")
            running = wait_for(lambda: job_status(code)[0] == "running", 30)
            run.kill("worker")  # SIGKILL to the worker and its pool processes
            state = job_status(code)[0]
            run.start_worker()
            done = wait_for(lambda: job_status(code)[0] == "done", 90)
            # The file lives in the database in chunks: one file means one run of chunks
            # numbered 0..n-1 that together make one complete PDF.
            chunks = chunks_of(code)
            pdf = b"".join(data for _seq, data in chunks)
            one_file = (
                bool(chunks)
                and [seq for seq, _ in chunks] == list(range(len(chunks)))
                and pdf.startswith(b"%PDF")
                and pdf.count(b"%%EOF") == 1
            )
            say(
                f"worker killed (SIGKILL) while the export was "
                f"{'running' if running else 'not yet seen running'} (status then: {state}); "
                f"delivered again: {'yes' if done else 'no'}; files for the job: "
                f"{1 if one_file else 'not exactly one'} (one PDF of {len(pdf):,} bytes "
                f"in {len(chunks)} chunk(s))"
            )
            if not done or not one_file:
                failures.append(f"export after SIGKILL: done={done}, one file={one_file}")
                log = (work / "logs" / "worker.log").read_text().splitlines()
                say("worker log (last lines):\n  " + "\n  ".join(log[-25:]))

            # 3. The database restarted under the running app.
            cluster = subprocess.run(
                ["bash", "-c", "ls /etc/postgresql"], capture_output=True, text=True, check=True
            ).stdout.strip()
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"],
                check=True,
                capture_output=True,
            )
            wait_for(
                lambda: (
                    subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode
                    == 0
                ),
                60,
            )
            count, errors = crawl(base, sessions)
            health = requests.get(base + "/healthz", timeout=10).json()
            say(
                f"database restarted: {count} requests after it, {len(errors)} errors, "
                f"healthz {health}; the app was not restarted"
            )
            failures += errors
        finally:
            run.stop_all()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", DATABASE],
            check=False,
        )
    say("\n" + ("faults survived: all" if not failures else "FAILED: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
