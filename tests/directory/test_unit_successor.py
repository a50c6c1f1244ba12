"""Recording an institutional reform on a unit's page: successor and the date it takes over."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit
from tests.factories import make_unit


def url(unit: Unit) -> str:
    return reverse("directory:successor", args=[unit.code])


@pytest.fixture
def market(people: dict[str, Any]) -> Unit:
    return make_unit("市市场监督管理局", parent=people["city"])


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "leader", "auditor"])
def test_only_the_office_administrator_may_record_a_reform(
    client: Client, people: dict[str, Any], market: Unit, who: str
) -> None:
    client.force_login(people[who])

    response = client.post(url(people["unit_b"]), {"successor": market.pk, "successor_from": "2019-01-01"})

    assert response.status_code == 403
    assert Unit.objects.get(pk=people["unit_b"].pk).successor is None


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict[str, Any], market: Unit) -> None:
    assert client.post(url(people["unit_b"]), {"successor": market.pk}).status_code == 302


def test_the_successor_is_recorded(client: Client, people: dict[str, Any], market: Unit) -> None:
    client.force_login(people["office_admin"])

    response = client.post(url(people["unit_b"]), {"successor": market.pk, "successor_from": "2019-01-01"})

    assert response.status_code == 302
    unit_b = Unit.objects.get(pk=people["unit_b"].pk)
    assert (unit_b.successor, unit_b.successor_from) == (market, datetime.date(2019, 1, 1))
    assert AuditEvent.objects.filter(event="unit.set_successor").count() == 1


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"successor_from": ""}, {"successor_from": ["选择了承继单位，请填写承继生效日期"]}),
        ({"successor_from": "2019-13-01"}, {"successor_from": ["请填写有效日期，例如 2019-01-01"]}),
        (
            {"successor": "", "successor_from": "2019-01-01"},
            {"successor": ["填写了生效日期，请选择承继单位"]},
        ),
        ({"successor": "999999"}, {"successor": ["请从列表中选择承继单位"]}),
    ],
)
def test_errors_are_chinese_and_next_to_their_field(
    client: Client, people: dict[str, Any], market: Unit, data: dict[str, str], errors: dict[str, list[str]]
) -> None:
    client.force_login(people["office_admin"])

    response = client.post(
        url(people["unit_b"]), {"successor": market.pk, "successor_from": "2019-01-01", **data}
    )

    assert response.status_code == 200
    assert response.context["successor_form"].errors == errors
    page = response.content.decode()
    field = next(iter(errors))
    assert page.index(errors[field][0]) > page.index(f'for="id_{field}"')


def test_a_loop_of_successors_is_refused(client: Client, people: dict[str, Any], market: Unit) -> None:
    unit_b = people["unit_b"]
    unit_b.successor, unit_b.successor_from = market, datetime.date(2019, 1, 1)
    unit_b.save()
    client.force_login(people["office_admin"])

    response = client.post(url(market), {"successor": unit_b.pk, "successor_from": "2020-01-01"})

    assert response.context["successor_form"].errors == {
        "successor": ["该单位已经（直接或间接）由本单位承继，不能再反过来承继本单位"]
    }
