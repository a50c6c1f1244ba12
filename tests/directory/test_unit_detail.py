"""/directory/<code>/: a unit with its aliases, children, successor, predecessors and contact."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.directory.models import UnitAlias
from tests.factories import make_unit


def url(unit: Any) -> str:
    return reverse("directory:detail", args=[unit.code])


@pytest.mark.parametrize("who", ["liaison_a", "head_b", "county_office", "leader", "auditor"])
def test_only_the_office_administrator_may_open_a_unit(
    client: Client, people: dict[str, Any], who: str
) -> None:
    client.force_login(people[who])

    assert client.get(url(people["unit_a"])).status_code == 403
    assert client.get(reverse("directory:detail", args=["no-such-unit"])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict[str, Any]) -> None:
    response = client.get(url(people["unit_a"]))

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_code_is_404(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    assert client.get(reverse("directory:detail", args=["no-such-unit"])).status_code == 404


def test_the_page_shows_the_units_facts_aliases_and_children(client: Client, people: dict[str, Any]) -> None:
    city = people["city"]
    city.contact_person, city.contact_phone = "周强", "0396-2345678"
    city.save()
    UnitAlias.objects.create(unit=city, name="驻马店市政府")
    client.force_login(people["office_admin"])

    page = client.get(url(city)).content.decode()

    assert "<h1>驻马店市人民政府</h1>" in page
    assert "周强" in page and "0396-2345678" in page
    assert "驻马店市政府" in page
    for child in (people["unit_a"], people["unit_b"], people["county"]):
        assert f'<a href="{url(child)}">{child.name}</a>' in page


def test_a_reformed_unit_names_its_successor_and_the_successor_its_predecessor(
    client: Client, people: dict[str, Any]
) -> None:
    market = make_unit("市市场监督管理局", parent=people["city"])
    unit_b = people["unit_b"]
    unit_b.successor, unit_b.successor_from = market, datetime.date(2019, 1, 1)
    unit_b.save()
    client.force_login(people["office_admin"])

    old = client.get(url(unit_b)).content.decode()
    new = client.get(url(market)).content.decode()

    assert "机构改革：自 2019年1月1日 起，本单位的工作由" in old
    assert f'<a href="{url(market)}">市市场监督管理局</a>' in old
    assert "本单位承继了：" in new and f'<a href="{url(unit_b)}">市工商局</a>' in new
