"""The dashboard benchmark: a province on PostgreSQL, ten concurrent clients, and the SQL floor.

`run()` drops and recreates the benchmark database (its name must contain "bench"; default
`postgresql://postgres@127.0.0.1:5432/dudao_bench`, or `BENCH_DATABASE_URL`), migrates it, fills it with
`generate.generate()`, then:
1. times the dashboard's aggregation as one raw SQL statement with psycopg (`floor.py`): the floor;
2. opens the dashboard, the overdue list behind its red figure and a unit page in process, once on an
   empty cache and then warm, counting queries and the time spent in SQL: where a page's time goes;
3. starts a real server (`load.py`) with DEBUG off and the product's settings otherwise (database
   connections kept `DUDAO_DB_CONN_MAX_AGE` seconds, 60 unless the environment says otherwise), logs
   in as the leader through the login form, and has ten concurrent clients request each page in turn
   (unit pages cycle over 20 units); then the
   dashboard again while a unit saves a report every second, which changes the figures it caches.
   Prints p50/p95/max and requests/s, the ratio of each page to the floor, and whether the target
   (dashboard p95 < 300 ms) was met. A load average above the core count is reported: the figures are
   then inflated by whatever else runs.

`python -m bench.supervision --help` runs it alone, smaller or larger.
"""

from __future__ import annotations

import os
import secrets
import time
from typing import Any

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/dudao_bench"
TARGET_P95_MS = 300.0


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def recreate_database(url: str) -> str:
    """Drop and create the database `url` names; returns its name. Refuses names without "bench"."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = str(conninfo_to_dict(url).get("dbname") or "")
    if "bench" not in name:
        raise SystemExit(
            f"bench: refusing to drop and recreate the database {name!r}: its name must contain 'bench' "
            "(set BENCH_DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/dudao_bench)"
        )
    try:
        with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"bench: cannot reach PostgreSQL for the dashboard benchmark ({error}); start it, or point "
            "BENCH_DATABASE_URL at one"
        ) from error
    return name


def server_environment(url: str) -> dict[str, str]:
    """What the benchmark process and the server run with: the benchmark database, DEBUG off."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "dudao.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def _fmt(n: int) -> str:
    return f"{n:,}"


def _profile(client: Any, path: str, runs: int = 6) -> str:
    """One request at a time in process, the first on an empty cache, then warm: wall time, this process's
    CPU time (Python and templates, whatever else runs on the machine), queries and time in SQL."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    samples = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
            cpu = (time.process_time() - cpu) * 1000
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        sql_times = sorted((float(q["time"]) * 1000 for q in captured.captured_queries), reverse=True)
        samples.append((elapsed, cpu, len(sql_times), sum(sql_times), sql_times[0] if sql_times else 0.0))
    cold, warm = samples[0], sorted(samples[1:])[(runs - 1) // 2]
    return "; ".join(
        f"{word} {ms:6.1f} ms ({cpu:5.1f} CPU in Django), {n:2d} queries, {in_sql:5.1f} ms in SQL (slowest {top:.1f})"
        for word, (ms, cpu, n, in_sql, top) in (("cold", cold), ("warm", warm))
    )


def _warn_if_busy() -> None:
    """Other work on the machine shares the cores with the server and the database: say so."""
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(
            f"  warning: load average {load:.1f} on {os.cpu_count()} cores: other processes are running, the figures below are inflated"
        )


def _measure(server: Any, cookie: str, paths: list[str], clients: int, per_client: int) -> tuple[Any, float]:
    """The timings of one phase, and the server's CPU ms per request answered during it."""
    from bench.supervision import load

    before = [0.0]

    def start() -> None:
        before[0] = server.cpu_seconds()

    timings = load.hammer(server.port, cookie, paths, clients=clients, per_client=per_client, on_start=start)
    used = server.cpu_seconds() - before[0]
    answered = len(timings.latencies) + sum(timings.errors.values())
    return timings, used * 1000 / max(answered, 1)


def _page_line(label: str, measured: tuple[Any, float], floor_ms: float | None) -> str:
    timings, cpu = measured
    if not timings.latencies:
        return f"{label:<28} no answer with 200: {timings.errors}"
    line = (
        f"{label:<28} p50 {timings.percentile(50):7.1f} ms   p95 {timings.percentile(95):7.1f} ms   "
        f"max {max(timings.latencies):7.1f} ms   {timings.rate:6.1f} req/s   CPU {cpu:5.1f} ms   "
        f"{len(timings.latencies)} ok"
    )
    if timings.errors:
        line += f", failed: {timings.errors}"
    if floor_ms:
        line += f"   p50/floor {timings.percentile(50) / floor_ms:5.1f}×"
    return line


def run(
    *,
    url: str | None = None,
    scale: str = "province",
    clients: int = 10,
    per_client: int = 30,
    workers: int | None = None,
    threads: int = 2,
) -> None:
    url = url or database_url()
    name = recreate_database(url)
    env = server_environment(url)
    os.environ.update(env)

    import django

    django.setup()

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.supervision import floor, generate, load
    from dudao.supervision.lights import YELLOW_DAYS
    from dudao.workdays.services import current_calendar

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    migrated = time.perf_counter() - start
    start = time.perf_counter()
    data = generate.generate(
        scale=generate.Scale.province() if scale == "province" else generate.Scale.tiny()
    )
    generated = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]  # type: ignore[index]
    print(
        f"dashboard benchmark: PostgreSQL {version.split()[0]} (database {name}), {os.cpu_count()} cores, "
        f"today {data.today}; migrated in {migrated:.1f} s, data set generated in {generated:.1f} s:"
    )
    _warn_if_busy()
    words = [f"{_fmt(n)} {what.strip()}" for what, n in data.counts.items()]
    print("  " + ", ".join(words[:8]))
    print("  " + ", ".join(words[8:]))

    until = current_calendar().yellow_until(data.today, YELLOW_DAYS)
    floor_ms, rows = floor.time_psycopg(url, data.plan.pk, data.today, until)
    print(
        f"{'floor: one SQL statement':<28} median {floor_ms:.1f} ms of 7 runs with psycopg "
        f"({rows} rows: lights by section and by unit)"
    )

    pages = {
        "dashboard": [reverse("supervision:dashboard") + f"?plan={data.plan.pk}"],
        "overdue list": [reverse("supervision:items") + f"?plan={data.plan.pk}&light=red"],
        "unit page": [
            reverse("supervision:unit", args=[code]) + f"?plan={data.plan.pk}" for code in data.unit_sample
        ],
    }
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(data.leader)
    for label, paths in pages.items():
        print(f"{label + ', in process':<28} {_profile(client, paths[0])}")
    cache.clear()

    workers = workers or 2 * (os.cpu_count() or 1) + 1
    results: dict[str, Any] = {}
    kept = settings.DATABASES["default"]["CONN_MAX_AGE"]
    connections = f"database connections kept {kept} s" if kept else "a database connection per request"
    with load.serving(env, workers=workers, threads=threads) as server:
        cookie = load.login(server.port, generate.LEADER, generate.PASSWORD)
        print(
            f"server: {server.description}, {connections}; {clients} concurrent clients logged in as the leader, "
            f"{per_client} requests each; 'CPU' is the server's own per request (the database's not included)"
        )
        for label, paths in pages.items():
            results[label] = _measure(server, cookie, paths, clients, per_client)
            shown = label if len(paths) == 1 else f"{label} ({len(paths)} units)"
            print(_page_line(shown, results[label], floor_ms))
        with load.reporting(url, every=1.0):
            busy = _measure(server, cookie, pages["dashboard"], clients, per_client)
        print(_page_line("dashboard, 1 report/s", busy, floor_ms))
    dashboard = results["dashboard"][0]
    if dashboard.latencies:
        p95 = dashboard.percentile(95)
        verdict = "met" if p95 < TARGET_P95_MS else "NOT met"
        print(
            f"target: dashboard p95 < {TARGET_P95_MS:.0f} ms under {clients} clients: {verdict} ({p95:.1f} ms)"
        )
    else:
        print(f"target: dashboard p95 < {TARGET_P95_MS:.0f} ms: not measured")
