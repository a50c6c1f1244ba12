"""`issue_order`: numbering per year, the checks on what is issued, who is told, the audit row."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction

from dudao.audit.models import AuditEvent
from dudao.orders import services
from dudao.orders.models import OrderStatus, SupervisionOrder
from dudao.reminders.models import Notification
from tests.factories import make_task
from tests.orders.conftest import DUE, at, issue


def test_the_first_order_of_2018_is_number_1_and_the_next_number_2(people: dict, clock: object) -> None:
    first = issue(people)
    second = issue(people, "unit_b")

    assert (first.year, first.number, first.label) == (2018, 1, "〔2018〕第1号")
    assert second.label == "〔2018〕第2号"
    assert first.status == OrderStatus.ISSUED
    assert first.issued_by == people["office_admin"]


def test_a_new_year_starts_again_at_number_1(people: dict) -> None:
    with time_machine.travel(at(datetime.date(2018, 12, 28)), tick=False):
        issue(people, due=datetime.date(2019, 1, 10))
        issue(people, due=datetime.date(2019, 1, 10))
    with time_machine.travel(at(datetime.date(2019, 1, 2)), tick=False):
        first_of_2019 = issue(people, due=datetime.date(2019, 1, 10))

    assert first_of_2019.label == "〔2019〕第1号"
    assert sorted(SupervisionOrder.objects.values_list("year", "number")) == [(2018, 1), (2018, 2), (2019, 1)]


def test_the_database_itself_refuses_a_second_number_1(people: dict, clock: object) -> None:
    """The backstop behind the counter: whatever writes orders, a year's number exists once."""
    first = issue(people)

    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionOrder.objects.create(
            year=2018, number=1, unit=people["unit_b"], reason="重复编号", response_due=DUE,
            issued_by=people["office_admin"], issued_at=first.issued_at,
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_on_postgresql_get_distinct_numbers(people: dict) -> None:
    """Real concurrency: eight threads, each on its own connection, issue at the same moment. Without the
    locked counter they read the same highest number and all but one fail on the unique constraint."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait()
            with time_machine.travel(at(datetime.date(2018, 6, 20)), tick=False):
                issue(people, "unit_a" if index % 2 else "unit_b")
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(SupervisionOrder.objects.values_list("number", flat=True)) == list(range(1, 9))


def test_the_units_liaison_and_head_are_notified(people: dict, clock: object) -> None:
    order = issue(people)

    told = Notification.objects.filter(kind="order.issued")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["head_a", "liaison_a"]
    note = told.first()
    assert note is not None
    assert "〔2018〕第1号" in note.subject
    assert "2018-06-29" in note.body
    assert note.url == f"/supervision/orders/{order.pk}/"


def test_issuing_is_audited(people: dict, clock: object) -> None:
    order = issue(people)

    event = AuditEvent.objects.get(event="order.issue")
    assert event.object_id == str(order.pk)
    assert event.actor == people["office_admin"]
    assert event.changes["number"] == "〔2018〕第1号"
    assert event.changes["response_due"] == DUE.isoformat()


def test_the_response_deadline_must_lie_after_today(people: dict, clock: object) -> None:
    with pytest.raises(ValidationError) as refusal:
        issue(people, due=datetime.date(2018, 6, 20))

    assert refusal.value.message_dict == {"response_due": ["办理时限须晚于今天。"]}
    assert not SupervisionOrder.objects.exists()


def test_the_task_must_be_one_the_unit_carries(people: dict, clock: object) -> None:
    other = make_task(people["plan"], number="(二)", title="全面推行权力清单制度", lead=people["unit_b"])

    with pytest.raises(ValidationError) as refusal:
        issue(people, task=other)

    assert refusal.value.message_dict == {"task": ["市编办未承担所选任务，请重新选择。"]}


def test_a_reason_is_required(people: dict, clock: object) -> None:
    with pytest.raises(ValidationError) as refusal:
        issue(people, reason="  ")

    assert refusal.value.message_dict == {"reason": ["请填写督办理由。"]}


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_only_the_office_issues(people: dict, clock: object, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.issue_order(people["unit_b"], task=None, reason="理由", response_due=DUE, by=people[who])
    assert not SupervisionOrder.objects.exists()
