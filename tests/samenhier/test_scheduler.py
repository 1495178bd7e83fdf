"""The periodic jobs of `make run`: started in runserver's serving process only, and one
tick runs every job of the beat schedule."""

import datetime
import logging

import pytest
from django.apps import apps

from samenhier import scheduler

RUNSERVER = ["manage.py", "runserver", "127.0.0.1:8000"]


@pytest.fixture
def embedded(settings):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SAMENHIER_EMBEDDED_JOBS = True
    return settings


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (RUNSERVER, {"RUN_MAIN": "true"}, True),  # the autoreloader's serving child
        (RUNSERVER, {}, False),  # the autoreloader's parent only watches files
        ([*RUNSERVER, "--noreload"], {}, True),
        (["manage.py", "migrate"], {"RUN_MAIN": "true"}, False),
        (["manage.py", "seed_demo"], {}, False),
        (["manage.py", "shell"], {}, False),
        (["/usr/bin/gunicorn", "samenhier.wsgi"], {}, False),
        (["pytest", "-n", "2"], {}, False),
        (["manage.py"], {}, False),
    ],
)
def test_it_starts_in_the_serving_process_of_runserver_only(embedded, argv, environ, expected):
    assert scheduler.should_start(argv, environ) is expected


def test_it_leaves_the_jobs_to_celery_beat_when_redis_is_set(embedded):
    embedded.REDIS_URL = "redis://127.0.0.1:6379/0"
    embedded.CELERY_TASK_ALWAYS_EAGER = False
    assert not scheduler.should_start(RUNSERVER, {"RUN_MAIN": "true"})


def test_it_can_be_switched_off(embedded):
    embedded.SAMENHIER_EMBEDDED_JOBS = False
    assert not scheduler.should_start([*RUNSERVER, "--noreload"], {})


def test_it_does_not_start_in_tests():
    assert scheduler.start() is None


def test_every_job_of_the_beat_schedule_is_a_task_it_can_call(settings):
    from django.utils.module_loading import import_string

    assert settings.CELERY_BEAT_SCHEDULE
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert callable(import_string(entry["task"]))
        assert scheduler.seconds(entry["schedule"]) > 0


def test_one_tick_runs_every_job_and_closes_connections(settings, monkeypatch):
    ran, closed = [], []
    monkeypatch.setattr(scheduler, "import_string", lambda path: lambda: ran.append(path))
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: closed.append(1))
    names = scheduler.tick(settings.CELERY_BEAT_SCHEDULE)
    assert names == list(settings.CELERY_BEAT_SCHEDULE)
    assert ran == [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert len(closed) >= len(ran)


def test_a_tick_runs_the_real_jobs(db, settings, monkeypatch, caplog):
    # Connections stay open: the test runs inside a transaction.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    with caplog.at_level(logging.ERROR, logger="samenhier.scheduler"):
        names = scheduler.tick(settings.CELERY_BEAT_SCHEDULE)
    assert names == list(settings.CELERY_BEAT_SCHEDULE)
    assert caplog.records == []


def test_a_failing_job_is_logged_without_its_data_and_the_others_run(monkeypatch, caplog):
    ran = []

    def task(path):
        def run():
            if path == "bad":
                raise ValueError("SENTINEL-PERSON-vbqhxzkwmtrlpnyd")
            ran.append(path)

        return run

    monkeypatch.setattr(scheduler, "import_string", task)
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    schedule = {
        "bad-job": {"task": "bad", "schedule": 60},
        "good-job": {"task": "good", "schedule": 60},
    }
    with caplog.at_level(logging.ERROR, logger="samenhier.scheduler"):
        scheduler.tick(schedule)
    assert ran == ["good"]
    assert "bad-job" in caplog.text
    assert "SENTINEL-PERSON" not in caplog.text


def test_a_job_runs_again_after_its_interval(monkeypatch):
    ran = []
    monkeypatch.setattr(scheduler, "import_string", lambda path: lambda: ran.append(path))
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    schedule = {
        "often": {"task": "often", "schedule": 60},
        "daily": {"task": "daily", "schedule": datetime.timedelta(days=1)},
    }
    next_run = dict.fromkeys(schedule, 10.0)
    assert scheduler.tick(schedule, next_run, now=5.0) == []  # not yet: first run at 10 s
    assert scheduler.tick(schedule, next_run, now=10.0) == ["often", "daily"]
    assert scheduler.tick(schedule, next_run, now=69.0) == []
    assert scheduler.tick(schedule, next_run, now=70.0) == ["often"]
    assert ran == ["often", "daily", "often"]


def test_a_production_configuration_without_redis_is_warned_about(settings):
    # DEBUG off and no REDIS_URL: nothing would ever run the periodic jobs.
    settings.DEBUG, settings.REDIS_URL = False, ""
    warnings = scheduler.check_scheduled()
    assert [w.id for w in warnings] == ["samenhier.W001"]
    assert "manage.py periodic_jobs" in warnings[0].msg
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert scheduler.check_scheduled() == []
    settings.DEBUG, settings.REDIS_URL = True, ""  # make run: the embedded thread runs them
    assert scheduler.check_scheduled() == []


def test_the_command_runs_every_job_once_for_cron(db, monkeypatch):
    from io import StringIO

    # Connections stay open: the test runs inside a transaction.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)

    from django.conf import settings as django_settings
    from django.core.management import call_command

    out = StringIO()
    call_command("periodic_jobs", stdout=out)
    total = len(django_settings.CELERY_BEAT_SCHEDULE)
    assert out.getvalue().strip() == f"periodic jobs: {total} of {total} ran"


def test_the_app_starts_the_jobs_when_it_is_ready(monkeypatch):
    """`make run` has no beat: the app's ready() is what starts the embedded jobs."""
    started = []
    monkeypatch.setattr(scheduler, "start", lambda *args, **kwargs: started.append(1))
    apps.get_app_config("samenhier").ready()
    assert started == [1]
