"""`manage.py send_reminders`: the office runs the scan for a day by hand, or dry-runs it."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from dudao.reminders.models import Reminder

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue().strip()


def test_dry_run_for_a_date_prints_what_would_be_sent(cast: dict) -> None:
    assert run("--date", "2018-06-15", "--dry-run") == (
        "（试运行，未发送）2018-06-15：临期提醒 2 条，逾期催办 0 条，通知 4 人次。"
    )
    assert not Reminder.objects.exists()


def test_a_date_sends_and_a_second_run_sends_nothing_new(cast: dict) -> None:
    assert run("--date", "2018-06-15") == "2018-06-15：临期提醒 2 条，逾期催办 0 条，通知 4 人次。"
    assert run("--date", "2018-06-15") == "2018-06-15：临期提醒 0 条，逾期催办 0 条，通知 0 人次。"
    assert run("--date", "2018-06-16") == "2018-06-16 不是工作日，未发送催办。"


def test_a_bad_date_is_refused_in_chinese(cast: dict) -> None:
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        run("--date", "2018-06-31")
