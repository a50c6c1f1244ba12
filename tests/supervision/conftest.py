"""The hand-built plan the roll-up and the dashboard pages are tested on.

(一) in section 一 has one deadline (1 July 2018) that 市编办 has met and 市工商局's report was returned
on; (二) in section 二 is carried by 西平县 (a subordinate government) and 市工商局, with a quota of two
lectures (year end), a second-quarter study session (30 June), a dormant event and a period that ended
before the notice. 西平县 passed its share down to 西平县司法局, whose approved report must count
nowhere: only top-level shares roll up.

On 20 June 2018: 6 pairs counted — 3 done, 1 red (市工商局's returned report), 1 yellow (西平县's
study session), 1 green (市工商局's lectures, one of two held).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine

from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Section, Task
from dudao.reports.models import Occurrence, ProgressReport, ReportStatus
from dudao.reports.services import approve_report, return_report, save_report, submit_report
from tests.factories import make_unit

D = datetime.date


def _at(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC))


def _report(people: dict, who: str, milestone: Milestone, day: datetime.date, outcome: str) -> None:
    liaison, head = people[f"liaison_{who}"], people[f"head_{who}"]
    assignment = Assignment.objects.get(task=milestone.task, unit=liaison.unit)
    with _at(day):
        report = submit_report(
            save_report(assignment, milestone=milestone, body="已办理。", evidence=[], by=liaison), by=liaison
        )
        if outcome == "approved":
            approve_report(report, by=head)
        else:
            return_report(report, by=head, reason="请补充佐证材料。")


def _held(people: dict, unit: Unit, milestone: Milestone, day: datetime.date) -> None:
    occurrence = Occurrence.objects.create(
        unit=unit,
        kind=Occurrence.Kind.LECTURE,
        held_on=day,
        title="法治讲座",
        recorded_by=people["office_admin"],
    )
    occurrence.milestones.add(milestone)


@pytest.fixture
def plan(people: dict) -> dict:
    first = people["task"]  # (一), section 一, 市编办 lead and 市工商局, due 2018-07-01
    section_two = Section.objects.create(
        plan=people["plan"], number="二", title="完善依法行政制度体系", order=2
    )
    second = Task.objects.create(
        plan=people["plan"], section=section_two, number="(二)", order=2, title="加强法治宣传教育"
    )
    county_share = Assignment.objects.create(task=second, unit=people["county"], role="subordinate")
    Assignment.objects.create(task=second, unit=people["unit_b"], role="responsible")
    bureau = make_unit("西平县司法局", level=Unit.Level.COUNTY, parent=people["county"])
    passed_down = Assignment.objects.create(task=second, unit=bureau, role="cooperating", parent=county_share)

    def milestone(**fields: object) -> Milestone:
        return Milestone.objects.create(task=second, text="原文", **fields)

    quota = milestone(kind="quota", label="2018年", due=D(2018, 12, 31), min_count=2)
    quarter = milestone(kind="periodic", label="第二季度", due=D(2018, 6, 30), min_count=1)
    milestone(kind="event", label="条例出台后", active=False)
    milestone(kind="periodic", label="第一季度", due=D(2018, 3, 31), min_count=1, applicable=False)

    _report(people, "a", first.milestones.get(), D(2018, 5, 10), "approved")
    _report(people, "b", first.milestones.get(), D(2018, 6, 12), "returned")
    _report(people, "b", quarter, D(2018, 6, 5), "approved")
    _held(people, people["county"], quota, D(2018, 3, 1))
    _held(people, people["county"], quota, D(2018, 6, 10))
    _held(people, people["unit_b"], quota, D(2018, 6, 11))
    with _at(D(2018, 6, 5)):  # written before the day the tests read, as everything else here
        ProgressReport.objects.create(
            assignment=passed_down, milestone=quarter, body="已办理。", status=ReportStatus.APPROVED,
            author=people["office_admin"],
        )  # fmt: skip
    return {**people, "first": first, "second": second, "quota": quota, "quarter": quarter}
