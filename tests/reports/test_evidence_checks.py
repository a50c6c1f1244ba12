"""The checks every evidence upload passes, by content and never by name (dudao/reports/evidence.py)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from dudao.reports import evidence
from tests.reports import files

MB = 1024 * 1024


def check(
    data: bytes, name: str = "材料", declared: int | None = None, max_bytes: int = 20 * MB
) -> evidence.CheckedFile:
    return evidence.inspect(io.BytesIO(data), name=name, declared_size=declared, max_bytes=max_bytes)


def refusal(data: bytes, **kwargs: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(data, **kwargs)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("data", "kind", "previewable"),
    [
        (files.pdf(), "pdf", True),
        (files.png(), "png", True),
        (files.jpg(), "jpg", True),
        (files.docx(), "docx", False),
        (files.xlsx(), "xlsx", False),
        (files.ofd(), "ofd", False),
        (files.doc(), "doc", False),
        (files.xls(), "xls", False),
    ],
)
def test_each_allowed_kind_is_recognised_by_its_bytes(data: bytes, kind: str, previewable: bool) -> None:
    checked = check(data, name="whatever.bin")

    assert checked.kind.name == kind
    assert checked.kind.previewable is previewable


def test_a_pdf_named_like_a_photo_is_a_pdf_and_keeps_that_extension_visible() -> None:
    checked = check(files.pdf(), name="现场照片.jpg")

    assert checked.kind.name == "pdf"
    assert checked.name == "现场照片.jpg.pdf"


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,  # a Windows program
        b"<!doctype html><html><script>alert(1)</script></html>",  # a web page
        b"GIF89a\x01\x00\x01\x00",  # an image kind not on the list
        b"plain text that claims to be a PDF",
        files._zip({"payload.exe": b"MZ"}),  # a zip that is no Office document
        files.ppt_mentioning_word(),  # an old PowerPoint whose text says WordDocument
    ],
    ids=["exe", "html", "gif", "text", "zip", "ppt"],
)
def test_kinds_not_on_the_allow_list_are_refused_whatever_their_name(data: bytes) -> None:
    error = refusal(data, name="报告.pdf")

    assert error.code == "type"
    assert "不支持该文件类型" in error.messages[0]
    assert "与扩展名无关" in error.messages[0]


def test_an_empty_file_is_refused() -> None:
    error = refusal(b"")

    assert error.code == "empty"
    assert error.messages == ["文件为空，请重新选择。"]


def test_a_file_declared_too_large_is_refused_before_its_body_is_read() -> None:
    class Unreadable(io.BytesIO):
        def read(self, *args: object) -> bytes:
            raise AssertionError("the body must not be read")

    with pytest.raises(ValidationError) as caught:
        evidence.inspect(Unreadable(), name="扫描件.pdf", declared_size=21 * MB, max_bytes=20 * MB)

    assert caught.value.code == "too_large"
    assert caught.value.messages == ["文件超过 20 MB 的大小限制，请压缩或拆分后再上传。"]


def test_a_file_that_understates_its_size_is_stopped_while_reading() -> None:
    error = refusal(files.pdf() + b"\x00" * (2 * MB), declared=10, max_bytes=1 * MB)

    assert error.code == "too_large"


def test_a_docx_zip_bomb_is_refused() -> None:
    error = refusal(files.zip_bomb(), name="bomb.docx")

    assert error.code == "zip_bomb"
    assert "解压后体积异常" in error.messages[0]


def test_a_docx_declaring_xml_entities_is_refused() -> None:
    error = refusal(files.billion_laughs(), name="laughs.docx")

    assert error.code == "xml_entity"
    assert "XML 实体声明" in error.messages[0]


def test_an_entity_declared_in_a_part_renamed_away_from_xml_is_still_found() -> None:
    hidden = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'

    error = refusal(files.docx(**{"word/custom.bin": hidden}))

    assert error.code == "xml_entity"


def test_an_entity_declared_in_utf16_is_found() -> None:
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "e">]><x/>'.encode("utf-16-le")

    error = refusal(files.docx(**{"customXml/item1.xml": part}))

    assert error.code == "xml_entity"


def test_an_xlsx_declaring_entities_is_refused_too() -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "a">]><workbook/>'
    data = files._zip({"[Content_Types].xml": files.CONTENT_TYPES, "xl/workbook.xml": laughs})

    assert refusal(data).code == "xml_entity"


def test_an_encrypted_office_file_is_refused_with_a_way_out() -> None:
    error = refusal(files.encrypted_docx(), name="加密.docx")

    assert error.code == "encrypted"
    assert error.messages == ["文件已加密，请解除密码保护后再上传。"]


def test_a_damaged_docx_is_refused() -> None:
    error = refusal(files.docx()[:200])

    assert error.code == "corrupt"
    assert "已损坏" in error.messages[0]


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\李\\Desktop\\通知.pdf", "通知.pdf"),
        ("会议\x00纪要\r\n.pdf", "会议纪要.pdf"),
        ("invoice\u202egpj.pdf", "invoicegpj.pdf"),  # a right-to-left override would show "fdp.jpg"
        ('a<b>:"c|d?*.pdf', "a_b___c_d__.pdf"),
        ("   .hidden.pdf  ", "hidden.pdf"),
        ("", "未命名文件.pdf"),
        ("...", "未命名文件.pdf"),
        ("报告", "报告.pdf"),
    ],
)
def test_names_are_cleaned(given: str, cleaned: str) -> None:
    assert evidence.clean_name(given, evidence.PDF) == cleaned


def test_long_names_are_cut_keeping_the_extension() -> None:
    name = evidence.clean_name("关于" * 200 + ".pdf", evidence.PDF)

    assert len(name) == 100
    assert name.endswith("关于.pdf")


def test_jpeg_may_keep_either_of_its_extensions() -> None:
    assert evidence.clean_name("照片.JPEG", evidence.JPG) == "照片.JPEG"
    assert evidence.clean_name("照片.jpg", evidence.JPG) == "照片.jpg"


def test_content_is_stored_by_digest_with_no_extension() -> None:
    digest = "ab" + "0" * 62

    assert evidence.storage_name(digest) == f"evidence/ab/{digest}"
