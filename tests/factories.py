"""Small builders for tests: units, people with roles, and a published plan with one task.

Tests name their people after what they are (`office_admin`, `liaison_a`, `head_a`, `liaison_b`,
`county_office`, `leader`, `auditor`); unit A is 市编办, unit B is 市工商局, the county is 西平县.
"""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Plan, Section, Task

_seq = itertools.count(1)


def make_unit(
    name: str, *, kind: str = Unit.Kind.DEPARTMENT, level: str = Unit.Level.CITY, parent: Unit | None = None
) -> Unit:
    return Unit.objects.create(code=f"u{next(_seq)}", name=name, kind=kind, level=level, parent=parent)


def make_user(
    username: str, role: str, unit: Unit | None = None, *, password: str = "pass-Word-2018"
) -> User:
    user = User(username=username, role=role, unit=unit, display_name=username)
    user.set_password(password)
    user.save()
    return user


def make_plan(by: User, *, year: int = 2018, title: str = "驻马店市2018年度法治政府建设工作安排") -> Plan:
    return Plan.objects.create(
        year=year, title=title, doc_number="测试〔2018〕1号", published_at=timezone.now(), published_by=by,
        issued_on=datetime.date(year, 4, 11),
    )  # fmt: skip


def make_task(
    plan: Plan,
    *,
    number: str = "(一)",
    title: str = "深化行政审批制度改革",
    lead: Unit,
    others: tuple[Unit, ...] = (),
) -> Task:
    section, _ = Section.objects.get_or_create(
        plan=plan, order=1, defaults={"number": "一", "title": "依法全面履行政府职能"}
    )
    order = plan.tasks.count() + 1
    task = Task.objects.create(plan=plan, section=section, number=number, order=order, title=title)
    Assignment.objects.create(task=task, unit=lead, role=Assignment.Role.LEAD, printed_name=lead.name)
    for unit in others:
        Assignment.objects.create(
            task=task, unit=unit, role=Assignment.Role.RESPONSIBLE, printed_name=unit.name
        )
    Milestone.objects.create(
        task=task, kind=Milestone.Kind.DEADLINE, text="今年7月1日前", label="2018-07-01",
        due=datetime.date(plan.year, 7, 1),
    )  # fmt: skip
    return task
