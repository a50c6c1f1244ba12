"""/api/v1/plans: a unit sees the plans it carries a task in, and only its own tasks inside them."""

from tests.api.conftest import ApiAs, ApiClient
from tests.factories import make_plan, make_task, make_unit


def _plan_ids(client: ApiClient) -> list[str]:
    return [plan["id"] for plan in client.get("/api/v1/plans/").json()["items"]]


def test_office_and_leader_see_every_plan(api: ApiAs, people: dict) -> None:
    other = make_plan(people["office_admin"], year=2019, title="2019年度工作安排")

    for person in ("office_admin", "leader"):
        assert set(_plan_ids(api(person))) == {str(people["plan"].pk), str(other.pk)}


def test_a_unit_sees_only_plans_it_has_tasks_in(api: ApiAs, people: dict) -> None:
    other = make_plan(people["office_admin"], year=2019, title="2019年度工作安排")
    make_task(other, lead=people["unit_b"])

    assert _plan_ids(api("liaison_a")) == [str(people["plan"].pk)]
    assert set(_plan_ids(api("liaison_b"))) == {str(people["plan"].pk), str(other.pk)}
    assert _plan_ids(api("county_office")) == []
    assert _plan_ids(api("auditor")) == []


def test_plan_detail_lists_sections_with_the_callers_tasks_only(api: ApiAs, people: dict) -> None:
    plan = people["plan"]
    make_task(plan, number="(二)", title="推进政务公开", lead=people["unit_b"])

    mine = api("liaison_a").get(f"/api/v1/plans/{plan.pk}").json()
    everything = api("office_admin").get(f"/api/v1/plans/{plan.pk}").json()

    assert mine["doc_number"] == "测试〔2018〕1号"
    assert [(s["number"], [t["title"] for t in s["tasks"]]) for s in mine["sections"]] == [
        ("一", ["深化行政审批制度改革"])
    ]
    assert [t["title"] for t in everything["sections"][0]["tasks"]] == [
        "深化行政审批制度改革",
        "推进政务公开",
    ]


def test_another_units_plan_is_404(api: ApiAs, people: dict) -> None:
    other = make_plan(people["office_admin"], year=2019, title="2019年度工作安排")
    make_task(other, lead=make_unit("市财政局"))

    response = api("liaison_a").get(f"/api/v1/plans/{other.pk}")

    assert response.status_code == 404
    assert response.json() == {"error": "对象不存在或无权查看"}


def test_plans_filter_by_year(api: ApiAs, people: dict) -> None:
    make_plan(people["office_admin"], year=2019, title="2019年度工作安排")

    assert _plan_ids(api("leader")) != [str(people["plan"].pk)]
    response = api("leader").get("/api/v1/plans/", year=2018)
    assert [plan["id"] for plan in response.json()["items"]] == [str(people["plan"].pk)]
