"""Supervision-order tests: evidence in a temporary directory, a frozen clock, and a builder for orders.

The scenario's dates: 王 issues 〔2018〕第1号 on Wednesday 20 June 2018 with a response deadline of
Friday 29 June; the order escalates on the first scan after it, Saturday 30 June.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from dudao.orders import services
from dudao.orders.models import SupervisionOrder

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ISSUED_ON = datetime.date(2018, 6, 20)
DUE = datetime.date(2018, 6, 29)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def evidence_dir(settings: Any, tmp_path: Path) -> Path:
    location = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """The clock stands still on the morning the first order is issued; `clock.move_to(at(day))` moves it."""
    with time_machine.travel(at(ISSUED_ON), tick=False) as traveller:
        yield traveller


def issue(
    people: dict, unit_key: str = "unit_a", *, due: datetime.date = DUE, **fields: Any
) -> SupervisionOrder:
    """An order from the office to unit A (by default) on the task it leads."""
    defaults: dict[str, Any] = {
        "task": people["task"],
        "reason": "“今年7月1日前”的时间节点临近，至今未报送进展情况。",
        "requirement": "请书面报告办理情况并附佐证材料。",
    }
    return services.issue_order(
        people[unit_key], response_due=due, by=people["office_admin"], **{**defaults, **fields}
    )
