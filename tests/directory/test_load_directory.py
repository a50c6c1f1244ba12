"""`load_directory` and `load_builtin_directory`: idempotent upserts by code from the parser's units or a file."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit, UnitAlias
from dudao.directory.services import DirectoryInvalid, load_builtin_directory, load_directory
from dudao.ingest.units import DirectoryUnit

pytestmark = pytest.mark.django_db

COUNTIES = (
    "驿城区",
    "西平县",
    "上蔡县",
    "平舆县",
    "正阳县",
    "确山县",
    "泌阳县",
    "汝南县",
    "遂平县",
    "新蔡县",
)
ZONES = ("城乡一体化示范区", "经济开发区", "产业集聚区")


def test_the_builtin_directory_holds_the_sample_city() -> None:
    summary = load_builtin_directory()

    assert len(summary.created) == Unit.objects.count() == 40
    city = Unit.objects.get(code="zmd-gov")
    assert city.name == "驻马店市人民政府" and city.parent is None
    subordinate = [u.name for u in Unit.objects.select_related("parent") if u.is_subordinate_government()]
    assert len(subordinate) == 13
    assert all(any(county in name for name in subordinate) for county in COUNTIES + ZONES)


def test_the_2018_reform_successors_are_recorded() -> None:
    load_builtin_directory()

    office = Unit.objects.get(name="市政府法制办公室")
    assert office.successor is not None and office.successor.name == "市司法局"
    assert office.current(datetime.date(2018, 6, 1)) == office
    assert office.current(datetime.date(2019, 3, 1)).name == "市司法局"
    assert Unit.objects.get(name="市国税局").successor_from == datetime.date(2018, 7, 5)


def test_loading_twice_changes_nothing() -> None:
    load_builtin_directory()
    aliases = UnitAlias.objects.count()

    again = load_builtin_directory()

    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 40)
    assert Unit.objects.count() == 40 and UnitAlias.objects.count() == aliases


def test_a_reload_restores_what_the_source_states_and_keeps_contacts() -> None:
    load_builtin_directory()
    Unit.objects.filter(code="zmd-bianban").update(
        name="市编委", contact_person="李明", contact_phone="0396-2345678"
    )
    UnitAlias.objects.create(unit=Unit.objects.get(code="zmd-bianban"), name="编委")

    summary = load_builtin_directory()

    assert summary.updated == ("zmd-bianban",)
    unit = Unit.objects.get(code="zmd-bianban")
    assert unit.name == "市编办"
    assert not unit.aliases.filter(name="编委").exists()
    assert (unit.contact_person, unit.contact_phone) == ("李明", "0396-2345678")


def test_every_load_is_audited() -> None:
    load_builtin_directory()

    event = AuditEvent.objects.get(event="directory.load")
    assert event.actor_name == "system"
    assert "新增 40 个单位" in event.summary
    assert len(event.changes["created"]) == 40


def test_loads_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "units.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "city",
                    "name": "清河市人民政府",
                    "aliases": ["市政府"],
                    "kind": "government",
                    "level": "city",
                },
                {
                    "id": "sfj",
                    "name": "清河市司法局",
                    "aliases": [],
                    "kind": "department",
                    "level": "city",
                    "parent": "city",
                },
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    summary = load_directory(path)

    assert summary.created == ("city", "sfj")
    assert Unit.objects.get(code="sfj").parent == Unit.objects.get(code="city")


def test_a_parent_may_already_be_in_the_database() -> None:
    load_builtin_directory()

    load_directory([DirectoryUnit("zmd-new", "市大数据局", (), "department", "city", parent="zmd-gov")])

    assert Unit.objects.get(code="zmd-new").parent.code == "zmd-gov"  # type: ignore[union-attr]


def test_bad_units_are_all_listed_and_nothing_is_written() -> None:
    load_builtin_directory()
    units = [
        DirectoryUnit("a", "市新单位", ("市编办",), "department", "city"),  # another unit's name as an alias
        DirectoryUnit("b", "某村委会", (), "other", "village"),  # a level the platform does not keep
        DirectoryUnit("c", "市新局", (), "department", "city", parent="nowhere"),
    ]

    with pytest.raises(DirectoryInvalid) as raised:
        load_directory(units)

    messages = [error.message for error in raised.value.errors]
    assert messages == [
        "“市编办”已被系统中的单位“市编办”使用，同一名称只能指一个单位",
        "层级应为以下之一：省级、市级、县级、乡级",
        "上级单位编码“nowhere”不在单位名录中",
    ]
    assert Unit.objects.count() == 40


def test_a_loop_of_parents_is_refused() -> None:
    units = [
        DirectoryUnit("a", "甲单位", (), "department", "city", parent="b"),
        DirectoryUnit("b", "乙单位", (), "department", "city", parent="a"),
    ]

    with pytest.raises(DirectoryInvalid, match="上级单位形成循环：a → b → a"):
        load_directory(units)
