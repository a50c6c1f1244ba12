"""Asking for a bulletin numbers it and queues its generation; the task writes the draft or the failure."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from dudao.audit.models import AuditEvent
from dudao.bulletins import services
from dudao.bulletins.models import Bulletin
from dudao.bulletins.tasks import generate_bulletin
from tests.bulletins.conftest import GENERATED_ON, Q3

D = datetime.date


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(GENERATED_ON, tick=False):
        yield


def _queued() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="dudao.bulletins.tasks.generate_bulletin"))


def test_asking_numbers_the_bulletin_and_queues_its_generation_on_commit(
    q3: dict, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_bulletin(q3["plan"], *Q3, by=q3["office_admin"])
        second = services.request_bulletin(q3["plan"], D(2018, 1, 1), D(2018, 9, 30), by=q3["office_admin"])

    assert (first.label, first.status) == ("2018年第1期", "generating")
    assert first.title == "关于2018年第三季度法治政府建设工作推进情况的通报"
    assert second.label == "2018年第2期"
    assert second.title == "关于2018年1月1日至9月30日法治政府建设工作推进情况的通报"
    assert first.issuer == "驻马店市法治政府建设领导小组办公室"
    assert [job.args_kwargs["args"] for job in _queued()] == [[str(first.pk)], [str(second.pk)]]
    assert AuditEvent.objects.filter(event="bulletin.request").count() == 2


def test_nothing_is_queued_when_the_request_rolls_back(
    q3: dict, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.request_bulletin(q3["plan"], *Q3, by=q3["office_admin"])

    assert len(callbacks) == 1  # only run when the transaction commits
    assert _queued() == []


def test_a_period_ending_before_it_starts_or_in_the_future_is_refused(q3: dict) -> None:
    with pytest.raises(services.BulletinError, match="统计截止日不能早于统计起始日"):
        services.request_bulletin(q3["plan"], D(2018, 9, 30), D(2018, 7, 1), by=q3["office_admin"])
    with pytest.raises(services.BulletinError, match="统计截止日不能晚于今天"):
        services.request_bulletin(q3["plan"], D(2018, 10, 1), D(2018, 12, 31), by=q3["office_admin"])
    assert not Bulletin.objects.exists()


def test_the_task_writes_the_draft(q3: dict) -> None:
    bulletin = services.request_bulletin(q3["plan"], *Q3, by=q3["office_admin"])

    assert generate_bulletin.call(str(bulletin.pk)) == "draft"

    bulletin.refresh_from_db()
    assert bulletin.status == "draft"
    assert bulletin.generated_at == GENERATED_ON
    assert bulletin.version == 2
    assert any("完成率42.9%" in block.get("text", "") for block in bulletin.content)
    assert AuditEvent.objects.filter(event="bulletin.generate", object_id=str(bulletin.pk)).exists()


def test_a_job_run_twice_changes_nothing_the_second_time(draft: Bulletin) -> None:
    before = (draft.version, draft.content)

    assert generate_bulletin.call(str(draft.pk)) == "skipped"

    draft.refresh_from_db()
    assert (draft.version, draft.content) == before


def test_a_failure_is_kept_with_its_reason_and_a_retry_generates_again(
    q3: dict, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    bulletin = services.request_bulletin(q3["plan"], *Q3, by=q3["office_admin"])

    def broken(*args: object) -> None:
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr("dudao.bulletins.figures.gather", broken)
    assert generate_bulletin.call(str(bulletin.pk)) == "failed"
    bulletin.refresh_from_db()
    assert bulletin.status == "failed"
    assert bulletin.error == "RuntimeError: 数据库连接中断"

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.regenerate(bulletin, by=q3["office_admin"], version=bulletin.version)
    assert len(_queued()) == 1
    generate_bulletin.call(str(bulletin.pk))
    bulletin.refresh_from_db()
    assert (bulletin.status, bulletin.error) == ("draft", "")
    events = list(AuditEvent.objects.filter(object_id=str(bulletin.pk)).values_list("event", flat=True))
    assert events.count("bulletin.generate_failed") == 1
    assert "bulletin.regenerate" in events


def test_a_lost_job_can_be_started_again_after_ten_minutes(q3: dict) -> None:
    bulletin = services.request_bulletin(q3["plan"], *Q3, by=q3["office_admin"])
    with pytest.raises(services.BulletinError, match="正在生成"):
        services.regenerate(bulletin, by=q3["office_admin"], version=bulletin.version)

    later = GENERATED_ON + datetime.timedelta(minutes=11)
    with time_machine.travel(later, tick=False):
        services.regenerate(bulletin, by=q3["office_admin"], version=bulletin.version)
        assert generate_bulletin.call(str(bulletin.pk)) == "draft"
    bulletin.refresh_from_db()
    assert (bulletin.requested_at, bulletin.status) == (later, "draft")


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_queued_generation(q3: dict) -> None:
    """The real path: the request commits, `manage.py db_worker --batch` picks the job up and runs it."""
    bulletin = services.request_bulletin(q3["plan"], *Q3, by=q3["office_admin"])
    assert [job.status for job in _queued()] == ["READY"]

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    [job] = _queued()
    assert job.status == "SUCCESSFUL", job.exception_class_path
    assert job.return_value == "draft"
    bulletin.refresh_from_db()
    assert bulletin.status == "draft"
    assert any(block["kind"] == "table" for block in bulletin.content)
