"""/my/reports/<report>/approve/: the head of the report's unit signs it off."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import ProgressReport, ReportStatus
from tests.reports.builders import report_of


def url(report: ProgressReport) -> str:
    return reverse("reports:report_approve", args=[report.pk])


def test_head_a_approves(client: Client, people: dict) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people["head_a"])

    response = client.post(url(report), follow=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert "报告已审核通过。" in response.content.decode()


def test_approving_a_draft_is_impossible_even_for_the_head(client: Client, people: dict) -> None:
    report = report_of(people)
    client.force_login(people["head_a"])

    response = client.post(url(report), follow=True)

    assert "只能审核已提交、待审核的报告。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.parametrize("who", ["head_b", "liaison_b", "auditor"])
def test_another_unit_cannot_find_the_report(client: Client, people: dict, who: str) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people[who])

    assert client.post(url(report)).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["liaison_a", "leader", "office_admin"])
def test_those_who_see_it_but_are_not_its_head_are_forbidden(client: Client, people: dict, who: str) -> None:
    report = report_of(people, status="submitted")
    client.force_login(people[who])

    assert client.post(url(report)).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_head_b_cannot_approve_a_report_of_unit_a_that_the_lead_may_read(
    client: Client, people: dict
) -> None:
    """Unit B's head approves unit B's reports only; unit A's are not even visible to unit B."""
    report_b = report_of(people, "liaison_b", "submitted")
    client.force_login(people["head_a"])

    assert client.post(url(report_b)).status_code == 404


def test_get_is_not_allowed(client: Client, people: dict) -> None:
    client.force_login(people["head_a"])

    assert client.get(url(report_of(people, status="submitted"))).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    assert client.post(url(report_of(people, status="submitted"))).status_code == 302
