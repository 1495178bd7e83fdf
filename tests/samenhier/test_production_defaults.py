"""Production refuses what would leak: console mail, the demo's published password, and
query strings in the web server's access log."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "test-only-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "samenhier.example.org",
    "DJANGO_SETTINGS_MODULE": "samenhier.settings",
    "PATH": "/usr/bin:/bin",
}


def run_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**PRODUCTION, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_mail_to_the_console():
    result = run_check(EMAIL_URL="consolemail://")
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr
    assert run_check(EMAIL_URL="smtp://mail.example.org:25").returncode == 0


def test_the_demo_is_refused_on_a_production_configuration(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="on-a-production-configuration"):
        call_command("seed_demo", "--quiet-logins")


def test_gunicorn_logs_no_query_strings():
    namespace: dict = {}
    exec((ROOT / "samenhier/deploy/gunicorn.conf.py").read_text(), namespace)  # noqa: S102
    log_format = namespace["access_log_format"]
    assert "%(U)s" in log_format
    for leaky in ("%(q)s", "%(r)s", "%(f)s"):
        assert leaky not in log_format
    unit = (ROOT / "samenhier/deploy/systemd/samenhier-web.service").read_text()
    assert "-c samenhier/deploy/gunicorn.conf.py" in unit
