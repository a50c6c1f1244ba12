"""current_calendar(), save_year(), delete_year(): the calendar the platform uses and the office's writes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dudao.audit.models import AuditEvent
from dudao.plans.models import Milestone
from dudao.supervision.lights import assignment_lights
from dudao.workdays import services
from dudao.workdays.models import HolidayDay, HolidayYear
from dudao.workdays.services import Day, current_calendar
from tests.factories import make_plan, make_task

D = datetime.date


def test_precedence_entered_then_package_then_weekends(entered_2027: HolidayYear) -> None:
    calendar = current_calendar()

    assert calendar.source(2027) == "entered"
    assert calendar.source(2026) == "package"
    assert calendar.source(2028) == "weekends"
    assert not calendar.is_working_day(D(2027, 2, 8))  # entered: Spring Festival
    assert calendar.is_working_day(D(2027, 2, 20))  # entered: 调休 Saturday
    assert not calendar.is_working_day(D(2026, 2, 16))  # package: Spring Festival 2026
    assert calendar.is_working_day(D(2028, 1, 31))  # weekends: a Monday


def test_an_entered_year_overrides_the_package(people: dict[str, Any]) -> None:
    """An office correcting a year the package knows: 2026 entered with National Day moved (made up)."""
    services.save_year(2026, [Day(D(2026, 10, 8), False, "国庆节")], by=people["office_admin"])

    calendar = current_calendar()
    assert not calendar.is_working_day(D(2026, 10, 8))
    assert calendar.is_working_day(D(2026, 10, 1))  # the package's holiday no longer applies


def test_the_cache_is_read_once_and_dropped_on_save_and_delete(
    people: dict[str, Any], django_assert_num_queries: Any
) -> None:
    office = people["office_admin"]
    assert current_calendar().source(2027) == "weekends"
    with django_assert_num_queries(1):  # the cache alone
        assert current_calendar().source(2027) == "weekends"

    services.save_year(2027, [Day(D(2027, 2, 8), False, "春节")], by=office)
    assert current_calendar().source(2027) == "entered"
    assert not current_calendar().is_working_day(D(2027, 2, 8))

    services.save_year(2027, [Day(D(2027, 2, 9), False, "春节")], by=office)
    assert current_calendar().is_working_day(D(2027, 2, 8))

    services.delete_year(2027, by=office)
    assert current_calendar().source(2027) == "weekends"


def test_the_cache_is_dropped_again_when_the_save_commits(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.save_year(2027, [Day(D(2027, 2, 8), False, "春节")], by=people["office_admin"])
    cache.set(services.CACHE_KEY, {})  # another process cached the old calendar meanwhile

    for callback in callbacks:
        callback()

    assert current_calendar().source(2027) == "entered"


def test_save_year_replaces_the_days_and_is_audited(
    entered_2027: HolidayYear, people: dict[str, Any]
) -> None:
    assert entered_2027.days.count() == 33
    assert entered_2027.doc_number == "国办发明电〔2026〕9号"
    first = AuditEvent.objects.get(event="workdays.save")
    assert first.summary == "录入2027年节假日安排：放假29天，调休上班4天（国办发明电〔2026〕9号）"
    assert first.changes["before"] == []
    assert "2027-02-20 上班 春节调休上班" in first.changes["after"]

    services.save_year(2027, [Day(D(2027, 2, 8), False, "春节")], by=people["office_admin"], doc_number="x")

    assert list(HolidayDay.objects.values_list("date", flat=True)) == [D(2027, 2, 8)]
    assert HolidayYear.objects.count() == 1
    second = AuditEvent.objects.filter(event="workdays.save").latest("pk")
    assert len(second.changes["before"]) == 33
    assert second.changes["after"] == ["2027-02-08 放假 春节"]
    assert second.actor == people["office_admin"]


def test_delete_year_is_audited(entered_2027: HolidayYear, people: dict[str, Any]) -> None:
    assert services.delete_year(2027, by=people["office_admin"])
    assert not services.delete_year(2027, by=people["office_admin"])  # nothing left to delete

    assert not HolidayYear.objects.exists() and not HolidayDay.objects.exists()
    event = AuditEvent.objects.get(event="workdays.delete")
    assert event.summary == "删除2027年节假日安排"
    assert len(event.changes["before"]) == 33


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (Day(D(2028, 1, 1), False, "元旦"), "2028年1月1日不在2027年内"),
        (Day(D(2027, 2, 8), True, "调休"), "2027年2月8日是周一至周五，本来就是工作日"),
        (Day(D(2027, 2, 8), False, " "), "2027年2月8日的名称应为1至40个字"),
    ],
)
def test_save_year_refuses_days_that_cannot_be(people: dict[str, Any], day: Day, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_year(2027, [day], by=people["office_admin"])

    assert message in " ".join(refused.value.messages)
    assert not HolidayYear.objects.exists() and not AuditEvent.objects.exists()


def test_the_database_keeps_each_day_in_its_year(entered_2027: HolidayYear) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        HolidayDay.objects.create(year=entered_2027, date=D(2028, 1, 3), is_workday=False, name="错年")


def test_due_dates_follow_the_entered_2027_arrangement(people: dict[str, Any]) -> None:
    """SCENARIOS §7: 2027's holidays are not in the package; the office enters them, due dates follow."""
    plan = make_plan(people["office_admin"], year=2027, title="2027年度法治政府建设工作安排")
    task = make_task(plan, lead=people["unit_a"])
    Milestone.objects.filter(task=task).update(due=D(2027, 2, 19), label="2027-02-19")
    assignments = list(task.assignments.select_related("task"))

    def light_on(today: D) -> str:
        return assignment_lights(assignments, today)[assignments[0].pk][0].light

    assert light_on(D(2027, 2, 5)) == "green"  # Mon–Fri: 11 working days 5–19 February
    services.save_year(
        2027,
        [
            *(Day(D(2027, 2, n), False, "春节") for n in range(5, 14)),
            Day(D(2027, 2, 20), True, "春节调休上班"),
        ],
        by=people["office_admin"],
    )
    # The entered holiday is skipped: ten working days back from 19 February reach Friday 29 January.
    assert light_on(D(2027, 1, 29)) == "yellow"
    assert light_on(D(2027, 1, 28)) == "green"
    # And the 调休 Saturday counts: due Friday 26 February, the window opens on the 16th.
    Milestone.objects.filter(task=task).update(due=D(2027, 2, 26))
    assert light_on(D(2027, 2, 16)) == "yellow"
    assert light_on(D(2027, 2, 15)) == "green"
    services.delete_year(2027, by=people["office_admin"])
    assert light_on(D(2027, 2, 15)) == "yellow"  # back to Mon–Fri
