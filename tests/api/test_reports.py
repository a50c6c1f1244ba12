"""/api/v1/reports: the same rules as the pages — a unit writes its own reports, its head decides, the
lead unit reads co-units' approved reports, nobody reads another unit's drafts; a stale version is 409."""

from typing import Any

import pytest

from dudao.audit.models import AuditEvent
from dudao.plans.models import Assignment
from dudao.reports.models import ProgressReport
from tests.api.conftest import ApiAs

REPORTS = "/api/v1/reports/"


def _assignment(people: dict, unit: str) -> Assignment:
    return Assignment.objects.get(task=people["task"], unit=people[unit])


def _create(api: Any, people: dict, who: str = "liaison_a", unit: str = "unit_a", **extra: Any) -> Any:
    payload = {"assignment": str(_assignment(people, unit).pk), "body": "已完成清理工作。", **extra}
    return api(who).post(REPORTS, payload)


def test_a_liaison_drafts_a_report_on_its_assignment(api: ApiAs, people: dict) -> None:
    milestone = people["task"].milestones.get()

    response = _create(api, people, milestone=str(milestone.pk))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["milestone_id"] == str(milestone.pk)
    assert body["unit"]["name"] == "市编办"
    assert body["task"]["title"] == "深化行政审批制度改革"
    assert [h["action"] for h in body["history"]] == ["create"]
    assert AuditEvent.objects.filter(event="report.create", object_id=body["id"]).exists()


def test_a_liaison_cannot_report_on_another_units_assignment(api: ApiAs, people: dict) -> None:
    response = _create(api, people, who="liaison_a", unit="unit_b")

    assert response.status_code == 404
    assert response.json() == {"error": "对象不存在或无权查看"}
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("person", ["office_admin", "leader", "auditor"])
def test_those_who_do_not_act_for_the_unit_cannot_write(api: ApiAs, people: dict, person: str) -> None:
    response = _create(api, people, who=person)

    assert response.status_code in (403, 404)
    assert list(response.json()) == ["error"]


def test_an_empty_body_is_a_400_with_the_services_message(api: ApiAs, people: dict) -> None:
    response = _create(api, people, body="   ")

    assert response.status_code == 400
    assert response.json() == {"error": "请填写进展情况。"}


def test_a_missing_field_is_a_422_in_the_error_shape(api: ApiAs, people: dict) -> None:
    response = api("liaison_a").post(REPORTS, {"body": "只有正文"})

    assert response.status_code == 422
    assert response.json() == {"error": "请求数据有误：body.assignment 缺少必填项"}


def test_another_units_evidence_cannot_be_attached(api: ApiAs, people: dict) -> None:
    from tests.api.conftest import PDF

    upload = api("liaison_b").client.post(
        "/api/v1/evidence/",
        {"file": _file("工商局材料.pdf", PDF)},
        headers=api("liaison_b").headers,
    )
    assert upload.status_code == 201, upload.content

    response = _create(api, people, evidence=[upload.json()["id"]])

    assert response.status_code == 400
    assert response.json() == {"error": "所选项目不存在或无权使用：evidence"}


def _file(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_editing_with_the_current_version_saves_and_bumps_it(api: ApiAs, people: dict) -> None:
    report = _create(api, people).json()

    response = api("liaison_a").put(f"{REPORTS}{report['id']}", {"version": 1, "body": "已完成全部清理。"})

    assert response.status_code == 200
    assert response.json()["body"] == "已完成全部清理。"
    assert response.json()["version"] == 2


def test_editing_with_a_stale_version_is_409_and_writes_nothing(api: ApiAs, people: dict) -> None:
    report = _create(api, people).json()
    api("head_a").put(f"{REPORTS}{report['id']}", {"version": 1, "body": "负责人先改了一版。"})

    response = api("liaison_a").put(f"{REPORTS}{report['id']}", {"version": 1, "body": "联络员的旧稿。"})

    assert response.status_code == 409
    assert response.json() == {"error": "该报告已被他人修改，请刷新后再编辑"}
    assert ProgressReport.objects.get().body == "负责人先改了一版。"


def test_submitting_with_a_stale_version_is_409(api: ApiAs, people: dict) -> None:
    report = _create(api, people).json()
    api("liaison_a").put(f"{REPORTS}{report['id']}", {"version": 1, "body": "改过一次。"})

    response = api("liaison_a").post(f"{REPORTS}{report['id']}/submit", {"version": 1})

    assert response.status_code == 409
    assert ProgressReport.objects.get().status == "draft"


def test_the_whole_workflow_submit_approve(api: ApiAs, people: dict) -> None:
    report = _create(api, people).json()

    submitted = api("liaison_a").post(f"{REPORTS}{report['id']}/submit", {"version": 1})
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"

    assert api("liaison_a").post(f"{REPORTS}{report['id']}/approve").status_code == 403
    assert api("head_b").post(f"{REPORTS}{report['id']}/approve").status_code == 404
    approved = api("head_a").post(f"{REPORTS}{report['id']}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert [h["action"] for h in approved.json()["history"]] == ["create", "submit", "approve"]

    again = api("head_a").post(f"{REPORTS}{report['id']}/approve")
    assert again.status_code == 409
    assert again.json() == {"error": "只能审核已提交、待审核的报告。"}
    edit = api("liaison_a").put(f"{REPORTS}{report['id']}", {"version": 3, "body": "审核后再改"})
    assert edit.status_code == 409
    assert edit.json() == {"error": "报告已提交或已审核，不能再修改。"}


def test_the_head_returns_a_report_with_a_reason(api: ApiAs, people: dict) -> None:
    report = _create(api, people).json()
    api("liaison_a").post(f"{REPORTS}{report['id']}/submit", {})

    assert api("head_a").post(f"{REPORTS}{report['id']}/return", {"reason": " "}).json() == {
        "error": "请填写退回理由。"
    }
    returned = api("head_a").post(f"{REPORTS}{report['id']}/return", {"reason": "请补充佐证材料。"})

    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "请补充佐证材料。"


def test_drafts_are_visible_to_their_unit_only(api: ApiAs, people: dict) -> None:
    report = _create(api, people).json()
    url = f"{REPORTS}{report['id']}"

    assert api("head_a").get(url).status_code == 200
    for outsider in ("liaison_b", "head_b", "county_office", "office_admin", "leader", "auditor"):
        response = api(outsider).get(url)
        assert response.status_code == 404, outsider
        assert api(outsider).get(REPORTS).json()["count"] == 0, outsider


def test_the_lead_unit_reads_co_units_approved_reports_only(api: ApiAs, people: dict) -> None:
    report = _create(api, people, who="liaison_b", unit="unit_b").json()
    url = f"{REPORTS}{report['id']}"
    api("liaison_b").post(f"{url}/submit", {})
    assert api("liaison_a").get(url).status_code == 404  # submitted, not yet approved

    api("head_b").post(f"{url}/approve")

    assert api("liaison_a").get(url).status_code == 200
    assert api("office_admin").get(url).status_code == 200
    # …but reading is all the lead may do with it.
    assert api("liaison_a").put(url, {"version": 3, "body": "牵头单位代改"}).status_code == 403
    assert api("head_a").post(f"{url}/return", {"reason": "不行"}).status_code == 403


def test_reports_filter_by_status_and_task(api: ApiAs, people: dict) -> None:
    first = _create(api, people).json()
    _create(api, people, body="第二份")
    api("liaison_a").post(f"{REPORTS}{first['id']}/submit", {})
    client = api("liaison_a")

    assert client.get(REPORTS).json()["count"] == 2
    assert [r["id"] for r in client.get(REPORTS, status="submitted").json()["items"]] == [first["id"]]
    assert client.get(REPORTS, task=str(people["task"].pk)).json()["count"] == 2


def test_listing_reports_takes_a_fixed_number_of_queries(
    api: ApiAs, people: dict, django_assert_max_num_queries: Any
) -> None:
    for number in range(10):
        _create(api, people, body=f"第{number}份")
    client = api("liaison_a")

    # token, last-used, count, page, evidence, actions
    with django_assert_max_num_queries(6):
        response = client.get(REPORTS)
    assert response.json()["count"] == 10


def test_a_browser_session_must_pass_the_csrf_check_to_write(people: dict, client: Any) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["liaison_a"])
    payload = {"assignment": str(_assignment(people, "unit_a").pk), "body": "会话中起草"}

    response = browser.post(REPORTS, payload, content_type="application/json")

    assert response.status_code == 403
    assert response.json() == {"error": "CSRF 校验失败，请刷新页面后重试"}
    assert not ProgressReport.objects.exists()
