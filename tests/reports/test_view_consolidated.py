"""/my/tasks/<assignment>/consolidated/ (+ submit/): the lead unit writes and sends its consolidated report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.plans.models import Assignment
from dudao.reports.models import ConsolidatedReport, ReportStatus
from tests.reports.builders import report_of


def save_url(assignment: Assignment) -> str:
    return reverse("reports:consolidated_save", args=[assignment.pk])


def submit_url(assignment: Assignment) -> str:
    return reverse("reports:consolidated_submit", args=[assignment.pk])


def test_liaison_a_consolidates_and_submits(client: Client, people: dict, assignment_a: Assignment) -> None:
    approved_b = report_of(people, "liaison_b", "approved")
    client.force_login(people["liaison_a"])

    response = client.post(save_url(assignment_a), {"body": "两单位均已完成。", "sources": [approved_b.pk]})

    consolidated = ConsolidatedReport.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith("#consolidated")
    assert list(consolidated.sources.all()) == [approved_b]
    page = client.get(reverse("reports:task_detail", args=[assignment_a.pk])).content.decode()
    assert "两单位均已完成。" in page
    assert "报送督导办" in page

    client.post(submit_url(assignment_a), {"consolidated": consolidated.pk, "version": consolidated.version})

    consolidated.refresh_from_db()
    assert consolidated.status == ReportStatus.SUBMITTED


def test_the_office_sees_the_consolidated_report_only_once_submitted(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    client.force_login(people["liaison_a"])
    client.post(save_url(assignment_a), {"body": "汇总草稿"})
    admin = Client()
    admin.force_login(people["office_admin"])
    detail = reverse("reports:task_detail", args=[assignment_a.pk])

    assert "汇总草稿" not in admin.get(detail).content.decode()
    consolidated = ConsolidatedReport.objects.get()
    client.post(submit_url(assignment_a), {"consolidated": consolidated.pk, "version": consolidated.version})
    assert "汇总草稿" in admin.get(detail).content.decode()


def test_errors_appear_beside_their_fields(client: Client, people: dict, assignment_a: Assignment) -> None:
    submitted_b = report_of(people, "liaison_b", "submitted")
    client.force_login(people["liaison_a"])

    response = client.post(save_url(assignment_a), {"body": "", "sources": [submitted_b.pk]})

    assert response.status_code == 200
    errors = response.context["consolidated_form"].errors
    assert errors["body"] == ["请填写汇总情况。"]
    assert errors["sources"] == ["所选项目不存在或无权使用，请刷新页面后重新选择。"]
    assert not ConsolidatedReport.objects.exists()


def test_a_stale_page_does_not_overwrite(client: Client, people: dict, assignment_a: Assignment) -> None:
    client.force_login(people["liaison_a"])
    client.post(save_url(assignment_a), {"body": "第一稿"})
    client.post(save_url(assignment_a), {"body": "第二稿", "version": 1})

    response = client.post(save_url(assignment_a), {"body": "旧页面", "version": 1})

    assert "该报告已被他人修改，请刷新后再编辑" in response.content.decode()
    assert ConsolidatedReport.objects.get().body == "第二稿"


def test_the_co_unit_may_not_consolidate_its_own_share(
    client: Client, people: dict, assignment_b: Assignment
) -> None:
    client.force_login(people["liaison_b"])

    assert client.post(save_url(assignment_b), {"body": "越权汇总"}).status_code == 403
    assert not ConsolidatedReport.objects.exists()


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "auditor"])
def test_another_unit_cannot_find_the_leads_share(
    client: Client, people: dict, assignment_a: Assignment, who: str
) -> None:
    client.force_login(people[who])

    assert client.post(save_url(assignment_a), {"body": "冒名"}).status_code == 404
    assert client.post(submit_url(assignment_a), {}).status_code == 404


@pytest.mark.parametrize("who", ["leader", "office_admin"])
def test_readers_may_not_write_it(client: Client, people: dict, assignment_a: Assignment, who: str) -> None:
    client.force_login(people[who])

    assert client.post(save_url(assignment_a), {"body": "代写"}).status_code == 403


def test_submitting_someone_elses_consolidated_report_id_is_not_found(
    client: Client, people: dict, assignment_a: Assignment
) -> None:
    client.force_login(people["liaison_a"])

    assert client.post(submit_url(assignment_a), {"consolidated": "not-a-uuid"}).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client: Client, assignment_a: Assignment) -> None:
    assert client.post(save_url(assignment_a), {"body": "x"}).status_code == 302
