"""/my/reports/<report>/edit/: a draft or returned report is edited; a stale page never overwrites."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import ProgressReport
from tests.reports.builders import report_of


def url(report: ProgressReport) -> str:
    return reverse("reports:report_edit", args=[report.pk])


def test_liaison_a_edits_her_draft(client: Client, people: dict) -> None:
    report = report_of(people, body="初稿")
    client.force_login(people["liaison_a"])

    form = client.get(url(report))
    response = client.post(url(report), {"body": "第二稿", "version": report.version})

    assert form.status_code == 200
    assert "初稿" in form.content.decode()
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.body, report.version) == ("第二稿", 2)


def test_two_editors_the_second_is_told_and_nothing_is_overwritten(client: Client, people: dict) -> None:
    report = report_of(people, body="初稿")
    li, zhang = Client(), Client()
    li.force_login(people["liaison_a"])
    zhang.force_login(people["head_a"])
    li.get(url(report))
    zhang.get(url(report))

    li.post(url(report), {"body": "李的修改", "version": 1})
    response = zhang.post(url(report), {"body": "张的修改", "version": 1})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["该报告已被他人修改，请刷新后再编辑"]
    assert "该报告已被他人修改，请刷新后再编辑" in response.content.decode()
    assert "张的修改" in response.content.decode()  # what Zhang typed is still on his screen
    report.refresh_from_db()
    assert report.body == "李的修改"


def test_a_submitted_report_is_not_editable(client: Client, people: dict) -> None:
    report = report_of(people, status="submitted", body="已提交")
    client.force_login(people["liaison_a"])

    response = client.post(url(report), {"body": "偷偷改", "version": report.version}, follow=True)

    assert "报告已提交或已审核，不能再修改。" in response.content.decode()
    report.refresh_from_db()
    assert report.body == "已提交"


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "leader", "office_admin", "auditor"])
def test_nobody_outside_the_unit_finds_a_draft(client: Client, people: dict, who: str) -> None:
    report = report_of(people, body="草稿")
    client.force_login(people[who])

    assert client.get(url(report)).status_code == 404
    assert client.post(url(report), {"body": "改", "version": 1}).status_code == 404
    report.refresh_from_db()
    assert report.body == "草稿"


def test_readers_who_see_a_submitted_report_still_cannot_edit_it(client: Client, people: dict) -> None:
    report = report_of(people, status="returned")
    client.force_login(people["leader"])

    assert client.get(url(report)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    assert client.get(url(report_of(people))).status_code == 302
