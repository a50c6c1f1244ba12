"""From a task's time requirements to the milestones publication creates: pure functions, no database.

The parser says *what* a notice asks (`今年7月1日前`, `每季度至少一次`, `全年不少于4次`, `待…出台后`); this
module says *when* that is due in the plan year. A deadline is one milestone; a recurring obligation
is one milestone per period of the plan year; an annual quota is one count checked at year end; an
event waits, dormant, until the office activates it. Periods that ended before the notice was issued
are kept but marked not applicable, so a plan published in April never starts with a red first quarter.
Vague phrases (`定期`) and quantity targets produce nothing: no date is invented.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# The values of `Milestone.Kind`; kept here as strings so this module needs no Django.
DEADLINE = "deadline"
START = "start"
PERIODIC = "periodic"
QUOTA = "quota"
EVENT = "event"
ONGOING = "ongoing"

_QUARTER_NAMES = "一二三四"
_QUARTER_RE = re.compile(r"第([一二三四1-4])季度?")
_HALF_RE = re.compile(r"(上|下)半年")
# A phrase's clause runs to the next comma, semicolon or full stop outside brackets, or to the
# bracket that closes around it: 每年第一季度部署…重点工作, 讲座(每半年至少一次).
_CLAUSE_ENDS = frozenset("，,；;。！？!?\n")
_OPENERS, _CLOSERS = "(（《“", ")）》”"
_CLAUSE_MAX = 80


@dataclass(frozen=True, slots=True)
class MilestoneSpec:
    """One milestone to create: what the notice printed (`text`), the period's name (`label`), dates."""

    kind: str
    text: str
    label: str
    period_start: date | None = None
    due: date | None = None
    min_count: int | None = None
    applicable: bool = True  # False: the period ended before the notice was issued
    active: bool = True  # False: an event that has not happened yet


def milestone_specs(
    requirements: Iterable[Mapping[str, Any]],
    *,
    year: int,
    issued_on: date | None,
    source: str | None = None,
) -> list[MilestoneSpec]:
    """The milestones for one task's `time_requirements` (the parser's JSON) in a plan of `year`.

    `issued_on` is the notice's date: periods and deadlines before it are not applicable. With the
    notice's prepared `source` text, each milestone's text is the phrase's whole clause
    (`每年第一季度部署法治政府建设年度重点工作`), which tells apart three `每年第一季度` in one task.
    """
    out: list[MilestoneSpec] = []
    for requirement in requirements:
        text = _clause(requirement, source)
        out.extend(_specs(requirement, text, year, issued_on))
    return out


def _specs(req: Mapping[str, Any], text: str, year: int, issued_on: date | None) -> Iterator[MilestoneSpec]:
    kind = req.get("kind")
    if kind == "deadline":
        due = _iso(req.get("due"))
        if due is not None:  # an unresolved date stays a note on the review screen
            yield MilestoneSpec(
                DEADLINE, text, f"{_cn_date(due)}前", due=due, applicable=_open(due, issued_on)
            )
    elif kind == "start":
        start = _iso(req.get("from"))
        if start is not None:
            yield MilestoneSpec(START, text, f"{_cn_date(start)}起", period_start=start)
    elif kind == "recurring":
        yield from _recurring(req, text, year, issued_on)
    elif kind == "event":
        yield MilestoneSpec(EVENT, text, "待事件发生后启动", active=False)
    elif kind == "ongoing":
        yield MilestoneSpec(ONGOING, text, "长期坚持", period_start=date(year, 1, 1))
    # vague and target: kept as text on the task, no milestone


def _recurring(
    req: Mapping[str, Any], text: str, year: int, issued_on: date | None
) -> Iterator[MilestoneSpec]:
    period = req.get("period")
    count = req.get("min_count")
    periods = {"quarter": _quarters, "half_year": _halves, "month": _months, "week": _weeks}
    if period in periods:
        for label, start, end in periods[period](year):
            yield MilestoneSpec(
                PERIODIC, text, label, start, end, count or 1, applicable=_open(end, issued_on)
            )
    elif period == "year":
        yield from _yearly(req, text, year, issued_on, count)


def _yearly(
    req: Mapping[str, Any], text: str, year: int, issued_on: date | None, count: int | None
) -> Iterator[MilestoneSpec]:
    """`全年不少于4次` is a quota; `每年第一季度` falls due in that quarter of this year and the next
    (the annual report on 2018 is due in the first quarter of 2019); `年审` once in the year."""
    phrase = str(req.get("text", ""))
    quarter = _QUARTER_RE.search(phrase)
    half = _HALF_RE.search(phrase)
    if quarter is not None or half is not None:
        for y in (year, year + 1):
            if quarter is not None:
                q = _quarter_number(quarter.group(1))
                label, start, end = _quarters(y)[q - 1]
            else:
                label, start, end = _halves(y)[0 if half and half.group(1) == "上" else 1]
            yield MilestoneSpec(
                PERIODIC, text, label, start, end, count or 1, applicable=_open(end, issued_on)
            )
    elif count is not None:
        end = date(year, 12, 31)
        yield MilestoneSpec(
            QUOTA,
            text,
            f"{year}年全年（不少于{count}次）",
            date(year, 1, 1),
            end,
            count,
            _open(end, issued_on),
        )
    else:
        end = date(year, 12, 31)
        yield MilestoneSpec(PERIODIC, text, f"{year}年度", date(year, 1, 1), end, 1, _open(end, issued_on))


def _quarters(year: int) -> list[tuple[str, date, date]]:
    return [
        (f"{year}年第{_QUARTER_NAMES[q]}季度", date(year, 3 * q + 1, 1), _month_end(year, 3 * q + 3))
        for q in range(4)
    ]


def _halves(year: int) -> list[tuple[str, date, date]]:
    return [
        (f"{year}年上半年", date(year, 1, 1), date(year, 6, 30)),
        (f"{year}年下半年", date(year, 7, 1), date(year, 12, 31)),
    ]


def _months(year: int) -> list[tuple[str, date, date]]:
    return [(f"{year}年{m}月", date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]


def _weeks(year: int) -> list[tuple[str, date, date]]:
    """ISO weeks of the year (Monday to Sunday); week 1 may start in late December."""
    weeks = date(year, 12, 28).isocalendar().week  # 28 December always lies in the year's last week
    out = []
    for week in range(1, weeks + 1):
        monday = date.fromisocalendar(year, week, 1)
        out.append((f"{year}年第{week}周", monday, monday + timedelta(days=6)))
    return out


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_number(value: str) -> int:
    return int(value) if value.isdigit() else _QUARTER_NAMES.index(value) + 1


def _open(end: date, issued_on: date | None) -> bool:
    """Whether a period (or deadline) ending on `end` was still open on the day the notice was issued."""
    return issued_on is None or end >= issued_on


def _iso(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _clause(req: Mapping[str, Any], source: str | None) -> str:
    """The phrase and the rest of its clause, or just the phrase when the source is not at hand."""
    phrase = str(req.get("text", ""))
    span = req.get("span")
    if source is None or not span or source[span[0] : span[1]] != phrase:
        return phrase
    depth = 0
    end = span[1]
    for char in source[span[1] : span[0] + _CLAUSE_MAX]:
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            if depth == 0:
                break
            depth -= 1
        elif char in _CLAUSE_ENDS and depth == 0:
            break
        end += 1
    return source[span[0] : end]
