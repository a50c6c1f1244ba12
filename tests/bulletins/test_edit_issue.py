"""The office edits a draft in the browser (paragraphs, table cells, deleting and adding paragraphs),
optimistically locked, every save audited; issuing freezes the text."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from dudao.bulletins import services
from dudao.bulletins.forms import ContentForm
from dudao.bulletins.models import Bulletin
from tests.bulletins.conftest import issue

EDITED = "第三季度，各单位认真落实工作安排，总体进展顺利。"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_data(bulletin: Bulletin, **changes: str) -> dict[str, Any]:
    """What the editor page posts when nothing is touched, with `changes` applied (field name → value)."""
    form = ContentForm(bulletin)
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return data


def _index(bulletin: Bulletin, kind: str, contains: str = "") -> int:
    return next(
        i
        for i, b in enumerate(bulletin.content)
        if b["kind"] == kind and contains in b.get("text", b.get("caption", ""))
    )


def test_the_office_saves_an_edited_sentence_and_a_table_cell(draft: Bulletin, people: dict) -> None:
    client = _client(people["office_admin"])
    table = _index(draft, "table", "表1")
    data = _post_data(draft, b0=EDITED, **{f"b{table}-r0-c0": "一、依法全面履行政府职能（含审批改革）"})

    response = client.post(reverse("bulletins:edit", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.content[0] == {"kind": "paragraph", "text": EDITED}
    assert draft.content[table]["rows"][0][0] == "一、依法全面履行政府职能（含审批改革）"
    assert draft.content[table]["rows"][0][1:] == ["2", "1", "50.0%", "0", "1"]  # untouched cells kept
    assert (draft.version, draft.edited_by) == (3, people["office_admin"])
    event = AuditEvent.objects.get(event="bulletin.edit")
    assert event.changes["edited"][0]["after"] == EDITED


def test_a_paragraph_is_deleted_and_an_empty_one_added_with_the_other_edits_kept(
    draft: Bulletin, people: dict
) -> None:
    client = _client(people["office_admin"])
    count = len(draft.content)
    closing = _index(draft, "paragraph", "（三）强化督导问效")

    client.post(
        reverse("bulletins:edit", args=[draft.pk]), {**_post_data(draft, b0=EDITED), "delete": closing}
    )
    draft.refresh_from_db()
    assert len(draft.content) == count - 1
    assert not any("强化督导问效" in b.get("text", "") for b in draft.content)
    assert draft.content[0]["text"] == EDITED

    client.post(reverse("bulletins:edit", args=[draft.pk]), {**_post_data(draft), "add_after": 0})
    draft.refresh_from_db()
    assert draft.content[1] == {"kind": "paragraph", "text": ""}
    assert AuditEvent.objects.filter(event="bulletin.edit").count() == 2


def test_a_save_over_someone_elses_newer_save_is_refused_in_chinese(draft: Bulletin, people: dict) -> None:
    seen = _post_data(draft, b0="王科长的修改")
    services.save_draft(
        draft, title=draft.title, issuer=draft.issuer, blocks=[{"kind": "paragraph", "text": "李科员先保存"}, *draft.content[1:]],
        by=people["office_admin"], version=draft.version,
    )  # fmt: skip

    response = _client(people["office_admin"]).post(reverse("bulletins:edit", args=[draft.pk]), seen)

    assert response.status_code == 400
    assert "已在您打开页面之后保存过这份通报" in response.content.decode()
    assert "您的修改没有保存" in response.content.decode()
    draft.refresh_from_db()
    assert draft.content[0]["text"] == "李科员先保存"


def test_too_long_a_paragraph_is_refused_beside_it(draft: Bulletin, people: dict) -> None:
    response = _client(people["office_admin"]).post(
        reverse("bulletins:edit", args=[draft.pk]), _post_data(draft, b0="长" * 5001)
    )

    assert response.status_code == 400
    assert "这一段不能超过5000字" in response.content.decode()
    assert Bulletin.objects.get(pk=draft.pk).version == draft.version


def test_control_characters_pasted_into_a_paragraph_are_dropped(draft: Bulletin, people: dict) -> None:
    _client(people["office_admin"]).post(
        reverse("bulletins:edit", args=[draft.pk]), _post_data(draft, b0="通报\x0b正文\x00")
    )

    draft.refresh_from_db()
    assert draft.content[0]["text"] == "通报正文"


def test_issuing_freezes_the_text_and_drops_empty_paragraphs(draft: Bulletin, people: dict) -> None:
    client = _client(people["office_admin"])
    client.post(reverse("bulletins:edit", args=[draft.pk]), {**_post_data(draft), "add_after": 0})
    draft.refresh_from_db()

    response = client.post(reverse("bulletins:issue", args=[draft.pk]), {"version": draft.version})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.issued_by) == ("issued", people["office_admin"])
    assert {"kind": "paragraph", "text": ""} not in draft.content
    assert AuditEvent.objects.filter(event="bulletin.issue", object_id=str(draft.pk)).exists()


def test_an_issued_bulletin_cannot_be_edited_reissued_or_regenerated(draft: Bulletin, people: dict) -> None:
    data = _post_data(draft, b0="印发后的修改")
    issued = issue(draft, people["office_admin"])
    client = _client(people["office_admin"])

    edit = client.post(reverse("bulletins:edit", args=[draft.pk]), data, follow=True)
    again = client.post(reverse("bulletins:issue", args=[draft.pk]), {"version": issued.version}, follow=True)
    retry = client.post(reverse("bulletins:retry", args=[draft.pk]), {"version": issued.version}, follow=True)

    for response in (edit, again, retry):
        assert "印发后不能再修改" in response.content.decode()
    draft.refresh_from_db()
    assert draft.content == issued.content
    assert draft.version == issued.version
    with pytest.raises(services.BulletinError, match="印发后不能再修改"):
        services.save_draft(
            draft, title="x", issuer="", blocks=[], by=people["office_admin"], version=draft.version
        )


def test_issuing_with_a_stale_page_is_refused(draft: Bulletin, people: dict) -> None:
    response = _client(people["office_admin"]).post(
        reverse("bulletins:issue", args=[draft.pk]), {"version": draft.version - 1}, follow=True
    )

    assert "已在您打开页面之后保存过这份通报" in response.content.decode()
    assert Bulletin.objects.get(pk=draft.pk).status == "draft"


def test_an_emptied_title_is_refused(draft: Bulletin, people: dict) -> None:
    response = _client(people["office_admin"]).post(
        reverse("bulletins:edit", args=[draft.pk]), _post_data(draft, title="  ")
    )

    assert response.status_code == 400
    assert "请填写通报标题" in response.content.decode()
