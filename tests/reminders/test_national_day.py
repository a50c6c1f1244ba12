"""Reminders around the National Day holiday of 2018 (1–7 October), with its 调休 weekend (29–30 September).

The 10-working-day window of a milestone due Wednesday 17 October opens on Saturday 29 September, a
working day in 2018; the holiday sends nothing; a quarterly obligation (每季度至少一次) that ends
Sunday 30 September short of its count goes red and is reminded on the first working day after the
holiday, Monday 8 October.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from dudao.plans.models import Assignment, Milestone, Task
from dudao.reminders.models import Notification, Reminder
from dudao.reports.models import Occurrence
from tests.factories import make_task

pytestmark = pytest.mark.django_db

Scan = Callable[[str], object]


@pytest.fixture
def autumn(cast: dict) -> dict[str, Milestone]:
    """Unit A alone carries two tasks: a report due 17 October and a Q3 study session (at least one)."""
    Milestone.objects.all().delete()
    Assignment.objects.filter(unit=cast["unit_b"]).delete()
    report_task: Task = cast["task"]
    deadline = Milestone.objects.create(
        task=report_task, kind=Milestone.Kind.DEADLINE, text="10月17日前", label="三季度报告",
        due=datetime.date(2018, 10, 17),
    )  # fmt: skip
    study = make_task(cast["plan"], number="(二)", title="领导干部学法", lead=cast["unit_a"])
    study.milestones.all().delete()
    quarter = Milestone.objects.create(
        task=study, kind=Milestone.Kind.PERIODIC, text="每季度至少一次", label="2018年第三季度",
        period_start=datetime.date(2018, 7, 1), due=datetime.date(2018, 9, 30), min_count=1,
    )  # fmt: skip
    return {"deadline": deadline, "quarter": quarter}


def sent(milestone: Milestone) -> list[tuple[str, str]]:
    return [(r.sent_on.isoformat(), r.kind) for r in milestone.reminders.order_by("sent_on")]


def test_the_window_opens_on_the_adjusted_working_saturday(autumn: dict, scan: Scan) -> None:
    assert scan("2018-09-28").due_soon == 1  # type: ignore[attr-defined]  # the quarter's, since 18 Sept
    assert sent(autumn["deadline"]) == []

    summary = scan("2018-09-29")  # Saturday, worked in place of a holiday

    assert summary.working_day  # type: ignore[attr-defined]
    assert sent(autumn["deadline"]) == [("2018-09-29", "due_soon")]
    letter = Notification.objects.get(
        kind="reminder.due_soon", subject__contains="三季度报告", recipient__username="liaison_a"
    )
    assert "距截止还有 18 天（含今日 10 个工作日）" in letter.body


def test_the_quarter_was_reminded_when_its_own_window_opened(autumn: dict, scan: Scan) -> None:
    assert scan("2018-09-17").due_soon == 0  # type: ignore[attr-defined]
    scan("2018-09-18")

    assert sent(autumn["quarter"]) == [("2018-09-18", "due_soon")]


def test_the_holiday_sends_nothing_and_the_short_quarter_is_reminded_on_8_october(
    autumn: dict, scan: Scan
) -> None:
    scan("2018-09-29")
    scan("2018-09-30")  # Sunday, also worked: the quarter's last day, still not overdue
    assert sent(autumn["quarter"]) == [("2018-09-29", "due_soon")]

    for day in range(1, 8):
        summary = scan(f"2018-10-0{day}")
        assert not summary.working_day  # type: ignore[attr-defined]
    assert not Reminder.objects.filter(sent_on__range=("2018-10-01", "2018-10-07")).exists()

    summary = scan("2018-10-08")

    assert (summary.due_soon, summary.overdue) == (0, 1)  # type: ignore[attr-defined]
    assert sent(autumn["quarter"]) == [("2018-09-29", "due_soon"), ("2018-10-08", "overdue")]
    letter = Notification.objects.get(kind="reminder.overdue", recipient__username="head_a")
    assert letter.subject == "【逾期催办】(二)领导干部学法：2018年第三季度"
    assert "截止于2018年9月30日，已逾期 8 天，尚未完成" in letter.body


def test_a_quarter_with_its_study_session_held_is_not_reminded(autumn: dict, cast: dict, scan: Scan) -> None:
    session = Occurrence.objects.create(
        unit=cast["unit_a"], kind=Occurrence.Kind.STUDY_SESSION, held_on=datetime.date(2018, 9, 20),
        title="宪法专题学习", recorded_by=cast["liaison_a"],
    )  # fmt: skip
    session.milestones.add(autumn["quarter"])

    scan("2018-10-08")

    assert sent(autumn["quarter"]) == []


def test_a_year_the_office_entered_decides_the_working_days(autumn: dict, cast: dict, scan: Scan) -> None:
    """2027's arrangement is not in the package; the office enters it, and the scan follows it."""
    from dudao.workdays.services import Day, save_year

    autumn["deadline"].due = datetime.date(2027, 10, 15)
    autumn["deadline"].save()
    cast["plan"].year = 2027
    cast["plan"].save()
    national_day = [Day(datetime.date(2027, 10, d), False, "国庆节") for d in range(1, 8)]
    save_year(
        2027,
        [*national_day, Day(datetime.date(2027, 9, 26), True, "国庆节调休上班")],
        by=cast["office_admin"],
    )

    monday_off = scan("2027-10-04")  # a Monday, but a holiday the office entered
    assert (monday_off.working_day, Reminder.objects.count()) == (False, 0)  # type: ignore[attr-defined]
    sunday_worked = scan("2027-09-26")  # a Sunday, worked: the long-overdue quarter is reminded
    assert sunday_worked.working_day  # type: ignore[attr-defined]
    assert sent(autumn["quarter"]) == [("2027-09-26", "overdue")]
