"""The workbench's to-do list (待办事项): each role's waiting work, counted from the same scoped lists
the links open, empty entries left out."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from dudao.orders.services import issue_order
from dudao.rectification.services import record_rectification
from dudao.reports.services import return_report, save_report, submit_report
from dudao.web.todo import Todo, todos_for

D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TODAY = D(2018, 9, 3)


@pytest.fixture
def waiting(people: dict[str, Any]) -> dict[str, Any]:
    """On 3 September 2018: unit A has an order issued in August and already past its deadline, an open
    rectification past its deadline, one report returned by its head and one awaiting the head."""
    office, unit_a, task = people["office_admin"], people["unit_a"], people["task"]
    assignment = task.assignments.get(unit=unit_a)
    deadline = task.milestones.get()
    with time_machine.travel(datetime.datetime(2018, 8, 20, 10, tzinfo=SHANGHAI), tick=False):
        issue_order(unit_a, task=task, reason="进展滞后。", response_due=D(2018, 8, 31), by=office)
        record_rectification(
            unit_a, source="2018年第二季度督察", found_on=D(2018, 8, 20), problem="台账不全。",
            deadline=D(2018, 8, 31), by=office,
        )  # fmt: skip
        liaison, head = people["liaison_a"], people["head_a"]
        returned = submit_report(
            save_report(assignment, milestone=deadline, body="初稿。", evidence=[], by=liaison), by=liaison
        )
        return_report(returned, by=head, reason="请补充佐证材料。")
        submit_report(
            save_report(assignment, milestone=None, body="阶段进展。", evidence=[], by=liaison), by=liaison
        )
    return people


def _labels(todos: list[Todo]) -> dict[str, tuple[int, bool]]:
    return {str(todo.label): (todo.count, todo.urgent) for todo in todos}


def test_the_liaison_sees_the_order_to_answer_the_rectification_and_the_returned_report(
    waiting: dict,
) -> None:
    todos = _labels(todos_for(waiting["liaison_a"], TODAY))

    assert todos["待答复的督办单"] == (1, True)  # past its deadline: red
    assert todos["整改中的问题"] == (1, True)
    assert todos["被退回、待修改的进展报告"] == (1, True)
    assert "待审核的进展报告" not in todos  # liaisons do not sign reports off


def test_a_unit_sees_its_red_milestones_of_the_year(people: dict) -> None:
    """The people fixture's task is due 1 July 2018 and nobody has reported on it."""
    assert "本年度红灯事项（逾期或被退回）" not in _labels(todos_for(people["liaison_b"], D(2018, 6, 1)))
    assert _labels(todos_for(people["liaison_b"], D(2018, 7, 2)))["本年度红灯事项（逾期或被退回）"] == (
        1,
        True,
    )
    assert _labels(todos_for(people["liaison_b"], D(2018, 6, 20)))["本年度黄灯事项（临近期限）"] == (1, False)


def test_the_head_also_sees_the_report_awaiting_approval(waiting: dict) -> None:
    assert _labels(todos_for(waiting["head_a"], TODAY))["待审核的进展报告"] == (1, False)


def test_another_unit_sees_none_of_unit_as_work(waiting: dict) -> None:
    todos = _labels(todos_for(waiting["liaison_b"], TODAY))

    assert "待答复的督办单" not in todos and "整改中的问题" not in todos


def test_the_office_sees_what_is_overdue_and_the_leader_the_escalated_order(waiting: dict) -> None:
    office = _labels(todos_for(waiting["office_admin"], TODAY))
    leader = _labels(todos_for(waiting["leader"], TODAY))

    assert office["逾期未答复的督办单"] == (1, True)
    assert office["逾期未整改的问题"] == (1, True)
    assert "已答复、待办结的督办单" not in office
    assert leader == {"逾期未答复的督办单": (1, True)}


def test_before_the_deadline_nothing_is_escalated(waiting: dict) -> None:
    assert "逾期未答复的督办单" not in _labels(todos_for(waiting["office_admin"], D(2018, 8, 31)))
    assert _labels(todos_for(waiting["liaison_a"], D(2018, 8, 31)))["待答复的督办单"] == (1, False)


def test_the_workbench_links_each_entry_to_its_list(
    client: Client, waiting: dict, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(waiting["liaison_a"])

    with time_machine.travel(datetime.datetime(2018, 9, 3, 10, tzinfo=SHANGHAI), tick=False):
        client.get(reverse("web:home"))  # warms the cached calendar
        with django_assert_max_num_queries(14):  # session, user, 3 counts, lights (4), calendar, badge …
            page = client.get(reverse("web:home")).content.decode()
        orders = client.get(f"{reverse('orders:list')}?state=issued").content.decode()

    assert "待办事项" in page
    assert f'href="{reverse("orders:list")}?state=issued"' in page
    assert f'href="{reverse("reports:my_tasks")}"' in page
    assert "〔2018〕第1号" in orders  # the link opens the list that holds it


def test_with_nothing_waiting_the_workbench_says_so(client: Client, people: dict) -> None:
    client.force_login(people["liaison_b"])

    assert "暂无待办事项" in client.get(reverse("web:home")).content.decode()


def test_the_auditor_has_no_to_do_list(client: Client, people: dict) -> None:
    client.force_login(people["auditor"])

    assert "待办事项" not in client.get(reverse("web:home")).content.decode()


def test_unread_notifications_are_on_the_list_with_the_badges_count(client: Client, people: dict) -> None:
    from dudao.reminders.models import Notification

    Notification.objects.create(recipient=people["liaison_b"], kind="test", subject="通知")
    client.force_login(people["liaison_b"])

    page = client.get(reverse("web:home")).content.decode()

    assert f'<a href="{reverse("reminders:inbox")}"><span class="count">1</span> 未读通知</a>' in page
    assert "暂无待办事项" not in page
