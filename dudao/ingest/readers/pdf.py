"""Text PDFs: lines per page, rejoined into paragraphs, without page furniture.

A PDF knows only positioned lines. Official documents wrap mid-sentence, so a line that
reaches the right edge of the text block continues on the next line, unless that line
visibly starts something new: an item number, a 责任单位: label, a first-line indent or a
paragraph gap or a change of font size. Page numbers and running headers/footers are
dropped first, so that a paragraph broken by a page boundary is joined again.

Tables drawn with ruling lines are read cell by cell instead: line by line their columns
would interleave. Inside a cell the same wrap rule joins the printed lines of one
paragraph; a table that runs on over a page break is joined again (a repeated header row
dropped, a row split by the break glued back together) and rendered by `render_table`,
which turns a task table into numbered items with `header:value` lines.
"""

from __future__ import annotations

import io
import re
import statistics
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber import utils as plumber_utils
from pdfplumber.table import merge_edges
from pdfplumber.utils.exceptions import PdfminerException

from dudao.ingest.errors import CorruptDocument, EncryptedDocument, NoTextLayer, TooLarge
from dudao.ingest.model import SourceText
from dudao.ingest.readers.cleanup import finish_lines
from dudao.ingest.readers.patterns import LIST_SEPARATORS, SENTENCE_PUNCT, starts_block
from dudao.ingest.readers.tables import UNIT_ENDINGS, is_task_header, number_column, render_table

MAX_PAGES = 300
_WRAP_SLACK_CHARS = 1.5  # a wrapped line ends within this many characters of the right edge
_INDENT_CHARS = 1.0  # a first-line indent of at least this marks a new paragraph
_GAP_FACTOR = 1.4  # a gap this much larger than the usual line pitch marks a new paragraph
_SIZE_CHANGE = 1.0  # points: a line in another font size starts a new paragraph
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
_TEXT_SETTINGS: dict[str, Any] = {"layout": False, "x_tolerance_ratio": 0.5}
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# Finding cells costs more than linearly in the crossings of the ruling lines (a 120×40 grid,
# about 5,000 crossings, takes two seconds): a page with more, or the pages after the document
# has used up its share, is read as plain lines.
_MAX_PAGE_CROSSINGS = 5_000
_MAX_DOCUMENT_CROSSINGS = 60_000
_RULE_TOLERANCE = 3  # pdfplumber's default snap and join tolerance, in points
_GRID_TOLERANCE = 1.5  # points: cell edges closer than this are the same grid line
_CELL_SLACK_CHARS = 0.25  # a wrapped line in a cell leaves less room than the next word plus this
_COLUMN_SHIFT = 3.0  # points: a table continued on the next page has its columns where they were
_HEADER_ROWS = 3  # rows at the top of a table that may be its title and header
_LIST_ENDS = tuple(LIST_SEPARATORS.strip())
# How the names of units begin when a list of them is printed one per line (市财政局 / 市审计局).
_UNIT_STARTS = (*"省市州盟区县旗镇乡各", "街道", "中共", "共青团")
_SENTENCE_PUNCT = re.compile(f"[{SENTENCE_PUNCT}]")
_SENTENCE_ENDS = tuple("。;!?\uff1b\uff01\uff1f")


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
    size: float  # font size in points


@dataclass(frozen=True, slots=True)
class _Table:
    """A ruled table, or the part of one printed on one page.

    `rows` holds one string per grid column, merged cells repeating their text and the
    paragraphs of a cell separated by `\\n`; `open_ends` tells for every cell whether its last
    printed line reached the right edge (the cell's text may go on after a page break)."""

    rows: list[list[str]]
    open_ends: list[list[bool]]
    columns: tuple[float, ...]  # x of the vertical grid lines, left to right
    page: int
    top: float
    bottom: float


_Item = _Line | _Table


def read_pdf(data: bytes) -> SourceText:
    """A text PDF as paragraphs; refuses encrypted, scanned and broken files."""
    pages = _extract_pages(data)
    items = _join_tables(_drop_furniture(pages))
    return SourceText(text=finish_lines(_paragraphs(items)), format="pdf")


def _extract_pages(data: bytes) -> list[list[_Item]]:
    """Lines and tables of every page, in reading order, with pdfminer's failures classified."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise TooLarge(f"{len(pdf.pages)} 页 > {MAX_PAGES} / pages")
            if not pdf.pages:
                raise CorruptDocument("PDF 没有页面 / no pages")
            budget = [_MAX_DOCUMENT_CROSSINGS]
            pages = [_page_items(page, index, budget) for index, page in enumerate(pdf.pages)]
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


def _page_items(page: Any, index: int, budget: list[int]) -> list[_Item]:
    """Text lines and ruled tables of one page, top to bottom; duplicated glyphs (fake bold)
    removed. The characters inside a table belong to its cells, not to the lines.
    `budget` holds the grid crossings the rest of the document may still search for cells."""
    page = page.dedupe_chars()
    tables = _page_tables(page, index, budget)
    if tables:
        page = page.filter(lambda obj: obj.get("object_type") != "char" or not _in_any(obj, tables))
    items: list[_Item] = [*_text_lines(page.extract_text_lines(**_TEXT_SETTINGS), index), *tables]
    return sorted(items, key=lambda item: item.top)


def _text_lines(raw_lines: list[dict[str, Any]], index: int) -> list[_Line]:
    """pdfplumber's text lines with the geometry the wrap rule needs."""
    lines = []
    for raw in raw_lines:
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
                size=statistics.median(float(c.get("size", 0.0)) for c in chars),
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


def _centre(obj: dict[str, Any]) -> tuple[float, float]:
    """The middle of a character's box: it belongs to the cell that holds this point."""
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def _in_any(char: dict[str, Any], tables: list[_Table]) -> bool:
    """Whether the centre of `char` lies inside one of the tables."""
    x, y = _centre(char)
    return any(
        _grid_index(table.columns, x) is not None and table.top <= y < table.bottom for table in tables
    )


def _page_tables(page: Any, index: int, budget: list[int]) -> list[_Table]:
    """The ruled tables of a page with at least two columns (a single framed box is only a
    border around text)."""
    rules = merge_edges(page.edges, _RULE_TOLERANCE, _RULE_TOLERANCE, _RULE_TOLERANCE, _RULE_TOLERANCE)
    horizontal = sum(1 for rule in rules if rule["orientation"] == "h")
    crossings = horizontal * (len(rules) - horizontal)
    if not crossings or crossings > min(_MAX_PAGE_CROSSINGS, budget[0]):
        return []
    budget[0] -= crossings
    tables = []
    for found in page.find_tables(_TABLE_SETTINGS):
        table = _read_table(found.cells, page.chars, index)
        if table is not None:
            tables.append(table)
    return tables


def _cluster(values: list[float]) -> tuple[float, ...]:
    """Sorted distinct positions, those within the grid tolerance taken as one."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _GRID_TOLERANCE:
            out.append(value)
    return tuple(out)


def _grid_index(lines: tuple[float, ...], position: float) -> int | None:
    """The grid interval holding `position`, or None outside the grid."""
    at = bisect_right(lines, position) - 1
    return at if 0 <= at < len(lines) - 1 else None


def _nearest(lines: tuple[float, ...], position: float) -> int:
    """The grid line closest to `position`."""
    return min(range(len(lines)), key=lambda at: abs(lines[at] - position))


def _read_table(
    cells: list[tuple[float, float, float, float]], chars: list[dict[str, Any]], page: int
) -> _Table | None:
    """A table's grid of cell texts; None for a table of fewer than two columns or no text."""
    columns = _cluster([x for cell in cells for x in (cell[0], cell[2])])
    bands = _cluster([y for cell in cells for y in (cell[1], cell[3])])
    if len(columns) < 3 or len(bands) < 2:
        return None
    spans = [
        (_nearest(bands, top), _nearest(bands, bottom), _nearest(columns, x0), _nearest(columns, x1))
        for x0, top, x1, bottom in cells
    ]
    owner: dict[tuple[int, int], int] = {}
    for number, (row0, row1, col0, col1) in enumerate(spans):
        for row in range(row0, row1):
            for col in range(col0, col1):
                owner.setdefault((row, col), number)
    chars_of: dict[int, list[dict[str, Any]]] = {}
    for char in chars:
        x, y = _centre(char)
        at = (_grid_index(bands, y), _grid_index(columns, x))
        if at in owner:
            chars_of.setdefault(owner[at], []).append(char)
    lines_of = {
        number: _text_lines(plumber_utils.chars_to_textmap(own, **_TEXT_SETTINGS).extract_text_lines(), page)
        for number, own in chars_of.items()
    }
    padding = _cell_padding(cells, lines_of)
    rows = [[""] * (len(columns) - 1) for _ in range(len(bands) - 1)]
    open_ends = [[False] * (len(columns) - 1) for _ in range(len(bands) - 1)]
    for number, lines in lines_of.items():
        if not lines:  # only spaces
            continue
        x0, _, x1, _ = cells[number]
        text, open_end = _cell_text(lines, x1 - x0 - 2 * padding)
        row0, row1, col0, col1 = spans[number]
        for row in range(row0, row1):
            for col in range(col0, col1):
                rows[row][col], open_ends[row][col] = text, open_end
    kept = [at for at, row in enumerate(rows) if any(row)]
    if not kept:
        return None
    return _Table(
        rows=[rows[at] for at in kept],
        open_ends=[open_ends[at] for at in kept],
        columns=columns,
        page=page,
        top=bands[0],
        bottom=bands[-1],
    )


def _cell_padding(cells: list[tuple[float, float, float, float]], lines_of: dict[int, list[_Line]]) -> float:
    """The cell margin of a table: the smallest distance between a cell's border and its text
    (a left-aligned or a full line touches the margin; centred short lines do not)."""
    insets = [
        min(line.x0 - cells[number][0], cells[number][2] - line.x1)
        for number, lines in lines_of.items()
        for line in lines
    ]
    return max(0.0, min(insets)) if insets else 0.0


def _cell_text(lines: list[_Line], width: float) -> tuple[str, bool]:
    """The text of one cell, its wrapped lines joined and its paragraphs separated by `\\n`,
    and whether its last line reaches the right edge."""
    text = ""
    previous: _Line | None = None
    for line in lines:
        part = _CID.sub("", line.text).strip()
        if previous is None or not text:
            text = part
        elif _wraps_in_cell(previous, line, width):
            text += _glue(text, part) + part
        else:
            text += "\n" + part
        previous = line
    last = lines[-1]
    return text, width - (last.x1 - last.x0) < _WRAP_SLACK_CHARS * last.char_width


def _wraps_in_cell(previous: _Line, line: _Line, width: float) -> bool:
    """Whether `line` continues the paragraph that `previous` wrapped out of, inside a cell of
    the given inner width: the next word would not have fitted on the previous line."""
    if starts_block(line.text):
        return False
    if previous.text.rstrip().endswith(_LIST_ENDS):
        return True
    if _one_name_per_line(previous.text, line.text):
        return False
    room = width - (previous.x1 - previous.x0)
    return room < line.lead_width + _CELL_SLACK_CHARS * previous.char_width


def _one_name_per_line(first: str, second: str) -> bool:
    """Two lines that are each a whole unit name (`市市场监管局` / `市税务局`), not one name
    wrapped (`区政府办` / `公室`): a list of units a word processor could not tell from a wrap
    when the first name nearly fills the cell."""
    return (
        first.endswith(UNIT_ENDINGS)
        and second.startswith(_UNIT_STARTS)
        and not _SENTENCE_PUNCT.search(first + second)
    )


def _glue(before: str, after: str) -> str:
    """Wrapped Chinese joins without a space; two Latin words keep one."""
    return " " if _ASCII_WORD_END.search(before) and _ASCII_WORD_START.match(after) else ""


def _require_text(pages: list[list[_Item]]) -> None:
    """Refuse a PDF whose pages are mostly images (a scan, perhaps with a typed cover page) or
    whose text is only undecodable glyph ids: its tasks could not be read anyway."""
    undecodable = readable = bare_pages = 0
    for page in pages:
        text = "".join(_item_text(item) for item in page)
        undecodable += len(_CID.findall(text))
        visible = sum(1 for c in _CID.sub("", text) if not c.isspace())
        readable += visible
        bare_pages += visible < _MIN_TEXT_PER_PAGE
    if undecodable > readable:
        raise NoTextLayer("文字层无法解码(字体缺少 Unicode 映射)/ the text layer cannot be decoded")
    if 2 * bare_pages > len(pages):
        raise NoTextLayer(f"扫描件:{bare_pages}/{len(pages)} 页没有文字 / scanned pages")


def _item_text(item: _Item) -> str:
    """The characters of a line or of all cells of a table."""
    if isinstance(item, _Line):
        return item.text
    return "".join(cell for row in item.rows for cell in row)


def _furniture_key(text: str) -> str:
    """Headers repeat with a changing page number: compare them with digits masked."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Item]]) -> list[_Item]:
    """All lines and tables in reading order without page numbers and running headers/footers."""
    repeated: Counter[str] = Counter()
    for page in pages:
        keys = {_furniture_key(line.text) for line in _edges(page)}
        repeated.update(keys)
    threshold = max(3, len(pages) // 2 + 1) if len(pages) >= 3 else len(pages) + 1
    furniture = {key for key, count in repeated.items() if count >= threshold}
    kept: list[_Item] = []
    for page in pages:
        edges = {id(line) for line in _edges(page)}
        for item in page:
            if (
                isinstance(item, _Line)
                and id(item) in edges
                and (_PAGE_NUMBER.match(item.text.strip()) or _furniture_key(item.text) in furniture)
            ):
                continue
            kept.append(item)
    return kept


def _edges(page: list[_Item]) -> list[_Line]:
    """The lines where headers, footers and page numbers live (a table is never furniture)."""
    edges = list(page) if len(page) <= 2 * _EDGE_LINES else page[:_EDGE_LINES] + page[-_EDGE_LINES:]
    return [item for item in edges if isinstance(item, _Line)]


def _join_tables(items: list[_Item]) -> list[_Item]:
    """Tables continued over page breaks joined: the part at the foot of one page and the part
    at the head of the next (nothing but page furniture between them) with the same columns."""
    out: list[_Item] = []
    for item in items:
        previous = out[-1] if out else None
        if (
            isinstance(item, _Table)
            and isinstance(previous, _Table)
            and item.page == previous.page + 1
            and len(item.columns) == len(previous.columns)
            and all(abs(a - b) <= _COLUMN_SHIFT for a, b in zip(item.columns, previous.columns, strict=True))
        ):
            out[-1] = _continued(previous, item)
        else:
            out.append(item)
    return out


def _row_key(row: list[str]) -> list[str]:
    """A row as compared with the header rows, whitespace ignored."""
    return [re.sub(r"\s+", "", cell) for cell in row]


def _continued(table: _Table, more: _Table) -> _Table:
    """`table` with the rows of its continuation `more`: a header repeated on the new page
    dropped, a row broken by the page boundary joined with its first part."""
    head = table.rows[:_HEADER_ROWS]
    rows, open_ends = list(more.rows), list(more.open_ends)
    while rows and _row_key(rows[0]) in [_row_key(row) for row in head]:
        rows, open_ends = rows[1:], open_ends[1:]
    joined_rows, joined_ends = list(table.rows), list(table.open_ends)
    header_at = next((at for at, row in enumerate(head) if is_task_header(row)), None)
    number = number_column(head[header_at]) if header_at is not None else None
    if (
        rows
        and len(joined_rows) > (header_at if header_at is not None else -1) + 1
        and _broken_row(joined_rows[-1], rows[0], number)
    ):
        last, ends = joined_rows[-1], joined_ends[-1]
        joined_rows[-1] = [
            _join_cells(before, open_end, after)
            for before, open_end, after in zip(last, ends, rows[0], strict=True)
        ]
        joined_ends[-1] = [
            after_end if after else end
            for end, after, after_end in zip(ends, rows[0], open_ends[0], strict=True)
        ]
        rows, open_ends = rows[1:], open_ends[1:]
    return _Table(
        rows=joined_rows + rows,
        open_ends=joined_ends + open_ends,
        columns=table.columns,
        page=more.page,
        top=table.top,
        bottom=table.bottom,
    )


def _broken_row(last: list[str], first: list[str], number: int | None) -> bool:
    """Whether `first`, at the head of a page, is the rest of the row `last` that the page
    break cut: it has no item number (or, without a number column, no first cell) where
    `last` has one, and `last` is a data row rather than a heading merged across."""
    if len({cell for cell in last if cell}) < 2 or not any(first):
        return False
    if number is not None:
        return not first[number] and bool(last[number])
    return (
        not first[0]
        and bool(last[0])
        and all(last[at] and not last[at].endswith(_SENTENCE_ENDS) for at, cell in enumerate(first) if cell)
    )


def _join_cells(before: str, open_end: bool, after: str) -> str:
    """A cell's text before and after a page break: one paragraph if the last line before the
    break reached the edge of the cell (and the two lines are not two unit names), else two."""
    if not before or not after:
        return before or after
    last, first = before.rsplit("\n", 1)[-1], after.split("\n", 1)[0]
    if before.endswith(_LIST_ENDS) or (open_end and not _one_name_per_line(last, first)):
        return before + _glue(before, after) + after
    return before + "\n" + after


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
    if abs(line.size - previous.size) > _SIZE_CHANGE:
        return False  # a title in a larger font after the date line above it
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


def _paragraphs(items: list[_Item]) -> list[str]:
    """Join wrapped lines into paragraphs; a table gives its rendered lines and ends the
    paragraph before it."""
    lines = [item for item in items if isinstance(item, _Line)]
    blocks = _blocks(lines)
    pitch = _line_pitch(lines)
    paragraphs: list[_Paragraph] = []
    previous: _Line | None = None
    for line in items:
        if isinstance(line, _Table):  # its rendered lines are paragraphs of their own
            paragraphs.extend(_Paragraph(text=row, numbered=True) for row in render_table(line.rows))
            previous = None
            continue
        text = _CID.sub("", line.text).strip()
        if not text:
            continue
        current = paragraphs[-1] if paragraphs else None
        if (
            previous is not None
            and current is not None
            and _continues(previous, line, current, blocks, pitch)
        ):
            current.text += _glue(current.text, text) + text
            current.lines += 1
            if current.lines == 2 and line.x0 - blocks[line.page].left >= _INDENT_CHARS * line.char_width:
                current.hanging_x0 = line.x0
        else:
            paragraphs.append(_Paragraph(text=text, numbered=starts_block(text)))
        previous = line
    return [paragraph.text for paragraph in paragraphs]
