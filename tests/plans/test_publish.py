"""`publish`: the reviewed sample becomes the published 2018 plan in one transaction."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit
from dudao.plans import services
from dudao.plans.models import Assignment, Milestone, NoticeImport, Plan, Section, Task
from dudao.plans.services import DoubtsRemain, StaleVersion

pytestmark = pytest.mark.django_db
Role = Assignment.Role


@pytest.fixture
def plan(sample_import: NoticeImport, wang) -> Plan:
    services.apply_default_resolutions(sample_import, by=wang)
    return services.publish(sample_import, by=wang)


def roles_of(plan: Plan, number: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in Assignment.objects.filter(task__plan=plan, task__number=number).select_related("unit"):
        out.setdefault(a.role, []).append(a.unit.name)
    return {role: sorted(names) for role, names in out.items()}


def test_the_plan_has_the_notices_metadata(plan: Plan, wang, sample_import: NoticeImport) -> None:
    assert plan.title == "驻马店市2018年度法治政府建设工作安排"
    assert plan.year == 2018
    assert plan.doc_number == "驻政办〔2018〕46号"
    assert plan.issuer == "驻马店市人民政府办公室"
    assert plan.issued_on == date(2018, 4, 11)
    assert "责任单位排名第一的为牵头单位" in plan.lead_rule
    assert plan.source == sample_import
    assert plan.published_by == wang
    sample_import.refresh_from_db()
    assert sample_import.status == NoticeImport.Status.PUBLISHED


def test_10_sections_and_38_tasks_keep_their_numbers_order_and_source_spans(
    plan: Plan, sample_import
) -> None:
    assert Section.objects.filter(plan=plan).count() == 10
    tasks = list(plan.tasks.order_by("order"))
    assert len(tasks) == 38
    assert [t.number for t in tasks[:3]] == ["(一)", "(二)", "(三)"]
    assert tasks[0].section.title == "依法全面履行政府职能"
    assert tasks[37].section.number == "十"
    seven = tasks[6]
    assert sample_import.source_text[seven.source_start : seven.source_end].startswith(
        "(七)积极推进政府法律顾问"
    )


def test_468_subordinate_assignments_one_per_county_per_task(plan: Plan) -> None:
    subordinate = Assignment.objects.filter(task__plan=plan, role=Role.SUBORDINATE)

    assert subordinate.count() == 468
    per_task = subordinate.values("task").annotate(n=Count("id")).values_list("n", flat=True)
    assert set(per_task) == {13}
    assert plan.tasks.filter(subordinate_duty=True).count() == 36
    xiping = Unit.objects.get(code="zmd-xiping")
    assert Assignment.objects.filter(task__plan=plan, unit=xiping).count() == 36  # 陈 sees 36 tasks
    assert set(subordinate.values_list("printed_name", flat=True)) == {"县级人民政府"}


def test_every_task_has_exactly_one_lead(plan: Plan) -> None:
    leads = Assignment.objects.filter(task__plan=plan, role=Role.LEAD)

    assert leads.count() == 38
    assert set(leads.values("task").annotate(n=Count("id")).values_list("n", flat=True)) == {1}


def test_the_compilation_office_leads_three_tasks_and_shares_two(plan: Plan) -> None:
    """SCENARIOS §2: the 5 tasks that name 市编办 (placeholders expanded to city departments add none)."""
    named = Assignment.objects.filter(task__plan=plan, unit__code="zmd-bianban").select_related("task")

    assert sorted((a.task.number, a.role) for a in named) == sorted(
        [
            ("(一)", Role.LEAD),
            ("(二)", Role.LEAD),
            ("(三十八)", Role.LEAD),
            ("(三)", Role.RESPONSIBLE),
            ("(二十二)", Role.RESPONSIBLE),
        ]
    )


def test_task_3_is_led_by_the_business_bureau_with_its_co_units(plan: Plan) -> None:
    roles = roles_of(plan, "(三)")

    assert roles[Role.LEAD] == ["市工商局"]
    assert {"市编办", "市发改委", "市商务局", "市政府法制办公室", "市行政服务中心"} <= set(
        roles[Role.RESPONSIBLE]
    )
    assert len(roles[Role.SUBORDINATE]) == 13


def test_an_alias_is_assigned_to_its_unit_under_the_name_the_notice_printed(plan: Plan) -> None:
    assignment = Assignment.objects.get(task__plan=plan, task__number="(二)", unit__code="zmd-fazhiban")

    assert assignment.printed_name == "市政府法制办"
    assert assignment.role == Role.RESPONSIBLE


def test_a_unit_named_twice_in_a_task_is_assigned_once(plan: Plan) -> None:
    """(一) names 市发改委 and 各有关部门, which includes 市发改委."""
    fgw = Assignment.objects.filter(task__plan=plan, task__number="(一)", unit__code="zmd-fgw")

    assert [(a.role, a.printed_name) for a in fgw] == [(Role.RESPONSIBLE, "市发改委")]


def test_a_placeholder_lead_becomes_the_confirmed_unit(plan: Plan) -> None:
    assert roles_of(plan, "(六)")[Role.LEAD] == ["市纪委监察委"]
    lead = Assignment.objects.get(task__plan=plan, task__number="(九)", role=Role.LEAD)
    assert (lead.unit.name, lead.printed_name) == ("市工商局", "市工商局")
    expanded = Assignment.objects.filter(task__plan=plan, task__number="(九)", printed_name="有关部门")
    assert expanded.count() > 10


def test_the_milestones_of_the_review_screen_are_created(plan: Plan) -> None:
    milestones = Milestone.objects.filter(task__plan=plan)

    assert milestones.count() == 31
    assert list(milestones.filter(task__number="(七)").order_by("due").values_list("due", flat=True)) == [
        date(2018, 7, 1),
        date(2018, 12, 31),
    ]
    event = milestones.get(task__number="(五)")
    assert (event.kind, event.active) == (Milestone.Kind.EVENT, False)
    first_quarter = milestones.filter(label="2018年第一季度")
    assert first_quarter.count() == 6 and not first_quarter.filter(applicable=True).exists()
    assert milestones.filter(task__number="(三十四)", label="2019年第一季度", applicable=True).count() == 3
    assert milestones.get(task__number="(三十一)", kind=Milestone.Kind.QUOTA, min_count=4).due == date(
        2018, 12, 31
    )


def test_publication_is_audited_with_its_counts(plan: Plan, wang) -> None:
    event = AuditEvent.objects.get(event="plan.publish")

    assert event.actor == wang
    assert event.object_id == str(plan.pk)
    assert event.changes["tasks"] == 38
    assert event.changes["sections"] == 10
    assert event.changes["subordinate_assignments"] == 468
    assert event.changes["lead_assignments"] == 38
    assert event.changes["milestones"] == 31
    assert event.changes["assignments"] == Assignment.objects.filter(task__plan=plan).count()


def test_publication_is_refused_while_doubts_remain_and_names_them(sample_import: NoticeImport, wang) -> None:
    with pytest.raises(DoubtsRemain) as refused:
        services.publish(sample_import, by=wang)

    message = refused.value.messages[0]
    assert message.startswith("还有疑点未处理,不能发布:单位名称“市政府法制办”待确认")
    assert "等12处" in message
    assert not Plan.objects.filter(source=sample_import).exists()
    assert not Task.objects.filter(plan__source=sample_import).exists()
    sample_import.refresh_from_db()
    assert sample_import.status == NoticeImport.Status.REVIEW


def test_publication_from_a_stale_screen_is_refused(sample_import: NoticeImport, wang) -> None:
    services.apply_default_resolutions(sample_import, by=wang)

    with pytest.raises(StaleVersion):
        services.publish(sample_import, by=wang, version=1)


def test_a_plan_is_published_once(plan: Plan, sample_import: NoticeImport, wang) -> None:
    with pytest.raises(StaleVersion, match="已发布"):
        services.publish(sample_import, by=wang)

    assert Plan.objects.count() == 2  # the shared cast's plan and this one


def test_without_the_subordinate_clause_no_county_gets_the_task(sample_import: NoticeImport, wang) -> None:
    services.confirm_subordinate(sample_import, "县级人民政府", False, by=wang)
    services.apply_default_resolutions(sample_import, by=wang)

    plan = services.publish(sample_import, by=wang)

    assert not Assignment.objects.filter(task__plan=plan, role=Role.SUBORDINATE).exists()
    assert not plan.tasks.filter(subordinate_duty=True).exists()
