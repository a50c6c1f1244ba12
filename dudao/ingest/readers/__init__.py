"""Document readers: bytes of a txt, docx, html (or .mht) or pdf notice in, `SourceText` out.

The format is sniffed from the content (see `sniff`), never taken from the file name.
Whatever the input, the only exceptions that leave this package are `IngestError`
subclasses, so callers (the upload view, the CLI) can show `str(error)` and move on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from dudao.ingest.errors import CorruptDocument, IngestError, TooLarge, UnreadableFile
from dudao.ingest.model import SourceText
from dudao.ingest.readers.sniff import sniff

__all__ = ["MAX_BYTES", "read_bytes", "read_file"]

MAX_BYTES = 20 * 1024 * 1024


def read_file(path: str | os.PathLike[str]) -> SourceText:
    """Read a document from disk; the size is checked before any of it is read."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("不是普通文件 / not a regular file")
        if info.st_size > MAX_BYTES:
            raise TooLarge(_size_detail(info.st_size))
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise UnreadableFile(f"{type(error).__name__}: {error.strerror or error}") from error
    return read_bytes(data, filename=os.fspath(path))


def read_bytes(data: bytes, filename: str | None = None) -> SourceText:
    """Read a document held in memory. `filename` is accepted for callers but never picks the reader:
    uploads arrive renamed, so only the content decides."""
    if len(data) > MAX_BYTES:
        raise TooLarge(_size_detail(len(data)))
    try:
        return _reader(sniff(data))(data)
    except IngestError:
        raise
    except RecursionError as error:
        raise CorruptDocument("结构嵌套过深 / nesting too deep") from error
    except Exception as error:  # a library failing on hostile input must not leak
        raise CorruptDocument(f"{type(error).__name__}: {str(error)[:200]}") from error


def _reader(fmt: str) -> Callable[[bytes], SourceText]:
    """The reader for a sniffed format, imported lazily so a text upload never loads pdfminer."""
    if fmt == "pdf":
        from dudao.ingest.readers.pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from dudao.ingest.readers.docx import read_docx

        return read_docx
    if fmt == "html":
        from dudao.ingest.readers.html import read_html

        return read_html
    if fmt == "mht":
        from dudao.ingest.readers.mht import read_mht

        return read_mht
    from dudao.ingest.readers.text import read_text

    return read_text


def _size_detail(size: int) -> str:
    """The size against the limit, in MB, for the error message."""
    return f"{size / 1024 / 1024:.1f} MB > {MAX_BYTES // 1024 // 1024} MB"
