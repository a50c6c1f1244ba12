"""The figures of the leaders' dashboard and the lists behind them, computed once per change of the data
and shared by every viewer.

Ten leaders opening the dashboard at nine o'clock should not run the province-wide roll-up ten times.
The figures (`dashboard_figures`), each page of the list behind them (`cached_items`) and the figures'
rendered HTML (`cached_html`) are cached under the plan, the day and the last date of the yellow window
(so a changed holiday arrangement or yellow window makes new ones), each held with the stamp of the data
it was computed from: a request that finds another stamp computes them again.

The stamp (`data_stamp`) is the newest row of each table a light is read from, each the end of an index
(a MAX over a B-tree reads one entry, however many rows the table holds):
- progress reports, MAX(updated_at) (index `report_updated`): every write through
  `dudao.reports.services` that can change a light — creating or editing a report (`save_report`),
  submitting, approving, returning it — saves `updated_at` (`auto_now`, and each `update_fields` names
  it); reports are never deleted;
- occurrences, MAX(recorded_at) (index `occurrence_recorded`), and their links to milestones, MAX(id): an
  occurrence is logged once (`log_occurrence`, links in the same transaction), never edited or deleted;
- plan amendments, MAX(id) of `PlanChange`: a published plan's tasks, shares and milestones change only
  through `dudao.plans.services` (amending or adding a task, activating an event milestone), and each
  such write records a `PlanChange` in its transaction; a new plan is a new key.
Shares a county passes down (`delegate`, `withdraw`) count nowhere in the roll-up, so they need no stamp.
Not stamped: a unit renamed or moved between rankings in the directory, and writes outside the services:
they show once the figures are `CACHE_SECONDS` old, the safety net.

A MAX can miss a write whose transaction took its timestamp (or id) before another's but commits after
the stamp was read. Such a write is at most `SETTLE_SECONDS` old when it commits, so figures computed
while the newest stamped write is younger than that are held as fresh for `SETTLE_SECONDS` only, then
computed once more.

After a write, the first request to find the stamp changed takes a lock (`cache.add`, `LOCK_SECONDS`)
and computes; the requests that come meanwhile keep serving the previous figures for the same plan and
day instead of each running the roll-up (when there are none yet, they compute too).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from dudao.directory.models import Unit
from dudao.plans.models import Plan, PlanChange, Section
from dudao.reports.models import Occurrence, ProgressReport
from dudao.supervision.lights import YELLOW_DAYS
from dudao.supervision.rollup import (
    ItemLight,
    ItemPage,
    OverdueItem,
    Tally,
    _as_moment,
    light_items,
    plan_rollup,
    trend,
)
from dudao.workdays.calendar import WorkCalendar
from dudao.workdays.services import current_calendar

CACHE_SECONDS = 10 * 60  # figures with an unchanged stamp are computed again after this: the safety net
SETTLE_SECONDS = 60  # longer than any transaction that writes what the stamp reads
LOCK_SECONDS = 30  # longer than a computation of the figures; a crashed one frees the lock after it
KEPT_SECONDS = 24 * 60 * 60  # previous figures stay to be served while new ones are computed
RANKED = 5  # units shown at each end of a ranking
OVERDUE_SHOWN = 10

T = TypeVar("T")


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
    token: str = ""  # new at each computation: what HTML rendered from these figures is cached under


@dataclass(frozen=True)
class Stamp:
    """The newest rows a light is read from (`digest`), and the time of the newest write among them."""

    digest: str
    newest: datetime.datetime | None

    def fresh_until(self, read_at: datetime.datetime) -> datetime.datetime:
        """Until when what is computed now, with this stamp read at `read_at`, may be served as current."""
        if self.newest is not None and self.newest > read_at - datetime.timedelta(seconds=SETTLE_SECONDS):
            return read_at + datetime.timedelta(seconds=SETTLE_SECONDS)
        return read_at + datetime.timedelta(seconds=CACHE_SECONDS)


@dataclass(frozen=True)
class _Held:
    stamp: str
    fresh_until: datetime.datetime
    value: Any


def stamp_sql() -> str:
    """The stamp's statement: the newest report update, occurrence, link and plan change (and its time)."""
    quote = connection.ops.quote_name
    report, occurrence = quote(ProgressReport._meta.db_table), quote(Occurrence._meta.db_table)
    links, change = quote(Occurrence.milestones.through._meta.db_table), quote(PlanChange._meta.db_table)
    return f"""SELECT (SELECT MAX(updated_at) FROM {report}), (SELECT MAX(recorded_at) FROM {occurrence}),
        (SELECT MAX(id) FROM {links}), (SELECT MAX(id) FROM {change}),
        (SELECT changed_at FROM {change} ORDER BY id DESC LIMIT 1)"""  # noqa: S608 (table names only)


def data_stamp() -> Stamp:
    """The stamp of the data the lights are read from: one statement of index lookups (module docstring)."""
    with connection.cursor() as cursor:
        cursor.execute(stamp_sql())
        row = cursor.fetchone()
    # The links have no time of their own: they are written with their occurrence.
    times = [moment for moment in map(_as_moment, (row[0], row[1], row[4])) if moment is not None]
    return Stamp(digest=hashlib.sha256(repr(row).encode()).hexdigest()[:16], newest=max(times, default=None))


def _held(key: str, compute: Callable[[], T]) -> T:
    """What `compute()` returns for the current stamp, from the cache when it holds it (module docstring)."""
    read_at = timezone.now()
    stamp = data_stamp()
    held = cache.get(key)
    if isinstance(held, _Held) and held.stamp == stamp.digest and read_at < held.fresh_until:
        return held.value  # type: ignore[no-any-return]
    lock = f"{key}:computing"
    if isinstance(held, _Held) and not cache.add(lock, True, LOCK_SECONDS):
        return held.value  # type: ignore[no-any-return]  # another request is computing the new ones
    try:
        value = compute()
        cache.set(key, _Held(stamp.digest, stamp.fresh_until(read_at), value), KEPT_SECONDS)
    finally:
        if isinstance(held, _Held):
            cache.delete(lock)
    return value


def _window(
    calendar: WorkCalendar | None, today: datetime.date, yellow_days: int
) -> tuple[WorkCalendar, str]:
    calendar = calendar or current_calendar()
    return calendar, f"{today}:{calendar.yellow_until(today, yellow_days)}"


def dashboard_figures(
    plan: Plan, today: datetime.date, *, calendar: WorkCalendar | None = None, yellow_days: int = YELLOW_DAYS
) -> Figures:
    """The dashboard's figures for a plan on a day: from the cache when the data has not changed."""
    calendar, window = _window(calendar, today, yellow_days)
    return _held(
        f"supervision:figures:v2:{plan.pk}:{window}", lambda: _compute(plan, today, calendar, yellow_days)
    )


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
        token=secrets.token_hex(8),
    )


def cached_items(
    plan: Plan,
    today: datetime.date,
    *,
    light: ItemLight | None = None,
    section: Section | None = None,
    unit: Unit | None = None,
    offset: int = 0,
    limit: int | None = None,
    calendar: WorkCalendar | None = None,
) -> ItemPage:
    """`rollup.light_items()` for these filters and this page, cached like the figures."""
    calendar, window = _window(calendar, today, YELLOW_DAYS)
    filters = f"{light or ''}:{section.pk if section else ''}:{unit.pk if unit else ''}:{offset}:{limit}"
    return _held(
        f"supervision:items:v1:{plan.pk}:{window}:{filters}",
        lambda: light_items(
            plan,
            today,
            light=light,
            section=section,
            unit=unit,
            calendar=calendar,
            offset=offset,
            limit=limit,
        ),
    )


def cached_html(
    figures: Figures, name: str, render: Callable[[], str], *, also: tuple[Any, ...] = ()
) -> SafeString:
    """HTML `render()` makes from `figures` (and from `also`: whatever else it shows), rendered once per
    computation of the figures. `name` names the fragment and must tell apart whatever differs by viewer;
    one entry per plan, day and name, so new figures replace the old HTML instead of piling up."""
    key = f"supervision:html:v1:{figures.plan.pk}:{figures.today}:{name}"
    version = (figures.token, also)
    held = cache.get(key)
    if isinstance(held, tuple) and len(held) == 2 and held[0] == version:
        return mark_safe(held[1])  # noqa: S308 (HTML our own template rendered)
    html = render()
    cache.set(key, (version, str(html)), CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (HTML our own template rendered)
