"""The working-day calendar the platform uses, and the office's writes to it.

`current_calendar()` is what every status light, reminder and rollup asks: the years the office entered
override the `chinese_calendar` package, which overrides Monday to Friday. It is cached in Django's
cache (shared by every process), and `save_year`/`delete_year` drop the cached copy, both at once and
when their transaction commits, so no process keeps an old arrangement once the office has changed it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from dudao.audit.services import record
from dudao.workdays.calendar import WorkCalendar
from dudao.workdays.models import HolidayDay, HolidayYear

CACHE_KEY = "workdays:calendar:v1"
CACHE_SECONDS = 24 * 60 * 60  # a safety net only: saves and deletes invalidate at once
NAME_MAX = 40


@dataclass(frozen=True)
class Day:
    """One day of an arrangement to save: a holiday (is_workday False) or a 调休 working weekend."""

    date: datetime.date
    is_workday: bool
    name: str


def _entered() -> dict[int, dict[datetime.date, bool]]:
    entered: dict[int, dict[datetime.date, bool]] = {
        year: {} for year in HolidayYear.objects.values_list("year", flat=True)
    }
    for year, date, is_workday in HolidayDay.objects.values_list("year_id", "date", "is_workday"):
        entered[year][date] = is_workday
    return entered


def current_calendar() -> WorkCalendar:
    """The calendar with every year the office entered: one cache read, or two queries on a miss."""
    entered = cache.get(CACHE_KEY)
    if entered is None:
        entered = _entered()
        cache.set(CACHE_KEY, entered, CACHE_SECONDS)
    return WorkCalendar(entered=entered)


def invalidate() -> None:
    cache.delete(CACHE_KEY)


def _invalidate_now_and_on_commit() -> None:
    # Now, for this process's next read inside the transaction; on commit, in case another process
    # cached the old arrangement while the transaction was open.
    invalidate()
    transaction.on_commit(invalidate)


def validate_days(year: int, days: Iterable[Day]) -> list[Day]:
    """The days sorted, each checked: in the year, a name, a date once, a worked day on a weekend."""
    checked: dict[datetime.date, Day] = {}
    problems: list[str] = []
    for day in days:
        label = f"{day.date.year}年{day.date.month}月{day.date.day}日"
        if day.date.year != year:
            problems.append(f"{label}不在{year}年内")
        elif day.date in checked:
            problems.append(f"{label}重复")
        elif not day.name.strip() or len(day.name.strip()) > NAME_MAX:
            problems.append(f"{label}的名称应为1至{NAME_MAX}个字")
        elif day.is_workday and day.date.weekday() < 5:
            problems.append(f"{label}是周一至周五，本来就是工作日，不必录入为调休上班")
        else:
            checked[day.date] = Day(day.date, day.is_workday, day.name.strip())
    if problems:
        raise ValidationError(problems)
    return sorted(checked.values(), key=lambda day: day.date)


def _as_changes(days: Iterable[Day]) -> list[str]:
    return [f"{day.date:%Y-%m-%d} {'上班' if day.is_workday else '放假'} {day.name}" for day in days]


def save_year(
    year: int,
    days: Iterable[Day],
    *,
    notice_title: str = "",
    doc_number: str = "",
    by: Any,
    request: HttpRequest | None = None,
) -> HolidayYear:
    """Enter or replace `year`'s arrangement: its days become exactly `days`. One transaction, audited
    as `workdays.save` with the days before and after."""
    checked = validate_days(year, days)
    with transaction.atomic():
        holiday_year = HolidayYear.objects.select_for_update().filter(year=year).first()
        before: list[str] = []
        if holiday_year is None:
            holiday_year = HolidayYear.objects.create(
                year=year, notice_title=notice_title, doc_number=doc_number, entered_by=by
            )
        else:
            before = _as_changes(Day(d.date, d.is_workday, d.name) for d in holiday_year.days.all())
            holiday_year.notice_title, holiday_year.doc_number = notice_title, doc_number
            holiday_year.entered_by = by
            holiday_year.save()
            holiday_year.days.all().delete()
        HolidayDay.objects.bulk_create(
            HolidayDay(year=holiday_year, date=day.date, is_workday=day.is_workday, name=day.name)
            for day in checked
        )
        holidays = sum(not day.is_workday for day in checked)
        record(
            by,
            "workdays.save",
            holiday_year,
            summary=f"录入{year}年节假日安排：放假{holidays}天，调休上班{len(checked) - holidays}天"
            + (f"（{doc_number or notice_title}）" if doc_number or notice_title else ""),
            changes={"before": before, "after": _as_changes(checked)},
            request=request,
        )
        _invalidate_now_and_on_commit()
    return holiday_year


def delete_year(year: int, *, by: Any, request: HttpRequest | None = None) -> bool:
    """Remove `year`'s entered arrangement, so the package (or Mon–Fri) applies again. Audited as
    `workdays.delete`; False when the year was not entered."""
    with transaction.atomic():
        holiday_year = HolidayYear.objects.select_for_update().filter(year=year).first()
        if holiday_year is None:
            return False
        before = _as_changes(Day(d.date, d.is_workday, d.name) for d in holiday_year.days.all())
        record(
            by,
            "workdays.delete",
            holiday_year,
            summary=f"删除{year}年节假日安排",
            changes={"before": before},
            request=request,
        )
        holiday_year.delete()
        _invalidate_now_and_on_commit()
    return True


def days_of(holiday_year: HolidayYear | None) -> list[Day]:
    if holiday_year is None:
        return []
    return [Day(d.date, d.is_workday, d.name) for d in holiday_year.days.all()]


def entered_years() -> Mapping[int, HolidayYear]:
    return {y.year: y for y in HolidayYear.objects.select_related("entered_by")}
