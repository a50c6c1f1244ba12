"""/api/v1/consolidated: the lead unit writes one consolidated report per task from co-units' approved reports."""

from typing import Any

from dudao.plans.models import Assignment
from dudao.reports import services
from dudao.reports.models import ConsolidatedReport, ProgressReport
from tests.api.conftest import ApiAs

URL = "/api/v1/consolidated/"


def _approved_report_of_b(people: dict) -> ProgressReport:
    assignment = Assignment.objects.get(task=people["task"], unit=people["unit_b"])
    report = services.save_report(
        assignment, milestone=None, body="工商局已完成。", evidence=(), by=people["liaison_b"]
    )
    services.submit_report(report, by=people["liaison_b"])
    return services.approve_report(report, by=people["head_b"])


def _save(api: Any, people: dict, who: str = "liaison_a", **extra: Any) -> Any:
    payload = {"task": str(people["task"].pk), "body": "各单位均已完成。", **extra}
    return api(who).post(URL, payload)


def test_the_lead_unit_consolidates_approved_co_unit_reports(api: ApiAs, people: dict) -> None:
    source = _approved_report_of_b(people)

    response = _save(api, people, sources=[str(source.pk)])

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit"]["name"] == "市编办"
    assert body["sources"] == [str(source.pk)]
    assert body["version"] == 1


def test_a_co_unit_cannot_consolidate(api: ApiAs, people: dict) -> None:
    response = _save(api, people, who="liaison_b")

    assert response.status_code == 403
    assert not ConsolidatedReport.objects.exists()


def test_an_outsider_does_not_even_see_the_task(api: ApiAs, people: dict) -> None:
    for person in ("county_office", "auditor"):
        assert _save(api, people, who=person).status_code == 404


def test_saving_again_needs_the_current_version(api: ApiAs, people: dict) -> None:
    first = _save(api, people).json()

    assert _save(api, people, body="第二稿").status_code == 409  # no version: would overwrite blindly
    assert _save(api, people, body="第二稿", version=first["version"]).json()["version"] == 2
    stale = _save(api, people, body="第三稿", version=first["version"])
    assert stale.status_code == 409
    assert stale.json() == {"error": "该报告已被他人修改，请刷新后再编辑"}


def test_submit_and_visibility(api: ApiAs, people: dict) -> None:
    saved = _save(api, people).json()
    detail = f"{URL}{saved['id']}"
    assert api("office_admin").get(detail).status_code == 404  # a draft is the unit's own

    assert api("liaison_a").post(f"{detail}/submit", {"version": 0}).status_code == 409
    submitted = api("liaison_a").post(f"{detail}/submit", {"version": 1})

    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert api("office_admin").get(detail).status_code == 200
    assert api("leader").get(URL).json()["count"] == 1
    for outsider in ("liaison_b", "head_b", "county_office", "auditor"):
        assert api(outsider).get(detail).status_code == 404, outsider
        assert api(outsider).post(f"{detail}/submit", {"version": 2}).status_code == 404, outsider


def test_a_source_the_lead_may_not_read_is_a_400(api: ApiAs, people: dict) -> None:
    assignment = Assignment.objects.get(task=people["task"], unit=people["unit_b"])
    draft = services.save_report(assignment, milestone=None, body="草稿", evidence=(), by=people["liaison_b"])

    response = _save(api, people, sources=[str(draft.pk)])

    assert response.status_code == 400
    assert response.json() == {"error": "所选项目不存在或无权使用：sources"}
