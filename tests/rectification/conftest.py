"""Rectification tests: evidence in a temporary directory, a frozen clock, and a builder.

The scenario's dates: the 2018年第三季度法治政府建设督察 finds a problem at 市编办 on 28 September 2018,
to be corrected by 31 October; on 5 November it is 5 days late.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from dudao.rectification import services
from dudao.rectification.models import Rectification
from tests.orders.conftest import at

FOUND_ON = datetime.date(2018, 9, 28)
DEADLINE = datetime.date(2018, 10, 31)
SOURCE = "2018年第三季度法治政府建设督察"


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
    with time_machine.travel(at(datetime.date(2018, 10, 8)), tick=False) as traveller:
        yield traveller


def record(people: dict, unit_key: str = "unit_a", **fields: Any) -> Rectification:
    defaults: dict[str, Any] = {
        "source": SOURCE,
        "found_on": FOUND_ON,
        "problem": "行政规范性文件未按规定报送备案。",
        "requirement": "限期补报备案，建立文件登记制度。",
        "deadline": DEADLINE,
    }
    return services.record_rectification(
        people[unit_key], by=people["office_admin"], **{**defaults, **fields}
    )
