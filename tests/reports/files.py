"""Small real-looking files for evidence tests, built in memory: each starts with the bytes its kind
really starts with, so the checks are exercised as they are in production."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(text: str = "Dudao evidence") -> bytes:
    """A one-page PDF that a browser can display."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xc8\x1e\x1e" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def jpg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
    )


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


CONTENT_TYPES = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body><w:p/></w:body></w:document>'
)


def docx(document: bytes = DOCUMENT, **extra: bytes) -> bytes:
    return _zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": document, **extra})


def xlsx() -> bytes:
    return _zip(
        {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>'}
    )


def ofd() -> bytes:
    return _zip(
        {
            "OFD.xml": b'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>'
        }
    )


def zip_bomb() -> bytes:
    """A .docx whose document part is 20 MB of zeros, compressed about a thousand to one."""
    return docx(document=b"\x00" * (20 * 1024 * 1024))


def billion_laughs() -> bytes:
    return docx(
        document=b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b"<w:document>&lol2;</w:document>"
    )


def _ole(*streams: str, text: bytes = b"") -> bytes:
    """A compound file as old Office writes it: 512-byte header, then 128-byte directory entries."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entries += (encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded))).ljust(128, b"\x00")
    return header + entries.ljust(512, b"\x00") + text.ljust(512, b"\x00")


def doc() -> bytes:
    return _ole("WordDocument", "1Table")


def xls() -> bytes:
    return _ole("Workbook")


def encrypted_docx() -> bytes:
    return _ole("EncryptionInfo", "EncryptedPackage")


def ppt_mentioning_word() -> bytes:
    """A PowerPoint file whose text happens to contain the words WordDocument in UTF-16, off the directory."""
    return _ole(
        "PowerPoint Document", text=b"\x00\x00\x00" + "WordDocument".encode("utf-16-le") + b"\x00\x00"
    )


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
