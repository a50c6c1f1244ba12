"""The .docx reader: body order, automatic numbering, tables, and hostile archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from dudao.ingest.errors import CorruptDocument, EmptyDocument, EncryptedDocument, UnsupportedFormat, ZipBomb
from dudao.ingest.readers import read_bytes, zipguard
from dudao.ingest.readers.numbering import chinese_counting, format_number

SAMPLE_DOCX = Path("/work/shared/corpus/formats/zhumadian-2018-docx.docx")
SAMPLE_TXT = Path("/work/shared/corpus/zhumadian-2018.txt")

# A three-level list as Chinese offices set it up: 一、 / （一） / 1.
ABSTRACT_LIST = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>
    <w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>
    <w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3.%4"/>
    <w:suff w:val="space"/></w:lvl>
</w:abstractNum>
"""
BULLET_LIST = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
</w:abstractNum>
"""


def _docx_bytes(document: Any) -> bytes:
    """What python-docx would write to disk."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_lists(document: Any) -> None:
    """numId 90 and 92 use the 一、 list (92 restarts at 五); numId 91 is a bullet list."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for xml in (ABSTRACT_LIST, BULLET_LIST):
        abstract = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        )
    )


def _number(paragraph: Any, num_id: int, level: int) -> Any:
    """Give a python-docx paragraph direct numbering, as Word does for a list paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def test_automatic_numbering_is_rendered_into_the_text() -> None:
    document = docx.Document()
    _add_lists(document)
    _number(document.add_paragraph("依法全面履行政府职能"), 90, 0)
    _number(document.add_paragraph("深化审批制度改革。推进网上办理。"), 90, 1)
    document.add_paragraph("责任单位:县政务服务中心")
    _number(document.add_paragraph("规范行政权力运行。"), 90, 1)
    _number(document.add_paragraph("梳理权力清单"), 90, 2)
    _number(document.add_paragraph("公布责任清单"), 90, 2)
    _number(document.add_paragraph("细项"), 90, 3)
    _number(document.add_paragraph("健全依法决策机制"), 90, 0)
    _number(document.add_paragraph("落实法律顾问制度。"), 90, 1)
    _number(document.add_paragraph("梳理权力清单"), 90, 2)

    lines = read_bytes(_docx_bytes(document)).text.splitlines()

    assert lines == [
        "一、依法全面履行政府职能",
        "（一）深化审批制度改革。推进网上办理。",
        "责任单位:县政务服务中心",
        "（二）规范行政权力运行。",
        "1.梳理权力清单",
        "2.公布责任清单",
        "一.2.1 细项",
        "二、健全依法决策机制",
        "（一）落实法律顾问制度。",
        "1.梳理权力清单",
    ]


def test_start_override_bullets_and_numbering_removed_by_num_id_zero() -> None:
    document = docx.Document()
    _add_lists(document)
    _number(document.add_paragraph("第五部分"), 92, 0)
    _number(document.add_paragraph("第六部分"), 92, 0)
    _number(document.add_paragraph("要点"), 91, 0)
    _number(document.add_paragraph("不编号"), 0, 0)

    assert read_bytes(_docx_bytes(document)).text.splitlines() == [
        "五、第五部分",
        "六、第六部分",
        "要点",
        "不编号",
    ]


def test_numbering_given_by_the_paragraph_style() -> None:
    document = docx.Document()
    _add_lists(document)
    style = document.styles.add_style("TaskHeading", 1)  # WD_STYLE_TYPE.PARAGRAPH
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
    )
    document.add_paragraph("总体要求", style="TaskHeading")
    document.add_paragraph("正文段落")
    document.add_paragraph("主要任务", style="TaskHeading")

    assert read_bytes(_docx_bytes(document)).text.splitlines() == ["一、总体要求", "正文段落", "二、主要任务"]


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (38, "三十八"), (99, "九十九")],
)
def test_chinese_counting(number: int, expected: str) -> None:
    assert chinese_counting(number) == expected


def test_chinese_counting_beyond_ninety_nine_follows_word() -> None:
    assert [chinese_counting(n) for n in (100, 101, 110, 1001)] == [
        "一百",
        "一百零一",
        "一百一十",
        "一千零一",
    ]


@pytest.mark.parametrize(
    ("fmt", "number", "expected"),
    [
        ("decimal", 7, "7"),
        ("chineseCountingThousand", 12, "十二"),
        ("japaneseCounting", 3, "三"),
        ("ideographTraditional", 3, "丙"),
        ("decimalEnclosedCircle", 3, "③"),
        ("decimalEnclosedCircleChinese", 20, "⑳"),
        ("chineseLegalSimplified", 12, "拾贰"),
        ("upperRoman", 14, "XIV"),
        ("lowerLetter", 28, "bb"),
        ("decimalZero", 5, "05"),
        ("ideographTraditional", 11, "11"),  # beyond 癸: Word falls back to digits
    ],
)
def test_number_formats(fmt: str, number: int, expected: str) -> None:
    assert format_number(number, fmt) == expected


def test_body_paragraphs_and_tables_keep_document_order() -> None:
    document = docx.Document()
    document.add_paragraph("　　二、重点任务分工  ")
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "责任单位", "完成时限"], strict=True):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ["1", "开展规范性文件清理。", "县司法局\n县财政局", "2024年6月底前"], strict=True
    ):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["2", "组织学法活动。", "县委组织部", "每季度"], strict=True):
        cell.text = text
    document.add_paragraph("三、保障措施")

    lines = read_bytes(_docx_bytes(document)).text.splitlines()

    assert lines == [
        "二、重点任务分工",
        "1.开展规范性文件清理。",
        "责任单位:县司法局、县财政局",
        "完成时限:2024年6月底前",
        "2.组织学法活动。",
        "责任单位:县委组织部",
        "完成时限:每季度",
        "三、保障措施",
    ]


def test_merged_cells_in_a_task_table() -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点任务", "牵头单位"], strict=True):
        cell.text = text
    heading = table.cell(1, 0).merge(table.cell(1, 2))
    heading.text = "一、优化政务服务"
    table.cell(2, 0).text = "1"
    table.cell(2, 1).text = "推进一网通办。"
    table.cell(3, 0).text = "2"
    table.cell(3, 1).text = "压缩办理时限。"
    units = table.cell(2, 2).merge(table.cell(3, 2))
    units.text = "县政务服务中心"

    lines = read_bytes(_docx_bytes(document)).text.splitlines()

    assert lines == [
        "一、优化政务服务",
        "1.推进一网通办。",
        "牵头单位:县政务服务中心",
        "2.压缩办理时限。",
        "牵头单位:县政务服务中心",
    ]


def test_a_one_cell_table_is_read_as_paragraphs() -> None:
    document = docx.Document()
    document.add_paragraph("通知正文")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "附件:工作要点\n一、总体要求"

    assert read_bytes(_docx_bytes(document)).text.splitlines() == [
        "通知正文",
        "附件:工作要点",
        "一、总体要求",
    ]


def test_tracked_changes_hidden_text_and_line_breaks() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("责任单位:县司法局")
    paragraph._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>、县财政局</w:t></w:r></w:ins>')
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a">'
            "<w:r><w:delText>、县审计局</w:delText></w:r></w:del>"
        )
    )
    hidden = paragraph.add_run("(隐藏批注)")
    hidden.font.hidden = True
    run = paragraph.add_run()
    run.add_break()
    run.add_text("完成时限:年底前")

    assert read_bytes(_docx_bytes(document)).text.splitlines() == [
        "责任单位:县司法局、县财政局",
        "完成时限:年底前",
    ]


def test_an_empty_document_is_refused() -> None:
    document = docx.Document()
    document.add_paragraph("   ")

    with pytest.raises(EmptyDocument):
        read_bytes(_docx_bytes(document))


def _zip(members: dict[str, bytes]) -> bytes:
    """A deflated zip archive, for hand-made (and hostile) documents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_member_is_refused_before_parsing() -> None:
    bomb = _zip({"word/document.xml": b"<w:document/>", "word/media/image1.bin": bytes(11 * 1024 * 1024)})

    with pytest.raises(ZipBomb):
        read_bytes(bomb)


def test_too_many_members_is_a_zip_bomb() -> None:
    members = {"word/document.xml": b"<w:document/>"} | {f"word/m{i}.xml": b"" for i in range(5_001)}

    with pytest.raises(ZipBomb):
        read_bytes(_zip(members))


def test_total_uncompressed_size_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipguard, "MAX_TOTAL_UNCOMPRESSED", 1024)
    archive = _zip({"word/document.xml": b"<w:document/>", "word/a.bin": bytes(range(256)) * 8})

    with pytest.raises(ZipBomb):
        read_bytes(archive)


def test_broken_archives_are_corrupt_documents() -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    data = _docx_bytes(document)

    with pytest.raises(CorruptDocument):
        read_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptDocument):
        read_bytes(_zip({"word/document.xml": b"<w:document><w:body>"}))


def test_macro_documents_are_unsupported() -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    with zipfile.ZipFile(io.BytesIO(_docx_bytes(document))) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )

    with pytest.raises(UnsupportedFormat, match="docx"):
        read_bytes(_zip(members))


def test_a_zip_without_a_word_document_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat):
        read_bytes(_zip({"readme.txt": "说明".encode()}))


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def test_encrypted_office_file_is_recognised() -> None:
    data = OLE_HEADER + "EncryptedPackage".encode("utf-16-le") + bytes(64)

    with pytest.raises(EncryptedDocument):
        read_bytes(data, filename="通知.docx")


def test_legacy_doc_asks_for_docx() -> None:
    data = OLE_HEADER + "WordDocument".encode("utf-16-le") + bytes(64)

    with pytest.raises(UnsupportedFormat, match=r"\.doc"):
        read_bytes(data, filename="通知.docx")


@pytest.mark.skipif(not SAMPLE_DOCX.exists() or not SAMPLE_TXT.exists(), reason="shared corpus not present")
def test_sample_docx_reads_like_the_sample_text() -> None:
    source = read_bytes(SAMPLE_DOCX.read_bytes())
    lines = source.text.splitlines()

    assert source.format == "docx"
    assert source.text == SAMPLE_TXT.read_text(encoding="utf-8").strip()
    assert sum(1 for line in lines if line[:2] in {f"{c}、" for c in "一二三四五六七八九十"}) == 10
    assert sum(1 for line in lines if line.startswith("(") and ")" in line[:6]) == 38
    assert sum(1 for line in lines if line.startswith("责任单位")) == 38
