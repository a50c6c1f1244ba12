"""The floor: the dashboard's aggregation as one raw SQL statement, timed apart from any page.

Completion and red/yellow counts by section and by unit over every counted (top-level assignment,
milestone) pair of a plan — the lights of `dudao.supervision.lights.light()` restated as one `CASE`
(`rollup.py` explains each clause; `tests/bench/test_supervision_bench.py` holds this statement to the
roll-up the dashboard shows). A page cannot be faster than this; the ratio of the page to it is what the
page adds: other queries, Python, templates, the session, the server.

The statement is written once for SQLite and PostgreSQL (no `GROUPING SETS`, no `bool_or`), so that
the test can run it on either; the benchmark runs it with psycopg directly.
"""

from __future__ import annotations

import datetime
import statistics
import time
import uuid
from typing import Any

from dudao.plans.models import Assignment, Milestone, Task
from dudao.reports.models import Occurrence, ProgressReport

_TALLY = """COUNT(*),
    SUM(CASE WHEN light = 'done' THEN 1 ELSE 0 END),
    SUM(CASE WHEN light = 'red' THEN 1 ELSE 0 END),
    SUM(CASE WHEN light = 'yellow' THEN 1 ELSE 0 END),
    SUM(CASE WHEN light = 'green' THEN 1 ELSE 0 END)"""


def floor_sql() -> str:
    """One statement; parameters: plan id (twice), today, today, the last due date still yellow.

    Rows: ('section', section id, total, done, red, yellow, green) and ('unit', unit id, ...)."""
    assignment, task, milestone = Assignment._meta.db_table, Task._meta.db_table, Milestone._meta.db_table
    report, occurrence = ProgressReport._meta.db_table, Occurrence._meta.db_table
    links = Occurrence.milestones.through._meta.db_table
    return f"""
WITH flags AS (
    SELECT pr.assignment_id, pr.milestone_id,
           MAX(CASE WHEN pr.status = 'approved' THEN 1 ELSE 0 END) AS approved,
           MAX(CASE WHEN pr.status = 'submitted' THEN 1 ELSE 0 END) AS submitted,
           MAX(CASE WHEN pr.status = 'returned' THEN 1 ELSE 0 END) AS returned
    FROM {report} pr
    JOIN {milestone} rm ON rm.id = pr.milestone_id
    JOIN {task} rt ON rt.id = rm.task_id AND rt.plan_id = %s
    GROUP BY pr.assignment_id, pr.milestone_id
), held AS (
    SELECT link.milestone_id, o.unit_id, COUNT(*) AS n
    FROM {links} link
    JOIN {occurrence} o ON o.id = link.occurrence_id
    GROUP BY link.milestone_id, o.unit_id
), lit AS (
    SELECT t.section_id, a.unit_id,
           CASE
               WHEN m.min_count IS NULL AND f.approved = 1 THEN 'done'
               WHEN m.min_count IS NOT NULL AND COALESCE(h.n, 0) >= m.min_count THEN 'done'
               WHEN m.min_count IS NOT NULL AND m.kind <> 'quota' AND f.approved = 1 THEN 'done'
               WHEN m.due < %s THEN 'red'
               WHEN f.returned = 1 AND f.submitted = 0 THEN 'red'
               WHEN m.due >= %s AND m.due <= %s
                    AND NOT (COALESCE(f.submitted, 0) = 1 AND m.min_count IS NULL) THEN 'yellow'
               ELSE 'green'
           END AS light
    FROM {assignment} a
    JOIN {task} t ON t.id = a.task_id
    JOIN {milestone} m ON m.task_id = a.task_id
    LEFT JOIN flags f ON f.assignment_id = a.id AND f.milestone_id = m.id
    LEFT JOIN held h ON h.milestone_id = m.id AND h.unit_id = a.unit_id
    WHERE t.plan_id = %s AND a.parent_id IS NULL AND m.applicable AND m.active
)
SELECT 'section', section_id, {_TALLY} FROM lit GROUP BY section_id
UNION ALL
SELECT 'unit', unit_id, {_TALLY} FROM lit GROUP BY unit_id
"""  # noqa: S608 - table names from the models' Meta, no user input


def floor_params(plan_id: Any, today: datetime.date | str, until: datetime.date | str) -> list[Any]:
    return [plan_id, today, today, until, plan_id]


def run_django(plan_id: uuid.UUID, today: datetime.date, until: datetime.date) -> list[tuple[Any, ...]]:
    """The statement through Django's connection (SQLite or PostgreSQL): what the test compares."""
    from django.db import connection

    ops = connection.ops
    pk = Task._meta.get_field("plan").target_field.get_db_prep_value(plan_id, connection)  # type: ignore[attr-defined]
    params = floor_params(pk, ops.adapt_datefield_value(today), ops.adapt_datefield_value(until))
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(), params)
        return cursor.fetchall()


def time_psycopg(
    url: str, plan_id: uuid.UUID, today: datetime.date, until: datetime.date, *, runs: int = 7
) -> tuple[float, int]:
    """Median wall time in ms of the statement over `runs` runs (after one to warm the cache) on one
    psycopg connection, and the number of rows it returned."""
    import psycopg

    sql = floor_sql()
    params = floor_params(plan_id, today, until)
    timings = []
    rows = 0
    with psycopg.connect(url) as conn:
        for i in range(runs + 1):
            start = time.perf_counter()
            rows = len(conn.execute(sql, params).fetchall())  # type: ignore[arg-type]
            if i:
                timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), rows
