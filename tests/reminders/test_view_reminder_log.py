"""/notifications/reminders/: the reminder log, for the office and leaders, filtered and paged."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dudao.plans.models import Assignment
from dudao.reminders.models import Reminder
from dudao.reminders.services import remind, send_reminders
from tests.factories import make_plan, make_task, make_unit
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

URL = reverse("reminders:log")


@pytest.fixture
def log(cast: dict) -> dict:
    """Due-soon on 15 June for both units, overdue on 2 July for unit A, a manual one for unit B."""
    for day in (datetime.date(2018, 6, 15), datetime.date(2018, 7, 2)):
        with time_machine.travel(at(day), tick=False):
            send_reminders(day)
    Reminder.objects.filter(kind="overdue", assignment__unit=cast["unit_b"]).delete()
    with time_machine.travel(at(datetime.date(2018, 7, 3)), tick=False):
        share = Assignment.objects.get(task=cast["task"], unit=cast["unit_b"])
        remind(share, cast["task"].milestones.get(), by=cast["office_admin"])
    return cast


def rows(client: Client, query: str = "") -> str:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "auditor"])
def test_units_and_auditors_may_not_read_the_log(client: Client, cast: dict, who: str) -> None:
    client.force_login(cast[who])
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("who", ["office_admin", "leader"])
def test_the_office_and_leaders_read_every_reminder_newest_first(client: Client, log: dict, who: str) -> None:
    client.force_login(log[who])
    html = rows(client)

    assert "共 4 条记录" in html
    assert html.index("2018-07-03") < html.index("2018-07-02") < html.index("2018-06-15")
    assert "人工催办" in html and "office_admin" in html and "系统自动" in html
    assert "liaison_a（单位联络员）、head_a（单位负责人）" in html


def test_filters_by_kind_unit_date_and_plan(client: Client, log: dict) -> None:
    client.force_login(log["office_admin"])

    assert "共 1 条记录" in rows(client, "kind=overdue")
    assert "共 2 条记录" in rows(client, "unit=市工商局")
    assert "共 1 条记录" in rows(client, f"unit={log['unit_a'].code}&kind=due_soon")
    assert "共 2 条记录" in rows(client, "date_from=2018-07-01")
    assert "共 4 条记录" in rows(client, f"plan={log['plan'].pk}")
    other = make_plan(log["office_admin"], year=2018, title="另一份安排")
    assert "共 0 条记录" in rows(client, f"plan={other.pk}")


def test_bad_filters_get_chinese_errors_not_tracebacks(client: Client, log: dict) -> None:
    client.force_login(log["office_admin"])

    html = rows(client, f"date_from=2018-02-30&kind=soon&plan={uuid.uuid4()}")
    assert "请输入有效的日期，例如 2018-07-01。" in html
    assert "没有这种催办类型。" in html
    assert "没有这个工作安排。" in html
    assert "不是一个有效的UUID" in rows(client, "plan=not-a-uuid")
    assert "截止日期不能早于起始日期。" in rows(client, "date_from=2018-07-02&date_to=2018-07-01")


def test_htmx_gets_the_partial(client: Client, log: dict) -> None:
    client.force_login(log["office_admin"])
    html = client.get(URL, {"kind": "manual"}, headers={"HX-Request": "true"}).content.decode()
    assert "共 1 条记录" in html and "<html" not in html


def test_paged_with_queries_that_do_not_grow(
    client: Client, cast: dict, django_assert_max_num_queries: Callable
) -> None:
    plan = make_plan(cast["office_admin"], year=2018, title="大安排")
    for n in range(60):
        make_task(plan, number=f"({n})", title=f"任务{n}", lead=make_unit(f"第{n}局"))
    with time_machine.travel(at(datetime.date(2018, 6, 15)), tick=False):
        send_reminders(datetime.date(2018, 6, 15))
    client.force_login(cast["office_admin"])

    with django_assert_max_num_queries(10):
        html = rows(client)
    assert "共 62 条记录" in html
    assert "第 1 / 2 页" in html
    assert "第 2 / 2 页" in rows(client, "page=2")
