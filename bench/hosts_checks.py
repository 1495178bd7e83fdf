"""The pieces of bench/hosts.sh that are easier in Python.

`forward ADDRESS PORT...`: a TCP forwarder on the host side of the links, from
ADDRESS:PORT to 127.0.0.1:PORT (PostgreSQL and Redis listen on loopback only and keep
their configuration); one log line per connection with the host it came from.

`checks STATE`: the checks, against the hosts hosts.sh started (web A, web B, the worker),
each in a network namespace of its own; one line per check, then the verdict. Exits 1
when a check failed.
"""

import asyncio
import contextlib
import ctypes
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg2
import requests
from drill import sign_in

CODE = Path(__file__).resolve().parents[1]  # the checkout, mounted read-only on each host

NET = os.environ.get("HOSTS_NET", "10.231.0")
DATABASE = os.environ.get("HOSTS_DB", "samenhier_hosts")
HOSTS = {"web A": ("web-a", 11), "web B": ("web-b", 12), "worker": ("worker", 13)}
NAMESPACE = {name: f"sh-{short}" for name, (short, _n) in HOSTS.items()}
ADDRESS = {name: f"{NET}.{n}" for name, (_s, n) in HOSTS.items()}
BY_ADDRESS = {address: name for name, address in ADDRESS.items()}
WEB = {name: f"http://{ADDRESS[name]}:8000" for name in ("web A", "web B")}
STAFF = "staff@demo.samenhier.nl"
JOB = re.compile(r'id="job-([0-9a-f-]{36})"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the forwarder -----------------------------------------------------------------------


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()


def _handler(port: int):
    async def handle(reader, writer):
        peer = writer.get_extra_info("peername")[0]
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            print(f"refused {peer} {port}", flush=True)
            writer.close()
            return
        print(f"connection {peer} {port}", flush=True)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    return handle


async def _forward(address: str, ports: list[int]) -> None:
    servers = [await asyncio.start_server(_handler(p), address, p) for p in ports]
    print(f"listening {address} {' '.join(map(str, ports))}", flush=True)
    await asyncio.gather(*(server.serve_forever() for server in servers))


# --- the checks --------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, flush=True)


def pids(host: str) -> list[int]:
    out = subprocess.run(
        ["ip", "netns", "pids", NAMESPACE[host]], capture_output=True, text=True, check=False
    ).stdout
    return [int(p) for p in out.split()]


def commands(host: str) -> list[str]:
    names = []
    for pid in pids(host):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        names.append(" ".join(a.decode() for a in argv[:4] if a))
    return names


def database():
    return psycopg2.connect(host="127.0.0.1", user="postgres", dbname=DATABASE)


def query(sql: str, args=()) -> list[tuple]:
    with database() as db, db.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def wait_for(condition, seconds: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def answers(base: str) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def with_cookie(session_id: str) -> requests.Session:
    """A client that carries nothing but the session cookie (a cookie set by web A is
    host-only: a load balancer in front would send it to either host; here we copy it)."""
    client = requests.Session()
    client.cookies.set("sessionid", session_id)  # no domain: sent to every host
    return client


class Watch:
    """What is made in each host's temp dir while something happens (inotify; the
    events wait in the kernel until read)."""

    CREATE, NONBLOCK = 0x100, 0o4000

    def __init__(self, dirs: dict[str, Path]):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(self.NONBLOCK)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self.hosts = {
            self.libc.inotify_add_watch(self.fd, str(d).encode(), self.CREATE): h
            for h, d in dirs.items()
        }

    def made(self) -> dict[str, list[str]]:
        names: dict[str, list[str]] = {h: [] for h in self.hosts.values()}
        data = b""
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            data += chunk
        os.close(self.fd)
        at = 0
        while at + 16 <= len(data):
            wd, _mask, _cookie, size = struct.unpack_from("iIII", data, at)
            name = data[at + 16 : at + 16 + size].rstrip(b"\0").decode()
            names[self.hosts[wd]].append(name)
            at += 16 + size
        return names


class Checks:
    def __init__(self, state: Path):
        self.state = state
        self.logs = state / "logs"
        self.failed: list[str] = []
        self.made: dict[str, list[str]] | None = None

    def held(self, name: str, ok: bool, line: str) -> bool:
        say(f"{name}: {line}" + ("" if ok else "  <- FAILED"))
        if not ok:
            self.failed.append(name)
        return ok

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # 1. the links
    def links(self) -> None:
        seen = Counter()
        for line in self.log("forwarder").splitlines():
            parts = line.split()
            if parts[:1] == ["connection"] and parts[1] in BY_ADDRESS:
                seen[BY_ADDRESS[parts[1]], int(parts[2])] += 1
        # Inside a namespace 127.0.0.1 is that host's own loopback: no PostgreSQL there.
        direct = subprocess.run(
            ["ip", "netns", "exec", NAMESPACE["worker"], "pg_isready", "-q", "-h", "127.0.0.1"],
            check=False,
        ).returncode
        figures = ", ".join(f"{host} {seen[host, 5432]}/{seen[host, 6379]}" for host in HOSTS)
        every = all(seen[host, 5432] for host in HOSTS) and all(
            seen["worker", 6379] and seen[host, 6379] for host in ("web A", "web B")
        )
        self.held(
            "links",
            every and direct != 0,
            f"PostgreSQL/Redis connections over the veth links: {figures}; "
            f"127.0.0.1:5432 inside the worker host: {'refused' if direct else 'OPEN'}",
        )

    # 2. a session made on web A is valid on web B
    def session(self) -> str | None:
        try:
            on_a = sign_in(WEB["web A"], STAFF, second_factor=True)
        except Exception as error:
            self.held("session", False, f"signing in on web A failed: {error}")
            return None
        session_id = on_a.cookies.get("sessionid")
        before = self.log("web-b").count('"GET /impact/ ')
        page = with_cookie(session_id).get(
            WEB["web B"] + "/impact/", allow_redirects=False, timeout=30
        )
        anonymous = requests.get(WEB["web B"] + "/impact/", allow_redirects=False, timeout=30)
        served = wait_for(lambda: self.log("web-b").count('"GET /impact/ ') >= before + 2, 5)
        rows = query("SELECT COUNT(*) FROM django_session WHERE session_key = %s", [session_id])
        self.held(
            "session",
            page.status_code == 200 and anonymous.status_code == 302 and served and rows[0][0] == 1,
            f"signed in on web A ({STAFF}, password and TOTP), the same cookie opens "
            f"/impact/ on web B ({page.status_code}; without it {anonymous.status_code} "
            f"to the sign-in); the session is {rows[0][0]} row in django_session, "
            f"web B's access log has the request: {'yes' if served else 'NO'}",
        )
        return session_id if page.status_code == 200 else None

    # 3. an export asked on A, made on the worker host, downloaded from B
    def export(self, session_id: str) -> str | None:
        on_a = with_cookie(session_id)
        page = on_a.get(WEB["web A"] + "/impact/rapporten/", timeout=30)
        token = CSRF.search(page.text).group(1)
        watch = Watch({h: self.state / short for h, (short, _n) in HOSTS.items()})
        response = on_a.post(
            WEB["web A"] + "/impact/rapporten/",
            data={"csrfmiddlewaretoken": token, "format": "xlsx"},
            headers={"Referer": WEB["web A"] + "/impact/rapporten/"},
            timeout=60,
        )
        found = JOB.search(response.text)
        if response.status_code != 200 or not found:
            self.held("export", False, f"asking on web A: {response.status_code}, no job row")
            return None
        code = found.group(1)
        done = wait_for(
            lambda: (
                query("SELECT status FROM impact_exportjob WHERE code = %s", [code])[0][0]
                in ("done", "failed")
            ),
            90,
        )
        status, size, name = query(
            "SELECT status, size, file_name FROM impact_exportjob WHERE code = %s", [code]
        )[0]
        self.made = watch.made()
        worker_log = self.log("worker")
        received = len(re.findall(r"impact\.tasks\.export_run\[[0-9a-f-]+\] received", worker_log))
        succeeded = len(
            re.findall(r"impact\.tasks\.export_run\[[0-9a-f-]+\] succeeded", worker_log)
        )
        node = re.search(r"celery@([\w.-]+)", worker_log)
        on_web = sum(self.log(w).count("export_run") for w in ("web-a", "web-b"))
        web_runs_worker = [c for w in ("web A", "web B") for c in commands(w) if "celery" in c]
        on_b = with_cookie(session_id)
        row = on_b.get(f"{WEB['web B']}/impact/rapporten/{code}/", timeout=30)
        download = on_b.get(f"{WEB['web B']}/impact/rapporten/{code}/bestand/", timeout=60)
        stored = b"".join(
            bytes(data)
            for (data,) in query(
                "SELECT data FROM impact_exportchunk WHERE job_id = %s ORDER BY seq", [code]
            )
        )
        same = download.status_code == 200 and download.content == stored and len(stored) == size
        self.held(
            "export",
            done
            and status == "done"
            and received == 1
            and succeeded == 1
            and on_web == 0
            and not web_runs_worker
            and row.status_code == 200
            and same
            and download.content[:2] == b"PK",
            f"asked on web A (xlsx, job {code[:8]}), made on the worker host "
            f"(celery@{node.group(1) if node else '?'}: export_run received {received}, "
            f"succeeded {succeeded}; web A and B run no worker and logged no export_run), "
            f"downloaded from web B: {len(download.content):,} bytes "
            f"({download.status_code}, {name}), "
            f"{'same bytes as' if same else 'NOT the same as'} the database's chunks",
        )
        return code

    # 4. web A stopped mid-load, web B keeps answering
    def failover(self, session_id: str) -> None:
        stop = threading.Event()
        killed_at: list[float] = []
        results = {"web A": [], "web B": []}

        def load(host: str) -> None:
            client = with_cookie(session_id)
            paths = ["/healthz", "/impact/", "/", "/impact/rapporten/"]
            n = 0
            while not stop.is_set():
                path = paths[n % len(paths)]
                n += 1
                try:
                    status = client.get(
                        WEB[host] + path, allow_redirects=False, timeout=10
                    ).status_code
                except requests.RequestException as error:
                    status = type(error).__name__
                results[host].append((time.monotonic(), status))
                if host == "web A" and killed_at and status != 200:
                    time.sleep(0.05)  # a client hammering a dead host: keep it polite

        threads = [threading.Thread(target=load, args=(h,)) for h in ("web A", "web B")]
        for thread in threads:
            thread.start()
        wait_for(lambda: len(results["web A"]) >= 40, 20, every=0.02)
        before = len(results["web A"])
        pids_a = pids("web A")
        for pid in pids_a:  # the whole host goes: every process in its namespace, SIGKILL
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        killed_at.append(time.monotonic())
        gone = wait_for(lambda: not pids("web A"), 10)
        time.sleep(4)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        b_all = results["web B"]
        b_after = [s for t, s in b_all if t > killed_at[0]]
        b_errors = [s for _t, s in b_all if s != 200]
        a_after = [s for t, s in results["web A"] if t > killed_at[0] + 0.5]
        a_refused = sum(1 for s in a_after if s != 200)
        self.held(
            "failover",
            gone
            and not b_errors
            and len(b_after) >= 20
            and a_after
            and a_refused == len(a_after)
            and answers(WEB["web B"]),
            f"web A killed (SIGKILL, its {len(pids_a)} processes) after {before} requests; "
            f"web B answered {len(b_all)} requests during and after ({len(b_after)} after), "
            f"{len(b_errors)} errors; web A afterwards: {a_refused} of {len(a_after)} "
            f"refused",
        )

    # 5. nothing is read from another host's disk
    def disk(self, code: str | None) -> None:
        """The export's file was written in the worker's own /tmp (impact/exports.py makes
        it there, then stores it in the database) and web B, which cannot see that /tmp,
        handed it out: from the database. Files left in each host's temp dir, and what
        web B's processes see as /tmp."""
        made = self.made or {}
        on_worker = [n for n in made.get("worker", []) if n.startswith("samenhier-export-")]
        on_web = made.get("web A", []) + made.get("web B", [])
        files = {}
        for host, (short, _n) in HOSTS.items():
            root = self.state / short
            files[host] = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        every = [f for fs in files.values() for f in fs]
        shared = [f for f, n in Counter(every).items() if n > 1]
        export_left = [f for f in every if (code and code in f) or "samenhier-export" in f]
        b_pid = pids("web B")[0]
        seen = subprocess.run(
            [
                "nsenter",
                "-t",
                str(b_pid),
                "-m",
                "--",
                "sh",
                "-c",
                f"ls -A /tmp | wc -l; ls -d {self.state}/worker {self.state}/web-a "
                f"2>/dev/null | wc -l; test -w {CODE} && echo writable || echo read-only",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        seen += ["?"] * (3 - len(seen))
        own = len(list((self.state / "web-b").iterdir()))
        chunks, stored = query(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0) FROM impact_exportchunk"
        )[0]
        self.held(
            "disk",
            len(on_worker) == 1
            and not on_web
            and not shared
            and not export_left
            and seen == [str(own), "0", "read-only"]
            and chunks >= 1,
            f"the export was written in the worker's own /tmp "
            f"({on_worker[0] if on_worker else 'NOT SEEN'}, "
            f"removed after; web A and B made {len(on_web)} files meanwhile); web B sees its "
            f"own /tmp only ({seen[0]} entries, the other hosts' dirs there: {seen[1]}; "
            f"the code {seen[2]}); files left in each host's temp dir: "
            + ", ".join(f"{h} {len(f)}" for h, f in files.items())
            + f", none shared; export files in the database: {chunks} ExportChunk row(s), "
            f"{stored:,} bytes",
        )

    def run(self) -> int:
        up = wait_for(lambda: all(answers(b) for b in WEB.values()), 60)
        worker_up = wait_for(lambda: "ready" in self.log("worker"), 60)
        if not self.held(
            "hosts",
            up and worker_up,
            "web A "
            + ADDRESS["web A"]
            + ", web B "
            + ADDRESS["web B"]
            + " (gunicorn, 2 workers each), worker "
            + ADDRESS["worker"]
            + " (Celery): "
            + ("all up" if up and worker_up else "NOT all up"),
        ):
            return self.verdict()
        session_id = self.session()
        code = self.export(session_id) if session_id else None
        self.links()
        self.disk(code)
        if session_id:
            self.failover(session_id)
        return self.verdict()

    def verdict(self) -> int:
        if self.failed:
            say(f"hosts: FAILED: {', '.join(self.failed)}")
            return 1
        say("hosts: 2 web + 1 worker, all checks held")
        return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["forward"]:
        asyncio.run(_forward(argv[1], [int(p) for p in argv[2:]]))
        return 0
    if argv[:1] == ["checks"]:
        return Checks(Path(argv[1])).run()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
