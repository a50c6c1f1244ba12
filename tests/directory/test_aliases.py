"""`add_alias` and `remove_alias`: the other names a notice may print for a unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dudao.audit.models import AuditEvent
from dudao.directory.models import UnitAlias
from dudao.directory.services import add_alias, remove_alias


def test_an_alias_is_added_and_audited(people: dict[str, Any]) -> None:
    alias = add_alias(people["unit_a"], " 市机构编制委员会办公室 ", by=people["office_admin"])

    assert alias.name == "市机构编制委员会办公室"
    assert list(people["unit_a"].aliases.values_list("name", flat=True)) == ["市机构编制委员会办公室"]
    event = AuditEvent.objects.get(event="unit.add_alias")
    assert event.summary == "为单位“市编办”添加别名“市机构编制委员会办公室”"


def test_adding_an_alias_twice_keeps_one(people: dict[str, Any]) -> None:
    add_alias(people["unit_a"], "市委编办", by=people["office_admin"])
    add_alias(people["unit_a"], "市委编办", by=people["office_admin"])

    assert UnitAlias.objects.count() == 1
    assert AuditEvent.objects.filter(event="unit.add_alias").count() == 1


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("市工商局", "“市工商局”已是单位“市工商局”的名称"),
        ("工商局", "“工商局”已是单位“市工商局”的别名"),
        ("市编办", "别名与单位名称相同"),
        ("  ", "请填写别名"),
    ],
)
def test_a_name_that_means_something_else_is_refused(people: dict[str, Any], name: str, problem: str) -> None:
    UnitAlias.objects.create(unit=people["unit_b"], name="工商局")

    with pytest.raises(ValidationError) as raised:
        add_alias(people["unit_a"], name, by=people["office_admin"])

    assert raised.value.message_dict == {"name": [problem]}


def test_an_alias_is_removed_and_audited(people: dict[str, Any]) -> None:
    add_alias(people["unit_a"], "市委编办", by=people["office_admin"])

    assert remove_alias(people["unit_a"], "市委编办", by=people["office_admin"]) is True
    assert remove_alias(people["unit_a"], "市委编办", by=people["office_admin"]) is False
    assert not UnitAlias.objects.exists()
    assert AuditEvent.objects.filter(event="unit.remove_alias").count() == 1


def test_another_units_alias_is_not_removed_through_this_unit(people: dict[str, Any]) -> None:
    UnitAlias.objects.create(unit=people["unit_b"], name="工商局")

    assert remove_alias(people["unit_a"], "工商局", by=people["office_admin"]) is False
    assert UnitAlias.objects.filter(name="工商局").exists()
