"""/my/reports/<report>/: a report, its evidence and its history, with the actions the viewer may take."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import ProgressReport
from tests.reports.builders import evidence_of, report_of


def url(report: ProgressReport) -> str:
    return reverse("reports:report_detail", args=[report.pk])


def view(client: Client, user: object, report: ProgressReport) -> tuple[int, str]:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url(report))
    return response.status_code, response.content.decode()


def test_liaison_a_sees_her_draft_with_evidence_and_may_edit_and_submit(client: Client, people: dict) -> None:
    report = report_of(people, body="进展正文", evidence=(evidence_of(people, name="方案.pdf"),))

    status, html = view(client, people["liaison_a"], report)

    assert status == 200
    assert "进展正文" in html
    assert "方案.pdf" in html
    assert "预览" in html
    assert "提交审核" in html
    assert "审核通过" not in html


def test_head_a_sees_approve_and_return_on_a_submitted_report(client: Client, people: dict) -> None:
    status, html = view(client, people["head_a"], report_of(people, status="submitted"))

    assert status == 200
    assert "审核通过" in html
    assert "退回修改" in html
    assert "退回理由" in html


def test_everyone_who_sees_a_report_sees_its_history_with_the_reason(client: Client, people: dict) -> None:
    report = report_of(people, status="returned")

    for who in ("liaison_a", "head_a", "leader", "office_admin"):
        status, html = view(client, people[who], report)
        assert status == 200
        assert "请补充佐证材料。" in html
        assert "退回" in html


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "leader", "office_admin", "auditor"])
def test_a_draft_is_seen_by_its_unit_alone(client: Client, people: dict, who: str) -> None:
    status, _ = view(client, people[who], report_of(people))

    assert status == 404


@pytest.mark.parametrize("status_", ["submitted", "approved"])
def test_a_co_unit_never_sees_the_lead_units_reports(client: Client, people: dict, status_: str) -> None:
    status, _ = view(client, people["head_b"], report_of(people, status=status_))

    assert status == 404


def test_the_lead_unit_reads_a_co_units_report_once_approved(client: Client, people: dict) -> None:
    submitted = report_of(people, "liaison_b", "submitted")
    approved = report_of(people, "liaison_b", "approved", body="工商局的报告")

    assert view(client, people["liaison_a"], submitted)[0] == 404
    status, html = view(client, people["liaison_a"], approved)
    assert status == 200
    assert "工商局的报告" in html
    assert "提交审核" not in html
    assert "审核通过</button>" not in html


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    assert client.get(url(report_of(people))).status_code == 302
