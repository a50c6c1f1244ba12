"""Amending a published plan: every change is a PlanChange with before and after, and an audit row."""

from __future__ import annotations

from datetime import date

import pytest

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit
from dudao.plans import services
from dudao.plans.models import Assignment, Milestone, Plan, PlanChange, Section, Task
from dudao.plans.services import PlanError
from dudao.reports.models import ProgressReport

pytestmark = pytest.mark.django_db
Role = Assignment.Role


@pytest.fixture
def plan(sample_import, wang) -> Plan:
    services.apply_default_resolutions(sample_import, by=wang)
    return services.publish(sample_import, by=wang)


def task(plan: Plan, number: str) -> Task:
    return plan.tasks.get(number=number)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def test_wang_adds_a_unit_to_a_task_and_the_change_is_recorded(plan: Plan, wang) -> None:
    two = task(plan, "(二)")

    change = services.amend_task(two, by=wang, add_units=[unit("zmd-xuanchuanbu")], reason="常务会议决定")

    assert Assignment.objects.get(task=two, unit__code="zmd-xuanchuanbu").role == Role.RESPONSIBLE
    assert change.plan == plan and change.task == two
    assert change.summary == "修改任务(二):新增单位"
    assert change.details["reason"] == "常务会议决定"
    before = {u["unit"] for u in change.details["before"]["units"]}
    after = {u["unit"] for u in change.details["after"]["units"]}
    assert after - before == {"市委宣传部"}
    event = AuditEvent.objects.get(event="plan.amend_task")
    assert event.actor == wang and event.object_id == str(two.pk)


def test_a_new_lead_takes_over_and_the_old_one_carries_on_as_responsible(plan: Plan, wang) -> None:
    one = task(plan, "(一)")

    services.amend_task(one, by=wang, lead=unit("zmd-fgw"), reason="市政府调整牵头单位")

    roles = dict(
        Assignment.objects.filter(task=one, unit__code__in=["zmd-fgw", "zmd-bianban"]).values_list(
            "unit__code", "role"
        )
    )
    assert roles == {"zmd-fgw": Role.LEAD, "zmd-bianban": Role.RESPONSIBLE}
    assert Assignment.objects.filter(task=one, role=Role.LEAD).count() == 1


def test_wording_changes_keep_the_old_wording_in_the_record(plan: Plan, wang) -> None:
    one = task(plan, "(一)")
    old = one.title

    change = services.amend_task(one, by=wang, title="深化“放管服”改革", reason="按会议纪要改名")

    one.refresh_from_db()
    assert one.title == "深化“放管服”改革"
    assert change.details["before"]["title"] == old
    assert change.summary == "修改任务(一):任务名称"


def test_a_unit_is_removed_with_a_reason(plan: Plan, wang) -> None:
    two = task(plan, "(二)")

    services.amend_task(two, by=wang, remove_units=[unit("zmd-guoshui")], reason="国税局已划转")

    assert not Assignment.objects.filter(task=two, unit__code="zmd-guoshui").exists()


def test_a_unit_that_has_reported_cannot_be_removed(plan: Plan, wang, people) -> None:
    two = task(plan, "(二)")
    assignment = Assignment.objects.get(task=two, unit__code="zmd-guoshui")
    ProgressReport.objects.create(assignment=assignment, body="已梳理权力清单", author=wang)

    with pytest.raises(PlanError, match="已就该任务报送进展") as refused:
        services.amend_task(two, by=wang, remove_units=[unit("zmd-guoshui")], reason="划转")

    assert refused.value.field == "remove_units"
    assert Assignment.objects.filter(task=two, unit__code="zmd-guoshui").exists()
    assert not PlanChange.objects.exists()


def test_the_only_lead_cannot_be_removed_without_a_new_one(plan: Plan, wang) -> None:
    with pytest.raises(PlanError, match="不能移除唯一的牵头单位"):
        services.amend_task(task(plan, "(一)"), by=wang, remove_units=[unit("zmd-bianban")], reason="调整")


def test_every_amendment_needs_a_reason(plan: Plan, wang) -> None:
    with pytest.raises(PlanError, match="请填写修改原因") as refused:
        services.amend_task(task(plan, "(一)"), by=wang, title="新名称", reason="  ")

    assert refused.value.field == "reason"


def test_an_amendment_that_changes_nothing_is_refused(plan: Plan, wang) -> None:
    one = task(plan, "(一)")

    with pytest.raises(PlanError, match="没有任何修改"):
        services.amend_task(one, by=wang, title=one.title, reason="无")
    with pytest.raises(PlanError, match="所选单位已经承担这项任务:市发改委"):
        services.amend_task(one, by=wang, add_units=[unit("zmd-fgw")], reason="无")


def test_wang_adds_a_task_with_its_units_counties_and_deadline(plan: Plan, wang) -> None:
    section = Section.objects.get(plan=plan, number="十")

    new = services.add_task(
        plan,
        section,
        by=wang,
        reason="市委要求增加",
        number="(三十九)",
        title="开展法治政府建设示范创建",
        lead=unit("zmd-fazhiban"),
        units=[unit("zmd-fgw"), unit("zmd-fazhiban")],
        subordinate=True,
        due=date(2018, 11, 30),
    )

    assert new.order == 39
    roles = list(Assignment.objects.filter(task=new).values_list("role", flat=True))
    assert (
        roles.count(Role.LEAD) == 1
        and roles.count(Role.RESPONSIBLE) == 1
        and roles.count(Role.SUBORDINATE) == 13
    )
    assert Milestone.objects.get(task=new).due == date(2018, 11, 30)
    change = PlanChange.objects.get(task=new)
    assert change.details["before"] is None and change.details["reason"] == "市委要求增加"
    assert AuditEvent.objects.filter(event="plan.add_task", object_id=str(new.pk)).exists()


def test_a_section_of_another_plan_is_refused(plan: Plan, wang, people) -> None:
    other = Section.objects.exclude(plan=plan).first()

    with pytest.raises(PlanError, match="不属于这份工作安排"):
        services.add_task(
            plan, other, by=wang, reason="x", number="(四十)", title="任务", lead=unit("zmd-fgw")
        )


def test_wang_activates_the_dormant_event_when_the_regulation_is_issued(plan: Plan, wang) -> None:
    event = Milestone.objects.get(task__plan=plan, kind=Milestone.Kind.EVENT)

    change = services.activate_event(event, by=wang, due=date(2018, 12, 31), reason="条例已公布")

    event.refresh_from_db()
    assert event.active and event.activated_at is not None
    assert event.due == date(2018, 12, 31)
    assert change.details["before"]["active"] is False and change.details["after"]["active"] is True
    assert AuditEvent.objects.filter(event="plan.activate_event", object_id=str(event.pk)).exists()
    with pytest.raises(PlanError, match="已经激活"):
        services.activate_event(event, by=wang)


def test_only_event_milestones_are_activated(plan: Plan, wang) -> None:
    deadline = Milestone.objects.filter(task__plan=plan, kind=Milestone.Kind.DEADLINE).first()

    with pytest.raises(PlanError, match="只有事件触发"):
        services.activate_event(deadline, by=wang)
