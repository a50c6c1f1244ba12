"""Working days (工作日): the arrangement the office entered for a year, else the chinese-calendar package,
else Monday to Friday.

The State Council publishes each year's holiday arrangement (holidays and the 调休 weekends worked in
their place) in the autumn before; the `chinese-calendar` package follows with a release some time later
and its data ends with 2026. An office that enters a year's arrangement in the platform overrides the
package for that year. A year neither knows falls back to weekends, and `source()` says so, so that the
pages can warn instead of silently guessing. This module is plain Python: loading the entered years
from the database is `dudao.workdays.services.current_calendar()`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import chinese_calendar

Source = Literal["entered", "package", "weekends"]

_ONE_DAY = datetime.timedelta(days=1)


def _package_is_workday(day: datetime.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # the package has no data for this year
        return None


@dataclass(frozen=True)
class WorkCalendar:
    """`entered` maps a year to the days whose status differs from Mon–Fri in that year's arrangement:
    {date: True} for a 调休 weekend worked, {date: False} for a weekday off. A year present in `entered`
    follows it entirely (an empty mapping means "no holidays that year"); others follow the package."""

    entered: Mapping[int, Mapping[datetime.date, bool]] = field(default_factory=dict)

    def source(self, year: int) -> Source:
        if year in self.entered:
            return "entered"
        if _package_is_workday(datetime.date(year, 1, 5)) is not None:
            return "package"
        return "weekends"

    def is_working_day(self, day: datetime.date) -> bool:
        year = self.entered.get(day.year)
        if year is not None:
            return year.get(day, day.weekday() < 5)
        known = _package_is_workday(day)
        return known if known is not None else day.weekday() < 5

    def working_days(self, start: datetime.date, end: datetime.date) -> int:
        """Working days from `start` through `end`, both counted; 0 when `end` is before `start`."""
        counted = 0
        day = start
        while day <= end:
            counted += self.is_working_day(day)
            day += _ONE_DAY
        return counted

    def due_within(self, today: datetime.date, due: datetime.date, working_days: int) -> bool:
        """True when at most `working_days` working days remain from today through the due date, both
        counted (or the date has passed). Same answer as `due <= yellow_until(today, working_days)`,
        which stops after `working_days` working days however far away the due date is."""
        return due < today or due <= self.yellow_until(today, working_days)

    def yellow_until(self, today: datetime.date, working_days: int) -> datetime.date:
        """The last due date still within `working_days` working days of today: a milestone due on or
        before it (and not before today) is in its yellow window. One date per day, so that a query can
        compare due dates with it instead of counting working days row by row."""
        counted = 0
        day = today
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted > working_days:
                    return day - _ONE_DAY
            day += _ONE_DAY

    def add_working_days(self, start: datetime.date, working_days: int) -> datetime.date:
        """The `working_days`-th working day after `start` (start itself not counted)."""
        day = start
        remaining = working_days
        while remaining > 0:
            day += _ONE_DAY
            remaining -= self.is_working_day(day)
        return day

    def fallback_years(self, start: datetime.date, end: datetime.date) -> list[int]:
        """The years between two dates that only Mon–Fri covers: what a page should warn about."""
        return [year for year in range(start.year, end.year + 1) if self.source(year) == "weekends"]


PACKAGE_ONLY = WorkCalendar()
