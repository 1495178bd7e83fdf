"""A task travels through Redis to a real Celery worker and writes to the database."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from samenhier import celery_app
from samenhier.models import Invitation
from samenhier.roles import Role
from samenhier.services import user_invite

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(settings):
    """A Celery worker process on the test database, listening on a queue of its own."""
    queue = f"samenhier-test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_SECRET_KEY": "worker-in-tests",
        "DJANGO_SETTINGS_MODULE": "samenhier.settings",
        # A worker runs like production (DEBUG off), which refuses console mail.
        "EMAIL_URL": "dummymail://",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "samenhier",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_default_queue = "celery"
        process.terminate()
        process.wait(timeout=20)


def test_it_sends_an_invitation_through_redis_to_the_worker(worker, coordinator):
    _user, invitation = user_invite(
        email="via.redis@example.org",
        first_name="Re",
        last_name="Dis",
        role=Role.COMMUNITY_BUILDER,
        by=coordinator,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        invitation = Invitation.objects.get(pk=invitation.pk)
        if invitation.sent_at:
            break
        time.sleep(0.25)
    worker.terminate()
    log = worker.communicate(timeout=20)[0]
    assert invitation.sent_at is not None, log
    assert invitation.token_hash
    assert "samenhier.tasks.invitation_send" in log
    assert "succeeded" in log
