"""supervision:dashboard — the leaders' one screen: figures as text, each one a link to the list behind it."""

from __future__ import annotations

import datetime
import json
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from dudao.orders.models import SupervisionOrder
from dudao.plans.models import Assignment
from dudao.reports.services import approve_report, save_report, submit_report
from tests.factories import make_plan, make_task, make_unit

URL = reverse("supervision:dashboard")
JUNE_20 = datetime.datetime(2018, 6, 20, 9, tzinfo=datetime.UTC)


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]+)<', html)
    assert found, name
    return found.group(1)


@pytest.mark.parametrize("who", ["office_admin", "leader"])
def test_the_office_and_leaders_read_the_dashboard(plan: dict, who: str) -> None:
    with time_machine.travel(JUNE_20):
        response = _client(plan[who]).get(URL)

    assert response.status_code == 200
    assert "督导总览" in response.text


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b", "county_office", "auditor"])
def test_units_and_auditors_are_refused(plan: dict, who: str) -> None:
    assert _client(plan[who]).get(URL).status_code == 403


def test_visitors_are_sent_to_sign_in(db: None) -> None:
    response = Client().get(URL)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_figures_are_the_rollup_of_the_plan(plan: dict) -> None:
    with time_machine.travel(JUNE_20):
        html = _client(plan["leader"]).get(URL).text

    assert _figure(html, "rate") == "50.0%"
    assert _figure(html, "red") == "1"
    assert _figure(html, "yellow") == "1"
    assert _figure(html, "escalated") == "0"
    assert "市编办" in html and "西平县人民政府" in html  # both rankings


def test_every_figure_links_to_the_list_behind_it(plan: dict) -> None:
    pk = plan["plan"].pk
    with time_machine.travel(JUNE_20):
        html = _client(plan["leader"]).get(URL).text.replace("&amp;", "&")

    items = reverse("supervision:items")
    assert f'href="{items}?plan={pk}&light=red"' in html
    assert f'href="{items}?plan={pk}&light=yellow"' in html
    assert f'href="{items}?plan={pk}&section=2"' in html  # a section row (its chart bar too)
    charts = json.loads(
        re.search(r'id="dashboard-charts" type="application/json">(.*?)</script>', html).group(1)
    )
    assert charts["sections"][0]["url"] == f"{items}?plan={pk}&section=1"  # a chart bar leads there too
    assert f'href="{items}?plan={pk}&unit={plan["unit_b"].code}&light=red"' in html  # a unit's reds
    assert f'href="{reverse("supervision:unit", args=[plan["county"].code])}?plan={pk}"' in html
    assert f'href="{reverse("orders:list")}?state=escalated"' in html


def test_an_escalated_order_shows_in_its_figure(plan: dict) -> None:
    SupervisionOrder.objects.create(
        year=2018, number=1, unit=plan["unit_b"], task=plan["first"], reason="逾期未报", issued_by=plan["office_admin"],
        issued_at=timezone.now(), response_due=datetime.date(2018, 6, 15),
    )  # fmt: skip

    with time_machine.travel(JUNE_20):
        html = _client(plan["leader"]).get(URL).text

    assert _figure(html, "escalated") == "1"


def test_a_report_approved_since_the_last_visit_shows_at_once(plan: dict) -> None:
    """The figures are cached, but under a stamp of the data: a new approval is on the next load."""
    leader = _client(plan["leader"])
    with time_machine.travel(JUNE_20):
        assert _figure(leader.get(URL).text, "red") == "1"
        share = Assignment.objects.get(task=plan["first"], unit=plan["unit_b"])
        milestone = plan["first"].milestones.get()
        report = save_report(share, milestone=milestone, body="补报", evidence=[], by=plan["liaison_b"])
        approve_report(submit_report(report, by=plan["liaison_b"]), by=plan["head_b"])

        html = leader.get(URL).text

    assert _figure(html, "red") == "0"
    assert _figure(html, "rate") == f"{4 / 6 * 100:.1f}%"


def test_the_newest_plan_is_shown_and_another_can_be_chosen(plan: dict) -> None:
    newer = make_plan(plan["office_admin"], year=2019, title="2019年度工作安排")
    make_task(newer, lead=plan["unit_a"])
    client = _client(plan["leader"])

    with time_machine.travel(JUNE_20):
        newest = client.get(URL).text
        chosen = client.get(URL, {"plan": plan["plan"].pk}).text

    assert "2019年度工作安排 · 截至" in newest
    assert "驻马店市2018年度法治政府建设工作安排 · 截至" in chosen


def test_a_bad_plan_is_named_and_the_newest_shown(plan: dict) -> None:
    with time_machine.travel(JUNE_20):
        response = _client(plan["leader"]).get(URL, {"plan": "not-a-plan"})

    assert response.status_code == 200
    assert "没有这个工作安排，已显示最新的一份。" in response.text
    assert _figure(response.text, "red") == "1"


def test_no_plan_yet_says_so(db: None) -> None:
    from dudao.accounts.models import User
    from tests.factories import make_user

    response = _client(make_user("leader", User.Role.LEADER)).get(URL)

    assert "还没有发布的工作安排。" in response.text


def _queries(client: Client) -> int:
    cache.clear()  # the figures computed afresh each time: the expensive path
    with time_machine.travel(JUNE_20), CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_units_and_tasks(plan: dict) -> None:
    client = _client(plan["leader"])
    before = _queries(client)
    for number in range(3, 13):
        units = [make_unit(f"部门{number}-{i}", parent=plan["city"]) for i in range(3)]
        make_task(
            plan["plan"], number=f"({number})", title=f"任务{number}", lead=units[0], others=tuple(units[1:])
        )

    assert _queries(client) == before


def test_a_cached_visit_costs_a_handful_of_queries(
    plan: dict, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = _client(plan["leader"])
    with time_machine.travel(JUNE_20):
        client.get(URL)
        # session, user, plans, calendar, stamp, figures, escalated orders, their rendering, the
        # calendar again for the holiday-arrangement warning, unread notifications
        with django_assert_max_num_queries(10):
            client.get(URL)


def test_the_page_works_without_javascript(plan: dict) -> None:
    """Charts are an enhancement: the figures they draw are in tables, and their data in a json block."""
    with time_machine.travel(JUNE_20):
        html = _client(plan["leader"]).get(URL).text

    assert '<script id="dashboard-charts" type="application/json">' in html
    assert "一、依法全面履行政府职能" in html
    assert "6月30日" in html or "6月20日" in html  # the trend table
