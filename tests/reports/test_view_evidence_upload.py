"""/my/evidence/upload/: the htmx endpoint behind the evidence picker; it answers with the picker itself."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import Evidence
from tests.reports import files
from tests.reports.builders import evidence_of

URL = reverse("reports:evidence_upload")
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_liaison_a_uploads_and_gets_the_picker_back_with_the_new_file_ticked(
    client: Client, people: dict
) -> None:
    kept = evidence_of(people, name="之前勾选的.pdf")
    evidence_of(people, name="没勾选的.pdf")
    client.force_login(people["liaison_a"])

    response = client.post(
        URL,
        {
            "evidence": [kept.pk],
            "body": "表单里的其他内容",
            "new_files": [files.upload("照片.png", files.png())],
        },
        **HTMX,
    )

    html = response.content.decode()
    new = Evidence.objects.get(original_name="照片.png")
    assert response.status_code == 200
    assert response.templates[0].name == "reports/_evidence_picker.html"
    assert "base.html" not in {
        t.name for t in response.templates
    }  # the partial alone, as the page includes it
    assert 'id="evidence-picker"' in html
    assert f'value="{new.pk}" id="id_evidence_' in html
    assert html.count("checked") == 2  # the new file and the one already ticked
    assert "没勾选的.pdf" in html


def test_a_refused_file_is_explained_in_the_picker(client: Client, people: dict) -> None:
    client.force_login(people["liaison_a"])

    response = client.post(URL, {"new_files": [files.upload("bomb.docx", files.zip_bomb())]}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "“bomb.docx”：文件解压后体积异常" in html
    assert not Evidence.objects.exists()


def test_the_picker_offers_only_the_units_own_evidence(client: Client, people: dict) -> None:
    evidence_of(people, "liaison_b", name="工商局的材料.pdf")
    client.force_login(people["liaison_a"])

    response = client.post(URL, {"new_files": [files.upload("编办的材料.pdf", files.pdf())]}, **HTMX)

    html = response.content.decode()
    assert "编办的材料.pdf" in html
    assert "工商局的材料.pdf" not in html


def test_ticking_another_units_evidence_is_refused(client: Client, people: dict) -> None:
    theirs = evidence_of(people, "liaison_b")
    client.force_login(people["liaison_a"])

    response = client.post(
        URL, {"evidence": [theirs.pk], "new_files": [files.upload("a.pdf", files.pdf())]}, **HTMX
    )

    assert "所选项目不存在或无权使用" in response.content.decode()
    assert not Evidence.objects.filter(unit=people["unit_a"]).exists()


@pytest.mark.parametrize("who", ["leader", "office_admin", "auditor"])
def test_only_unit_roles_upload(client: Client, people: dict, who: str) -> None:
    client.force_login(people[who])

    assert client.post(URL, {"new_files": [files.upload("a.pdf", files.pdf())]}, **HTMX).status_code == 403
    assert not Evidence.objects.exists()


def test_get_is_not_allowed(client: Client, people: dict) -> None:
    client.force_login(people["liaison_a"])

    assert client.get(URL).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    assert client.post(URL, {}).status_code == 302
