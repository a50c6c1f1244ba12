"""/my/evidence/<evidence>/preview/: PDFs and images shown inline, sandboxed, to those who may see them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import Evidence
from tests.reports import files
from tests.reports.builders import evidence_of, report_of


def url(item: Evidence) -> str:
    return reverse("reports:evidence_preview", args=[item.pk])


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("通知.pdf", files.pdf(), "application/pdf"),
    ("照片.png", files.png(), "image/png"),
    ("照片.jpg", files.jpg(), "image/jpeg"),
])  # fmt: skip
def test_pdfs_and_images_are_shown_inline_in_a_sandbox(
    client: Client, people: dict, name: str, data: bytes, content_type: str
) -> None:
    item = evidence_of(people, name=name, data=data)
    client.force_login(people["liaison_a"])

    response = client.get(url(item))

    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline; ")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_word_file_is_not_previewed_but_offered_for_download(client: Client, people: dict) -> None:
    item = evidence_of(people, name="方案.docx", data=files.docx())
    client.force_login(people["liaison_a"])

    response = client.get(url(item))

    html = response.content.decode()
    assert response.status_code == 415
    assert "该类型的文件不能在浏览器中预览，请下载后查看。" in html
    assert reverse("reports:evidence_download", args=[item.pk]) in html


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "leader", "office_admin", "auditor"])
def test_nobody_outside_the_unit_previews_draft_evidence(client: Client, people: dict, who: str) -> None:
    item = evidence_of(people)
    report_of(people, evidence=(item,))
    client.force_login(people[who])

    assert client.get(url(item)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    assert client.get(url(evidence_of(people))).status_code == 302
