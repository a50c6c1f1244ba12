"""Fixtures for the reporting tests: evidence storage in a temporary directory, cheap passwords, the task's shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dudao.plans.models import Assignment, Milestone


@pytest.fixture(autouse=True)
def evidence_dir(settings: Any, tmp_path: Path) -> Path:
    """Evidence goes to a fresh directory per test, through the same storage API as in production."""
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
def assignment_a(people: dict) -> Assignment:
    """市编办's share of the task: it leads."""
    return Assignment.objects.get(task=people["task"], unit=people["unit_a"])


@pytest.fixture
def assignment_b(people: dict) -> Assignment:
    """市工商局's share of the same task: co-responsible."""
    return Assignment.objects.get(task=people["task"], unit=people["unit_b"])


@pytest.fixture
def milestone(people: dict) -> Milestone:
    """The task's deadline, 2018-07-01."""
    return people["task"].milestones.get()
