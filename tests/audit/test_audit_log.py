"""/audit/: the audit log, for auditors and office administrators only; filtered, paginated, bounded queries."""

import datetime
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from dudao.audit.services import record
from dudao.audit.views import PAGE_SIZE

URL = "/audit/"
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def _at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2018, 6, day, hour, 0, tzinfo=BEIJING)


def _rows(response: Any) -> list[str]:
    return [event.summary for event in response.context["page"].object_list]


@pytest.fixture
def history(people: dict) -> dict:
    """Four events on three days by three people of two units."""
    with time_machine.travel(_at(1), tick=False):
        record(people["liaison_a"], "report.create", people["task"], summary="起草进展报告")
    with time_machine.travel(_at(2), tick=False):
        record(people["liaison_a"], "report.submit", people["task"], summary="提交进展报告")
        record(people["liaison_b"], "report.create", people["plan"], summary="工商局起草")
    # 23:30 in Beijing on 3 June is 15:30 UTC: the day filter must count it on the 3rd.
    with time_machine.travel(_at(3, 23) + datetime.timedelta(minutes=30), tick=False):
        record(
            people["office_admin"],
            "plan.publish",
            people["plan"],
            summary="发布工作安排",
            changes={"tasks": 1},
        )
    return people


def test_the_log_is_at_audit() -> None:
    assert reverse("audit:log") == URL


@pytest.mark.parametrize("person", ["auditor", "office_admin"])
def test_auditors_and_office_administrators_read_the_log(history: dict, client: Client, person: str) -> None:
    client.force_login(history[person])

    response = client.get(URL)

    assert response.status_code == 200
    assert _rows(response) == ["发布工作安排", "工商局起草", "提交进展报告", "起草进展报告"]
    page = response.content.decode()
    assert "<h1>审计日志</h1>" in page
    assert "2018-06-03 23:30:00" in page  # shown in Beijing time
    assert "<dt>tasks</dt><dd>1</dd>" in page  # what changed, key by key


@pytest.mark.parametrize("person", ["liaison_a", "head_a", "liaison_b", "county_office", "leader"])
def test_everyone_else_is_refused(history: dict, client: Client, person: str) -> None:
    client.force_login(history[person])

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"event": "report.create"}, ["工商局起草", "起草进展报告"]),
        ({"actor": "liaison_a"}, ["提交进展报告", "起草进展报告"]),
        ({"unit": "工商"}, ["工商局起草"]),
        ({"date_from": "2018-06-02", "date_to": "2018-06-02"}, ["工商局起草", "提交进展报告"]),
        ({"date_from": "2018-06-03"}, ["发布工作安排"]),
        ({"date_to": "2018-06-01"}, ["起草进展报告"]),
        ({"target": "plans.plan"}, ["发布工作安排", "工商局起草"]),
        ({"event": "report.create", "unit": "市编办"}, ["起草进展报告"]),
    ],
)
def test_filters(history: dict, client: Client, query: dict, expected: list[str]) -> None:
    client.force_login(history["auditor"])

    assert _rows(client.get(URL, query)) == expected


def test_filter_by_object_id(history: dict, client: Client) -> None:
    client.force_login(history["auditor"])

    response = client.get(URL, {"target": str(history["task"].pk)})

    assert _rows(response) == ["提交进展报告", "起草进展报告"]


def test_the_event_choices_are_the_events_in_the_log(history: dict, client: Client) -> None:
    client.force_login(history["auditor"])

    choices = [value for value, _label in client.get(URL).context["form"].fields["event"].choices]

    assert choices == ["", "plan.publish", "report.create", "report.submit"]


def test_a_reversed_date_range_is_explained_beside_the_field(history: dict, client: Client) -> None:
    client.force_login(history["auditor"])

    response = client.get(URL, {"date_from": "2018-06-03", "date_to": "2018-06-01"})

    assert response.context["form"].errors == {"date_to": ["截止日期不能早于起始日期。"]}
    assert "截止日期不能早于起始日期。" in response.content.decode()


def test_an_invalid_date_is_explained_in_chinese(history: dict, client: Client) -> None:
    client.force_login(history["auditor"])

    response = client.get(URL, {"date_from": "六月一日"})

    assert "请输入有效的日期，例如 2018-07-01。" in response.content.decode()


def test_pages_of_fifty_keep_the_filters(people: dict, client: Client) -> None:
    for number in range(PAGE_SIZE * 2 + 7):
        record(people["liaison_a"], "report.update", people["task"], summary=f"修改{number}")
    client.force_login(people["auditor"])

    first = client.get(URL, {"event": "report.update"})
    last = client.get(URL, {"event": "report.update", "page": "3"})

    assert len(_rows(first)) == PAGE_SIZE
    assert _rows(first)[0] == f"修改{PAGE_SIZE * 2 + 6}"
    assert _rows(last) == [f"修改{n}" for n in range(6, -1, -1)]
    assert "第 1 / 3 页" in first.content.decode()
    assert "?event=report.update&amp;page=2" in first.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_log(
    people: dict, client: Client, django_assert_num_queries: Any
) -> None:
    for number in range(120):
        record(people["liaison_a"], f"event.{number % 7}", people["task"], summary=f"事件{number}")
    client.force_login(people["auditor"])

    # session, user, event choices, count, page, the nav's unread-notification badge
    with django_assert_num_queries(6):
        response = client.get(URL, {"actor": "liaison_a"})
    assert response.status_code == 200


def test_htmx_requests_get_the_partial_only(history: dict, client: Client) -> None:
    client.force_login(history["auditor"])

    response = client.get(URL, {"event": "plan.publish"}, headers={"HX-Request": "true"})

    assert [t.name for t in response.templates if (t.name or "").startswith("audit/")] == ["audit/_log.html"]
    assert "<html" not in response.content.decode()
    assert "发布工作安排" in response.content.decode()


def test_the_log_refuses_writes(history: dict, client: Client) -> None:
    client.force_login(history["auditor"])

    assert client.post(URL).status_code == 405
    assert AuditEvent.objects.count() == 4
