"""The periodic jobs in the embedded default (`make run`): no Redis, so no Celery beat.

When `manage.py runserver` serves the app without REDIS_URL (tasks run in-process), a
daemon thread in the serving process runs the jobs of `settings.CELERY_BEAT_SCHEDULE`
at their intervals, the first time shortly after start. With REDIS_URL, Celery beat
does it; gunicorn, tests and other commands never start the thread. Every job is
idempotent, so a restart that runs one again early does no harm.
SAMENHIER_EMBEDDED_JOBS=false switches it off.

A production configuration (DEBUG off) without REDIS_URL has neither: a system check
warns (samenhier.W001) and so does the WSGI process when it starts, pointing to Redis
with Celery beat or to `manage.py periodic_jobs` from cron.
"""

import datetime
import logging
import os
import sys
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

FIRST_RUN_AFTER = 10  # seconds: let the server come up first
_started = threading.Event()


def should_start(argv=None, environ=None) -> bool:
    """Whether this process is the embedded default's serving process: runserver
    (its autoreloader's child, or with --noreload) with tasks in-process."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not settings.SAMENHIER_EMBEDDED_JOBS or settings.REDIS_URL:
        return False
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    # The autoreloader's parent only watches the files; its child (RUN_MAIN) serves.
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def seconds(every) -> float:
    """A beat schedule's interval in seconds (a number, a timedelta or a celery schedule)."""
    if isinstance(every, datetime.timedelta):
        return every.total_seconds()
    if hasattr(every, "run_every"):
        return every.run_every.total_seconds()
    return float(every)


def run_job(name: str, task: str) -> bool:
    """Run one job in this thread; a failure is logged by name and kind, never with the
    data it was about. Connections are closed after, as after a request."""
    close_old_connections()
    try:
        import_string(task)()
    except Exception as error:  # one failing job must not stop the others
        logger.error("embedded job %s failed: %s", name, type(error).__name__)
        return False
    finally:
        close_old_connections()
    return True


def tick(schedule: dict, next_run: dict | None = None, now: float | None = None) -> list[str]:
    """Run the jobs that are due (all of them without `next_run`) and plan their next
    run; returns the names of the jobs that ran."""
    now = time.monotonic() if now is None else now
    ran = []
    for name, entry in schedule.items():
        if next_run is not None and next_run.get(name, 0) > now:
            continue
        run_job(name, entry["task"])
        ran.append(name)
        if next_run is not None:
            next_run[name] = now + seconds(entry["schedule"])
    return ran


def _loop(schedule: dict, stop: threading.Event) -> None:
    next_run = dict.fromkeys(schedule, time.monotonic() + FIRST_RUN_AFTER)
    while not stop.wait(max(1.0, min(next_run.values()) - time.monotonic())):
        tick(schedule, next_run)


def start(stop: threading.Event | None = None) -> threading.Thread | None:
    """Start the thread once per process, if this process should run the jobs."""
    if not should_start() or _started.is_set():
        return None
    _started.set()
    schedule = dict(settings.CELERY_BEAT_SCHEDULE)
    thread = threading.Thread(
        target=_loop, args=(schedule, stop or threading.Event()), name="samenhier-jobs", daemon=True
    )
    thread.start()
    logger.info(
        "embedded periodic jobs: %d jobs, first run in %d s", len(schedule), FIRST_RUN_AFTER
    )
    return thread


UNSCHEDULED = (
    "DEBUG is off and REDIS_URL is not set: tasks run inside the request and no periodic "
    "job runs (reminders, the export sweeper, retention). Set REDIS_URL and run Celery "
    "beat, or run `manage.py periodic_jobs` from cron every few minutes."
)


def unscheduled() -> bool:
    """A production configuration in which no periodic job would ever run."""
    return not settings.DEBUG and not settings.REDIS_URL


def check_scheduled(app_configs=None, **kwargs) -> list:
    from django.core.checks import Warning as CheckWarning

    if not unscheduled():
        return []
    return [CheckWarning(UNSCHEDULED, id="samenhier.W001")]
