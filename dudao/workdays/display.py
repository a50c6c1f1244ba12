"""What the calendar pages show of a year: its arranged days from whichever source has them, grouped
into runs (春节 2月15日至23日), and a month grid. Reads only; no Django models here."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from chinese_calendar.constants import Holiday
from chinese_calendar.constants import holidays as package_holidays
from chinese_calendar.constants import workdays as package_workdays

from dudao.workdays.services import Day

_PACKAGE_NAMES = {holiday.value: holiday.chinese for holiday in Holiday}
_PACKAGE_NAMES[Holiday.tomb_sweeping_day.value] = "清明节"
_PACKAGE_NAMES[Holiday.dragon_boat_festival.value] = "端午节"
_PACKAGE_NAMES[Holiday.mid_autumn_festival.value] = "中秋节"

CellKind = Literal["holiday", "workday", "weekend", "", "pad"]


def package_days(year: int) -> list[Day]:
    """The package's arrangement for a year it knows, named as the notice names the holidays."""
    days = [
        Day(date, False, _PACKAGE_NAMES.get(name, name))
        for date, name in package_holidays.items()
        if date.year == year
    ]
    days += [
        Day(date, True, _PACKAGE_NAMES.get(name, name) + "调休上班")
        for date, name in package_workdays.items()
        if date.year == year
    ]
    return sorted(days, key=lambda day: day.date)


class DayLike(Protocol):
    @property
    def date(self) -> datetime.date: ...
    @property
    def is_workday(self) -> bool: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class Run:
    name: str
    is_workday: bool
    days: tuple[datetime.date, ...]
    line: int | None = None  # where the notice said so, for a preview

    @property
    def first(self) -> datetime.date:
        return self.days[0]

    @property
    def last(self) -> datetime.date:
        return self.days[-1]


def runs(days: Sequence[DayLike]) -> list[Run]:
    """Holidays as consecutive runs of one name; each worked weekend on its own."""
    grouped: list[Run] = []
    for day in sorted(days, key=lambda d: d.date):
        previous = grouped[-1] if grouped else None
        if (
            previous is not None
            and not day.is_workday
            and not previous.is_workday
            and previous.name == day.name
            and previous.last + datetime.timedelta(days=1) == day.date
        ):
            grouped[-1] = Run(previous.name, False, (*previous.days, day.date), previous.line)
        else:
            grouped.append(Run(day.name, day.is_workday, (day.date,), getattr(day, "line", None)))
    return grouped


@dataclass(frozen=True)
class Cell:
    date: datetime.date | None
    kind: CellKind
    name: str = ""


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Cell]]


def months(year: int, days: list[Day]) -> list[Month]:
    """Twelve month grids, Monday first: each day a holiday, a worked weekend, a weekend or a workday."""
    arranged = {day.date: day for day in days}
    grids = []
    for number in range(1, 13):
        weeks_out: list[list[Cell]] = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, number):
            row: list[Cell] = []
            for date in week:
                if date.month != number:
                    row.append(Cell(None, "pad"))
                elif date in arranged:
                    day = arranged[date]
                    row.append(Cell(date, "workday" if day.is_workday else "holiday", day.name))
                else:
                    row.append(Cell(date, "weekend" if date.weekday() >= 5 else ""))
            weeks_out.append(row)
        grids.append(Month(number, weeks_out))
    return grids
