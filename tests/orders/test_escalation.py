"""`escalate_unanswered` and the `escalate_orders` task: an ignored order reaches the leaders, once."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from dudao.orders import services
from dudao.orders.models import OrderAction, SupervisionOrder
from dudao.orders.tasks import escalate_orders
from dudao.reminders.models import Notification
from dudao.reminders.schedule import PERIODIC_JOBS, load_jobs
from tests.orders.conftest import DUE, at, issue

THE_DAY_AFTER = DUE + datetime.timedelta(days=1)


def test_an_ignored_order_escalates_once_and_an_answered_one_does_not(
    people: dict, clock: time_machine.Coordinates
) -> None:
    ignored = issue(people)  # 〔2018〕第1号 to 市编办
    answered = issue(people, "unit_b")
    services.answer_order(answered, body="已完成。", by=people["liaison_b"])

    clock.move_to(at(DUE))
    assert services.escalate_unanswered(DUE) == []  # on the deadline day itself it is not late yet
    clock.move_to(at(THE_DAY_AFTER))
    newly = services.escalate_unanswered(THE_DAY_AFTER)
    again = services.escalate_unanswered(THE_DAY_AFTER + datetime.timedelta(days=1))

    assert newly == [ignored]
    assert again == []
    ignored.refresh_from_db()
    assert ignored.escalated_at is not None
    assert list(SupervisionOrder.objects.escalated(THE_DAY_AFTER)) == [ignored]
    assert list(SupervisionOrder.objects.open()) == [answered, ignored]
    assert OrderAction.objects.filter(order=ignored, action=OrderAction.Action.ESCALATE).count() == 1
    assert AuditEvent.objects.filter(event="order.escalate").count() == 1


def test_the_leaders_and_the_office_are_told_once_in_one_notification(
    people: dict, clock: time_machine.Coordinates
) -> None:
    issue(people)
    issue(people, "unit_b")
    clock.move_to(at(THE_DAY_AFTER))

    services.escalate_unanswered(THE_DAY_AFTER)
    services.escalate_unanswered(THE_DAY_AFTER)

    told = Notification.objects.filter(kind="order.escalated")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["leader", "office_admin"]
    note = told.get(recipient=people["leader"])
    assert note.subject == "2份督办单逾期未答复"
    assert "〔2018〕第1号 市编办" in note.body and "〔2018〕第2号 市工商局" in note.body
    assert note.url == "/supervision/orders/?state=escalated"


def test_the_escalated_order_heads_the_leaders_view(
    people: dict, clock: time_machine.Coordinates, client: Client
) -> None:
    later = issue(people, "unit_b", due=datetime.date(2018, 7, 13))
    ignored = issue(people)
    clock.move_to(at(THE_DAY_AFTER))
    escalate_orders.call()
    client.force_login(people["leader"])

    page = client.get(reverse("orders:list"))

    orders = [order for order, _days in page.context["rows"]]
    assert orders == [ignored, later]
    assert page.context["counts"]["escalated"] == 1
    html = page.content.decode()
    assert 'class="escalated"' in html
    assert "逾期 1 天" in html
    assert "签发督办单" not in html  # leaders write nothing


def test_a_returned_order_with_a_new_deadline_may_escalate_again(
    people: dict, clock: time_machine.Coordinates
) -> None:
    order = issue(people)
    clock.move_to(at(THE_DAY_AFTER))
    services.escalate_unanswered(THE_DAY_AFTER)
    services.answer_order(order, body="迟到的答复。", by=people["liaison_a"])
    services.return_order(
        order, reason="不充分。", response_due=datetime.date(2018, 7, 6), by=people["office_admin"]
    )

    assert services.escalate_unanswered(datetime.date(2018, 7, 6)) == []
    assert services.escalate_unanswered(datetime.date(2018, 7, 7)) == [order]


def test_the_scheduler_runs_the_escalation() -> None:
    jobs = {path for path, _task, _interval in load_jobs(PERIODIC_JOBS)}
    assert "dudao.orders.tasks.escalate_orders" in jobs
