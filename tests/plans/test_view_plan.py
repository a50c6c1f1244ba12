"""/plans/<id>/: the published ledger with its change history, and the amend / add-task / activate forms.

Leaders read the ledger; every form and write view stays the office administrator's."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from dudao.plans import services
from dudao.plans.models import Assignment, Milestone, NoticeImport, Plan, PlanChange, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample_import, wang) -> Plan:
    services.apply_default_resolutions(sample_import, by=wang)
    return services.publish(sample_import, by=wang)


@pytest.fixture
def office(client: Client, wang) -> Client:
    client.force_login(wang)
    return client


def detail(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


def test_the_ledger_lists_section_task_lead_other_units_and_milestones(office: Client, plan: Plan) -> None:
    page = office.get(detail(plan)).content.decode()

    assert "驻政办〔2018〕46号" in page
    assert page.count('<tr class="section-row">') == 10
    assert page.count('<tr id="t-') == 38
    assert "一、依法全面履行政府职能" in page
    assert "深化行政审批制度改革" in page
    assert '县级人民政府 <span class="muted small">13 个县级政府</span>' in page
    assert '各有关部门 <span class="muted small">' in page
    assert "（通知：市政府法制办）" in page  # the alias as printed
    assert "2018年7月1日前" in page and "待激活" in page
    assert "发布以来没有变更。" in page


def test_the_ledger_takes_a_fixed_number_of_queries(
    office: Client, plan: Plan, wang, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    office.get(detail(plan))
    # 8 for the ledger, 5 for its progress: the viewer's assignments, their lights, approved reports;
    # 2 reads of the cached working-day calendar (the lights, the calendar warning); unread notifications
    with django_assert_num_queries(16):
        office.get(detail(plan))
    services.add_task(
        plan,
        None,
        by=wang,
        reason="补充",
        number="(三十九)",
        title="新任务",
        lead=plan.tasks.first().assignments.first().unit,
    )
    with django_assert_num_queries(16):
        office.get(detail(plan))


def test_wang_amends_a_task_and_the_history_shows_it(office: Client, plan: Plan) -> None:
    task = plan.tasks.get(number="(二)")
    amend = reverse("plans:amend_task", args=[plan.pk, task.pk])
    assert "只列出尚未承担这项任务的单位" in office.get(amend).content.decode()

    response = office.post(
        amend,
        {
            "title": task.title,
            "body": task.body,
            "lead": "zmd-bianban",
            "add_units": ["zmd-xuanchuanbu"],
            "add_role": "responsible",
            "reason": "常务会议决定",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == detail(plan) + f"#t-{task.pk}"
    assert Assignment.objects.filter(task=task, unit__code="zmd-xuanchuanbu").exists()
    page = office.get(detail(plan)).content.decode()
    assert "修改任务(二):新增单位" in page and "原因：常务会议决定" in page


def test_an_amendment_without_a_reason_is_refused_beside_the_field(office: Client, plan: Plan) -> None:
    task = plan.tasks.get(number="(二)")

    response = office.post(
        reverse("plans:amend_task", args=[plan.pk, task.pk]),
        {"title": "新名称", "body": "", "lead": "zmd-bianban", "add_role": "responsible", "reason": ""},
    )

    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_reason-errors"><li>请填写修改原因，修改记录会保留这一说明。</li></ul>'
        in response.content.decode()
    )
    assert not PlanChange.objects.exists()


def test_a_refusal_from_the_service_lands_beside_its_field(office: Client, plan: Plan) -> None:
    task = plan.tasks.get(number="(一)")

    response = office.post(
        reverse("plans:amend_task", args=[plan.pk, task.pk]),
        {
            "title": task.title,
            "body": task.body,
            "lead": "",
            "add_role": "responsible",
            "remove_units": [],
            "reason": "无",
        },
    )

    assert response.status_code == 400
    assert "没有任何修改。" in response.content.decode()


def test_wang_adds_a_task(office: Client, plan: Plan) -> None:
    section = Section.objects.get(plan=plan, number="十")
    add = reverse("plans:add_task", args=[plan.pk])
    assert office.get(add).status_code == 200

    response = office.post(
        add,
        {
            "section": section.pk,
            "number": "(三十九)",
            "title": "开展示范创建",
            "lead": "zmd-fazhiban",
            "units": ["zmd-fgw"],
            "subordinate": "on",
            "due": "2018-11-30",
            "reason": "市委要求",
        },
    )

    assert response.status_code == 302
    new = plan.tasks.get(number="(三十九)")
    assert new.assignments.count() == 15
    assert "新增任务(三十九)开展示范创建" in office.get(detail(plan)).content.decode()


def test_adding_a_task_needs_a_lead_and_a_valid_date(office: Client, plan: Plan) -> None:
    response = office.post(
        reverse("plans:add_task", args=[plan.pk]),
        {"number": "(三十九)", "title": "任务", "due": "明年", "reason": "x"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "请选择牵头单位。" in page
    assert "请填写有效的日期,如 2018-12-31。" in page


def test_wang_activates_the_event_of_task_5(office: Client, plan: Plan) -> None:
    event = Milestone.objects.get(task__plan=plan, kind=Milestone.Kind.EVENT)

    response = office.post(
        reverse("plans:activate_event", args=[plan.pk, event.pk]),
        {"due": "2018-12-31", "reason": "条例已公布"},
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.active
    assert "激活任务(五)的时间节点" in office.get(detail(plan)).content.decode()


def test_a_bad_activation_date_is_shown_beside_the_field(office: Client, plan: Plan) -> None:
    event = Milestone.objects.get(task__plan=plan, kind=Milestone.Kind.EVENT)

    response = office.post(reverse("plans:activate_event", args=[plan.pk, event.pk]), {"due": "年底"})

    assert response.status_code == 400
    assert "请填写有效的日期,如 2018-12-31。" in response.content.decode()
    event.refresh_from_db()
    assert not event.active


def test_a_task_or_milestone_of_another_plan_is_404(office: Client, plan: Plan, people: dict) -> None:
    """IDOR: ids from another plan under this plan's URL."""
    other_task = people["task"]
    other_milestone = other_task.milestones.first()

    assert office.get(reverse("plans:amend_task", args=[plan.pk, other_task.pk])).status_code == 404
    assert office.post(reverse("plans:activate_event", args=[plan.pk, other_milestone.pk])).status_code == 404


def write_pages(plan: Plan) -> list[tuple[str, str]]:
    task = plan.tasks.first()
    milestone = Milestone.objects.filter(task__plan=plan).first()
    return [
        ("get", reverse("plans:amend_task", args=[plan.pk, task.pk])),
        ("post", reverse("plans:amend_task", args=[plan.pk, task.pk])),
        ("get", reverse("plans:add_task", args=[plan.pk])),
        ("post", reverse("plans:add_task", args=[plan.pk])),
        ("post", reverse("plans:activate_event", args=[plan.pk, milestone.pk])),
    ]


def pages(plan: Plan) -> list[tuple[str, str]]:
    return [("get", detail(plan)), *write_pages(plan)]


def import_pages(notice_import: NoticeImport) -> list[tuple[str, str]]:
    """The office's work on an import: the upload, the review screen, its decisions, publish, discard."""
    args = [notice_import.pk]
    posts = (
        "resolve_unit",
        "expand_placeholder",
        "confirm_lead",
        "confirm_subordinate",
        "publish",
        "discard",
    )
    return [
        ("get", reverse("plans:import")),
        ("post", reverse("plans:import")),
        ("get", reverse("plans:review", args=args)),
        ("get", reverse("plans:task_placeholders", args=[notice_import.pk, 0])),
        *(("post", reverse(f"plans:{name}", args=args)) for name in posts),
    ]


@pytest.fixture
def leader(client: Client, people: dict) -> Client:
    client.force_login(people["leader"])
    return client


def test_a_leader_reads_the_ledger_without_the_offices_links_and_forms(
    leader: Client, plan: Plan, wang
) -> None:
    event = Milestone.objects.get(task__plan=plan, kind=Milestone.Kind.EVENT)
    task = plan.tasks.get(number="(二)")
    services.amend_task(task, by=wang, reason="常务会议决定", title="新名称")

    response = leader.get(detail(plan))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<tr id="t-') == 38
    assert "驻政办〔2018〕46号" in page and "待激活" in page
    assert "原因：常务会议决定" in page  # the change history
    assert reverse("exports:plan_ledger", args=[plan.pk]) in page
    assert reverse("plans:add_task", args=[plan.pk]) not in page
    assert reverse("plans:amend_task", args=[plan.pk, task.pk]) not in page
    assert reverse("plans:activate_event", args=[plan.pk, event.pk]) not in page
    assert "/amend/" not in page and "/activate/" not in page and "事件已发生，激活" not in page
    assert page.count("<form") == 1  # only the header's log-out button
    assert '<th colspan="6" scope="rowgroup">' in page


def test_the_leaders_ledger_takes_a_fixed_number_of_queries(
    leader: Client, plan: Plan, wang, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    leader.get(detail(plan))
    # the office's 16 but one: a leader belongs to no unit, so the header names none
    with django_assert_num_queries(15):
        leader.get(detail(plan))
    services.add_task(
        plan,
        None,
        by=wang,
        reason="补充",
        number="(三十九)",
        title="新任务",
        lead=plan.tasks.first().assignments.first().unit,
    )
    with django_assert_num_queries(15):
        leader.get(detail(plan))


def test_a_leader_may_not_amend_the_plan_or_touch_the_imports(
    leader: Client, people: dict, sample_import: NoticeImport
) -> None:
    """Every write view, GET and POST where it serves them, and the review screen: 403."""
    for method, target in [*write_pages(people["plan"]), *import_pages(sample_import)]:
        assert getattr(leader, method)(target).status_code == 403, (method, target)

    assert not PlanChange.objects.exists()
    sample_import.refresh_from_db()
    assert sample_import.status == NoticeImport.Status.REVIEW
    assert NoticeImport.objects.count() == 1


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b", "county_office", "auditor"])
def test_only_the_office_and_leaders_may_open_the_plan(client: Client, people: dict, who: str) -> None:
    client.force_login(people[who])

    for method, target in pages(people["plan"]):
        assert getattr(client, method)(target).status_code == 403, target
    assert not PlanChange.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    for method, target in pages(people["plan"]):
        response = getattr(client, method)(target)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), (
            target
        )


def test_a_plan_that_does_not_exist_is_404(office: Client, people: dict) -> None:
    missing = uuid.uuid4()
    task = people["task"]

    assert office.get(reverse("plans:detail", args=[missing])).status_code == 404
    assert office.get(reverse("plans:amend_task", args=[missing, task.pk])).status_code == 404
    assert office.get(reverse("plans:add_task", args=[missing])).status_code == 404
    assert office.post(reverse("plans:activate_event", args=[missing, uuid.uuid4()])).status_code == 404


def test_the_ledger_shows_progress_and_offers_the_excel_ledger(office: Client, plan: Plan) -> None:
    from dudao.reports.models import ProgressReport, ReportStatus

    task = plan.tasks.get(number="(一)")
    lead = task.assignments.get(role="lead")
    ProgressReport.objects.create(
        assignment=lead,
        body="已完成清理。",
        status=ReportStatus.APPROVED,
        author=lead.unit.users.first() or plan.published_by,
    )

    page = office.get(detail(plan)).content.decode()

    assert "已审核报告 1 份" in page
    assert reverse("exports:plan_ledger", args=[plan.pk]) in page
