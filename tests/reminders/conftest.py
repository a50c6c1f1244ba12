"""Reminder tests: the `people` cast with e-mail addresses, and a frozen clock for each scan."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable

import pytest
import time_machine

from dudao.reminders.services import ScanSummary, send_reminders

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cast(people: dict) -> dict:
    """`people`, where the liaisons and heads of units A and B have e-mail addresses."""
    for who in ("liaison_a", "head_a", "liaison_b", "head_b"):
        people[who].email = f"{who}@example.gov.cn"
        people[who].save(update_fields=["email"])
    return people


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def scan(django_capture_on_commit_callbacks: Callable) -> Callable[[str], ScanSummary]:
    """Run the scan as the scheduler would on the morning of `day` (ISO), e-mails delivered."""

    def run(day: str) -> ScanSummary:
        date = datetime.date.fromisoformat(day)
        with time_machine.travel(at(date), tick=False), django_capture_on_commit_callbacks(execute=True):
            return send_reminders(date)

    return run
