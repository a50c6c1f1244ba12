"""supervision:items — the list behind any dashboard figure, filtered from the query string."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from dudao.plans.models import Assignment
from dudao.reports.services import approve_report, save_report, submit_report
from dudao.supervision import views
from tests.factories import make_task, make_unit

URL = reverse("supervision:items")
JULY_3 = datetime.datetime(2018, 7, 3, 9, tzinfo=datetime.UTC)  # two reds: 西平县 3 days late, 市工商局 2


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _get(plan: dict, who: str = "leader", **query: object) -> str:
    with time_machine.travel(JULY_3):
        response = _client(plan[who]).get(URL, {"plan": plan["plan"].pk, **query})
    assert response.status_code == 200
    return response.text


def _total(html: str) -> int:
    found = re.search(r'data-figure="items-total">(\d+)<', html)
    assert found
    return int(found.group(1))


def _units(html: str) -> list[str]:
    return re.findall(r'<td class="unit-cell"><a href="/supervision/units/[^"]+">([^<]+)</a></td>', html)


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b", "county_office", "auditor"])
def test_units_and_auditors_are_refused(plan: dict, who: str) -> None:
    assert _client(plan[who]).get(URL).status_code == 403


def test_the_red_list_has_as_many_rows_as_the_red_figure_most_days_late_first(plan: dict) -> None:
    with time_machine.travel(JULY_3):
        dashboard = _client(plan["leader"]).get(reverse("supervision:dashboard")).text
    red_figure = int(re.search(r'data-figure="red">(\d+)<', dashboard).group(1))  # type: ignore[union-attr]

    html = _get(plan, light="red")

    assert _total(html) == red_figure == 2
    assert _units(html) == ["西平县人民政府", "市工商局"]
    assert "<h1>红灯事项</h1>" in html


def test_a_section_and_a_unit_narrow_the_list(plan: dict) -> None:
    assert _units(_get(plan, section=2, light="red")) == ["西平县人民政府"]
    assert _total(_get(plan, unit=plan["unit_b"].code)) == 3
    assert _total(_get(plan)) == 6  # every counted pair


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"light": "purple"}, "没有这种状态：请选择红灯、黄灯、绿灯或已完成。"),
        ({"section": "9"}, "该工作安排没有第 9 部分。"),
        ({"section": "二"}, "部分应为序号数字。"),
        ({"unit": "nobody"}, "没有代码为“nobody”的单位。"),
    ],
)
def test_a_bad_filter_is_named_on_the_page(plan: dict, query: dict, message: str) -> None:
    html = _get(plan, **query)

    assert message in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert "筛选条件有误" in html


def test_the_list_pages_through_the_rows(plan: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "ITEMS_PAGE", 4)

    first, second = _get(plan), _get(plan, page=2)

    assert (len(_units(first)), len(_units(second))) == (4, 2)
    assert "第 2 / 2 页" in second
    assert "page=1" in second and "page=3" not in second
    assert len(_units(_get(plan, page="x"))) == 4  # a bad page number is the first page


def test_the_office_can_remind_and_order_from_each_row(plan: dict) -> None:
    html = _get(plan, "office_admin", light="red").replace("&amp;", "&")

    assert html.count(">催办</button>") == 2
    task = plan["second"].pk
    assert f'href="{reverse("orders:issue")}?unit={plan["county"].code}&task={task}"' in html


def test_leaders_read_the_list_without_the_office_buttons(plan: dict) -> None:
    html = _get(plan, light="red")

    assert "催办" not in html
    assert "督办</a>" not in html


def _red_list(client: Client, plan: dict) -> tuple[int, str]:
    """The red list computed afresh (an empty cache: the expensive path): its queries, and the page."""
    cache.clear()
    with time_machine.travel(JULY_3), CaptureQueriesContext(connection) as queries:
        html = client.get(URL, {"plan": plan["plan"].pk, "light": "red"}).text
    return len(queries), html


def test_the_queries_do_not_grow_with_the_rows(plan: dict) -> None:
    client = _client(plan["office_admin"])
    before, html = _red_list(client, plan)
    for number in range(3, 13):
        units = [make_unit(f"部门{number}-{i}", parent=plan["city"]) for i in range(3)]
        make_task(
            plan["plan"], number=f"({number})", title=f"任务{number}", lead=units[0], others=tuple(units[1:])
        )

    after, html = _red_list(client, plan)

    assert _total(html) == 32
    assert after == before


def test_a_list_already_computed_costs_a_handful_of_queries(
    plan: dict, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """The page is cached under the stamp of the data, like the dashboard's figures."""
    client = _client(plan["office_admin"])
    query = {"plan": plan["plan"].pk, "light": "red"}
    with time_machine.travel(JULY_3):
        client.get(URL, query)
        # session, user, plans, calendar, stamp, the page, unread notifications, the user's unit
        # (header), the sections of the filter
        with django_assert_max_num_queries(9):
            html = client.get(URL, query).text

    assert _total(html) == 2


def test_a_report_approved_since_the_list_was_read_leaves_it_at_once(plan: dict) -> None:
    """The list is cached under the stamp of the data, like the dashboard's figures."""
    client = _client(plan["leader"])
    query = {"plan": plan["plan"].pk, "light": "red"}
    with time_machine.travel(JULY_3):
        before = _total(client.get(URL, query).text)
        share = Assignment.objects.get(task=plan["first"], unit=plan["unit_b"])
        report = save_report(
            share, milestone=plan["first"].milestones.get(), body="补报", evidence=[], by=plan["liaison_b"]
        )
        approve_report(submit_report(report, by=plan["liaison_b"]), by=plan["head_b"])
        after = _total(client.get(URL, query).text)

    assert (before, after) == (2, 1)
