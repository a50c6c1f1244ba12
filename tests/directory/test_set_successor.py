"""`set_successor`: after an institutional reform another unit carries this one's work from a date."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit
from dudao.directory.services import set_successor
from tests.factories import make_unit

REFORM = datetime.date(2019, 1, 1)


@pytest.fixture
def market(people: dict[str, Any]) -> Unit:
    return make_unit("市市场监督管理局", parent=people["city"])


def test_the_successor_takes_over_from_the_date(people: dict[str, Any], market: Unit) -> None:
    set_successor(people["unit_b"], market, REFORM, by=people["office_admin"])

    unit_b = Unit.objects.get(pk=people["unit_b"].pk)
    assert (unit_b.successor, unit_b.successor_from) == (market, REFORM)
    assert unit_b.current(datetime.date(2018, 12, 31)) == unit_b
    assert unit_b.current(REFORM) == market
    event = AuditEvent.objects.get(event="unit.set_successor")
    assert event.summary == "单位“市工商局”自 2019-01-01 起由“市市场监督管理局”承继"
    assert event.changes == {"successor": [None, "市市场监督管理局"], "successor_from": [None, "2019-01-01"]}


def test_the_successor_can_be_cleared(people: dict[str, Any], market: Unit) -> None:
    set_successor(people["unit_b"], market, REFORM, by=people["office_admin"])

    set_successor(people["unit_b"], None, REFORM, by=people["office_admin"])

    unit_b = Unit.objects.get(pk=people["unit_b"].pk)
    assert (unit_b.successor, unit_b.successor_from) == (None, None)
    assert (
        AuditEvent.objects.filter(event="unit.set_successor").first().summary
        == "取消单位“市工商局”的承继单位"
    )  # type: ignore[union-attr]


def test_setting_the_same_successor_again_writes_nothing(people: dict[str, Any], market: Unit) -> None:
    set_successor(people["unit_b"], market, REFORM, by=people["office_admin"])
    set_successor(people["unit_b"], market, REFORM, by=people["office_admin"])

    assert AuditEvent.objects.filter(event="unit.set_successor").count() == 1


def test_a_successor_needs_a_date(people: dict[str, Any], market: Unit) -> None:
    with pytest.raises(ValidationError, match="请填写承继生效日期"):
        set_successor(people["unit_b"], market, None, by=people["office_admin"])


def test_a_unit_cannot_succeed_itself_or_close_a_loop(people: dict[str, Any], market: Unit) -> None:
    with pytest.raises(ValidationError, match="承继单位不能是本单位"):
        set_successor(market, market, REFORM, by=people["office_admin"])
    set_successor(people["unit_b"], market, REFORM, by=people["office_admin"])
    with pytest.raises(ValidationError, match="形成循环"):
        set_successor(market, people["unit_b"], REFORM, by=people["office_admin"])
