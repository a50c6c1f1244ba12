"""/plans/<uuid>/ledger.xlsx: the ledger download, scoped like the pages (tasks_for)."""

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dudao.audit.models import AuditEvent
from dudao.plans.models import Assignment
from dudao.reports import services
from tests.factories import make_plan, make_task, make_unit


def _url(plan: object) -> str:
    return reverse("exports:plan_ledger", args=[plan.pk])  # type: ignore[attr-defined]


def _task_titles(response: object) -> list[str]:
    sheet = load_workbook(io.BytesIO(response.content)).active  # type: ignore[attr-defined]
    return [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]


@pytest.fixture
def two_tasks(people: dict) -> dict:
    make_task(people["plan"], number="(二)", title="推进政务公开", lead=make_unit("市财政局"))
    return people


def test_the_url(people: dict) -> None:
    assert _url(people["plan"]) == f"/plans/{people['plan'].pk}/ledger.xlsx"


@pytest.mark.parametrize("person", ["office_admin", "leader"])
def test_office_and_leader_get_every_task(two_tasks: dict, client: Client, person: str) -> None:
    client.force_login(two_tasks[person])

    response = client.get(_url(two_tasks["plan"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''2018")
    assert _task_titles(response) == ["(一)深化行政审批制度改革", "(二)推进政务公开"]


@pytest.mark.parametrize("person", ["liaison_a", "head_a", "liaison_b"])
def test_a_unit_gets_only_its_tasks(two_tasks: dict, client: Client, person: str) -> None:
    client.force_login(two_tasks[person])

    response = client.get(_url(two_tasks["plan"]))

    assert _task_titles(response) == ["(一)深化行政审批制度改革"]


@pytest.mark.parametrize("person", ["county_office", "auditor"])
def test_a_plan_without_the_users_tasks_is_404(two_tasks: dict, client: Client, person: str) -> None:
    client.force_login(two_tasks[person])

    assert client.get(_url(two_tasks["plan"])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(people: dict, client: Client) -> None:
    response = client.get(_url(people["plan"]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_plan_is_404_for_a_unit(people: dict, client: Client) -> None:
    other = make_plan(people["office_admin"], year=2019, title="2019年度工作安排")
    make_task(other, lead=make_unit("市财政局"))
    client.force_login(people["liaison_a"])

    assert client.get(_url(other)).status_code == 404


def test_the_export_is_audited(people: dict, client: Client) -> None:
    client.force_login(people["leader"])

    client.get(_url(people["plan"]))

    event = AuditEvent.objects.get(event="plan.export_ledger")
    assert event.object_id == str(people["plan"].pk)
    assert event.actor == people["leader"]


@time_machine.travel(datetime.date(2018, 7, 2), tick=False)
def test_the_status_column_shows_the_lights_the_viewer_may_see(people: dict, client: Client) -> None:
    """市编办 reported and its head approved; 市工商局 did not: past the deadline, unit B's share is red."""
    assignment = Assignment.objects.get(task=people["task"], unit=people["unit_a"])
    milestone = people["task"].milestones.get()
    report = services.save_report(
        assignment, milestone=milestone, body="已完成", evidence=(), by=people["liaison_a"]
    )
    services.submit_report(report, by=people["liaison_a"])
    services.approve_report(report, by=people["head_a"])

    def status(person: str) -> str:
        client.force_login(people[person])
        sheet = load_workbook(io.BytesIO(client.get(_url(people["plan"])).content)).active
        return sheet["I3"].value  # type: ignore[index]

    assert status("liaison_a") == "已完成"
    assert status("liaison_b") == "红灯（完成 0/1）"
    assert status("office_admin") == "红灯（完成 1/2）"


def test_the_download_refuses_writes(people: dict, client: Client) -> None:
    client.force_login(people["office_admin"])

    assert client.post(_url(people["plan"])).status_code == 405
