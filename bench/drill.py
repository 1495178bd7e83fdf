"""Shared pieces of the operations drills: a signed-in HTTP client and the real processes
(gunicorn with 2 workers, a Celery worker and beat, a Redis of the drill's own) on
loopback against PostgreSQL. Used by faults.py and the load test."""

import base64
import hashlib
import hmac
import os
import re
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DEMO_PASSWORD = "Welkom-samen-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(secret: str = DEMO_TOTP_SECRET, at: float | None = None) -> str:
    """RFC 6238 code, as an authenticator app shows it."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


def sign_in(base: str, email: str, *, second_factor: bool, timeout: float = 10) -> requests.Session:
    """A session signed in as `email` (with the demo's second factor where needed)."""
    session = requests.Session()
    page = session.get(f"{base}/account/login/", timeout=timeout)
    token = CSRF.search(page.text).group(1)
    response = session.post(
        f"{base}/account/login/",
        timeout=timeout,
        data={
            "csrfmiddlewaretoken": token,
            "login": email,
            "password": DEMO_PASSWORD,
        },
        headers={"Referer": f"{base}/account/login/"},
    )
    if second_factor:
        # A code can be used once: wait for a fresh one if this one was just used.
        for attempt in range(3):
            token = CSRF.search(response.text).group(1)
            response = session.post(
                f"{base}/account/2fa/authenticate/",
                timeout=timeout,
                data={
                    "csrfmiddlewaretoken": token,
                    "code": totp(),
                },
                headers={"Referer": f"{base}/account/2fa/authenticate/"},
            )
            if "/account/2fa/authenticate/" not in response.url:
                break
            time.sleep(31 if attempt == 0 else 5)
    if "/account/login/" in response.url or "/account/2fa/" in response.url:
        raise RuntimeError(f"could not sign in as {email}: {response.status_code} {response.url}")
    return session


class Processes:
    """gunicorn, a Celery worker and beat, and a Redis of our own, on loopback."""

    def __init__(self, *, port: int, redis_port: int, workdir: Path, env: dict):
        self.port, self.redis_port, self.workdir = port, redis_port, workdir
        self.env = {**os.environ, **env}
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def _start(self, name: str, command: list[str]) -> None:
        log = (self.logs / f"{name}.log").open("a")
        self.procs[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_redis(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            check=True,
            capture_output=True,
        )
        self._wait(lambda: self.redis_up())

    def stop_redis(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )
        self._wait(lambda: not self.redis_up())

    def redis_up(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "ping"],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip() == "PONG"

    def start_web(self, workers: int = 2) -> None:
        if self._answers("/healthz"):
            # A server left over from an earlier run would answer instead of this one.
            raise RuntimeError(f"port {self.port} already answers: stop what runs there first")
        self._start(
            "web",
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                str(ROOT / "samenhier/deploy/gunicorn.conf.py"),
                "samenhier.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
            ],
        )
        self._wait(lambda: self._answers("/healthz"), seconds=60)

    def start_worker(self) -> None:
        self._start(
            "worker",
            [
                PY,
                "-m",
                "celery",
                "-A",
                "samenhier",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "2",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def start_beat(self) -> None:
        self._start(
            "beat",
            [
                PY,
                "-m",
                "celery",
                "-A",
                "samenhier",
                "beat",
                "-l",
                "info",
                "--schedule",
                str(self.workdir / "beat-schedule"),
            ],
        )

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        process = self.procs.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)
        self.stop_redis()

    def _answers(self, path: str) -> bool:
        try:
            return requests.get(self.base + path, timeout=2).status_code < 500
        except requests.RequestException:
            return False

    @staticmethod
    def _wait(condition, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.2)
        raise TimeoutError("a process did not come up in time")


def drill_env(database: str, redis_port: int, workdir: Path) -> dict:
    """Production settings on loopback: PostgreSQL, our Redis, HTTP (no TLS here)."""
    return {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "DJANGO_SECRET_KEY": "drill-only-secret-key-not-used-anywhere-else-0123456789",
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        # Production refuses the console backend; a drill sends no mail at all.
        "EMAIL_URL": "dummymail://",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_FORMAT": "json",
        "SAMENHIER_SWEEP_SECONDS": "3",
        "SAMENHIER_TASK_VISIBILITY_TIMEOUT": "10",
        "PYTHONUNBUFFERED": "1",
    }


def fresh_database(name: str) -> None:
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def say(text: str) -> None:
    print(text, flush=True)
    sys.stdout.flush()
