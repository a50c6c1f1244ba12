"""A real server on the benchmark database, and concurrent clients that time its pages.

The server is gunicorn when it is installed (the `production` extra; `make bench` installs it), else
Django's threaded `runserver`. Clients are threads, each with its own connection per request, logged in as
one person through the real login form (session cookie). Every loop is bounded in count and in time, and
only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import importlib.util
import itertools
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Timings:
    """Latencies in ms of the requests that answered 200, and how the others went."""

    latencies: list[float]
    errors: dict[str, int]
    elapsed: float  # seconds, wall clock of the measured phase

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile; 0.0 when nothing was measured."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(1, -(-len(ordered) * p // 100))  # ceil
        return ordered[int(rank) - 1]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


@dataclass(frozen=True)
class Server:
    port: int
    description: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server's processes have used so far: the master and its workers,
        read from /proc (Linux); 0.0 elsewhere. Unlike latency, this does not grow when other work
        shares the machine, so CPU per request says what a page costs on an idle one."""
        ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process ended while we read
            pid, ppid = int(stat.parent.name), int(fields[1])
            if self.pid in (pid, ppid):
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_command(port: int, workers: int, threads: int) -> tuple[list[str], str]:
    """The command that serves the site, and a word saying which server it is."""
    if importlib.util.find_spec("gunicorn") is not None:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "dudao.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ], f"gunicorn, {workers} workers × {threads} threads"
    command = [sys.executable, str(ROOT / "manage.py"), "runserver", f"{HOST}:{port}", "--noreload"]
    return command, "runserver, threaded (gunicorn is not installed)"


@contextmanager
def serving(env: dict[str, str], *, workers: int, threads: int) -> Iterator[Server]:
    """Start the server with `env`, wait until it answers /healthz, yield it, stop it."""
    port = free_port()
    command, what = server_command(port, workers, threads)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"the server stopped at start-up:\n{process.stderr.read() if process.stderr else ''}"
                )
            try:
                if request(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer /healthz within 30 s")
            time.sleep(0.2)
        yield Server(port=port, description=what, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(
    port: int, path: str, *, cookie: str = "", method: str = "GET", body: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request on a fresh connection: status, headers (lower-case names, Set-Cookie joined), body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        headers = {"Host": f"{HOST}:{port}"}
        if cookie:
            headers["Cookie"] = cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        found: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            found[key] = f"{found[key]}, {value}" if key in found else value
        return response.status, found, data
    finally:
        connection.close()


def _cookies(header: str) -> dict[str, str]:
    return dict(re.findall(r"(?:^|,\s*)([A-Za-z_]+)=([^;,]*)", header))


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form; return the Cookie header value that carries the session."""
    status, headers, body = request(port, "/accounts/login/")
    if status != 200:
        raise RuntimeError(f"GET /accounts/login/ answered {status}")
    csrf = _cookies(headers.get("set-cookie", "")).get("csrftoken", "")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf or not match:
        raise RuntimeError("the login page carries no CSRF token")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
    )
    status, headers, _ = request(
        port, "/accounts/login/", cookie=f"csrftoken={csrf}", method="POST", body=form
    )
    session = _cookies(headers.get("set-cookie", "")).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"logging in as {username} failed (HTTP {status})")
    return f"csrftoken={csrf}; sessionid={session}"


def hammer(
    port: int,
    cookie: str,
    paths: Sequence[str],
    *,
    clients: int = 10,
    per_client: int = 30,
    warmup: int = 2,
    time_limit: float = 60.0,
    on_start: Callable[[], None] | None = None,
) -> Timings:
    """`clients` threads each request `warmup` pages (not counted), then `per_client` pages, cycling
    through `paths`; everyone stops early once `time_limit` seconds of measuring have passed. `on_start` is
    called when the warm-up is over, as measuring starts."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    stop_at = [float("inf")]  # set when measuring starts

    def client(index: int) -> None:
        for i in range(warmup):
            request(port, paths[(index + i) % len(paths)], cookie=cookie)
        ready.wait()
        for i in range(per_client):
            if time.monotonic() > stop_at[0]:
                return
            path = paths[(index * per_client + i) % len(paths)]
            start = time.perf_counter()
            try:
                status = request(port, path, cookie=cookie)[0]
            except OSError as error:
                status, outcome = 0, type(error).__name__
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    outcome = f"HTTP {status}" if status else outcome
                    errors[outcome] = errors.get(outcome, 0) + 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    if on_start is not None:
        on_start()
    started = time.perf_counter()
    stop_at[0] = time.monotonic() + time_limit
    for thread in threads:
        thread.join(time_limit + 120)
    return Timings(latencies=latencies, errors=errors, elapsed=time.perf_counter() - started)


@contextmanager
def reporting(url: str, *, every: float) -> Iterator[None]:
    """While inside, a unit edits one of its reports every `every` seconds (a version bump, as each save
    through the services does): the dashboard's figures change and must be computed again."""
    import psycopg

    stop = threading.Event()

    def writer() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            ids = [
                row[0] for row in conn.execute("SELECT id FROM reports_progressreport ORDER BY id LIMIT 500")
            ]
            for report_id in itertools.cycle(ids):
                conn.execute(
                    "UPDATE reports_progressreport SET version = version + 1, updated_at = now() WHERE id = %s",
                    [report_id],
                )
                if stop.wait(every):
                    return

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(30)
