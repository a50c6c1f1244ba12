"""/my/tasks/<assignment>/: one share of a task with its milestones, the unit's reports and their history;
for the lead unit also the co-units' approved reports and the consolidated report."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from dudao.plans.models import Assignment
from tests.reports.builders import report_of


def url(assignment: Assignment) -> str:
    return reverse("reports:task_detail", args=[assignment.pk])


def get(client: Client, user: object, assignment: Assignment) -> tuple[int, str]:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url(assignment))
    return response.status_code, response.content.decode()


def test_liaison_a_sees_her_drafts_and_their_history(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    report_of(people, body="草稿内容：正在梳理权责清单。")
    report_of(people, status="returned", body="被退回的报告")

    status, html = get(client, people["liaison_a"], assignment_a)

    assert status == 200
    assert "草稿内容：正在梳理权责清单。" in html
    assert "被退回的报告" in html
    assert "退回理由：请补充佐证材料。" in html
    assert "新建进展报告" in html
    assert "办理记录" in html


def test_the_lead_unit_sees_co_units_approved_reports_and_the_consolidated_form(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    report_of(people, "liaison_b", "approved", body="工商局已完成。")
    report_of(people, "liaison_b", "submitted", body="工商局待审核的报告")

    status, html = get(client, people["liaison_a"], assignment_a)

    assert status == 200
    assert "配合单位已审核的报告" in html
    assert "工商局已完成。" in html
    assert "工商局待审核的报告" not in html
    assert "保存汇总报告" in html


def test_a_co_unit_sees_neither_the_leads_drafts_nor_the_consolidated_form(
    client: Client, people: dict, assignment_b: Assignment
) -> None:
    report_of(people, "liaison_a", "draft", body="编办的草稿")

    status, html = get(client, people["liaison_b"], assignment_b)

    assert status == 200
    assert "编办的草稿" not in html
    assert "汇总报告" not in html


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "auditor"])
def test_another_units_share_is_not_found(
    client: Client, people: dict, assignment_a: Assignment, who: str
) -> None:
    status, _ = get(client, people[who], assignment_a)

    assert status == 404


def test_an_unknown_id_is_not_found(client: Client, people: dict) -> None:
    client.force_login(people["liaison_a"])

    assert client.get(reverse("reports:task_detail", args=[uuid.uuid4()])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client: Client, assignment_a: Assignment) -> None:
    assert client.get(url(assignment_a)).status_code == 302


@pytest.mark.parametrize("who", ["leader", "office_admin"])
def test_readers_see_submitted_work_but_never_drafts_and_cannot_write(
    client: Client, people: dict, assignment_a: Assignment, who: str
) -> None:
    report_of(people, body="还没提交的草稿")
    report_of(people, status="submitted", body="已提交的报告")

    status, html = get(client, people[who], assignment_a)

    assert status == 200
    assert "已提交的报告" in html
    assert "还没提交的草稿" not in html
    assert "新建进展报告" not in html
    assert "报送进展" not in html
    assert "保存汇总报告" not in html
