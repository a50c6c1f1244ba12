"""WorkCalendar: an entered year, else the chinese-calendar package, else Monday to Friday."""

from __future__ import annotations

import datetime

from dudao.workdays.calendar import PACKAGE_ONLY, WorkCalendar

D = datetime.date

# 2027 as the office might enter it: the Spring Festival 5–13 February off, Saturday 20 February worked.
SPRING_2027 = {
    **{D(2027, 2, day): False for day in range(5, 14)},
    D(2027, 2, 20): True,
}
ENTERED = WorkCalendar(entered={2027: SPRING_2027})


def test_adjusted_working_weekends_count_as_working_days() -> None:
    """29 and 30 September 2018 (Saturday, Sunday) were worked before the National Day holiday."""
    assert PACKAGE_ONLY.is_working_day(D(2018, 9, 29))
    assert PACKAGE_ONLY.is_working_day(D(2018, 9, 30))
    assert not PACKAGE_ONLY.is_working_day(D(2018, 10, 1))
    assert not PACKAGE_ONLY.is_working_day(D(2018, 6, 18))  # Dragon Boat Festival, a Monday
    # From Saturday 29 September to Monday 8 October: 29, 30 and 8 are working days.
    assert not PACKAGE_ONLY.due_within(D(2018, 9, 29), D(2018, 10, 8), 2)
    assert PACKAGE_ONLY.due_within(D(2018, 9, 29), D(2018, 10, 8), 3)


def test_the_seventh_tasks_yellow_window_skips_the_dragon_boat_holiday() -> None:
    assert PACKAGE_ONLY.due_within(D(2018, 6, 15), D(2018, 7, 1), 10)
    assert not PACKAGE_ONLY.due_within(D(2018, 6, 14), D(2018, 7, 1), 10)
    assert PACKAGE_ONLY.yellow_until(D(2018, 6, 15), 10) == D(2018, 7, 1)  # Sunday 1 July: next is Monday 2
    assert PACKAGE_ONLY.due_within(D(2018, 7, 2), D(2018, 7, 1), 10)  # passed


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday() -> None:
    assert PACKAGE_ONLY.source(2027) == "weekends"
    assert PACKAGE_ONLY.is_working_day(D(2027, 1, 4))  # Monday
    assert not PACKAGE_ONLY.is_working_day(D(2027, 1, 2))  # Saturday
    assert not PACKAGE_ONLY.is_working_day(D(2027, 2, 20))
    assert PACKAGE_ONLY.is_working_day(D(2027, 2, 8))
    assert PACKAGE_ONLY.fallback_years(D(2026, 6, 1), D(2028, 1, 1)) == [2027, 2028]


def test_an_entered_year_overrides_the_package_and_weekends() -> None:
    assert ENTERED.source(2027) == "entered"
    assert not ENTERED.is_working_day(D(2027, 2, 8))  # Monday in the Spring Festival
    assert ENTERED.is_working_day(D(2027, 2, 20))  # the 调休 Saturday
    assert not ENTERED.is_working_day(D(2027, 2, 21))  # other weekends stay off
    assert ENTERED.is_working_day(D(2027, 3, 1))  # other weekdays stay on
    assert ENTERED.fallback_years(D(2027, 1, 1), D(2027, 12, 31)) == []
    # It also overrides a year the package knows: an entered 2026 with no holidays at all.
    assert WorkCalendar(entered={2026: {}}).is_working_day(D(2026, 10, 1))
    assert not PACKAGE_ONLY.is_working_day(D(2026, 10, 1))


def test_the_yellow_window_skips_entered_holidays_and_counts_the_worked_saturday() -> None:
    # Due Friday 19 February 2027: ten working days back reach Friday 29 January over the holiday.
    assert ENTERED.working_days(D(2027, 1, 29), D(2027, 2, 19)) == 10
    assert ENTERED.due_within(D(2027, 1, 29), D(2027, 2, 19), 10)
    assert not PACKAGE_ONLY.due_within(D(2027, 1, 29), D(2027, 2, 19), 10)  # Mon–Fri counts 16
    # Due Friday 26 February: Saturday 20 February counts, so the window opens on the 16th, not the 15th.
    assert ENTERED.due_within(D(2027, 2, 16), D(2027, 2, 26), 10)
    assert not ENTERED.due_within(D(2027, 2, 15), D(2027, 2, 26), 10)
    assert PACKAGE_ONLY.due_within(D(2027, 2, 15), D(2027, 2, 26), 10)


def test_yellow_until_agrees_with_due_within() -> None:
    for calendar in (ENTERED, PACKAGE_ONLY):
        for offset in range(60):
            today = D(2027, 1, 20) + datetime.timedelta(days=offset)
            last = calendar.yellow_until(today, 10)
            assert calendar.due_within(today, last, 10)
            assert not calendar.due_within(today, last + datetime.timedelta(days=1), 10)


def test_add_working_days_steps_over_the_holiday() -> None:
    assert ENTERED.add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 15)
    assert ENTERED.add_working_days(D(2027, 2, 19), 1) == D(2027, 2, 20)
    assert PACKAGE_ONLY.add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 5)
    assert ENTERED.add_working_days(D(2027, 2, 4), 0) == D(2027, 2, 4)
