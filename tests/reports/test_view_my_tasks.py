"""/my/tasks/: a unit's tasks for the year, with their milestones and lights."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.factories import make_plan, make_task
from tests.reports.builders import report_of

URL = reverse("reports:my_tasks")


def page(client: Client, user: object, url: str = URL) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_my_tasks_lives_under_my() -> None:
    assert URL == "/my/tasks/"


@pytest.mark.parametrize("who", ["office_admin", "leader", "auditor"])
def test_only_unit_roles_have_my_tasks(client: Client, people: dict, who: str) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@time_machine.travel("2018-06-15 09:00 +0800")
def test_liaison_a_sees_her_units_task_as_lead_with_a_yellow_light(client: Client, people: dict) -> None:
    html = page(client, people["liaison_a"])

    assert "市编办 · 2018年度任务" in html
    assert "深化行政审批制度改革" in html
    assert "牵头单位" in html
    assert '<span class="light yellow">临期</span>' in html
    assert (
        reverse("reports:task_detail", args=[people["task"].assignments.get(unit=people["unit_a"]).pk])
        in html
    )


@time_machine.travel("2018-06-15 09:00 +0800")
def test_liaison_b_sees_the_same_task_as_co_responsible_and_only_her_units_light(
    client: Client, people: dict
) -> None:
    report_of(people, "liaison_a", "approved")

    html = page(client, people["liaison_b"])

    assert "市工商局 · 2018年度任务" in html
    assert "责任单位" in html
    assert '<span class="light yellow">临期</span>' in html  # unit A's approval is not unit B's
    assert "已完成" not in html


@time_machine.travel("2018-07-02 09:00 +0800")
def test_an_overdue_milestone_is_red(client: Client, people: dict) -> None:
    assert '<span class="light red">红灯</span>' in page(client, people["head_a"])


@time_machine.travel("2018-06-15 09:00 +0800")
def test_the_county_office_sees_none_of_the_city_departments_tasks(client: Client, people: dict) -> None:
    html = page(client, people["county_office"])

    assert "深化行政审批制度改革" not in html
    assert "2018年度暂无分配给本单位的任务" in html


def test_the_latest_year_is_shown_and_others_can_be_chosen(client: Client, people: dict) -> None:
    plan_2019 = make_plan(people["office_admin"], year=2019, title="2019年度工作安排")
    make_task(plan_2019, title="2019年的任务", lead=people["unit_a"])

    html = page(client, people["liaison_a"])
    assert "2019年的任务" in html
    assert "深化行政审批制度改革" not in html

    html = page(client, people["liaison_a"], URL + "?year=2018")
    assert "深化行政审批制度改革" in html
    assert "2019年的任务" not in html


def test_the_page_takes_a_fixed_number_of_queries(
    client: Client, people: dict, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(people["liaison_a"])
    client.get(URL)  # reads the working-day calendar into the cache
    # session, user, years, tasks, 3 for lights, unit name, the cached calendar (lights, warning), unread
    with django_assert_num_queries(11) as one_task:
        client.get(URL)
    for number in ("(二)", "(三)", "(四)", "(五)", "(六)"):
        make_task(people["plan"], number=number, title=f"任务{number}", lead=people["unit_a"])
    report_of(people, "liaison_a", "submitted")

    with django_assert_num_queries(len(one_task.captured_queries)):
        response = client.get(URL)

    assert response.content.decode().count('class="light ') >= 6
