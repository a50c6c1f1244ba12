"""Decide a document's format from its bytes; the file name is never trusted.

Uploads arrive renamed (.txt that is really a web page, .docx that is really an old .doc),
so the magic bytes and the first kilobytes decide. Formats we cannot read are refused here
with a message that tells the user what to do instead.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from typing import Literal

from dudao.ingest.errors import CorruptDocument, EmptyDocument, EncryptedDocument, UnsupportedFormat

Format = Literal["pdf", "docx", "html", "mht", "txt"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_ARCHIVE_MAGIC = (b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"BZh")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)")
_HTML_TAG = re.compile(
    rb"</?(?:p|div|br|span|table|tr|td|th|tbody|body|head|meta|title|a|h[1-6]|ul|ol|li|strong|b|font|img)"
    rb"(?:\s[^<>]*)?/?>"
)
_SNIFF_BYTES = 8192
# Browsers write `<!-- saved from url=… -->` before the page; it says nothing about the format.
_LEADING_COMMENTS = re.compile(rb"^(?:<!--.*?-->\s*)+", re.DOTALL)
# A web archive (.mht, "网页,单个文件") starts with mail headers.
_MHT_HEADERS = re.compile(rb"^(?:[a-z][a-z0-9-]*:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)*mime-version:")


def sniff(data: bytes) -> Format:
    """The format to read `data` as; raises for empty, unsupported or encrypted input."""
    if not _without_bom(data).strip(b" \t\r\n\x0b\x0c"):
        raise EmptyDocument
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data)
    if data.startswith(_IMAGE_MAGIC) or data[8:12] == b"WEBP":
        raise UnsupportedFormat("图片文件,请上传带文字的文档 / an image")
    if data.startswith(_ARCHIVE_MAGIC):
        raise UnsupportedFormat("压缩包,请解压后上传文档 / a compressed archive")
    head = _ascii_head(data)
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormat("RTF 格式,请另存为 .docx / RTF")
    if _MHT_HEADERS.match(head) and b"multipart/related" in head:
        return "mht"
    if looks_like_html(head):
        return "html"
    return "txt"


def looks_like_html(head: bytes) -> bool:
    """A doctype or html/head/body tag at the start, or text dense with common HTML tags."""
    head = _LEADING_COMMENTS.sub(b"", head)
    if _HTML_START.match(head) or (head.startswith(b"<?xml") and b"<html" in head[:1024]):
        return True
    tags = _HTML_TAG.findall(head)
    if len(tags) < 5:
        return False
    tag_bytes = sum(len(t) for t in tags)
    return head.startswith(b"<") or tag_bytes / max(len(head), 1) > 0.1


def _without_bom(data: bytes) -> bytes:
    """The bytes after a UTF-8 or UTF-16 byte-order mark."""
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def _ascii_head(data: bytes) -> bytes:
    """The first kilobytes, lower-cased, BOM and leading whitespace removed, as ASCII-ish bytes."""
    head = data[:_SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
        head = text.encode("ascii", errors="replace")
    elif head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return head.lstrip().lower()


def _sniff_zip(data: bytes) -> Format:
    """Only a zip holding `word/document.xml` is a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CorruptDocument(f"zip: {error}") from error
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names:
        raise UnsupportedFormat("OFD 版式文件,请另存为 PDF 或 .docx / OFD")
    if "xl/workbook.xml" in names:
        raise UnsupportedFormat("Excel 表格,请另存为 .docx 或 PDF / a spreadsheet")
    raise UnsupportedFormat("压缩包或非 Word 的 Office 文件 / a zip archive that is not a .docx")


def _ole_error(data: bytes) -> Exception:
    """OLE compound files are old Office formats, or new ones wrapped for encryption."""
    for name in (b"EncryptedPackage", "EncryptedPackage".encode("utf-16-le")):
        if name in data:
            return EncryptedDocument("Office 文件已加密 / encrypted Office file")
    return UnsupportedFormat("旧版 .doc 格式,请另存为 .docx / legacy .doc format")
