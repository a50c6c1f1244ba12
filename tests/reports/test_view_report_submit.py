"""/my/reports/<report>/submit/: the liaison sends the report to the head."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import ProgressReport, ReportStatus
from tests.reports.builders import report_of


def url(report: ProgressReport) -> str:
    return reverse("reports:report_submit", args=[report.pk])


def test_liaison_a_submits(client: Client, people: dict) -> None:
    report = report_of(people)
    client.force_login(people["liaison_a"])

    response = client.post(url(report), {"version": report.version}, follow=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert "报告已提交，等待单位负责人审核。" in response.content.decode()


def test_a_stale_page_is_told_to_refresh(client: Client, people: dict) -> None:
    report = report_of(people)
    client.force_login(people["liaison_a"])

    response = client.post(url(report), {"version": 0}, follow=True)

    assert "该报告已被他人修改，请刷新后再编辑" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_submitting_twice_says_why_not(client: Client, people: dict) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people["liaison_a"])

    response = client.post(url(report), follow=True)

    assert "报告已提交或已审核，不能重复提交。" in response.content.decode()


def test_get_is_not_allowed(client: Client, people: dict) -> None:
    client.force_login(people["liaison_a"])

    assert client.get(url(report_of(people))).status_code == 405


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "leader", "office_admin", "auditor"])
def test_nobody_outside_the_unit_submits_its_draft(client: Client, people: dict, who: str) -> None:
    report = report_of(people)
    client.force_login(people[who])

    assert client.post(url(report)).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_reader_who_sees_a_returned_report_cannot_resubmit_it(client: Client, people: dict) -> None:
    report = report_of(people, status="returned")
    client.force_login(people["office_admin"])

    assert client.post(url(report)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    assert client.post(url(report_of(people))).status_code == 302
