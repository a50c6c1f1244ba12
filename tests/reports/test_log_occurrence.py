"""log_occurrence: a study session or meeting is logged once and counted against the unit's quotas."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.plans.models import Milestone
from dudao.reports.models import Occurrence
from dudao.reports.services import log_occurrence
from tests.factories import make_task
from tests.reports.builders import evidence_of

Kind = Occurrence.Kind


@pytest.fixture
def quarter_quota(people: dict) -> Milestone:
    """(三十一) 每季度至少一次领导干部学法 — the second quarter of 2018."""
    return Milestone.objects.create(
        task=people["task"], kind=Milestone.Kind.PERIODIC, text="每季度至少一次", label="2018年第二季度",
        period_start=datetime.date(2018, 4, 1), due=datetime.date(2018, 6, 30), min_count=1,
    )  # fmt: skip


@time_machine.travel("2018-05-20 10:00 +0800")
def test_liaison_a_logs_a_study_session_against_the_quarter(people: dict, quarter_quota: Milestone) -> None:
    photo = evidence_of(people, name="学法照片.png")

    occurrence = log_occurrence(
        people["unit_a"],
        by=people["liaison_a"],
        kind=Kind.STUDY_SESSION,
        held_on=datetime.date(2018, 5, 18),
        title="学习《行政许可法》",
        participants="张主任、李科长",
        participant_count=12,
        milestones=[quarter_quota],
        evidence=[photo],
    )

    assert occurrence.unit == people["unit_a"]
    assert list(occurrence.milestones.all()) == [quarter_quota]
    assert list(occurrence.evidence.all()) == [photo]
    assert list(quarter_quota.occurrences.all()) == [occurrence]
    assert AuditEvent.objects.get(event="occurrence.create").object_id == str(occurrence.pk)


@time_machine.travel("2018-05-20 10:00 +0800")
def test_a_date_outside_the_period_does_not_count(people: dict, quarter_quota: Milestone) -> None:
    with pytest.raises(ValidationError) as caught:
        log_occurrence(
            people["unit_a"], by=people["liaison_a"], kind=Kind.STUDY_SESSION,
            held_on=datetime.date(2018, 3, 30), title="一季度学法", milestones=[quarter_quota],
        )  # fmt: skip

    assert caught.value.message_dict == {"milestones": ["活动日期不在“2018年第二季度”的期间内，不能计入。"]}
    assert not Occurrence.objects.exists()


@time_machine.travel("2018-05-20 10:00 +0800")
def test_a_future_date_is_refused(people: dict) -> None:
    with pytest.raises(ValidationError) as caught:
        log_occurrence(
            people["unit_a"],
            by=people["liaison_a"],
            kind=Kind.LECTURE,
            held_on=datetime.date(2018, 5, 21),
            title="讲座",
        )

    assert caught.value.message_dict == {"held_on": ["活动日期不能晚于今天。"]}


@time_machine.travel("2018-05-20 10:00 +0800")
def test_a_title_is_required(people: dict) -> None:
    with pytest.raises(ValidationError) as caught:
        log_occurrence(
            people["unit_a"],
            by=people["liaison_a"],
            kind=Kind.LECTURE,
            held_on=datetime.date(2018, 5, 1),
            title="",
        )

    assert caught.value.message_dict == {"title": ["请填写活动主题。"]}


@time_machine.travel("2018-05-20 10:00 +0800")
def test_only_counted_milestones_of_the_units_own_tasks_are_accepted(people: dict) -> None:
    deadline = people["task"].milestones.get(kind=Milestone.Kind.DEADLINE)
    other = make_task(people["plan"], number="(二)", title="他人任务", lead=people["unit_b"])
    foreign_quota = Milestone.objects.create(
        task=other, kind=Milestone.Kind.QUOTA, text="全年不少于4次", label="2018年", min_count=4
    )

    for milestone in (deadline, foreign_quota):
        with pytest.raises(ValidationError) as caught:
            log_occurrence(
                people["unit_a"], by=people["liaison_a"], kind=Kind.OTHER,
                held_on=datetime.date(2018, 5, 1), title="活动", milestones=[milestone],
            )  # fmt: skip
        assert caught.value.message_dict == {"milestones": ["只能计入本单位任务中有次数要求的时间节点。"]}


@time_machine.travel("2018-05-20 10:00 +0800")
def test_another_units_evidence_is_refused(people: dict) -> None:
    theirs = evidence_of(people, "liaison_b")

    with pytest.raises(ValidationError):
        log_occurrence(
            people["unit_a"], by=people["liaison_a"], kind=Kind.OTHER,
            held_on=datetime.date(2018, 5, 1), title="活动", evidence=[theirs],
        )  # fmt: skip


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "leader", "office_admin", "auditor"])
def test_nobody_logs_for_another_unit(people: dict, who: str) -> None:
    with pytest.raises(PermissionDenied):
        log_occurrence(
            people["unit_a"], by=people[who], kind=Kind.OTHER, held_on=datetime.date(2018, 5, 1), title="活动"
        )
