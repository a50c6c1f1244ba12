"""Government web pages saved as .html: the article without the site around it.

A saved page holds navigation, breadcrumbs, share bars, related links and a footer around
the notice. We drop the obvious chrome, pick the element that holds the article (the most
CJK text outside links, containing the 责任单位 lines), and emit its block elements as lines.
The metadata block (索引号, 发文字号, …) is read from the whole page into `hints` first,
because sites often place it outside the article container.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

from dudao.ingest.errors import EmptyDocument
from dudao.ingest.model import SourceText
from dudao.ingest.readers.cleanup import finish_lines
from dudao.ingest.readers.htmlpage import article_container, remove_chrome
from dudao.ingest.readers.meta import extract_hints
from dudao.ingest.readers.tables import render_table
from dudao.ingest.readers.text import decode_text

_DROP_TAGS = (
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "button",
    "textarea",
    "input",
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "blockquote",
        "center",
        "address",
        "figure",
        "figcaption",
        "hr",
        "form",
        "fieldset",
        "pre",
        "body",
        "html",
        "br",
    ]
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
# Site furniture that sits inside article containers. Words that a notice could also use
# (技术支持, 访问量) only count in their label form, followed by a colon.
_CHROME_LINE = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|当前的位置)"
    r"|【?\s*字[体号]\s*[:\uff1a]?\s*【?\s*大"
    r"|打印本页|关闭窗口|打印此页|【\s*打印\s*】|【\s*关闭\s*】|分享到|扫一扫|返回顶部|ICP备|网站标识码|版权所有"
    r"|(?:浏览次数|访问量|阅读次数|点击数|备案号|技术支持|网站地图|联系我们)\s*[:\uff1a]"
    r"|主办单位\s*[:\uff1a].*承办单位"
)
_CHROME_LINE_MAX = 100
# huge_tree lifts libxml2's nesting limit from 256 to 2048: old pages nest unclosed <font>s.
_PARSER = lxml.html.HTMLParser(huge_tree=True)
_MAX_COLSPAN = 50
_MAX_ROWSPAN = 500
_MAX_GRID_CELLS = 100_000


def read_html(data: bytes, charset: str | None = None) -> SourceText:
    """A saved web page: article text as lines, the page's metadata block as hints.

    `charset` is an encoding declared outside the page (by a web archive's MIME header)."""
    text, encoding = decode_html(data, charset)
    root = _parse(text)
    hints = extract_hints(block_lines(root))
    remove_chrome(root)
    container = article_container(root)
    lines = [line for line in block_lines(container) if not _is_chrome_line(line)]
    try:
        body = finish_lines(lines)
    except EmptyDocument:
        raise EmptyDocument("网页中没有正文 / the page has no article text") from None
    return SourceText(text=body, format="html", encoding=encoding, hints=hints)


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """Strict UTF-8 first (it never reads GBK by accident), then the declared charset, then the
    plain-text detection. Declared gb2312/gbk are read as their superset gb18030."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    names = [charset] if charset else []
    names += [declared.group(1).decode("ascii")] if declared else []
    for name in names:
        codec = name.lower()
        if codec in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn"):
            codec = "gb18030"
        try:
            return data.decode(codec), codecs.lookup(codec).name
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_text(data)


def _parse(text: str) -> Any:
    """The page's element tree without scripts, styles, forms' controls or comments."""
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except etree.ParserError as error:
        raise EmptyDocument("网页为空 / empty page") from error
    junk = list(root.iter(etree.Comment, etree.ProcessingInstruction))
    junk += list(root.iter(*_DROP_TAGS))
    for element in junk:
        if element.getparent() is not None:
            element.drop_tree()
    return root


def _is_chrome_line(line: str) -> bool:
    """Short lines of site furniture that live inside article containers (print, share, 备案号)."""
    return len(line) < _CHROME_LINE_MAX and bool(_CHROME_LINE.search(line))


def block_lines(container: Any) -> list[str]:
    """Text of `container`, one line per block element; data tables via `render_table`."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        """End the current line: the text gathered since the last block boundary."""
        if buffer:
            lines.append(_inline_text("".join(buffer)))
            buffer.clear()

    walker = etree.iterwalk(container, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                flush()
            if tag == "table" and element.find(".//table") is None:
                lines.extend(render_table(table_grid(element)))
                walker.skip_subtree()  # its "end" event still comes, and adds the tail
                continue
            if element.text:
                buffer.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                flush()
            _tail(element, container, buffer)
    flush()
    return lines


def _tail(element: Any, container: Any, buffer: list[str]) -> None:
    """Text after an element belongs to its parent, but never to what follows the container."""
    if element is not container and element.tail:
        buffer.append(element.tail)


def _inline_text(text: str) -> str:
    """HTML whitespace rules: runs collapse to a space, and a line break between two CJK
    characters disappears (as browsers render Chinese)."""
    return _WHITESPACE.sub(" ", _BREAK_BETWEEN_CJK.sub("", text)).strip()


def _rows(table: Any) -> Iterator[Any]:
    """Rows of this table, not of tables nested in it."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if row.tag == "tr")


def _span(cell: Any, name: str, limit: int) -> int:
    """colspan/rowspan, bounded so a hostile page cannot blow the grid up."""
    try:
        return max(1, min(int(cell.get(name, "1")), limit))
    except ValueError:
        return 1


def table_grid(table: Any) -> list[list[str]]:
    """One string per grid column and row; colspan/rowspan repeat the cell's text."""
    rows = list(_rows(table))
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    cells_made = 0
    for row_index, tr in enumerate(rows):
        cells = [c for c in tr if c.tag in ("td", "th")]
        row: list[str] = []
        column = 0
        position = 0
        while position < len(cells) or any(col >= column for col in pending):
            if column in pending:
                text, left = pending.pop(column)
                if left > 1:
                    pending[column] = (text, left - 1)
                row.append(text)
                column += 1
                continue
            if position >= len(cells):
                row.append("")
                column += 1
                continue
            cell = cells[position]
            position += 1
            text = "\n".join(line for line in block_lines(cell) if line)
            rowspan = min(_span(cell, "rowspan", _MAX_ROWSPAN), len(rows) - row_index)
            for _ in range(_span(cell, "colspan", _MAX_COLSPAN)):
                if rowspan > 1:
                    pending[column] = (text, rowspan - 1)
                row.append(text)
                column += 1
        cells_made += len(row)
        grid.append(row)
        if cells_made > _MAX_GRID_CELLS:
            break
    return grid
