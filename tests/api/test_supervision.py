"""/api/v1/supervision: the dashboard's figures for the office and leaders; supervision orders scoped
as on the pages."""

from __future__ import annotations

import datetime

import time_machine

from dudao.orders.services import issue_order
from tests.api.conftest import ApiAs
from tests.supervision.conftest import plan  # noqa: F401 - the hand-built plan, as a fixture

D = datetime.date
JUNE_20 = datetime.datetime(2018, 6, 20, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def test_a_leader_reads_the_figures_the_dashboard_shows(api: ApiAs, plan: dict) -> None:  # noqa: F811
    with time_machine.travel(JUNE_20, tick=False):
        body = api("leader").get(f"/api/v1/supervision/plans/{plan['plan'].pk}/rollup").json()

    assert body["today"] == "2018-06-20"
    assert body["overall"] == {"total": 6, "done": 3, "red": 1, "yellow": 1, "green": 1, "rate": 0.5}
    assert [(s["number"], s["tally"]["total"], s["tally"]["red"]) for s in body["sections"]] == [
        ("一", 2, 1),
        ("二", 4, 0),
    ]
    assert [row["unit"]["name"] for row in body["departments"]] == ["市编办", "市工商局"]
    assert [row["unit"]["name"] for row in body["governments"]] == ["西平县人民政府"]
    assert [(row["unit"]["name"], row["days_late"]) for row in body["overdue"]] == [("市工商局", 0)]


def test_units_may_not_read_the_figures(api: ApiAs, plan: dict) -> None:  # noqa: F811
    response = api("liaison_a").get(f"/api/v1/supervision/plans/{plan['plan'].pk}/rollup")

    assert response.status_code == 403
    assert response.json() == {"error": "无权执行此操作"}


def test_orders_are_listed_for_the_unit_they_are_addressed_to_and_the_office(
    api: ApiAs, people: dict
) -> None:
    with time_machine.travel(JUNE_20, tick=False):
        order = issue_order(
            people["unit_a"], task=people["task"], reason="进展滞后。", response_due=D(2018, 6, 29),
            by=people["office_admin"],
        )  # fmt: skip

    def labels(who: str, query: str = "") -> list[str]:
        return [row["label"] for row in api(who).get(f"/api/v1/supervision/orders{query}").json()["items"]]

    assert labels("liaison_a") == labels("office_admin") == labels("leader") == ["〔2018〕第1号"]
    assert labels("liaison_b") == []
    assert labels("office_admin", "?status=closed") == []
    detail = api("head_a").get(f"/api/v1/supervision/orders/{order.pk}").json()
    assert (detail["unit"]["name"], detail["status"], detail["response_due"]) == (
        "市编办",
        "issued",
        "2018-06-29",
    )
    assert api("liaison_b").get(f"/api/v1/supervision/orders/{order.pk}").status_code == 404
