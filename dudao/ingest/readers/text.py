"""Plain-text notices: find the encoding by trying decoders, never by guessing.

Chinese offices save text as UTF-8 (often with a BOM from Notepad) or as GBK/GB18030, and
files pasted together from several sources sometimes mix both. We try strict decoders in a
fixed order and refuse what none of them reads cleanly, because a wrong guess silently turns
unit names into mojibake that no later stage can detect.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from dudao.ingest.errors import MixedEncoding, UndecodableText, UnsupportedFormat
from dudao.ingest.model import SourceText
from dudao.ingest.readers.cleanup import finish_lines

# C0 controls that never occur in a text file (tab, LF, VT, FF, CR and ^Z/ESC are tolerated).
_BINARY_CONTROLS = bytes([*range(0x00, 0x09), 0x0E, *range(0x0F, 0x1A), *range(0x1C, 0x20), 0x7F])
# Three or more consecutive UTF-8 encoded characters of the CJK Unified Ideographs block.
# GBK text produces such runs by chance far too rarely to matter (under 1e-6 per byte).
_UTF8_CJK_RUN = re.compile(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){3,}")
_MIXED_MIN_CHARS = 6
_PLAUSIBLE_SHARE = 0.3


def read_text(data: bytes) -> SourceText:
    """A plain-text document, decoded and normalised to one paragraph per line."""
    text, encoding = decode_text(data)
    return SourceText(text=finish_lines([text]), format="txt", encoding=encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes; return the text and the codec name that read them.

    Raises UnsupportedFormat for binary data, MixedEncoding when UTF-8 and GBK are mixed,
    UndecodableText when no supported encoding reads the bytes plausibly.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Notepad's "Unicode": outside the promised set but unambiguous thanks to the BOM.
        text = _strict(data, "utf-16")
        if text is None:
            raise UndecodableText("UTF-16 文本含有无效字节 / invalid UTF-16")
        return text, "utf-16"
    data = data.rstrip(b"\x00")
    reject_binary(data)
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    text = _strict(data, encoding)
    if text is not None:
        _check_plausible(text, UnsupportedFormat)
        return text, encoding
    if count_utf8_cjk(data) >= _MIXED_MIN_CHARS:
        raise MixedEncoding("部分内容为 UTF-8,部分不是 / part UTF-8, part another encoding")
    text = _strict(data.removeprefix(codecs.BOM_UTF8), "gb18030")
    if text is None:
        raise UndecodableText
    _check_gb18030(text)
    return text, "gb18030"


def reject_binary(data: bytes) -> None:
    """Refuse data that is clearly not text: NUL bytes or more than a few control bytes.

    A stray NUL or two is tolerated (`finish_lines` drops it with the other control characters);
    NUL padding at the end, left by some export tools, is cut off before this check."""
    head = data[: 1 << 20]
    if head.count(b"\x00") > 2:
        raise UnsupportedFormat("二进制文件(含 NUL 字节)/ binary data")
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS)) - head.count(b"\x00")
    if controls > max(8, len(head) // 200):
        raise UnsupportedFormat("二进制文件(含大量控制字符)/ binary data")


def count_utf8_cjk(data: bytes) -> int:
    """How many CJK characters sit in runs of valid UTF-8; a GBK file has none."""
    return sum(len(m.group()) // 3 for m in _UTF8_CJK_RUN.finditer(data))


def _strict(data: bytes, encoding: str) -> str | None:
    """Decode strictly; tolerate only a multi-byte character cut off at the very end."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        truncated = error.end >= len(data) and len(data) - error.start < 4
        if truncated and ("end of data" in error.reason or "incomplete" in error.reason):
            return _strict(data[: error.start], encoding)
        return None


def _check_plausible(text: str, error: type[UnsupportedFormat] | type[UndecodableText]) -> None:
    """Decoded text should be mostly letters, digits and CJK, not symbols."""
    visible = [c for c in text[:100_000] if not c.isspace() and c.isprintable()]
    if len(visible) < 20:
        return
    wordlike = sum(1 for c in visible if unicodedata.category(c)[0] in "LN")
    if wordlike / len(visible) < _PLAUSIBLE_SHARE:
        raise error("解码后几乎没有文字 / the decoded text has almost no letters")


def _check_gb18030(text: str) -> None:
    """GB18030 decodes almost any byte string; real GBK text rarely needs its 4-byte forms."""
    _check_plausible(text, UndecodableText)
    sample = [c for c in text[:100_000] if ord(c) > 0x7F]
    if not sample:
        return
    rare = 0
    for char in sample:
        try:
            char.encode("gbk")
        except UnicodeEncodeError:
            rare += 1
    if rare / len(sample) > 0.05:
        raise UndecodableText("内容不像 GBK/GB18030 文本 / not GBK/GB18030 text")
