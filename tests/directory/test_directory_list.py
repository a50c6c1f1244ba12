"""/directory/: every unit grouped by level, with a search box that filters as the office types."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from dudao.directory.models import Unit, UnitAlias
from tests.factories import make_unit

URL = reverse("directory:list")


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_only_the_office_administrator_may_open_the_directory(
    client: Client, people: dict[str, Any], who: str
) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_units_are_grouped_by_level(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.get(URL)

    assert response.status_code == 200
    # Within a level units follow sort_order, then the database's collation of names.
    assert [(level, sorted(u.name for u in units)) for level, units in response.context["groups"]] == [
        ("市级", sorted(["市编办", "市工商局", "市司法局", "驻马店市人民政府"])),
        ("县级", ["西平县人民政府"]),
    ]
    page = response.content.decode()
    assert "共 5 个单位，按层级排列" in page
    assert f'href="{reverse("directory:detail", args=[people["unit_a"].code])}"' in page


@pytest.mark.parametrize(
    ("query", "found"), [("工商", ["市工商局"]), ("编制委员会", ["市编办"]), ("西平", ["西平县人民政府"])]
)
def test_search_finds_names_and_aliases(
    client: Client, people: dict[str, Any], query: str, found: list[str]
) -> None:
    UnitAlias.objects.create(unit=people["unit_a"], name="市机构编制委员会办公室")
    client.force_login(people["office_admin"])

    response = client.get(URL, {"q": query})

    assert [u.name for _, units in response.context["groups"] for u in units] == found
    assert f"找到 {len(found)} 个与“{query}”相符的单位" in response.content.decode()


def test_a_search_that_finds_nothing_says_so(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.get(URL, {"q": "不存在的局"})

    assert "没有与“不存在的局”相符的单位" in response.content.decode()


def test_htmx_gets_only_the_table_partial_the_page_includes(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    page = client.get(URL, {"q": "工商"})
    partial = client.get(URL, {"q": "工商"}, headers={"HX-Request": "true"})

    assert [t.name for t in partial.templates] == ["directory/_unit_table.html"]
    assert "directory/_unit_table.html" in [t.name for t in page.templates]
    assert partial.content.decode().strip() in page.content.decode()
    assert "<html" not in partial.content.decode()
    assert "HX-Request" in partial["Vary"]


def test_the_search_box_asks_htmx_for_the_table(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    page = client.get(URL).content.decode()

    assert f'hx-get="{URL}"' in page and 'hx-target="#unit-table"' in page
    assert '<div id="unit-table"' in page


def test_the_list_costs_the_same_queries_for_five_units_or_fifty(
    client: Client, people: dict[str, Any], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(people["office_admin"])
    # session, user, the user's unit for the header, units with parents and successors, aliases, and
    # the nav's unread-notification badge
    with django_assert_num_queries(6):
        client.get(URL)
    for number in range(45):
        unit = make_unit(
            f"测试县{number}人民政府",
            kind=Unit.Kind.GOVERNMENT,
            level=Unit.Level.COUNTY,
            parent=people["city"],
        )
        UnitAlias.objects.create(unit=unit, name=f"测试县{number}")

    with django_assert_num_queries(6):
        response = client.get(URL)

    assert response.context["total"] == 50


def test_the_menu_links_the_directory_for_the_office_administrator(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office_admin"])

    page = client.get(URL).content.decode()

    assert f'<a href="{URL}" aria-current="page">单位名录</a>' in page
