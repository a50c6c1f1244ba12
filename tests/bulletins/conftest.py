"""The third quarter of 2018 on a hand-built plan, and bulletins made from it.

The plan (the shared cast's, 2018) with three tasks:
- (一) section 一, due 1 July: 市编办 approved on 20 June (early, but before the quarter);
  市工商局 never reported — overdue 91 days on 30 September.
- (二) section 二, due 30 November: 市编办 approved on 15 August (early, within the quarter);
  市工商局 and 西平县 have not reported yet (green).
- (三) section 二, due 1 September: 西平县 approved on 10 September (done, late); 市工商局's report
  was returned on 20 August — red, 29 days late on 30 September.
Supervision orders: 〔2018〕第1号 to 市工商局 on (一), answer due 20 July, never answered (escalated);
第2号 to 西平县 on (三), answer due 15 October (open); 第3号, closed (not reported).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from dudao.bulletins import services
from dudao.bulletins.models import Bulletin
from dudao.orders.models import OrderStatus, SupervisionOrder
from dudao.plans.models import Assignment, Milestone, Section, Task
from dudao.reports.services import approve_report, return_report, save_report, submit_report

D = datetime.date
Q3 = (D(2018, 7, 1), D(2018, 9, 30))
# When the office generates the Q3 bulletin: the first working day after the National Day holiday.
GENERATED_ON = datetime.datetime(2018, 10, 8, 9, 30, tzinfo=datetime.UTC)


def at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC))


def _report(liaison: Any, head: Any, milestone: Milestone, day: datetime.date, outcome: str) -> None:
    assignment = Assignment.objects.get(task=milestone.task, unit=liaison.unit)
    with at(day):
        report = submit_report(
            save_report(assignment, milestone=milestone, body="已办理。", evidence=[], by=liaison), by=liaison
        )
        if outcome == "approved":
            approve_report(report, by=head)
        else:
            return_report(report, by=head, reason="请补充佐证材料。")


def _task(plan: Any, section: Section, order: int, number: str, title: str, due: datetime.date) -> Task:
    task = Task.objects.create(plan=plan, section=section, number=number, order=order, title=title)
    Milestone.objects.create(task=task, kind="deadline", text="原文", label=due.isoformat(), due=due)
    return task


def _order(people: dict, number: int, unit: Any, task: Task, due: datetime.date, status: str) -> None:
    SupervisionOrder.objects.create(
        year=2018, number=number, unit=unit, task=task, reason="任务逾期未完成。", response_due=due,
        status=status, issued_by=people["office_admin"], issued_at=datetime.datetime(2018, 7, 10, 2, tzinfo=datetime.UTC),
    )  # fmt: skip


@pytest.fixture
def q3(people: dict) -> dict:
    plan, first = people["plan"], people["task"]
    two = Section.objects.create(plan=plan, number="二", title="完善依法行政制度体系", order=2)
    second = _task(plan, two, 2, "(二)", "加强法治宣传教育", D(2018, 11, 30))
    third = _task(plan, two, 3, "(三)", "推进政务公开", D(2018, 9, 1))
    for task, units in ((second, ("unit_a", "unit_b", "county")), (third, ("county", "unit_b"))):
        for name in units:
            Assignment.objects.create(task=task, unit=people[name], role="responsible")
    county_head = people["county_office"]
    _report(people["liaison_a"], people["head_a"], first.milestones.get(), D(2018, 6, 20), "approved")
    _report(people["liaison_a"], people["head_a"], second.milestones.get(), D(2018, 8, 15), "approved")
    _report(people["liaison_b"], people["head_b"], third.milestones.get(), D(2018, 8, 20), "returned")
    milestone = third.milestones.get()
    with at(D(2018, 9, 10)):
        report = submit_report(
            save_report(
                Assignment.objects.get(task=third, unit=people["county"]),
                milestone=milestone, body="已公开。", evidence=[], by=county_head,
            ),
            by=county_head,
        )  # fmt: skip
        report.status, report.decided_at = "approved", timezone.now()  # county offices sign their own
        report.save(update_fields=["status", "decided_at"])
    _order(people, 1, people["unit_b"], first, D(2018, 7, 20), OrderStatus.ISSUED)
    _order(people, 2, people["county"], third, D(2018, 10, 15), OrderStatus.ISSUED)
    _order(people, 3, people["unit_a"], second, D(2018, 7, 20), OrderStatus.CLOSED)
    return {**people, "second": second, "third": third}


@pytest.fixture
def draft(q3: dict) -> Bulletin:
    """The Q3 bulletin, generated on 8 October 2018 (the task run in-process)."""
    with time_machine.travel(GENERATED_ON, tick=False):
        bulletin = services.request_bulletin(q3["plan"], *Q3, by=q3["office_admin"])
        services.generate(bulletin.pk)
    bulletin.refresh_from_db()
    assert bulletin.status == "draft", bulletin.error
    return bulletin


def issue(bulletin: Bulletin, by: Any) -> Bulletin:
    return services.issue(bulletin, by=by, version=bulletin.version)
