"""The office's manual 催办 (`remind`): any day, once a day per unit and milestone, audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.plans.models import Assignment, Milestone
from dudao.reminders.models import Notification, Reminder
from dudao.reminders.services import remind, send_reminders
from tests.factories import make_task
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

SUNDAY = datetime.date(2018, 6, 17)  # the office may press 催办 on a holiday; the automatic scan does not


@pytest.fixture
def share(cast: dict) -> Assignment:
    return Assignment.objects.get(task=cast["task"], unit=cast["unit_b"])


def test_the_office_reminds_a_unit_now(
    cast: dict, share: Assignment, django_capture_on_commit_callbacks: Callable
) -> None:
    milestone = cast["task"].milestones.get()
    with time_machine.travel(at(SUNDAY), tick=False), django_capture_on_commit_callbacks(execute=True):
        reminder = remind(share, milestone, by=cast["office_admin"])

    assert (reminder.kind, reminder.sent_on, reminder.by) == ("manual", SUNDAY, cast["office_admin"])
    assert reminder.recipients == "liaison_b（单位联络员）、head_b（单位负责人）"
    note = Notification.objects.get(recipient=cast["head_b"])
    assert note.subject == "【督导办催办】(一)深化行政审批制度改革：2018-07-01"
    assert "距截止还有 14 天" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["head_b@example.gov.cn", "liaison_b@example.gov.cn"]
    event = AuditEvent.objects.get(event="reminder.manual")
    assert event.actor == cast["office_admin"]
    assert event.object_id == str(reminder.pk)
    assert "市工商局" in event.summary


def test_a_second_press_the_same_day_is_refused_the_next_day_allowed(cast: dict, share: Assignment) -> None:
    milestone = cast["task"].milestones.get()
    with time_machine.travel(at(SUNDAY), tick=False):
        remind(share, milestone, by=cast["office_admin"])
        with pytest.raises(ValidationError, match="今天已经就该时间节点催办过市工商局"):
            remind(share, milestone, by=cast["office_admin"])
    with time_machine.travel(at(SUNDAY + datetime.timedelta(days=1)), tick=False):
        remind(share, milestone, by=cast["office_admin"])

    assert Reminder.objects.filter(kind="manual").count() == 2
    assert AuditEvent.objects.filter(event="reminder.manual").count() == 2


def test_a_manual_reminder_does_not_stop_the_automatic_one(cast: dict, share: Assignment) -> None:
    with time_machine.travel(at(datetime.date(2018, 6, 15)), tick=False):
        remind(share, cast["task"].milestones.get(), by=cast["office_admin"])
        assert send_reminders(datetime.date(2018, 6, 15)).due_soon == 2


@pytest.mark.parametrize("who", ["leader", "liaison_b", "head_b", "county_office", "auditor"])
def test_only_the_office_reminds(cast: dict, share: Assignment, who: str) -> None:
    with pytest.raises(PermissionDenied):
        remind(share, cast["task"].milestones.get(), by=cast[who])
    assert not Reminder.objects.exists()


def test_a_milestone_of_another_task_is_refused(cast: dict, share: Assignment) -> None:
    other = make_task(cast["plan"], number="(二)", title="另一项任务", lead=cast["unit_b"])
    with pytest.raises(ValidationError, match="该时间节点不属于这项任务"):
        remind(share, Milestone.objects.get(task=other), by=cast["office_admin"])


def test_the_text_fits_the_milestone_due_today_or_without_a_date(cast: dict, share: Assignment) -> None:
    start = Milestone.objects.create(
        task=cast["task"], kind=Milestone.Kind.START, text="2018年3月1日起", label="2018年3月1日起"
    )
    with time_machine.travel(at(datetime.date(2018, 7, 1)), tick=False):
        remind(share, cast["task"].milestones.get(kind="deadline"), by=cast["office_admin"])
        remind(share, start, by=cast["office_admin"])

    today, undated = Notification.objects.filter(recipient=cast["liaison_b"]).order_by(
        "created_at", "subject"
    )
    bodies = {note.subject: note.body for note in (today, undated)}
    assert (
        "时间节点“2018-07-01”今日（2018年7月1日）截止，尚未报送进展。"
        in bodies["【督导办催办】(一)深化行政审批制度改革：2018-07-01"]
    )
    assert (
        "时间节点“2018年3月1日起”尚未完成。"
        in bodies["【督导办催办】(一)深化行政审批制度改革：2018年3月1日起"]
    )
