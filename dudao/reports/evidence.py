"""Checks on an uploaded evidence file, before it is stored: size, type by content, archive safety, name.

Units upload scans, photos and office documents as evidence. Nothing about the upload is trusted: the
declared size is compared before the body is read, the type comes from the bytes (a .pdf that is really
an .exe is refused, a .jpg that is really a PDF is accepted as a PDF), Office Open XML and OFD archives
are checked for zip bombs and for XML entity declarations (billion laughs, external entities), and the
file name is reduced to a plain name that cannot climb out of a directory or hide its extension.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dudao.ingest.errors import CorruptDocument, ZipBomb
from dudao.ingest.readers.zipguard import check_zip

if TYPE_CHECKING:
    from dudao.reports.models import EvidenceFile


@dataclass(frozen=True)
class FileKind:
    name: str  # pdf, ofd, docx, xlsx, doc, xls, jpg, png
    content_type: str
    extensions: tuple[str, ...]  # the first one is added to a name that lacks all of them
    previewable: bool = False


PDF = FileKind("pdf", "application/pdf", ("pdf",), previewable=True)
OFD = FileKind("ofd", "application/ofd", ("ofd",))
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",))
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
DOC = FileKind("doc", "application/msword", ("doc",))
XLS = FileKind("xls", "application/vnd.ms-excel", ("xls",))
JPG = FileKind("jpg", "image/jpeg", ("jpg", "jpeg"), previewable=True)
PNG = FileKind("png", "image/png", ("png",), previewable=True)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# A DTD is where entities are declared; Office and OFD never write one, so any DOCTYPE is refused.
_XML_DANGER = tuple(
    marker.encode(encoding)
    for marker in ("<!doctype", "<!entity")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_XML_MEMBER = re.compile(r"\.(?:xml|rels|vml)$", re.IGNORECASE)
_CHUNK = 64 * 1024
_NAME_MAX = 100
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*]')


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def read_limited(file: IO[bytes], declared_size: int | None, max_bytes: int) -> bytes:
    """The file's bytes, refusing one larger than `max_bytes` by its declared size before reading it,
    and again while reading in case the declaration was wrong."""
    limit = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes // 1024} KB"
    too_large = _refuse(
        _("文件超过 %(limit)s 的大小限制，请压缩或拆分后再上传。") % {"limit": limit}, "too_large"
    )
    if declared_size is not None and declared_size > max_bytes:
        raise too_large
    buffer = io.BytesIO()
    while chunk := file.read(_CHUNK):
        buffer.write(chunk)
        if buffer.tell() > max_bytes:
            raise too_large
    data = buffer.getvalue()
    if not data:
        raise _refuse(_("文件为空，请重新选择。"), "empty")
    return data


def sniff(data: bytes) -> FileKind:
    """The kind of evidence `data` is, from its bytes alone; anything not on the allow-list is refused."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPG
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(data)
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data)
    raise _unsupported()


def _unsupported() -> ValidationError:
    return _refuse(
        _(
            "不支持该文件类型：请上传 PDF、OFD、Word（.doc/.docx）、Excel（.xls/.xlsx）、JPG 或 PNG 文件"
            "（按文件内容识别，与扩展名无关）。"
        ),
        "type",
    )


def _ole_has_stream(data: bytes, name: str) -> bool:
    """Whether the compound file's directory holds a stream called `name`.

    Directory entries are 128-byte records aligned on 128 bytes after the 512-byte header: the name in
    UTF-16LE, then at offset 64 its length in bytes including the terminator. Matching both at aligned
    offsets finds real entries, not the same word inside the document's text.
    """
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    length = len(encoded).to_bytes(2, "little")
    start = data.find(encoded, 512)
    while start != -1:
        if start % 128 == 0 and data[start + 64 : start + 66] == length:
            return True
        start = data.find(encoded, start + 1)
    return False


def _sniff_ole(data: bytes) -> FileKind:
    """Old Office files (.doc, .xls) are compound files; encrypted new ones are too, and are refused."""
    if _ole_has_stream(data, "EncryptedPackage"):
        raise _refuse(_("文件已加密，请解除密码保护后再上传。"), "encrypted")
    if _ole_has_stream(data, "WordDocument"):
        return DOC
    if _ole_has_stream(data, "Workbook") or _ole_has_stream(data, "Book"):
        return XLS
    raise _unsupported()


def _sniff_zip(data: bytes) -> FileKind:
    """A zip is evidence only as .docx, .xlsx or OFD, and only when it is safe to open."""
    try:
        check_zip(data)
    except ZipBomb as bomb:
        raise _refuse(_("文件解压后体积异常，可能是恶意构造的压缩文件，已拒绝接收。"), "zip_bomb") from bomb
    except CorruptDocument as corrupt:
        raise _corrupt() from corrupt
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "word/document.xml" in names:
            kind = DOCX
        elif "xl/workbook.xml" in names:
            kind = XLSX
        elif "OFD.xml" in names:
            kind = OFD
        else:
            raise _unsupported()
        for member in archive.infolist():
            if not member.is_dir() and _declares_entities(archive, member):
                raise _refuse(
                    _(
                        "文件中含有 XML 实体声明（DOCTYPE/ENTITY），存在安全风险，已拒绝接收。请用 Office 重新另存后上传。"
                    ),
                    "xml_entity",
                )
    return kind


def _corrupt() -> ValidationError:
    return _refuse(_("文件已损坏或格式不正确，请检查后重新上传。"), "corrupt")


def _declares_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """Whether an XML part carries a DOCTYPE or ENTITY declaration; parts renamed away from .xml are
    recognised by their `<?xml` start. Reads in chunks; the zip bomb check has bounded the total."""
    try:
        with archive.open(member) as stream:
            first = stream.read(_CHUNK)
            if not _XML_MEMBER.search(member.filename) and b"<?xml" not in first[:64].replace(b"\x00", b""):
                return False
            tail = b""
            chunk = first
            while chunk:
                window = (tail + chunk).lower()
                if any(marker in window for marker in _XML_DANGER):
                    return True
                tail = window[-32:]
                chunk = stream.read(_CHUNK)
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError) as error:
        # RuntimeError: an encrypted member; NotImplementedError: a compression method zipfile lacks.
        raise _corrupt() from error
    return False


def clean_name(name: str, kind: FileKind | None = None) -> str:
    """A file name safe to store and to offer for download: no directories, no control or direction
    characters, no characters Windows refuses, at most 100 characters, ending in the kind's extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if not unicodedata.category(char).startswith("C"))
    name = _UNSAFE_NAME_CHARS.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if kind is not None and extension.lower() not in kind.extensions:
        # A PDF named 通知.exe is offered back as 通知.exe.pdf, so the desktop opens it as what it is.
        stem, extension = name, kind.extensions[0]
    stem = stem or _("未命名文件")
    suffix = f".{extension}" if extension else ""
    return stem[: _NAME_MAX - len(suffix)].rstrip(" .") + suffix


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    sha256: str
    kind: FileKind
    name: str


def inspect(file: IO[bytes], *, name: str, declared_size: int | None, max_bytes: int) -> CheckedFile:
    """Every check an upload must pass, in order: size, type by content, archive safety, name."""
    data = read_limited(file, declared_size, max_bytes)
    kind = sniff(data)
    return CheckedFile(
        data=data, sha256=hashlib.sha256(data).hexdigest(), kind=kind, name=clean_name(name, kind)
    )


def storage_name(sha256: str) -> str:
    """Where the content lives in storage: by its digest, with no extension a web server could act on."""
    return f"evidence/{sha256[:2]}/{sha256}"


class TamperedFile(Exception):
    """The stored bytes no longer hash to the digest they were stored under."""


def read_verified(file: EvidenceFile) -> bytes:
    """The stored content of `file`, re-hashed before anyone receives it."""
    from django.core.files.storage import default_storage

    with default_storage.open(file.storage_name, "rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != file.sha256:
        raise TamperedFile(file.sha256)
    return data
