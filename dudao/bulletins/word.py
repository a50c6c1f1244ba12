"""The bulletin as a Word file, laid out like an official document (GB/T 9704 in spirit).

A4 with the standard margins, the title centred in 方正小标宋简体 二号, the issue label under it, headings
in 黑体 and the body in 仿宋_GB2312 三号 with two-character indents, tables with full borders, and
the issuing office and date at the end. Chinese fonts are set on `w:eastAsia` as well as the Latin
slots, which is what Word reads for CJK text; a computer without 方正小标宋简体 shows 宋体 in its place.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from dudao.bulletins.compose import cn_date

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LABEL_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"

SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(12)  # 小四
LINE = Pt(28)  # the fixed 28-point line of official documents
INDENT = Pt(32)  # two characters of 三号


def _font(run: Any, name: str, size: Pt, *, bold: bool = False, latin: str = LATIN_FONT) -> None:
    run.font.name = latin
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _paragraph(
    doc: Any,
    text: str,
    font: str,
    size: Pt,
    *,
    bold: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    latin: str = LATIN_FONT,
) -> Any:
    """One Word paragraph per line of `text` (an edited paragraph may hold several); returns the last."""
    paragraph = None
    for line in text.split("\n") or [""]:
        paragraph = doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = align
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE if size <= SIZE_BODY else Pt(36)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = INDENT
        _font(paragraph.add_run(line.strip()), font, size, bold=bold, latin=latin)
    return paragraph


def _borders(table: Any) -> None:
    """Single borders on every edge, written out so that any viewer draws them, styles or not."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    _font(run, HEADING_FONT if bold else BODY_FONT, SIZE_TABLE, bold=False)


def _table(doc: Any, block: dict[str, Any]) -> None:
    header: Sequence[str] = block.get("header") or []
    rows: Sequence[Sequence[str]] = block.get("rows") or []
    if block.get("caption"):
        _paragraph(doc, block["caption"], HEADING_FONT, Pt(14), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if not header:
        return
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    for column, text in enumerate(header):
        _cell(table.rows[0].cells[column], text, bold=True)
    for index, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            _cell(table.rows[index].cells[column], text)
    doc.add_paragraph()


def build_docx(
    *,
    title: str,
    label: str,
    blocks: Sequence[dict[str, Any]],
    issuer: str,
    date: datetime.date,
    draft: bool = False,
) -> bytes:
    """The Word file of a bulletin: `blocks` as stored, signed by `issuer` on `date`; drafts say so on top."""
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.language = "zh-CN"
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = SIZE_BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    if draft:
        mark = _paragraph(
            doc, _("（草稿）"), HEADING_FONT, SIZE_BODY, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False
        )
        mark.runs[0].font.color.rgb = RGBColor(0xC8, 0x1E, 0x1E)
    _paragraph(doc, label, LABEL_FONT, SIZE_BODY, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, title, TITLE_FONT, SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, bold=True)
    doc.add_paragraph()
    for block in blocks:
        kind = block.get("kind")
        if kind == "heading" and block.get("text"):
            _paragraph(doc, block["text"], HEADING_FONT, SIZE_BODY)
        elif kind == "paragraph" and block.get("text"):
            _paragraph(doc, block["text"], BODY_FONT, SIZE_BODY)
        elif kind == "table":
            _table(doc, block)
    doc.add_paragraph()
    if issuer:
        _paragraph(doc, issuer, BODY_FONT, SIZE_BODY, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, cn_date(date), BODY_FONT, SIZE_BODY, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
