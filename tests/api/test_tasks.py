"""/api/v1/tasks: my visible tasks with who carries them and their milestones."""

from pytest_django import DjangoAssertNumQueries

from tests.api.conftest import ApiAs
from tests.factories import make_plan, make_task, make_unit


def test_a_task_comes_with_its_assignments_and_milestones(api: ApiAs, people: dict) -> None:
    response = api("liaison_a").get("/api/v1/tasks/")

    (task,) = response.json()["items"]
    assert task["id"] == str(people["task"].pk)
    assert task["section"] == "一、依法全面履行政府职能"
    assert [(a["unit"]["name"], a["role"], a["role_display"]) for a in task["assignments"]] == [
        ("市编办", "lead", "牵头单位"),
        ("市工商局", "responsible", "责任单位"),
    ]
    assert [(m["kind"], m["text"], m["due"]) for m in task["milestones"]] == [
        ("deadline", "今年7月1日前", "2018-07-01")
    ]


def test_each_unit_sees_only_its_tasks(api: ApiAs, people: dict) -> None:
    finance = make_unit("市财政局")
    make_task(people["plan"], number="(二)", title="推进政务公开", lead=finance)

    assert [t["title"] for t in api("liaison_a").get("/api/v1/tasks/").json()["items"]] == [
        "深化行政审批制度改革"
    ]
    assert len(api("office_admin").get("/api/v1/tasks/").json()["items"]) == 2
    assert len(api("leader").get("/api/v1/tasks/").json()["items"]) == 2
    assert api("auditor").get("/api/v1/tasks/").json()["items"] == []
    assert api("county_office").get("/api/v1/tasks/").json()["items"] == []


def test_another_units_task_is_404(api: ApiAs, people: dict) -> None:
    task = make_task(people["plan"], number="(二)", title="推进政务公开", lead=make_unit("市财政局"))

    response = api("liaison_a").get(f"/api/v1/tasks/{task.pk}")

    assert response.status_code == 404
    assert response.json() == {"error": "对象不存在或无权查看"}
    assert api("office_admin").get(f"/api/v1/tasks/{task.pk}").status_code == 200


def test_tasks_filter_by_plan_and_year(api: ApiAs, people: dict) -> None:
    other = make_plan(people["office_admin"], year=2019, title="2019年度工作安排")
    make_task(other, lead=people["unit_a"])
    client = api("liaison_a")

    assert len(client.get("/api/v1/tasks/").json()["items"]) == 2
    assert len(client.get("/api/v1/tasks/", plan=str(other.pk)).json()["items"]) == 1
    assert len(client.get("/api/v1/tasks/", year=2018).json()["items"]) == 1


def test_listing_tasks_takes_a_fixed_number_of_queries(
    api: ApiAs, people: dict, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(15):
        make_task(people["plan"], number=f"({number})", title=f"任务{number}", lead=people["unit_a"])
    client = api("liaison_a")

    # token, last-used update, count, page, assignments with units, milestones
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/tasks/")
    assert response.json()["count"] == 16
