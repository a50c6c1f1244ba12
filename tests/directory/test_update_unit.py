"""`update_unit`: the office corrects a unit's name, kind, level, parent or contact, with an audit row."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit, UnitAlias
from dudao.directory.services import update_unit


def test_changes_are_saved_and_audited_with_old_and_new_values(people: dict[str, Any]) -> None:
    unit_a = people["unit_a"]

    update_unit(
        unit_a, {"contact_person": "李明", "contact_phone": "0396-2345678"}, by=people["office_admin"]
    )

    unit_a.refresh_from_db()
    assert (unit_a.contact_person, unit_a.contact_phone) == ("李明", "0396-2345678")
    event = AuditEvent.objects.get(event="unit.update")
    assert event.actor == people["office_admin"]
    assert event.summary == "修改单位“市编办”：联系人、联系电话"
    assert event.changes == {"contact_person": ["", "李明"], "contact_phone": ["", "0396-2345678"]}


def test_a_new_parent_is_logged_by_name(people: dict[str, Any]) -> None:
    update_unit(people["unit_b"], {"parent": people["county"]}, by=people["office_admin"])

    assert AuditEvent.objects.get(event="unit.update").changes == {
        "parent": ["驻马店市人民政府", "西平县人民政府"]
    }


def test_nothing_changed_writes_nothing(people: dict[str, Any]) -> None:
    update_unit(people["unit_a"], {"name": "市编办"}, by=people["office_admin"])

    assert not AuditEvent.objects.filter(event="unit.update").exists()


def test_another_units_name_or_alias_is_refused(people: dict[str, Any]) -> None:
    UnitAlias.objects.create(unit=people["unit_b"], name="市工商行政管理局")

    with pytest.raises(ValidationError, match="已是单位“市工商局”的名称"):
        update_unit(people["unit_a"], {"name": "市工商局"}, by=people["office_admin"])
    with pytest.raises(ValidationError, match="已是单位“市工商局”的别名"):
        update_unit(people["unit_a"], {"name": "市工商行政管理局"}, by=people["office_admin"])
    assert Unit.objects.get(pk=people["unit_a"].pk).name == "市编办"


def test_a_unit_cannot_sit_under_its_own_child(people: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="上级单位不能是本单位或本单位的下级单位"):
        update_unit(people["city"], {"parent": people["county"]}, by=people["office_admin"])
