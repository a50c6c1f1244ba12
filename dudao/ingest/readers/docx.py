"""Word (.docx) notices: body paragraphs and tables in document order.

python-docx gives us the parsed parts; the text of each paragraph is collected from the XML
ourselves because `Paragraph.text` drops runs inside tracked insertions and content
controls, and automatic list numbers (rendered by `numbering.Numbering`) are not text at
all in Word's model. Headers, footers, footnotes, comments and text boxes are left out:
they hold page furniture, not the plan.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from dudao.ingest.errors import CorruptDocument, EmptyDocument, UnsupportedFormat
from dudao.ingest.model import SourceText
from dudao.ingest.readers.cleanup import finish_lines
from dudao.ingest.readers.numbering import Numbering
from dudao.ingest.readers.tables import render_table
from dudao.ingest.readers.zipguard import check_zip

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_CONTAINERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:smartTag")})
# Subtrees whose text is not part of the visible paragraph (or would be read twice).
_SKIP = frozenset(
    {
        qn("w:pPr"),
        qn("w:rPr"),
        qn("w:del"),
        qn("w:moveFrom"),
        qn("w:sdtPr"),
        qn("w:txbxContent"),
        qn("w:footnoteReference"),
        qn("w:endnoteReference"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)
_T, _TAB, _BR, _CR, _HYPHEN, _R = (qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "w:r"))
_MAX_TABLE_DEPTH = 8
_MAX_GRID_SPAN = 64


def read_docx(data: bytes) -> SourceText:
    """A Word document reduced to its body text; tables rendered by `render_table`."""
    check_zip(data)
    document = _open(data)
    numbering = Numbering.from_document(document)
    lines: list[str] = []
    for block in _blocks(document.element.body):
        if block.tag == _P:
            lines.extend(_paragraph_lines(block, numbering))
        else:
            lines.extend(render_table(_table_rows(block, numbering, 0)))
    try:
        text = finish_lines(lines)
    except EmptyDocument:
        raise EmptyDocument("Word 文档正文没有文字 / the document body has no text") from None
    return SourceText(text=text, format="docx")


def _open(data: bytes) -> Any:
    """python-docx's Document, with its failure modes turned into CorruptDocument."""
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as error:
        if "content type" in str(error):  # .docm, .dotx: python-docx refuses all but .docx
            raise UnsupportedFormat(
                "启用宏的文档或模板,请另存为 .docx / a macro document or template"
            ) from error
        raise CorruptDocument(f"docx: ValueError: {str(error)[:200]}") from error
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise CorruptDocument(f"docx: {type(error).__name__}: {str(error)[:200]}") from error


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables under `parent` in order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _blocks(child)


def _paragraph_lines(paragraph: Any, numbering: Numbering) -> list[str]:
    """A paragraph's text with its automatic number; soft line breaks start new lines."""
    text = numbering.prefix(paragraph) + paragraph_text(paragraph)
    return text.split("\n")


def paragraph_text(paragraph: Any) -> str:
    """The visible text of a `w:p`: runs, tabs and breaks, without deleted or hidden runs."""
    parts: list[str] = []
    walker = etree.iterwalk(paragraph, events=("start",))
    for _event, element in walker:
        tag = element.tag
        if tag in _SKIP or (tag == _R and _hidden(element)):
            walker.skip_subtree()
        elif tag == _T:
            parts.append(element.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _BR:
            if element.get(qn("w:type")) in (None, "textWrapping"):
                parts.append("\n")
        elif tag == _CR:
            parts.append("\n")
        elif tag == _HYPHEN:
            parts.append("-")
    return "".join(parts)


def _hidden(run: Any) -> bool:
    """A run formatted as hidden text (`w:vanish`) is not printed."""
    vanish = run.find(f"{qn('w:rPr')}/{qn('w:vanish')}")
    return vanish is not None and vanish.get(qn("w:val"), "true") not in ("0", "false", "off")


def _table_rows(table: Any, numbering: Numbering, depth: int) -> list[list[str]]:
    """One string per grid column and row; merged cells repeat their text, like python-docx."""
    rows: list[list[str]] = []
    above: list[str] = []
    for tr in _children(table, _TR):
        row: list[str] = [""] * _grid_int(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)
        for tc in _children(tr, _TC):
            tc_pr = tc.find(qn("w:tcPr"))
            span = _grid_int(tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None, 1)
            vmerge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            if vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue":
                column = len(row)
                text = above[column] if column < len(above) else ""
            else:
                text = _cell_text(tc, numbering, depth)
            row.extend([text] * max(1, min(span, _MAX_GRID_SPAN)))
        rows.append(row)
        above = row
    return rows


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with `tag`, also those wrapped in content controls or custom XML."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _grid_int(element: Any, default: int) -> int:
    """An integer `w:val` (gridSpan, gridBefore), tolerant of junk."""
    if element is None:
        return default
    try:
        return max(0, min(int(element.get(qn("w:val"), default)), _MAX_GRID_SPAN))
    except ValueError:
        return default


def _cell_text(cell: Any, numbering: Numbering, depth: int) -> str:
    """A cell's paragraphs separated by newlines; a nested table is rendered in place."""
    lines: list[str] = []
    for block in _blocks(cell):
        if block.tag == _P:
            lines.extend(_paragraph_lines(block, numbering))
        elif depth < _MAX_TABLE_DEPTH:
            lines.extend(render_table(_table_rows(block, numbering, depth + 1)))
        else:
            lines.append("".join(block.itertext()))
    return "\n".join(line for line in lines if line.strip())
