"""The sample city's directory in the database, the sample notice, and its import by 王.

`sample_directory` loads `dudao/ingest/data/zhumadian_directory.json` through the directory models,
adopting the units the shared `people` cast already created (市编办, 市工商局, 西平县 …) so that the
access cast and the sample city live in one database.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from dudao.accounts.models import User
from dudao.directory.models import Unit, UnitAlias
from dudao.plans.models import NoticeImport

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "zhumadian-2018.txt"
SAMPLE_DOCX = Path("/work/shared/corpus/formats/zhumadian-2018-docx.docx")


def load_directory() -> dict[str, Unit]:
    """Units by code, created (or adopted by name) from the sample city's directory file."""
    text = resources.files("dudao.ingest").joinpath("data/zhumadian_directory.json").read_text("utf-8")
    records = json.loads(text)["units"]
    units: dict[str, Unit] = {}
    for order, record in enumerate(records, 1):
        unit = Unit.objects.filter(name=record["name"]).first() or Unit(name=record["name"])
        unit.code, unit.kind, unit.level, unit.sort_order = (
            record["id"],
            record["kind"],
            record["level"],
            order,
        )
        unit.parent = unit.successor = unit.successor_from = None
        unit.save()
        units[record["id"]] = unit
    for record in records:
        unit = units[record["id"]]
        unit.parent = units.get(record.get("parent") or "")
        unit.successor = units.get(record.get("successor") or "")
        unit.successor_from = record.get("successor_from")
        unit.save()
        for alias in record.get("aliases") or ():
            UnitAlias.objects.get_or_create(name=alias, defaults={"unit": unit})
    return units


@pytest.fixture
def sample_directory(people: dict) -> dict[str, Unit]:
    return load_directory()


@pytest.fixture
def wang(people: dict, sample_directory: dict[str, Unit]) -> User:
    """王, the office administrator of SCENARIOS.md (the shared cast's office_admin)."""
    return people["office_admin"]


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture
def sample_import(wang: User, sample_bytes: bytes) -> NoticeImport:
    from dudao.plans.services import start_import

    return start_import(sample_bytes, "zhumadian-2018.txt", by=wang)
