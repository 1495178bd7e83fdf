"""The settings switch between the embedded default, the services and production."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/samenhier",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-0123456789",
    "DJANGO_ALLOWED_HOSTS": "samenhier.example.org",
    "DJANGO_DEBUG": "false",
    "EMAIL_URL": "smtp+tls://mail.example.org:587",
}


def settings_in(env: dict, code: str) -> str:
    """Run `code` with samenhier.settings loaded under exactly `env` (plus PATH)."""
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "samenhier.settings", **env}
    script = "import django; django.setup(); from django.conf import settings as s; " + code
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_it_runs_embedded_without_any_configuration():
    out = settings_in(
        {},
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER,"
        " s.DEBUG, s.EMAIL_BACKEND, s.LANGUAGE_CODE, s.TIME_ZONE)",
    )
    assert out == (
        "django.db.backends.sqlite3 True True django.core.mail.backends.console.EmailBackend "
        "nl Europe/Amsterdam"
    )


def test_it_uses_postgresql_and_redis_when_told():
    out = settings_in(
        PRODUCTION,
        "print(s.DATABASES['default']['ENGINE'], "
        "s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)",
    )
    assert out == "django.db.backends.postgresql redis://127.0.0.1:6379/0 False False"


def test_it_keeps_sessions_and_rate_limits_out_of_redis():
    out = settings_in(PRODUCTION, "print(s.SESSION_ENGINE, s.CACHES['default']['BACKEND'])")
    assert out == (
        "django.contrib.sessions.backends.db django.core.cache.backends.db.DatabaseCache"
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    clean = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "samenhier.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_passes_the_deploy_check_under_production_variables():
    clean = {"PATH": os.environ["PATH"], **PRODUCTION}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
