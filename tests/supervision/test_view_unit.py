"""supervision:unit — one unit's lights, its completion against the average, and its history."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dudao.orders.models import SupervisionOrder
from dudao.plans.models import Assignment
from dudao.rectification.models import Rectification
from dudao.reminders.models import Reminder
from tests.factories import make_task, make_unit

JUNE_20 = datetime.datetime(2018, 6, 20, 9, tzinfo=datetime.UTC)


def _url(unit: object) -> str:
    return reverse("supervision:unit", args=[unit.code])  # type: ignore[attr-defined]


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _get(plan: dict, who: str, unit: str) -> object:
    with time_machine.travel(JUNE_20):
        return _client(plan[who]).get(_url(plan[unit]))


@pytest.mark.parametrize("who", ["office_admin", "leader"])
@pytest.mark.parametrize("unit", ["unit_a", "unit_b", "county"])
def test_the_office_and_leaders_read_every_units_page(plan: dict, who: str, unit: str) -> None:
    assert _get(plan, who, unit).status_code == 200  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("who", "unit"), [("liaison_a", "unit_a"), ("head_b", "unit_b"), ("county_office", "county")]
)
def test_a_unit_reads_its_own_page(plan: dict, who: str, unit: str) -> None:
    assert _get(plan, who, unit).status_code == 200  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("who", "unit"),
    [("liaison_a", "unit_b"), ("head_b", "county"), ("county_office", "unit_a"), ("auditor", "unit_a")],
)
def test_another_units_page_is_not_found(plan: dict, who: str, unit: str) -> None:
    assert _get(plan, who, unit).status_code == 404  # type: ignore[attr-defined]


def test_an_unknown_code_is_not_found(plan: dict) -> None:
    assert _client(plan["leader"]).get("/supervision/units/no-such-unit/").status_code == 404


def test_the_page_shows_the_units_lights_and_its_completion_against_the_average(plan: dict) -> None:
    html = _get(plan, "leader", "unit_b").content.decode()  # type: ignore[attr-defined]

    assert "33.3%" in html  # 市工商局: 1 of 3 done
    assert "部门平均" in html and "50.0%" in html  # departments pooled: 2 of 4; all units: 3 of 6
    assert html.count('class="light red"') == 1
    assert html.count('class="light done"') == 1
    assert html.count('class="light green"') == 1
    assert "已记录 1/2 次" in html  # one lecture of two
    red_list = (
        f"{reverse('supervision:items')}?plan={plan['plan'].pk}&amp;unit={plan['unit_b'].code}&amp;light=red"
    )
    assert f'href="{red_list}"' in html


def test_each_milestone_reads_its_light_and_due_date_in_words(plan: dict) -> None:
    html = _get(plan, "leader", "county").content.decode()  # type: ignore[attr-defined]

    assert '<span class="light done">已完成</span>' in html  # two lectures of two
    assert '<span class="light yellow">黄灯</span>' in html  # the second-quarter study session, due in
    assert '<td class="nowrap">2018-06-30</td>' in html  # ten working days
    assert '<span class="light dormant">待激活</span>' in html
    assert '<span class="light na">不适用</span>' in html
    assert '<td class="nowrap">—</td>' in html  # the dormant event has no date yet


def test_a_share_passed_down_is_shown_but_not_ranked(plan: dict) -> None:
    bureau = Assignment.objects.get(task=plan["second"], parent__isnull=False).unit
    with time_machine.travel(JUNE_20):
        html = _client(plan["leader"]).get(_url(bureau)).content.decode()

    assert "由西平县人民政府分解，不计入排名" in html


def test_the_history_lists_decisions_reminders_orders_and_rectifications(plan: dict) -> None:
    share = Assignment.objects.get(task=plan["first"], unit=plan["unit_b"])
    Reminder.objects.create(
        assignment=share, milestone=plan["first"].milestones.get(), kind=Reminder.Kind.MANUAL,
        sent_on=datetime.date(2018, 6, 19), by=plan["office_admin"],
    )  # fmt: skip
    SupervisionOrder.objects.create(
        year=2018, number=5, unit=plan["unit_b"], task=plan["first"], reason="逾期未报",
        issued_by=plan["office_admin"], issued_at=timezone.now(), response_due=datetime.date(2018, 6, 25),
    )  # fmt: skip
    Rectification.objects.create(
        unit=plan["unit_b"], source="2018年第二季度督察", found_on=datetime.date(2018, 6, 1), problem="台账不全",
        deadline=datetime.date(2018, 6, 30), recorded_by=plan["office_admin"],
    )  # fmt: skip

    html = _get(plan, "leader", "unit_b").content.decode()  # type: ignore[attr-defined]

    assert "已退回" in html and "已审核" in html  # the returned (一) and the approved study session
    assert "人工催办" in html
    assert "〔2018〕第5号" in html
    assert "台账不全" in html


def test_the_queries_do_not_grow_with_the_units_tasks(plan: dict) -> None:
    def count() -> int:
        with time_machine.travel(JUNE_20), CaptureQueriesContext(connection) as queries:
            assert client.get(_url(plan["unit_b"])).status_code == 200
        return len(queries)

    client = _client(plan["office_admin"])
    count()  # calendar and figures cached
    before = count()
    for number in range(3, 9):
        make_task(
            plan["plan"],
            number=f"({number})",
            title=f"任务{number}",
            lead=plan["unit_b"],
            others=(make_unit(f"部门{number}"),),
        )
    count()  # the figures of the larger plan cached

    assert count() == before


def test_each_milestone_is_told_apart_by_the_notices_words(plan: dict) -> None:
    """(三十四) has three obligations all labelled 第一季度: the notice's text under the label says which."""
    plan["quota"].text = "全年举办法治专题讲座不少于2次"
    plan["quota"].save(update_fields=["text"])

    html = _get(plan, "leader", "county").content.decode()  # type: ignore[attr-defined]

    assert '<span class="milestone-text muted small">全年举办法治专题讲座不少于2次</span>' in html
