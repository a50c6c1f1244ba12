"""/api/v1/occurrences: a unit logs its study sessions, lectures and meetings; only it and the office read them."""

import datetime
from typing import Any

import time_machine

from dudao.plans.models import Milestone
from dudao.reports.models import Occurrence
from tests.api.conftest import ApiAs

URL = "/api/v1/occurrences/"


def _quota(people: dict) -> Milestone:
    return Milestone.objects.create(
        task=people["task"], kind=Milestone.Kind.QUOTA, text="全年不少于4次", label="2018年",
        period_start=datetime.date(2018, 1, 1), due=datetime.date(2018, 12, 31), min_count=4,
    )  # fmt: skip


def _log(api: Any, who: str = "liaison_a", **extra: Any) -> Any:
    payload = {"kind": "study_session", "held_on": "2018-05-10", "title": "学习《行政许可法》", **extra}
    return api(who).post(URL, payload)


@time_machine.travel(datetime.date(2018, 6, 1), tick=False)
def test_a_liaison_logs_an_occurrence_counting_for_a_quota(api: ApiAs, people: dict) -> None:
    quota = _quota(people)

    response = _log(api, milestones=[str(quota.pk)], participant_count=25)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"]["name"] == "市编办"
    assert body["kind_display"] == "领导干部学法"
    assert body["milestones"] == [str(quota.pk)]


@time_machine.travel(datetime.date(2018, 6, 1), tick=False)
def test_a_future_date_is_refused_with_the_services_message(api: ApiAs, people: dict) -> None:
    response = _log(api, held_on="2018-07-01")

    assert response.status_code == 400
    assert response.json() == {"error": "活动日期不能晚于今天。"}


def test_an_unknown_kind_is_422(api: ApiAs, people: dict) -> None:
    response = _log(api, kind="party")

    assert response.status_code == 422
    assert response.json() == {"error": "请求数据有误：body.kind 不是可选的值"}


@time_machine.travel(datetime.date(2018, 6, 1), tick=False)
def test_another_units_milestone_cannot_be_counted(api: ApiAs, people: dict) -> None:
    from tests.factories import make_task, make_unit

    other = make_task(people["plan"], number="(二)", title="其他任务", lead=make_unit("市财政局"))
    milestone = other.milestones.get()

    response = _log(api, milestones=[str(milestone.pk)])

    assert response.status_code == 400
    assert not Occurrence.objects.exists()


@time_machine.travel(datetime.date(2018, 6, 1), tick=False)
def test_only_the_unit_and_those_who_read_everything_see_it(api: ApiAs, people: dict) -> None:
    logged = _log(api).json()
    url = f"{URL}{logged['id']}"

    for reader in ("liaison_a", "head_a", "office_admin", "leader"):
        assert api(reader).get(url).status_code == 200, reader
    for outsider in ("liaison_b", "head_b", "county_office", "auditor"):
        assert api(outsider).get(url).status_code == 404, outsider
        assert api(outsider).get(URL).json()["count"] == 0, outsider


@time_machine.travel(datetime.date(2018, 6, 1), tick=False)
def test_those_without_a_unit_cannot_log(api: ApiAs, people: dict) -> None:
    for person in ("office_admin", "leader", "auditor"):
        response = _log(api, who=person)
        assert response.status_code == 403, person
        assert response.json() == {"error": "无权执行此操作"}
