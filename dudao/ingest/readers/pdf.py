"""Text PDFs: lines per page, rejoined into paragraphs, without page furniture.

A PDF knows only positioned lines. Official documents wrap mid-sentence, so a line that
reaches the right edge of the text block continues on the next line, unless that line
visibly starts something new: an item number, a 责任单位: label, a first-line indent or a
paragraph gap. Page numbers and running headers/footers are dropped first, so that a
paragraph broken by a page boundary is joined again.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from dudao.ingest.errors import CorruptDocument, EncryptedDocument, NoTextLayer, TooLarge
from dudao.ingest.model import SourceText
from dudao.ingest.readers.cleanup import finish_lines
from dudao.ingest.readers.patterns import starts_block

MAX_PAGES = 300
_WRAP_SLACK_CHARS = 1.5  # a wrapped line ends within this many characters of the right edge
_INDENT_CHARS = 1.0  # a first-line indent of at least this marks a new paragraph
_GAP_FACTOR = 1.4  # a gap this much larger than the usual line pitch marks a new paragraph
_MIN_TEXT_PER_PAGE = 10
_EDGE_LINES = 2  # lines at the top and bottom of a page that may be headers or footers
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·•]\s*\d{1,4}\s*[-—–－~·•]"
    r"|第\s*\d{1,4}\s*页(?:\s*[/,\uff0c]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4})$"
)
# Characters a line may not start with (closing punctuation) or end with (opening punctuation);
# ASCII and curly quotes bind to both sides, as UAX #14 class QU does.
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_NO_BREAK_BEFORE = frozenset(
    "。,、;:?!)]}》」』】〕〉%\uff0c\uff1b\uff1a\uff1f\uff01\uff09\uff05\u2026\u2014\u00b7" + _QUOTES
)
_NO_BREAK_AFTER = frozenset("([{《「『【〔〈\uff08\uffe5$" + _QUOTES)
_CID = re.compile(r"\(cid:\d+\)")
_ASCII_WORD_END = re.compile(r"[A-Za-z]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z]")


@dataclass(frozen=True, slots=True)
class _Line:
    """A text line with its geometry; `page` counts from 0."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    char_width: float
    lead_width: float  # width of the text before the line's first break opportunity


def read_pdf(data: bytes) -> SourceText:
    """A text PDF as paragraphs; refuses encrypted, scanned and broken files."""
    pages = _extract_pages(data)
    lines = _drop_furniture(pages)
    return SourceText(text=finish_lines(_paragraphs(lines)), format="pdf")


def _extract_pages(data: bytes) -> list[list[_Line]]:
    """Lines of every page, in reading order, with pdfminer's failures classified."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise TooLarge(f"{len(pdf.pages)} 页 > {MAX_PAGES} / pages")
            if not pdf.pages:
                raise CorruptDocument("PDF 没有页面 / no pages")
            pages = [_page_lines(page, index) for index, page in enumerate(pdf.pages)]
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedDocument("PDF 需要密码 / password required") from error
        raise CorruptDocument(f"pdf: {type(cause).__name__}: {str(cause)[:200]}") from error
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedDocument("PDF 需要密码 / password required") from error
    except PDFSyntaxError as error:
        raise CorruptDocument(f"pdf: {error}") from error
    _require_text(pages)
    return pages


def _page_lines(page: Any, index: int) -> list[_Line]:
    """Text lines of one page, top to bottom; duplicated glyphs (fake bold) removed."""
    page = page.dedupe_chars()
    lines = []
    for raw in page.extract_text_lines(layout=False, strip=True, return_chars=True, x_tolerance_ratio=0.5):
        chars = [c for c in raw["chars"] if not c["text"].isspace()]
        if not chars:
            continue
        widths = [c["x1"] - c["x0"] for c in chars if c["x1"] > c["x0"]]
        char_width = statistics.median(widths) if widths else float(chars[0].get("size", 10))
        lines.append(
            _Line(
                text=raw["text"],
                page=index,
                x0=raw["x0"],
                x1=raw["x1"],
                top=raw["top"],
                char_width=max(char_width, 1.0),
                lead_width=_lead_width(chars),
            )
        )
    return lines


def _lead_width(chars: list[dict[str, Any]]) -> float:
    """Width of the line's first unbreakable cluster (`用。`, `《驻`, `2020`, `棒”和“风`).

    A wrapped line leaves a gap at the right edge narrower than this cluster: the cluster did
    not fit, so the line broke before it. Line-breaking rules keep closing punctuation with
    the character before it, opening punctuation with the one after, and digit or letter
    runs together (Unicode line breaking, UAX #14, simplified).
    """
    end = 0
    while end + 1 < len(chars):
        current, following = chars[end]["text"], chars[end + 1]["text"]
        glued = (
            current in _NO_BREAK_AFTER
            or following in _NO_BREAK_BEFORE
            or (current.isascii() and current.isalnum() and following.isascii() and following.isalnum())
        )
        if not glued:
            break
        end += 1
    return chars[end]["x1"] - chars[0]["x0"]


def _require_text(pages: list[list[_Line]]) -> None:
    """Refuse a PDF whose pages are mostly images (a scan, perhaps with a typed cover page) or
    whose text is only undecodable glyph ids: its tasks could not be read anyway."""
    undecodable = readable = bare_pages = 0
    for page in pages:
        text = "".join(line.text for line in page)
        undecodable += len(_CID.findall(text))
        visible = sum(1 for c in _CID.sub("", text) if not c.isspace())
        readable += visible
        bare_pages += visible < _MIN_TEXT_PER_PAGE
    if undecodable > readable:
        raise NoTextLayer("文字层无法解码(字体缺少 Unicode 映射)/ the text layer cannot be decoded")
    if 2 * bare_pages > len(pages):
        raise NoTextLayer(f"扫描件:{bare_pages}/{len(pages)} 页没有文字 / scanned pages")


def _furniture_key(text: str) -> str:
    """Headers repeat with a changing page number: compare them with digits masked."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Line]]) -> list[_Line]:
    """All lines in reading order without page numbers and running headers/footers."""
    repeated: Counter[str] = Counter()
    for page in pages:
        keys = {_furniture_key(line.text) for line in _edges(page)}
        repeated.update(keys)
    threshold = max(3, len(pages) // 2 + 1) if len(pages) >= 3 else len(pages) + 1
    furniture = {key for key, count in repeated.items() if count >= threshold}
    kept: list[_Line] = []
    for page in pages:
        edges = {id(line) for line in _edges(page)}
        for line in page:
            if id(line) in edges and (
                _PAGE_NUMBER.match(line.text.strip()) or _furniture_key(line.text) in furniture
            ):
                continue
            kept.append(line)
    return kept


def _edges(page: list[_Line]) -> list[_Line]:
    """The lines where headers, footers and page numbers live."""
    if len(page) <= 2 * _EDGE_LINES:
        return list(page)
    return page[:_EDGE_LINES] + page[-_EDGE_LINES:]


@dataclass(frozen=True, slots=True)
class _Block:
    """The text block of one page: its left and right edges."""

    left: float
    right: float


def _blocks(lines: list[_Line]) -> dict[int, _Block]:
    """Text-block geometry per page; sparse pages borrow the document's typical right edge."""
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    rights = [max(line.x1 for line in page) for page in by_page.values() if len(page) >= 5]
    typical_right = statistics.median(rights) if rights else None
    blocks = {}
    for number, page in by_page.items():
        right = max(line.x1 for line in page)
        if len(page) < 5 and typical_right is not None:
            right = max(right, typical_right)
        blocks[number] = _Block(left=min(line.x0 for line in page), right=right)
    return blocks


def _line_pitch(lines: list[_Line]) -> float | None:
    """The usual distance between lines of one paragraph: the most common one in the document
    (paragraph gaps and headings are rarer than plain wrapped lines)."""
    pitches = Counter(round(b.top - a.top) for a, b in pairwise(lines) if a.page == b.page and b.top > a.top)
    if sum(pitches.values()) < 3:
        return None
    return float(pitches.most_common(1)[0][0])


@dataclass(slots=True)
class _Paragraph:
    """The paragraph being assembled, with what its lines tell about its indentation."""

    text: str
    numbered: bool  # its first line starts with an item number
    lines: int = 1
    hanging_x0: float | None = None  # where its continuation lines start, if indented


def _continues(
    previous: _Line, line: _Line, paragraph: _Paragraph, blocks: dict[int, _Block], pitch: float | None
) -> bool:
    """Whether `line` continues the paragraph that `previous` wrapped out of."""
    before, here = blocks[previous.page], blocks[line.page]
    room = max(line.lead_width, _WRAP_SLACK_CHARS * previous.char_width) + 0.1 * previous.char_width
    if before.right - previous.x1 > room:
        return False  # the previous line stopped short although the next words would have fit
    if starts_block(line.text):
        return False
    if line.x0 - here.left >= _INDENT_CHARS * line.char_width and not _hangs(line, paragraph):
        return False  # first-line indent of a new paragraph
    if line.page == previous.page and pitch is not None:
        return line.top - previous.top <= _GAP_FACTOR * pitch
    return True


def _hangs(line: _Line, paragraph: _Paragraph) -> bool:
    """An indented line continuing a numbered item set with a hanging indent (Word's lists:
    `1.` at the margin, the text and its continuation lines further right)."""
    if paragraph.hanging_x0 is not None:
        return abs(line.x0 - paragraph.hanging_x0) < 0.5 * line.char_width
    return paragraph.numbered and paragraph.lines == 1


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Join wrapped lines into paragraphs."""
    blocks = _blocks(lines)
    pitch = _line_pitch(lines)
    paragraphs: list[_Paragraph] = []
    previous: _Line | None = None
    for line in lines:
        text = _CID.sub("", line.text).strip()
        if not text:
            continue
        current = paragraphs[-1] if paragraphs else None
        if (
            previous is not None
            and current is not None
            and _continues(previous, line, current, blocks, pitch)
        ):
            glue = " " if _ASCII_WORD_END.search(current.text) and _ASCII_WORD_START.match(text) else ""
            current.text += glue + text
            current.lines += 1
            if current.lines == 2 and line.x0 - blocks[line.page].left >= _INDENT_CHARS * line.char_width:
                current.hanging_x0 = line.x0
        else:
            paragraphs.append(_Paragraph(text=text, numbered=starts_block(text)))
        previous = line
    return [paragraph.text for paragraph in paragraphs]
