"""Plain text, format sniffing and the package's promises (size limit, only IngestError escapes)."""

from __future__ import annotations

import codecs
import io
import os
import random
import zipfile
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dudao.ingest.readers as readers
from dudao.ingest.errors import (
    EmptyDocument,
    IngestError,
    MixedEncoding,
    TooLarge,
    UndecodableText,
    UnreadableFile,
    UnsupportedFormat,
)
from dudao.ingest.readers import MAX_BYTES, read_bytes, read_file

REPO_SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "zhumadian-2018.txt"
SHARED_GB = Path("/work/shared/corpus/formats/zhumadian-2018-gb.txt")
SHARED_UTF8 = Path("/work/shared/corpus/zhumadian-2018.txt")

NOTICE = (
    "青禾县2024年法治政府建设工作要点\n"
    "一、持续优化法治化营商环境\n"
    "(一)规范涉企行政检查。6月底前公布检查事项清单。\n"
    "责任单位:县司法局、县市场监管局。\n"
    "（二）清理妨碍公平竞争的政策措施，9月底前完成。\n"
    "责任单位：县市场监管局。"
)


def test_utf8_text_is_read_as_printed() -> None:
    source = read_bytes(NOTICE.encode("utf-8"))

    assert (source.text, source.format, source.encoding) == (NOTICE, "txt", "utf-8")


def test_utf8_with_bom() -> None:
    source = read_bytes(codecs.BOM_UTF8 + NOTICE.encode("utf-8"))

    assert (source.text, source.encoding) == (NOTICE, "utf-8-sig")


def test_gb18030_is_detected_by_decoding() -> None:
    source = read_bytes(NOTICE.encode("gb18030"))

    assert (source.text, source.encoding) == (NOTICE, "gb18030")


def test_gbk_bytes_are_read_as_gb18030() -> None:
    assert read_bytes(NOTICE.encode("gbk")).text == NOTICE


def test_utf16_with_bom_from_notepad() -> None:
    source = read_bytes(NOTICE.encode("utf-16"))

    assert (source.text, source.encoding) == (NOTICE, "utf-16")


def test_lines_are_normalised_but_punctuation_is_kept() -> None:
    raw = "　　一、总体要求  \r\n\r\n\r\n\t(一)加强领导,\x07落实责任。\u200b\r二、主要任务"
    raw += "\n责任单位：\t县司法局  \n\n"

    lines = read_bytes(raw.encode("utf-8")).text.split("\n")

    assert lines == ["一、总体要求", "(一)加强领导,落实责任。", "二、主要任务", "责任单位：\t县司法局"]


def test_a_multibyte_character_cut_off_at_the_end_is_dropped() -> None:
    data = NOTICE.encode("utf-8") + "局".encode()[:2]

    assert read_bytes(data).text == NOTICE


def test_mixed_utf8_and_gbk_is_refused() -> None:
    data = NOTICE.encode("utf-8") + "\n二、推进严格规范公正文明执法".encode("gbk")

    with pytest.raises(MixedEncoding):
        read_bytes(data)


def test_text_in_an_unsupported_encoding_is_refused() -> None:
    latin = ("Résumé des tâches: élaborer, exécuter, contrôler. " * 5).encode("latin-1")

    with pytest.raises(UndecodableText):
        read_bytes(latin)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02binary\x00" * 20,
        random.Random(3).randbytes(4096),
        b"\x01\x02\x03\x04\x05\x06" * 50 + NOTICE.encode(),
        "§±×÷¤¦¨©«¬®¯°¶·¸»¿ ~#@*".encode() * 10,
    ],
)
def test_binary_garbage_is_refused(data: bytes) -> None:
    with pytest.raises((UnsupportedFormat, UndecodableText)):
        read_bytes(data)


@pytest.mark.parametrize(
    "data", [b"", b"   \r\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n", "　　\n".encode()]
)
def test_empty_documents(data: bytes) -> None:
    with pytest.raises(EmptyDocument):
        read_bytes(data)


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "图片"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "图片"),
        (b"GIF89a" + bytes(100), "图片"),
        ("{\\rtf1\\ansi 通知}".encode(), "RTF"),
        (b"\x1f\x8b\x08" + bytes(100), "压缩包"),
    ],
)
def test_formats_we_do_not_read_are_named(data: bytes, detail: str) -> None:
    with pytest.raises(UnsupportedFormat, match=detail):
        read_bytes(data, filename="notice.txt")


def test_format_comes_from_content_not_from_the_name() -> None:
    page = "<!DOCTYPE html><html><body><p>一、总体要求</p><p>责任单位:县司法局</p></body></html>"

    assert read_bytes(page.encode(), filename="notice.txt").format == "html"
    assert read_bytes(NOTICE.encode(), filename="notice.html").format == "txt"


def test_text_dense_with_tags_is_html_even_without_a_doctype() -> None:
    fragment = "<div><p>一、总体要求</p><p>(一)加强领导。</p><p>责任单位:县司法局</p>"
    fragment += "<br><span>附件</span></div>"

    source = read_bytes(("\n" + fragment).encode("utf-8"))

    assert source.format == "html"
    assert source.text.splitlines()[0] == "一、总体要求"


def test_text_that_mentions_a_tag_stays_text() -> None:
    text = NOTICE + "\n网页中的<p>标签不影响判断。"

    assert read_bytes(text.encode()).format == "txt"


def test_too_large_bytes() -> None:
    with pytest.raises(TooLarge):
        read_bytes(b" " * (MAX_BYTES + 1))


def test_too_large_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk

    def no_open(*_args: object, **_kwargs: object) -> None:
        """Fails the test if the reader opens the file at all."""
        raise AssertionError("the file was opened")

    monkeypatch.setattr(readers, "open", no_open, raising=False)

    with pytest.raises(TooLarge):
        read_file(big)


def test_read_file(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_bytes(NOTICE.encode("gb18030"))

    assert read_file(path).text == NOTICE
    assert read_file(str(path)).encoding == "gb18030"


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile):
        read_file(tmp_path / "missing.txt")
    with pytest.raises(UnreadableFile):
        read_file(tmp_path)


def test_stray_nul_bytes_and_nul_padding_are_dropped() -> None:
    data = NOTICE.encode("utf-8").replace("规范".encode(), "规\x00范".encode()) + b"\x00" * 500

    assert read_bytes(data).text == NOTICE


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    with pytest.raises(UnreadableFile):
        read_file(fifo)  # opening it would block forever


def test_a_web_archive_is_read_as_a_page() -> None:
    archive = MIMEMultipart("related")
    archive["From"] = "<Saved by Windows Internet Explorer 8>"
    page = "<html><body><p>一、总体要求</p><p>责任单位：县司法局</p></body></html>"
    archive.attach(MIMEText(page, "html", "gb18030"))

    source = read_bytes(archive.as_bytes(), filename="通知.mht")

    assert (source.format, source.encoding) == ("html", "gb18030")
    assert source.text.splitlines() == ["一、总体要求", "责任单位：县司法局"]


def _zip_with(name: str) -> bytes:
    """A real zip holding one member, to start fuzzed input with a plausible archive header."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "<x/>")
    return buffer.getvalue()


_PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    _zip_with("word/document.xml")[:40],
    b"<!DOCTYPE html><html><body>",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
]


@settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=3000))
def test_only_ingest_errors_escape(prefix: bytes, body: bytes) -> None:
    try:
        source = read_bytes(prefix + body)
    except IngestError:
        return
    assert source.text.strip()


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_any_utf8_text_reads_or_fails_cleanly(text: str) -> None:
    try:
        source = read_bytes(text.encode("utf-8"))
    except IngestError:
        return
    assert all(line == line.strip() and line for line in source.text.split("\n"))


@pytest.mark.skipif(not REPO_SAMPLE.exists(), reason="sample notice not present")
def test_sample_notice_reads_unchanged() -> None:
    source = read_file(REPO_SAMPLE)

    assert source.text == REPO_SAMPLE.read_text(encoding="utf-8").strip()
    assert source.encoding == "utf-8"


@pytest.mark.skipif(not (SHARED_GB.exists() and SHARED_UTF8.exists()), reason="shared corpus not present")
def test_gb18030_and_utf8_samples_give_identical_text() -> None:
    gb, utf8 = read_file(SHARED_GB), read_file(SHARED_UTF8)

    assert gb.encoding == "gb18030"
    assert gb.text == utf8.text
