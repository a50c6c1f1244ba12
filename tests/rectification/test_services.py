"""Rectification services: recorded by the office, submitted by the unit only with evidence, closed or
returned by the office, every step audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.audit.models import AuditEvent
from dudao.rectification import services
from dudao.rectification.models import RectificationAction, RectificationStatus
from dudao.reminders.models import Notification
from dudao.reports.models import Evidence
from dudao.reports.services import store_evidence
from tests.rectification.conftest import DEADLINE, record
from tests.reports.files import pdf


def evidence_of(people: dict, unit_key: str = "unit_a", name: str = "备案回执.pdf") -> Evidence:
    who = "liaison_a" if unit_key == "unit_a" else "liaison_b"
    return store_evidence(SimpleUploadedFile(name, pdf()), unit=people[unit_key], by=people[who])


def test_the_office_records_a_problem_and_the_unit_is_told(people: dict, clock: object) -> None:
    item = record(people)

    assert item.status == RectificationStatus.OPEN
    assert item.recorded_by == people["office_admin"]
    told = Notification.objects.filter(kind="rectification.recorded").values_list(
        "recipient__username", flat=True
    )
    assert sorted(told) == ["head_a", "liaison_a"]
    assert AuditEvent.objects.get(event="rectification.record").object_id == str(item.pk)


def test_a_deadline_before_the_finding_is_refused(people: dict, clock: object) -> None:
    with pytest.raises(ValidationError) as refusal:
        record(people, deadline=datetime.date(2018, 9, 1))
    assert refusal.value.message_dict == {"deadline": ["整改期限不能早于发现日期。"]}


def test_a_rectification_cannot_be_submitted_without_evidence(people: dict, clock: object) -> None:
    item = record(people)

    with pytest.raises(ValidationError) as refusal:
        services.submit_rectification(item, response="已补报备案。", by=people["liaison_a"])

    assert refusal.value.message_dict == {"evidence": ["请至少附一份整改佐证材料：整改须凭佐证材料销号。"]}
    item.refresh_from_db()
    assert item.status == RectificationStatus.OPEN
    assert not AuditEvent.objects.filter(event="rectification.submit").exists()


def test_the_unit_submits_with_evidence(people: dict, clock: object) -> None:
    item = record(people)
    receipt = evidence_of(people)

    submitted = services.submit_rectification(
        item, response="已补报备案。", evidence=[receipt], by=people["head_a"]
    )

    assert submitted.status == RectificationStatus.SUBMITTED
    assert list(submitted.evidence.all()) == [receipt]
    assert AuditEvent.objects.get(event="rectification.submit").changes == {"evidence": [str(receipt.pk)]}
    assert Notification.objects.filter(
        kind="rectification.submitted", recipient=people["office_admin"]
    ).exists()


def test_an_upload_with_the_submission_counts_as_evidence(people: dict, clock: object) -> None:
    item = record(people)

    submitted = services.submit_rectification(
        item, response="已建立制度。", uploads=[SimpleUploadedFile("制度.pdf", pdf())], by=people["liaison_a"]
    )

    assert [e.original_name for e in submitted.evidence.all()] == ["制度.pdf"]


def test_another_units_evidence_does_not_count(people: dict, clock: object) -> None:
    item = record(people)

    with pytest.raises(ValidationError) as refusal:
        services.submit_rectification(
            item, response="借用", evidence=[evidence_of(people, "unit_b")], by=people["liaison_a"]
        )

    assert refusal.value.message_dict == {"evidence": ["只能使用本单位上传的佐证材料。"]}


def test_an_open_rectification_cannot_be_closed(people: dict, clock: object) -> None:
    item = record(people)

    with pytest.raises(ValidationError, match="单位尚未提交整改情况和佐证材料，不能销号"):
        services.close_rectification(item, by=people["office_admin"])
    item.refresh_from_db()
    assert item.status == RectificationStatus.OPEN


def test_the_office_closes_a_submitted_rectification(people: dict, clock: object) -> None:
    item = services.submit_rectification(
        record(people), response="已补报。", evidence=[evidence_of(people)], by=people["liaison_a"]
    )

    closed = services.close_rectification(item, note="材料齐全，同意销号。", by=people["office_admin"])

    assert closed.status == RectificationStatus.CLOSED
    assert closed.closed_by == people["office_admin"]
    assert AuditEvent.objects.get(event="rectification.close").changes == {"note": "材料齐全，同意销号。"}


def test_a_returned_rectification_is_open_again_with_the_reason(people: dict, clock: object) -> None:
    item = services.submit_rectification(
        record(people), response="已补报。", evidence=[evidence_of(people)], by=people["liaison_a"]
    )

    returned = services.return_rectification(item, reason="缺少登记制度文件。", by=people["office_admin"])

    assert returned.status == RectificationStatus.OPEN
    assert returned.return_reason == "缺少登记制度文件。"
    told = Notification.objects.filter(kind="rectification.returned").values_list(
        "recipient__username", flat=True
    )
    assert sorted(told) == ["head_a", "liaison_a"]
    assert list(returned.actions.values_list("action", flat=True)) == [
        RectificationAction.Action.RECORD,
        RectificationAction.Action.SUBMIT,
        RectificationAction.Action.RETURN,
    ]
    assert AuditEvent.objects.get(event="rectification.return").changes == {"reason": "缺少登记制度文件。"}


def test_overdue_is_counted_in_calendar_days_while_open(people: dict, clock: object) -> None:
    item = record(people)

    assert item.days_late(DEADLINE) == 0
    assert item.days_late(datetime.date(2018, 11, 5)) == 5
    services.submit_rectification(
        item, response="已补报。", evidence=[evidence_of(people)], by=people["liaison_a"]
    )
    item.refresh_from_db()
    assert item.days_late(datetime.date(2018, 11, 5)) == 0


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "leader", "auditor", "county_office"])
def test_only_the_office_records_closes_and_returns(people: dict, clock: object, who: str) -> None:
    item = services.submit_rectification(
        record(people), response="已补报。", evidence=[evidence_of(people)], by=people["liaison_a"]
    )

    with pytest.raises(PermissionDenied):
        services.record_rectification(
            people["unit_a"], source="督察", found_on=datetime.date(2018, 9, 1), problem="问题",
            deadline=DEADLINE, by=people[who],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.close_rectification(item, by=people[who])
    with pytest.raises(PermissionDenied):
        services.return_rectification(item, reason="不行", by=people[who])


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "office_admin", "leader"])
def test_only_the_units_own_people_submit(people: dict, clock: object, who: str) -> None:
    item = record(people)

    with pytest.raises(PermissionDenied):
        services.submit_rectification(
            item, response="代交", uploads=[SimpleUploadedFile("x.pdf", pdf())], by=people[who]
        )
