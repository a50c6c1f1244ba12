"""`start_import`: an uploaded notice is parsed against the directory and kept for review, or refused
with a Chinese reason the upload form shows beside the file field."""

from __future__ import annotations

import pytest

from dudao.audit.models import AuditEvent
from dudao.plans.models import NoticeImport
from dudao.plans.services import ImportRejected, apply_default_resolutions, publish, start_import
from tests.plans.conftest import SAMPLE_DOCX

pytestmark = pytest.mark.django_db


def scanned_pdf() -> bytes:
    """A one-page PDF with no text layer, as a scanner without OCR makes it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 24 >>\nstream\n0.9 g 50 50 495 742 re f\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_wang_uploads_the_sample_and_it_waits_for_review(wang, sample_bytes: bytes) -> None:
    notice_import = start_import(sample_bytes, "zhumadian-2018.txt", by=wang)

    assert notice_import.status == NoticeImport.Status.REVIEW
    assert notice_import.version == 1
    assert notice_import.source_format == "txt"
    assert len(notice_import.parsed["tasks"]) == 38
    assert notice_import.parsed["meta"]["doc_number"] == "驻政办〔2018〕46号"
    assert notice_import.resolutions == {}
    # Spans point into the stored text.
    first = notice_import.parsed["tasks"][0]
    assert notice_import.source_text[first["span"][0] :].startswith("(一)深化行政审批制度改革")
    event = AuditEvent.objects.get(event="notice_import.create")
    assert event.object_id == str(notice_import.pk)
    assert event.changes["tasks"] == 38
    assert event.actor == wang


def test_names_resolve_against_the_database_directory(wang, sample_bytes: bytes) -> None:
    notice_import = start_import(sample_bytes, "zhumadian-2018.txt", by=wang)

    refs = {r["text"]: r["unit"] for t in notice_import.parsed["tasks"] for r in t["unit_refs"]}
    assert refs["市编办"] == "zmd-bianban"
    assert refs["市政府法制办"] == "zmd-fazhiban"
    assert refs["各有关部门"] is None


@pytest.mark.skipif(not SAMPLE_DOCX.exists(), reason="the shared format corpus is not on this machine")
def test_the_word_document_as_received_gives_the_same_38_tasks(wang) -> None:
    notice_import = start_import(SAMPLE_DOCX.read_bytes(), SAMPLE_DOCX.name, by=wang)

    assert notice_import.source_format == "docx"
    assert len(notice_import.parsed["tasks"]) == 38
    assert len(notice_import.parsed["sections"]) == 10


def test_a_scanned_pdf_is_refused_with_a_chinese_reason(wang) -> None:
    with pytest.raises(ImportRejected) as refused:
        start_import(scanned_pdf(), "扫描件.pdf", by=wang)

    assert refused.value.messages == ["PDF 没有文字层(可能是扫描件),请先做文字识别或上传原始文档。"]
    assert refused.value.field == "file"
    assert not NoticeImport.objects.exists()
    assert not AuditEvent.objects.filter(event="notice_import.create").exists()


def test_a_text_that_is_no_task_notice_is_refused(wang) -> None:
    with pytest.raises(ImportRejected) as refused:
        start_import("关于召开会议的通知\n请各单位准时参加。\n".encode(), "会议.txt", by=wang)

    assert "这似乎不是任务分工通知" in refused.value.messages[0]


def test_an_empty_file_is_refused(wang) -> None:
    with pytest.raises(ImportRejected, match="文件是空的"):
        start_import(b"", "empty.txt", by=wang)


def test_a_file_over_the_limit_is_refused_before_it_is_read(wang, settings) -> None:
    settings.NOTICE_MAX_BYTES = 1024

    with pytest.raises(ImportRejected, match="不能超过"):
        start_import(b"x" * 2048, "big.txt", by=wang)


def test_a_notice_already_published_is_not_imported_twice(wang, sample_bytes: bytes) -> None:
    first = start_import(sample_bytes, "zhumadian-2018.txt", by=wang)
    apply_default_resolutions(first, by=wang)
    publish(first, by=wang)

    with pytest.raises(ImportRejected, match="已经发布为《驻马店市2018年度法治政府建设工作安排》"):
        start_import(sample_bytes, "again.txt", by=wang)


def test_the_stored_file_name_has_no_directories(wang, sample_bytes: bytes) -> None:
    notice_import = start_import(sample_bytes, "../../etc/通知.txt", by=wang)

    assert notice_import.original_name == "通知.txt"
