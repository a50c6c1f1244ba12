"""`answer_order`, `close_order`, `return_order`: the unit answers, the office closes or returns."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.audit.models import AuditEvent
from dudao.orders import services
from dudao.orders.models import OrderAction, OrderStatus
from dudao.reminders.models import Notification
from dudao.reports.services import store_evidence
from tests.orders.conftest import issue
from tests.reports.files import pdf


def test_liaison_a_answers_with_evidence(people: dict, clock: object) -> None:
    order = issue(people)
    minutes = store_evidence(
        SimpleUploadedFile("会议纪要.pdf", pdf()), unit=people["unit_a"], by=people["liaison_a"]
    )

    answered = services.answer_order(
        order, body="已召开专题会议部署，7月1日前完成。", evidence=[minutes], by=people["liaison_a"]
    )

    assert answered.status == OrderStatus.ANSWERED
    assert answered.answered_by == people["liaison_a"]
    assert list(answered.evidence.all()) == [minutes]
    assert AuditEvent.objects.filter(event="order.answer", object_id=str(order.pk)).count() == 1
    assert Notification.objects.filter(kind="order.answered", recipient=people["office_admin"]).count() == 1


def test_head_a_may_answer_without_evidence_and_uploads_are_kept_as_the_units_evidence(
    people: dict, clock: object
) -> None:
    order = issue(people)
    upload = SimpleUploadedFile("整改方案.pdf", pdf("plan"))

    answered = services.answer_order(order, body="已制定方案。", uploads=[upload], by=people["head_a"])

    [kept] = answered.evidence.all()
    assert kept.unit == people["unit_a"]
    assert kept.original_name == "整改方案.pdf"


def test_another_units_evidence_is_refused(people: dict, clock: object) -> None:
    order = issue(people)
    theirs = store_evidence(
        SimpleUploadedFile("工商.pdf", pdf()), unit=people["unit_b"], by=people["liaison_b"]
    )

    with pytest.raises(ValidationError) as refusal:
        services.answer_order(order, body="答复", evidence=[theirs], by=people["liaison_a"])

    assert refusal.value.message_dict == {"evidence": ["只能使用本单位上传的佐证材料。"]}


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "office_admin", "leader", "auditor"])
def test_only_the_units_own_people_answer(people: dict, clock: object, who: str) -> None:
    order = issue(people)

    with pytest.raises(PermissionDenied):
        services.answer_order(order, body="答复", by=people[who])


def test_an_answer_needs_text(people: dict, clock: object) -> None:
    order = issue(people)

    with pytest.raises(ValidationError) as refusal:
        services.answer_order(order, body=" ", by=people["liaison_a"])

    assert refusal.value.message_dict == {"body": ["请填写办理情况。"]}


def test_the_office_closes_an_answered_order(people: dict, clock: object) -> None:
    order = services.answer_order(issue(people), body="已完成。", by=people["liaison_a"])

    closed = services.close_order(order, note="办理到位。", by=people["office_admin"])

    assert closed.status == OrderStatus.CLOSED
    assert closed.closed_by == people["office_admin"]
    assert closed.close_note == "办理到位。"
    assert AuditEvent.objects.filter(event="order.close", object_id=str(order.pk)).exists()


def test_an_unanswered_order_cannot_be_closed(people: dict, clock: object) -> None:
    order = issue(people)

    with pytest.raises(ValidationError, match="只有已答复的督办单才能办结"):
        services.close_order(order, by=people["office_admin"])


def test_the_office_returns_an_answer_and_the_unit_answers_again(people: dict, clock: object) -> None:
    order = services.answer_order(issue(people), body="正在推进。", by=people["liaison_a"])

    returned = services.return_order(
        order, reason="未说明完成时间。", response_due=datetime.date(2018, 7, 6), by=people["office_admin"]
    )

    assert returned.status == OrderStatus.ISSUED
    assert returned.return_reason == "未说明完成时间。"
    assert returned.response_due == datetime.date(2018, 7, 6)
    told = Notification.objects.filter(kind="order.returned").values_list("recipient__username", flat=True)
    assert sorted(told) == ["head_a", "liaison_a"]
    again = services.answer_order(returned, body="6月30日前完成。", by=people["liaison_a"])
    assert again.status == OrderStatus.ANSWERED
    assert list(again.actions.values_list("action", flat=True)) == [
        OrderAction.Action.ISSUE,
        OrderAction.Action.ANSWER,
        OrderAction.Action.RETURN,
        OrderAction.Action.ANSWER,
    ]
    assert AuditEvent.objects.get(event="order.return").changes == {
        "reason": "未说明完成时间。",
        "response_due": "2018-07-06",
    }


def test_a_return_needs_a_reason(people: dict, clock: object) -> None:
    order = services.answer_order(issue(people), body="正在推进。", by=people["liaison_a"])

    with pytest.raises(ValidationError) as refusal:
        services.return_order(order, reason="", by=people["office_admin"])

    assert refusal.value.message_dict == {"reason": ["请填写退回理由。"]}


def test_a_closed_order_takes_no_further_answer(people: dict, clock: object) -> None:
    order = services.answer_order(issue(people), body="已完成。", by=people["liaison_a"])
    services.close_order(order, by=people["office_admin"])

    with pytest.raises(ValidationError, match="已答复或已办结"):
        services.answer_order(order, body="补充", by=people["liaison_a"])


@pytest.mark.parametrize("who", ["leader", "liaison_a", "head_a"])
def test_nobody_but_the_office_closes_or_returns(people: dict, clock: object, who: str) -> None:
    order = services.answer_order(issue(people), body="已完成。", by=people["liaison_a"])

    with pytest.raises(PermissionDenied):
        services.close_order(order, by=people[who])
    with pytest.raises(PermissionDenied):
        services.return_order(order, reason="不行", by=people[who])
