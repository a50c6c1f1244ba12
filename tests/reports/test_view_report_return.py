"""/my/reports/<report>/return/: the head sends a report back with a reason."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import ProgressReport, ReportStatus
from tests.reports.builders import report_of


def url(report: ProgressReport) -> str:
    return reverse("reports:report_return", args=[report.pk])


def test_head_a_returns_with_a_reason(client: Client, people: dict) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people["head_a"])

    response = client.post(url(report), {"reason": "缺少会议照片"}, follow=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "缺少会议照片"
    assert "报告已退回联络员修改。" in response.content.decode()


def test_a_missing_reason_is_shown_beside_the_field(client: Client, people: dict) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people["head_a"])

    response = client.post(url(report), {"reason": " "})

    assert response.status_code == 200
    assert response.context["return_form"].errors == {"reason": ["请填写退回理由。"]}
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["head_b", "liaison_b", "auditor"])
def test_another_unit_cannot_find_the_report(client: Client, people: dict, who: str) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people[who])

    assert client.post(url(report), {"reason": "不行"}).status_code == 404


@pytest.mark.parametrize("who", ["liaison_a", "leader", "office_admin"])
def test_those_who_see_it_but_are_not_its_head_are_forbidden(client: Client, people: dict, who: str) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people[who])

    assert client.post(url(report), {"reason": "不行"}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    assert client.post(url(report_of(people, status="submitted")), {"reason": "x"}).status_code == 302
