"""/api/v1/evidence: upload (checked by content), metadata and download — only for those who may see it."""

import hashlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from dudao.reports.models import Evidence
from tests.api.conftest import PDF, ApiAs

URL = "/api/v1/evidence/"


def _upload(api: Any, who: str = "liaison_a", name: str = "会议纪要.pdf", data: bytes = PDF) -> Any:
    client = api(who)
    return client.upload(URL, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


def test_a_liaison_uploads_a_pdf_and_reads_it_back(api: ApiAs, people: dict) -> None:
    response = _upload(api)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["original_name"] == "会议纪要.pdf"
    assert body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["size"] == len(PDF)
    assert body["unit"]["name"] == "市编办"

    download = api("head_a").get(f"{URL}{body['id']}/download")
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]


def test_a_file_that_is_not_what_it_claims_is_refused(api: ApiAs, people: dict) -> None:
    response = _upload(api, name="报告.pdf", data=b"MZ\x90\x00 this is an executable")

    assert response.status_code == 400
    assert response.json()["error"].startswith("不支持该文件类型")
    assert not Evidence.objects.exists()


def test_a_missing_file_is_422(api: ApiAs, people: dict) -> None:
    response = api("liaison_a").upload(URL, {})

    assert response.status_code == 422
    assert response.json() == {"error": "请求数据有误：file.file 缺少必填项"}


def test_another_units_evidence_is_404_everywhere(api: ApiAs, people: dict) -> None:
    evidence_id = _upload(api).json()["id"]

    for outsider in ("liaison_b", "head_b", "county_office", "auditor"):
        assert api(outsider).get(f"{URL}{evidence_id}").status_code == 404, outsider
        assert api(outsider).get(f"{URL}{evidence_id}/download").status_code == 404, outsider
        assert api(outsider).get(URL).json()["count"] == 0, outsider


def test_those_without_a_unit_cannot_upload(api: ApiAs, people: dict) -> None:
    for person in ("office_admin", "leader", "auditor"):
        assert _upload(api, who=person).status_code == 403, person


def test_tampered_content_is_not_served(api: ApiAs, people: dict, evidence_dir: Any) -> None:
    evidence = Evidence.objects.get(pk=_upload(api).json()["id"])
    (evidence_dir / evidence.file.storage_name).write_bytes(b"%PDF-1.4 something else")

    response = api("liaison_a").get(f"{URL}{evidence.pk}/download")

    assert response.status_code == 500
    assert response.json() == {"error": "文件校验失败，内容可能已被篡改，已停止下载。请联系督导办管理员。"}
