"""The roll-up of status lights: a plan's completion overall, by section, by task and by unit.

The rules for one light stay in `lights.py`; this module restates them as one SQL `CASE` so that the
database counts lights over every (assignment, milestone) pair of a plan and returns only the sums —
at province scale (2,000 units, 40 tasks, twelve periods) that is the difference between one grouped
query and a hundred thousand rows loaded into Python. `tests/supervision/test_rollup_agreement.py`
holds the two definitions together by comparing them on many random report and occurrence states.

How the `CASE` reads the rules:
- the yellow window counts working days, which SQL cannot; but "at most n working days from today
  through the due date" holds exactly for the due dates up to one day, `WorkCalendar.yellow_until()`,
  so the query compares `due` with that date;
- a report's statuses become three flags per pair (approved / submitted / returned exist), the
  occurrences a count per (milestone, unit) — both aggregated once, then joined to the pairs.

Only top-level assignments count: a county's share passed down to its departments (`parent`) is the
county's own work, reported upwards through the county, and would otherwise be counted twice.
Pairs whose milestone is not applicable or still dormant count nowhere (not even in `total`).

Each public function runs one raw SQL statement (identical on SQLite and PostgreSQL) plus a fixed
number of ORM queries to fetch the tasks, sections and units it names.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Plan, Section, Task
from dudao.reports.models import Occurrence, ProgressReport
from dudao.supervision.lights import YELLOW_DAYS
from dudao.workdays.calendar import WorkCalendar
from dudao.workdays.services import current_calendar

ItemLight = Literal["red", "yellow", "green", "done"]
ITEM_LIGHTS: tuple[ItemLight, ...] = ("red", "yellow", "green", "done")


@dataclass(frozen=True)
class Tally:
    """Counted lights: `total` is every applicable, active pair; `done + red + yellow + green == total`."""

    total: int = 0
    done: int = 0
    red: int = 0
    yellow: int = 0
    green: int = 0

    @property
    def rate(self) -> float:
        """Completion: done / total, 0.0 when nothing is counted."""
        return self.done / self.total if self.total else 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            total=self.total + other.total,
            done=self.done + other.done,
            red=self.red + other.red,
            yellow=self.yellow + other.yellow,
            green=self.green + other.green,
        )


@dataclass(frozen=True)
class PlanRollup:
    overall: Tally
    by_section: list[tuple[Section, Tally]]
    by_task: dict[uuid.UUID, Tally]
    departments: list[tuple[Unit, Tally]]  # best first
    governments: list[tuple[Unit, Tally]]  # subordinate governments, best first
    tasks: list[Task] = field(default_factory=list)  # the plan's tasks in order, for labelling by_task


@dataclass(frozen=True)
class OverdueItem:
    """One unit's milestone with its light. `days_late` is calendar days since the due date (0 when the
    date has not passed: a returned report turns a pair red before its due date)."""

    unit: Unit
    task: Task
    milestone: Milestone
    due: datetime.date | None
    days_late: int
    light: ItemLight
    assignment_id: uuid.UUID

    @property
    def assignment(self) -> Assignment:
        """The share this pair belongs to, built from what the item holds (for links and buttons)."""
        return Assignment(id=self.assignment_id, unit=self.unit, task=self.task)


@dataclass(frozen=True)
class ItemPage:
    total: int
    items: list[OverdueItem]


@dataclass(frozen=True)
class EarlyItem:
    unit: Unit
    task: Task
    milestone: Milestone
    done_on: datetime.date
    due: datetime.date


# --------------------------------------------------------------------------------------------------
# The pairs and their lights, as SQL


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pk(model: Any, value: Any) -> Any:
    return model._meta.pk.get_db_prep_value(value, connection)


def _date(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _moment(value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _start_of_next_day(day: datetime.date) -> datetime.datetime:
    """The instant a local day ends: report approvals are timestamps, completion is counted by day."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)


def _as_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return parse_date(str(value)[:10])


def _as_moment(value: Any) -> datetime.datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    if moment is not None and timezone.is_naive(moment):  # SQLite keeps UTC without an offset
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _pairs_sql(plan: Plan) -> tuple[str, list[Any]]:
    """Every (top-level assignment, milestone) pair of the plan with what its light depends on:
    the milestone's fields, three report flags, the first approval, the occurrence count and the
    date of the occurrence that met the count."""
    assignment, task, milestone = _table(Assignment), _table(Task), _table(Milestone)
    report, occurrence = _table(ProgressReport), _table(Occurrence)
    links = _table(Occurrence.milestones.through)
    plan_id = _pk(Plan, plan.pk)
    sql = f"""
        SELECT a.id AS assignment_id, a.unit_id AS unit_id, a.task_id AS task_id,
               m.id AS milestone_id, m.kind AS kind, m.due AS due, m.min_count AS min_count,
               m.applicable AS applicable, m.active AS active,
               COALESCE(r.approved, 0) AS approved, COALESCE(r.submitted, 0) AS submitted,
               COALESCE(r.returned, 0) AS returned, r.approved_at AS approved_at,
               COALESCE(o.n, 0) AS occurrences, o.met_on AS met_on
        FROM {assignment} a
        JOIN {task} t ON t.id = a.task_id
        JOIN {milestone} m ON m.task_id = a.task_id
        LEFT JOIN (
            SELECT pr.assignment_id, pr.milestone_id,
                   MAX(CASE WHEN pr.status = 'approved' THEN 1 ELSE 0 END) AS approved,
                   MAX(CASE WHEN pr.status = 'submitted' THEN 1 ELSE 0 END) AS submitted,
                   MAX(CASE WHEN pr.status = 'returned' THEN 1 ELSE 0 END) AS returned,
                   MIN(CASE WHEN pr.status = 'approved'
                            THEN COALESCE(pr.decided_at, pr.updated_at) END) AS approved_at
            FROM {report} pr
            JOIN {assignment} ra ON ra.id = pr.assignment_id
            JOIN {task} rt ON rt.id = ra.task_id
            WHERE rt.plan_id = %s AND ra.parent_id IS NULL AND pr.milestone_id IS NOT NULL
              AND pr.status <> 'draft'
            GROUP BY pr.assignment_id, pr.milestone_id
        ) r ON r.assignment_id = a.id AND r.milestone_id = m.id
        LEFT JOIN (
            SELECT ranked.milestone_id, ranked.unit_id, COUNT(*) AS n,
                   MAX(CASE WHEN ranked.nth = ranked.min_count THEN ranked.held_on END) AS met_on
            FROM (
                SELECT link.milestone_id, held.unit_id, held.held_on, om.min_count,
                       ROW_NUMBER() OVER (
                           PARTITION BY link.milestone_id, held.unit_id ORDER BY held.held_on
                       ) AS nth
                FROM {links} link
                JOIN {occurrence} held ON held.id = link.occurrence_id
                JOIN {milestone} om ON om.id = link.milestone_id
                JOIN {task} ot ON ot.id = om.task_id
                WHERE ot.plan_id = %s
            ) ranked
            GROUP BY ranked.milestone_id, ranked.unit_id
        ) o ON o.milestone_id = m.id AND o.unit_id = a.unit_id
        WHERE t.plan_id = %s AND a.parent_id IS NULL
    """  # noqa: S608 (interpolates table names and fixed fragments only)
    return sql, [plan_id, plan_id, plan_id]


def _light_sql(*, as_of_day: bool) -> str:
    """`lights.light()` as a CASE over a pair; params: [the end of today, today, when `as_of_day`],
    today, yellow_until. `as_of_day` counts as done only what was done by the end of `today` (an
    approval or the quota's last occurrence after it does not count): the state on a past day, as a
    bulletin reports it, as far as it can be read back — returned and submitted reports are read as
    they stand now."""
    if as_of_day:
        done = """
            WHEN p.approved = 1 AND p.approved_at < %s AND (p.min_count IS NULL OR p.kind <> 'quota')
                THEN 'done'
            WHEN p.min_count IS NOT NULL AND (p.min_count = 0 OR p.met_on <= %s) THEN 'done'"""
    else:
        done = """
            WHEN p.approved = 1 AND (p.min_count IS NULL OR p.kind <> 'quota') THEN 'done'
            WHEN p.min_count IS NOT NULL AND p.occurrences >= p.min_count THEN 'done'"""
    return f"""
        CASE
            WHEN NOT p.applicable THEN 'na'
            WHEN NOT p.active THEN 'dormant'{done}
            WHEN p.due < %s THEN 'red'
            WHEN p.returned = 1 AND p.submitted = 0 THEN 'red'
            WHEN p.due <= %s AND NOT (p.submitted = 1 AND p.min_count IS NULL) THEN 'yellow'
            ELSE 'green'
        END
    """


def _lit_pairs_sql(
    plan: Plan,
    today: datetime.date,
    calendar: WorkCalendar | None,
    yellow_days: int,
    *,
    as_of_day: bool = False,
) -> tuple[str, list[Any]]:
    """The pairs with their `light`: a `WITH pairs AS (...), lit AS (...)` prefix for a statement."""
    pairs, params = _pairs_sql(plan)
    until = (calendar or current_calendar()).yellow_until(today, yellow_days)
    light = _light_sql(as_of_day=as_of_day)
    sql = f"WITH pairs AS ({pairs}), lit AS (SELECT p.*, {light} AS light FROM pairs p)"  # noqa: S608 (interpolates table names and fixed fragments only)
    cutoff = [_moment(_start_of_next_day(today)), _date(today)] if as_of_day else []
    return sql, [*params, *cutoff, _date(today), _date(until)]


def _fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_TALLY_COLUMNS = """
    SUM(CASE WHEN light IN ('done', 'red', 'yellow', 'green') THEN 1 ELSE 0 END),
    SUM(CASE WHEN light = 'done' THEN 1 ELSE 0 END),
    SUM(CASE WHEN light = 'red' THEN 1 ELSE 0 END),
    SUM(CASE WHEN light = 'yellow' THEN 1 ELSE 0 END),
    SUM(CASE WHEN light = 'green' THEN 1 ELSE 0 END)
"""


def _tally(row: Sequence[Any]) -> Tally:
    return Tally(*(int(value or 0) for value in row))


# --------------------------------------------------------------------------------------------------
# Public functions


def plan_rollup(
    plan: Plan,
    today: datetime.date,
    *,
    calendar: WorkCalendar | None = None,
    yellow_days: int = YELLOW_DAYS,
    as_of_day: bool = False,
) -> PlanRollup:
    """The plan's lights counted overall, by section, by task, and by unit (departments and subordinate
    governments apart, best completion first, fewer reds first on a tie). One grouped statement plus
    two queries for the tasks and the units. `as_of_day`: see `_light_sql`."""
    lit, params = _lit_pairs_sql(plan, today, calendar, yellow_days, as_of_day=as_of_day)
    rows = _fetch(
        f"""{lit}
        SELECT task_id, unit_id, {_TALLY_COLUMNS} FROM lit GROUP BY task_id, unit_id""",  # noqa: S608 (interpolates table names and fixed fragments only)
        params,
    )
    by_task: dict[uuid.UUID, Tally] = {}
    by_unit: dict[int, Tally] = {}
    for task_id, unit_id, *counts in rows:  # one row a top-level assignment: summed here, not twice in SQL
        tally = _tally(counts)
        by_task[_as_uuid(task_id)] = by_task.get(_as_uuid(task_id), Tally()) + tally
        by_unit[int(unit_id)] = by_unit.get(int(unit_id), Tally()) + tally
    tasks = list(Task.objects.filter(plan=plan).select_related("section").order_by("order"))
    sections: dict[int, tuple[Section, Tally]] = {}
    for task in tasks:
        if task.section is not None:
            section, tally = sections.get(task.section.pk, (task.section, Tally()))
            sections[section.pk] = (section, tally + by_task.get(task.pk, Tally()))
    overall = sum(by_task.values(), Tally())
    units = Unit.objects.in_bulk(list(by_unit))
    departments: list[tuple[Unit, Tally]] = []
    governments: list[tuple[Unit, Tally]] = []
    for unit_id, tally in by_unit.items():
        unit = units[unit_id]
        if tally.total == 0:
            continue
        (governments if unit.ranks_with_governments() else departments).append((unit, tally))
    return PlanRollup(
        overall=overall,
        by_section=sorted(sections.values(), key=lambda pair: pair[0].order),
        by_task=by_task,
        departments=_ranked(departments),
        governments=_ranked(governments),
        tasks=tasks,
    )


def _ranked(entries: Iterable[tuple[Unit, Tally]]) -> list[tuple[Unit, Tally]]:
    return sorted(entries, key=lambda pair: (-pair[1].rate, pair[1].red, pair[0].sort_order, pair[0].name))


def light_items(
    plan: Plan,
    today: datetime.date,
    *,
    light: ItemLight | None = None,
    section: Section | None = None,
    unit: Unit | None = None,
    task: Task | None = None,
    calendar: WorkCalendar | None = None,
    yellow_days: int = YELLOW_DAYS,
    offset: int = 0,
    limit: int | None = None,
    as_of_day: bool = False,
) -> ItemPage:
    """The pairs behind a figure: every counted pair, or those of one light, section, unit or task;
    most days late first (earliest due date), undated last. Returns the page asked for (`offset`,
    `limit`) and the number of all matching pairs, in one statement plus three for the names."""
    lit, params = _lit_pairs_sql(plan, today, calendar, yellow_days, as_of_day=as_of_day)
    conditions = ["lit.light IN ('done', 'red', 'yellow', 'green')"]
    if light is not None:
        conditions.append("lit.light = %s")
        params.append(light)
    if section is not None:
        conditions.append("t.section_id = %s")
        params.append(section.pk)
    if unit is not None:
        conditions.append("lit.unit_id = %s")
        params.append(unit.pk)
    if task is not None:
        conditions.append("lit.task_id = %s")
        params.append(_pk(Task, task.pk))
    page = ""
    if limit is not None:
        page = "LIMIT %s OFFSET %s"
        params += [limit, offset]
    elif offset:
        page = "LIMIT -1 OFFSET %s" if connection.vendor == "sqlite" else "OFFSET %s"
        params.append(offset)
    rows = _fetch(
        f"""{lit}
        SELECT lit.assignment_id, lit.unit_id, lit.task_id, lit.milestone_id, lit.light,
               COUNT(*) OVER () AS matching
        FROM lit
        JOIN {_table(Task)} t ON t.id = lit.task_id
        JOIN {_table(Unit)} u ON u.id = lit.unit_id
        WHERE {" AND ".join(conditions)}
        ORDER BY CASE WHEN lit.due IS NULL THEN 1 ELSE 0 END, lit.due, t."order", u.sort_order,
                 u.name, lit.milestone_id
        {page}""",  # noqa: S608 (interpolates table names and fixed fragments only)
        params,
    )
    if not rows:
        total = 0 if offset == 0 else _count_items(lit, params, conditions, page)
        return ItemPage(total=total, items=[])
    units = Unit.objects.in_bulk({row[1] for row in rows})
    tasks = Task.objects.in_bulk({_as_uuid(row[2]) for row in rows})
    milestones = Milestone.objects.in_bulk({_as_uuid(row[3]) for row in rows})
    items = []
    for assignment_id, unit_id, task_id, milestone_id, item_light, _matching in rows:
        milestone = milestones[_as_uuid(milestone_id)]
        late = (today - milestone.due).days if milestone.due and milestone.due < today else 0
        items.append(
            OverdueItem(
                unit=units[unit_id],
                task=tasks[_as_uuid(task_id)],
                milestone=milestone,
                due=milestone.due,
                days_late=late,
                light=item_light,
                assignment_id=_as_uuid(assignment_id),
            )
        )
    return ItemPage(total=int(rows[0][5]), items=items)


def _count_items(lit: str, params: list[Any], conditions: list[str], page: str) -> int:
    """A page past the end has no rows to carry the window count: count apart (rare)."""
    paging_params = page.count("%s")
    filters = params[: len(params) - paging_params] if paging_params else params
    rows = _fetch(
        f"""{lit} SELECT COUNT(*) FROM lit JOIN {_table(Task)} t ON t.id = lit.task_id
        WHERE {" AND ".join(conditions)}""",  # noqa: S608 (interpolates table names and fixed fragments only)
        filters,
    )
    return int(rows[0][0])


def overdue_items(
    plan: Plan,
    today: datetime.date,
    *,
    section: Section | None = None,
    unit: Unit | None = None,
    calendar: WorkCalendar | None = None,
    limit: int | None = None,
    as_of_day: bool = False,
) -> list[OverdueItem]:
    """The red pairs, most days late first: overdue, or returned and not resubmitted (those count
    0 days late until their due date passes) — the same pairs the red figure counts."""
    return light_items(
        plan,
        today,
        light="red",
        section=section,
        unit=unit,
        calendar=calendar,
        limit=limit,
        as_of_day=as_of_day,
    ).items


def finished_early(plan: Plan, start: datetime.date, end: datetime.date) -> list[EarlyItem]:
    """Pairs done before their due date, done on a day within [start, end]: what a bulletin praises.

    Done on: the day of the first approval (local time); for a counted milestone the day the
    occurrence that met the count was held, or the first approval if earlier (not for quotas)."""
    pairs, params = _pairs_sql(plan)
    start_moment = _start_of_next_day(start - datetime.timedelta(days=1))
    end_moment = _start_of_next_day(end)
    rows = _fetch(
        f"""WITH pairs AS ({pairs})
        SELECT p.assignment_id, p.unit_id, p.task_id, p.milestone_id, p.approved_at, p.met_on
        FROM pairs p
        WHERE p.applicable AND p.active AND p.due IS NOT NULL
          AND ((p.approved = 1 AND p.approved_at >= %s AND p.approved_at < %s)
               OR (p.met_on >= %s AND p.met_on <= %s))""",  # noqa: S608 (interpolates table names and fixed fragments only)
        [*params, _moment(start_moment), _moment(end_moment), _date(start), _date(end)],
    )
    milestones = Milestone.objects.in_bulk({_as_uuid(row[3]) for row in rows})
    found: list[tuple[int, uuid.UUID, Milestone, datetime.date]] = []
    for _assignment, unit_id, task_id, milestone_id, approved_at, met_on in rows:
        milestone = milestones[_as_uuid(milestone_id)]
        done_on = _done_on(milestone, _as_moment(approved_at), _as_date(met_on))
        if done_on is not None and start <= done_on <= end and milestone.due and done_on < milestone.due:
            found.append((unit_id, _as_uuid(task_id), milestone, done_on))
    units = Unit.objects.in_bulk({entry[0] for entry in found})
    tasks = Task.objects.in_bulk({entry[1] for entry in found})
    items = [
        EarlyItem(unit=units[u], task=tasks[t], milestone=m, done_on=on, due=m.due)  # type: ignore[arg-type]
        for u, t, m, on in found
    ]
    return sorted(
        items, key=lambda item: (item.task.order, item.unit.sort_order, item.unit.name, item.done_on)
    )


def _done_on(
    milestone: Milestone, approved_at: datetime.datetime | None, met_on: datetime.date | None
) -> datetime.date | None:
    approved_on = timezone.localtime(approved_at).date() if approved_at else None
    if milestone.min_count is None:
        return approved_on
    candidates = [met_on] if met_on else []
    if approved_on and milestone.kind != Milestone.Kind.QUOTA:
        candidates.append(approved_on)
    return min(candidates) if candidates else None


def trend(plan: Plan, today: datetime.date) -> list[tuple[datetime.date, float]]:
    """Completion at the end of each month of the plan's year that has passed, and today: the share of
    today's counted pairs (applicable and active) that were done by then. One statement."""
    ends = [day for day in _month_ends(plan.year) if day < today]
    if datetime.date(plan.year, 1, 1) <= today <= datetime.date(plan.year, 12, 31):
        ends.append(today)
    if not ends:
        return []
    pairs, params = _pairs_sql(plan)
    columns = []
    for day in ends:
        columns.append(
            """SUM(CASE WHEN (p.approved = 1 AND p.approved_at < %s
                             AND (p.min_count IS NULL OR p.kind <> 'quota'))
                         OR (p.min_count IS NOT NULL AND (p.min_count = 0 OR p.met_on <= %s))
                   THEN 1 ELSE 0 END)"""
        )
        params += [_moment(_start_of_next_day(day)), _date(day)]
    row = _fetch(
        f"""WITH pairs AS ({pairs})
        SELECT COUNT(*), {", ".join(columns)} FROM pairs p WHERE p.applicable AND p.active""",  # noqa: S608 (interpolates table names and fixed fragments only)
        params,
    )[0]
    total = int(row[0] or 0)
    return [
        (day, (int(done or 0) / total) if total else 0.0) for day, done in zip(ends, row[1:], strict=True)
    ]


def _month_ends(year: int) -> list[datetime.date]:
    return [
        datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
        for month in range(1, 13)
    ]
