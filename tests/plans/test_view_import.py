"""/plans/import/: the upload form; a bad file gets its Chinese reason beside the field."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dudao.plans.models import NoticeImport
from tests.plans.conftest import SAMPLE_DOCX
from tests.plans.test_start_import import scanned_pdf

pytestmark = pytest.mark.django_db
URL = reverse("plans:import")


def upload(client: Client, data: bytes, name: str):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def test_wang_sees_the_upload_form(client: Client, wang) -> None:
    client.force_login(wang)

    page = client.get(URL).content.decode()

    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page


def test_uploading_the_sample_leads_to_its_review(client: Client, wang, sample_bytes: bytes) -> None:
    client.force_login(wang)

    response = upload(client, sample_bytes, "zhumadian-2018.txt")

    notice_import = NoticeImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:review", args=[notice_import.pk])
    assert notice_import.uploaded_by == wang


@pytest.mark.skipif(not SAMPLE_DOCX.exists(), reason="the shared format corpus is not on this machine")
def test_the_word_document_uploads_too(client: Client, wang) -> None:
    client.force_login(wang)

    response = upload(client, SAMPLE_DOCX.read_bytes(), "通知.docx")

    assert response.status_code == 302
    assert len(NoticeImport.objects.get().parsed["tasks"]) == 38


def test_a_scanned_pdf_gets_the_reason_beside_the_file_field(client: Client, wang) -> None:
    client.force_login(wang)

    response = upload(client, scanned_pdf(), "扫描件.pdf")

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<ul class="errorlist" id="file-errors"><li>PDF 没有文字层(可能是扫描件),请先做文字识别或上传原始文档。</li></ul>'
        in page
    )
    assert 'aria-invalid="true"' in page
    assert not NoticeImport.objects.exists()


def test_no_file_chosen(client: Client, wang) -> None:
    client.force_login(wang)

    response = client.post(URL, {})

    assert response.status_code == 400
    assert "请选择要上传的通知文件。" in response.content.decode()


def test_a_file_over_the_limit(client: Client, wang, settings) -> None:
    settings.NOTICE_MAX_BYTES = 10
    client.force_login(wang)

    response = upload(client, b"x" * 100, "big.txt")

    assert response.status_code == 400
    assert "通知文件不能超过" in response.content.decode()


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b", "county_office", "leader", "auditor"])
def test_only_the_office_may_upload(client: Client, people: dict, who: str, sample_bytes: bytes) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403
    assert upload(client, sample_bytes, "x.txt").status_code == 403
    assert not NoticeImport.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
