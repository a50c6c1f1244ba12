"""The reminder scan runs in the real task queue: the scheduler enqueues it, the database worker runs it."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from dudao.reminders import tasks
from dudao.reminders.models import Notification, Reminder, ScheduledJob
from dudao.reminders.schedule import PERIODIC_JOBS, load_jobs, tick
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

FRIDAY = datetime.date(2018, 6, 15)


@pytest.fixture(autouse=True)
def forget_the_cached_calendar() -> Iterator[None]:
    """The transactional tests commit; the cache table is no model, so the flush after them keeps it."""
    yield
    cache.clear()


def run_worker_batch() -> None:
    Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


# The worker commits and closes connections as in production, so these tests run outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_an_enqueued_scan_with_todays_date(cast: dict) -> None:
    with time_machine.travel(at(FRIDAY), tick=False):
        result = tasks.send_reminders.enqueue()
        assert not Reminder.objects.exists()  # enqueued, not run

        run_worker_batch()

    finished = DBTaskResult.objects.get(id=result.id)
    assert finished.status == "SUCCESSFUL"
    assert finished.return_value["summary"] == "2018-06-15：临期提醒 2 条，逾期催办 0 条，通知 4 人次。"
    assert Reminder.objects.filter(sent_on=FRIDAY, kind="due_soon").count() == 2
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_the_scheduled_scan_waits_for_office_hours(cast: dict, settings: object) -> None:
    settings.DUDAO_REMINDER_HOUR = 8  # type: ignore[attr-defined]
    with time_machine.travel(at(FRIDAY, hour=7), tick=False):
        night = tasks.send_reminders.call()
    assert night["summary"] == "before 8:00, not sent yet"
    assert not Reminder.objects.exists()
    with time_machine.travel(at(FRIDAY, hour=8), tick=False):
        tasks.send_reminders.call()
    assert Reminder.objects.filter(sent_on=FRIDAY, kind="due_soon").count() == 2


def test_the_reminder_scan_is_a_periodic_job() -> None:
    assert ("dudao.reminders.tasks.send_reminders", datetime.timedelta(hours=1)) in PERIODIC_JOBS
    assert [path for path, _, _ in load_jobs(PERIODIC_JOBS)] == [path for path, _ in PERIODIC_JOBS]


def test_a_misspelt_job_stops_the_scheduler_at_start_up() -> None:
    with pytest.raises(ImportError):
        load_jobs([("dudao.reminders.tasks.send_reminder", datetime.timedelta(hours=1))])
    with pytest.raises(TypeError):
        load_jobs([("dudao.reminders.services.send_reminders", datetime.timedelta(hours=1))])


def test_the_scheduler_enqueues_each_job_once_per_interval_and_remembers_across_restarts(db: None) -> None:
    jobs = load_jobs([("dudao.reminders.tasks.send_reminders", datetime.timedelta(hours=1))])
    start = at(FRIDAY, 8)

    assert tick(jobs, start).enqueued == ["dudao.reminders.tasks.send_reminders"]
    assert tick(jobs, start + datetime.timedelta(minutes=59)).enqueued == []
    restarted = load_jobs([("dudao.reminders.tasks.send_reminders", datetime.timedelta(hours=1))])
    assert tick(restarted, start + datetime.timedelta(minutes=30)).waiting == [
        "dudao.reminders.tasks.send_reminders"
    ]
    assert tick(restarted, start + datetime.timedelta(hours=1)).enqueued == [
        "dudao.reminders.tasks.send_reminders"
    ]

    assert DBTaskResult.objects.count() == 2
    assert ScheduledJob.objects.get().last_enqueued_at == start + datetime.timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_run_scheduler_once_prints_one_line_and_the_worker_sends(cast: dict) -> None:
    out = io.StringIO()
    with time_machine.travel(at(FRIDAY), tick=False):
        call_command("run_scheduler", "--once", stdout=out)
        call_command("run_scheduler", "--once", stdout=out)
        run_worker_batch()

    first, second = out.getvalue().splitlines()
    assert first.startswith(
        f"run_scheduler: enqueued {len(PERIODIC_JOBS)} (dudao.reminders.tasks.send_reminders"
    )
    assert second == f"run_scheduler: enqueued 0 (-), not yet due {len(PERIODIC_JOBS)}"
    assert Reminder.objects.count() == 2
