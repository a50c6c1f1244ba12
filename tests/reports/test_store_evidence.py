"""store_evidence: an upload becomes the unit's evidence, its content stored once under its SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from dudao.audit.models import AuditEvent
from dudao.reports.models import Evidence, EvidenceFile
from dudao.reports.services import store_evidence
from tests.reports import files


def test_liaison_a_uploads_a_pdf_for_her_unit(people: dict, evidence_dir: Path) -> None:
    data = files.pdf("minutes")

    upload = store_evidence(files.upload("会议纪要.pdf", data), unit=people["unit_a"], by=people["liaison_a"])

    digest = hashlib.sha256(data).hexdigest()
    assert upload.unit == people["unit_a"]
    assert upload.original_name == "会议纪要.pdf"
    assert upload.uploaded_by == people["liaison_a"]
    assert upload.file.sha256 == digest
    assert upload.file.content_type == "application/pdf"
    assert upload.file.previewable
    assert upload.file.size == len(data)
    assert (evidence_dir / "evidence" / digest[:2] / digest).read_bytes() == data
    event = AuditEvent.objects.get(event="evidence.upload")
    assert event.actor == people["liaison_a"]
    assert event.object_id == str(upload.pk)
    assert event.changes["sha256"] == digest


def test_the_same_content_is_stored_once_however_often_it_is_uploaded(
    people: dict, evidence_dir: Path
) -> None:
    data = files.pdf("shared")

    first = store_evidence(files.upload("a.pdf", data), unit=people["unit_a"], by=people["liaison_a"])
    second = store_evidence(files.upload("b.pdf", data), unit=people["unit_b"], by=people["liaison_b"])

    assert first.file == second.file
    assert EvidenceFile.objects.count() == 1
    assert Evidence.objects.count() == 2
    assert {first.unit, second.unit} == {people["unit_a"], people["unit_b"]}
    assert len(list((evidence_dir / "evidence").rglob("*"))) == 2  # one directory, one file


def test_evidence_lives_outside_the_web_root() -> None:
    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"]).resolve()

    assert not root.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert all(not root.is_relative_to(Path(static).resolve()) for static in settings.STATICFILES_DIRS)
    assert settings.STORAGES["default"]["OPTIONS"]["base_url"] is None


def test_a_refused_upload_leaves_nothing_behind(people: dict, evidence_dir: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        store_evidence(
            files.upload("payload.pdf", b"MZ\x90\x00"), unit=people["unit_a"], by=people["liaison_a"]
        )

    assert caught.value.code == "type"
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not evidence_dir.exists() or not any(evidence_dir.rglob("*"))


def test_the_size_limit_comes_from_settings(people: dict, settings: object) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024  # type: ignore[attr-defined]

    with pytest.raises(ValidationError) as caught:
        store_evidence(
            files.upload("大文件.pdf", files.pdf() + b" " * 2048),
            unit=people["unit_a"],
            by=people["liaison_a"],
        )

    assert caught.value.code == "too_large"
    assert caught.value.messages == ["文件超过 1 KB 的大小限制，请压缩或拆分后再上传。"]


def test_the_cleaned_name_is_kept(people: dict) -> None:
    upload = store_evidence(
        files.upload("../../照片\u202e.png", files.png()), unit=people["unit_a"], by=people["liaison_a"]
    )

    assert upload.original_name == "照片.png"


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "leader", "office_admin", "auditor"])
def test_nobody_uploads_for_another_unit(people: dict, who: str) -> None:
    with pytest.raises(PermissionDenied):
        store_evidence(files.upload("a.pdf", files.pdf()), unit=people["unit_a"], by=people[who])
