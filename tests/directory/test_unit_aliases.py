"""Adding and removing a unit's aliases on its page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.directory.models import UnitAlias


def add_url(unit: Any) -> str:
    return reverse("directory:alias_add", args=[unit.code])


def remove_url(unit: Any) -> str:
    return reverse("directory:alias_remove", args=[unit.code])


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_only_the_office_administrator_may_change_aliases(
    client: Client, people: dict[str, Any], who: str
) -> None:
    UnitAlias.objects.create(unit=people["unit_a"], name="市委编办")
    client.force_login(people[who])

    assert client.post(add_url(people["unit_a"]), {"name": "编办"}).status_code == 403
    assert client.post(remove_url(people["unit_a"]), {"name": "市委编办"}).status_code == 403
    assert list(UnitAlias.objects.values_list("name", flat=True)) == ["市委编办"]


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict[str, Any]) -> None:
    assert client.post(add_url(people["unit_a"]), {"name": "编办"}).status_code == 302


def test_reading_the_add_url_is_not_allowed(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    assert client.get(add_url(people["unit_a"])).status_code == 405


def test_an_alias_is_added(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.post(add_url(people["unit_a"]), {"name": "市委编办"}, follow=True)

    assert response.redirect_chain == [(reverse("directory:detail", args=[people["unit_a"].code]), 302)]
    assert "已添加别名“市委编办”。" in response.content.decode()
    assert people["unit_a"].aliases.get().name == "市委编办"


def test_a_taken_name_is_refused_next_to_the_field(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.post(add_url(people["unit_a"]), {"name": "市工商局"})

    assert response.status_code == 200
    assert response.context["alias_form"].errors == {"name": ["“市工商局”已是单位“市工商局”的名称"]}
    page = response.content.decode()
    assert page.index("“市工商局”已是单位“市工商局”的名称") > page.index('for="id_name"')
    assert not UnitAlias.objects.exists()


def test_an_empty_alias_is_asked_for(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.post(add_url(people["unit_a"]), {"name": ""})

    assert response.context["alias_form"].errors == {"name": ["请填写别名"]}


def test_an_alias_is_removed(client: Client, people: dict[str, Any]) -> None:
    UnitAlias.objects.create(unit=people["unit_a"], name="市委编办")
    client.force_login(people["office_admin"])

    response = client.post(remove_url(people["unit_a"]), {"name": "市委编办"}, follow=True)

    assert "已删除别名“市委编办”。" in response.content.decode()
    assert not UnitAlias.objects.exists()
