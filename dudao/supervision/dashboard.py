"""The figures of the leaders' dashboard, computed once per change of the data and shared by every viewer.

Ten leaders opening the dashboard at nine o'clock should not run the province-wide roll-up ten times:
the figures are cached under a key made of the plan, the day, the last date of the yellow window (so a
changed holiday arrangement or yellow window makes new figures) and a stamp of the data the lights are
read from. The stamp is one cheap statement over the tables that change lights — reports (count, sum of
their versions, last update: every service write bumps `version`), occurrences and their links to
milestones, shares and milestones (count, last created or activated), and plan amendments (every change
to a published plan's tasks, shares and milestones is recorded as a `PlanChange`). Any such write therefore shows on the next page load; the time limit
below is only a safety net for writes outside the services.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Plan, PlanChange, Section
from dudao.reports.models import Occurrence, ProgressReport
from dudao.supervision.lights import YELLOW_DAYS
from dudao.supervision.rollup import OverdueItem, Tally, light_items, plan_rollup, trend
from dudao.workdays.calendar import WorkCalendar
from dudao.workdays.services import current_calendar

CACHE_SECONDS = 10 * 60
RANKED = 5  # units shown at each end of a ranking
OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class Ranking:
    """A ranking's two ends (all of it when short), and the pooled tally of every unit in it."""

    top: list[tuple[Unit, Tally]]
    bottom: list[tuple[Unit, Tally]]
    size: int
    pooled: Tally

    @classmethod
    def of(cls, ranked: list[tuple[Unit, Tally]]) -> Ranking:
        pooled = sum((tally for _, tally in ranked), Tally())
        if len(ranked) <= 2 * RANKED:
            return cls(top=ranked, bottom=[], size=len(ranked), pooled=pooled)
        return cls(top=ranked[:RANKED], bottom=ranked[-RANKED:], size=len(ranked), pooled=pooled)


@dataclass(frozen=True)
class Figures:
    plan: Plan
    today: datetime.date
    overall: Tally
    by_section: list[tuple[Section, Tally]]
    departments: Ranking
    governments: Ranking
    overdue: list[OverdueItem]  # the most days late
    trend: list[tuple[datetime.date, float]]


def dashboard_figures(
    plan: Plan, today: datetime.date, *, calendar: WorkCalendar | None = None, yellow_days: int = YELLOW_DAYS
) -> Figures:
    """The dashboard's figures for a plan on a day: from the cache when the data has not changed."""
    calendar = calendar or current_calendar()
    until = calendar.yellow_until(today, yellow_days)
    key = f"supervision:figures:v1:{plan.pk}:{today}:{until}:{data_stamp()}"
    figures = cache.get(key)
    if figures is None:
        figures = _compute(plan, today, calendar, yellow_days)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _compute(plan: Plan, today: datetime.date, calendar: WorkCalendar, yellow_days: int) -> Figures:
    rollup = plan_rollup(plan, today, calendar=calendar, yellow_days=yellow_days)
    overdue = light_items(
        plan, today, light="red", calendar=calendar, yellow_days=yellow_days, limit=OVERDUE_SHOWN
    )
    return Figures(
        plan=plan,
        today=today,
        overall=rollup.overall,
        by_section=rollup.by_section,
        departments=Ranking.of(rollup.departments),
        governments=Ranking.of(rollup.governments),
        overdue=overdue.items,
        trend=trend(plan, today),
    )


def data_stamp() -> str:
    """A short digest that changes whenever a write through the services could change a light."""
    report, occurrence = ProgressReport._meta.db_table, Occurrence._meta.db_table
    links = Occurrence.milestones.through._meta.db_table
    change = PlanChange._meta.db_table
    assignment, milestone = Assignment._meta.db_table, Milestone._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT * FROM
                (SELECT COUNT(*), SUM(version), MAX(updated_at) FROM {quote(report)}) r,
                (SELECT COUNT(*), MAX(recorded_at) FROM {quote(occurrence)}) o,
                (SELECT COUNT(*), MAX(id) FROM {quote(links)}) l,
                (SELECT COUNT(*), MAX(id) FROM {quote(change)}) c,
                (SELECT COUNT(*), MAX(created_at) FROM {quote(assignment)}) a,
                (SELECT COUNT(*), MAX(activated_at) FROM {quote(milestone)}) m"""  # noqa: S608 (table names only)
        )
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]
