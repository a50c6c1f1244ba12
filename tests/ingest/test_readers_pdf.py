"""The PDF reader: wrapped lines rejoined, page furniture dropped, ruled tables read cell by cell,
scans and locks recognised.

Most fixtures are PDFs written byte by byte: text in the standard Adobe-GB1 font STSong-Light
(not embedded, so every glyph is one em wide), which pdfminer maps back to Unicode, and ruling
lines drawn as path operators. `fixtures/pdf-ruled-tables.pdf` is a word processor's output
instead (LibreOffice printing a python-docx table; `fixtures/make_pdf_table.py` makes it).
"""

from __future__ import annotations

from itertools import cycle, islice
from pathlib import Path

import pytest

from dudao.ingest.errors import CorruptDocument, EncryptedDocument, NoTextLayer, TooLarge
from dudao.ingest.readers import pdf as pdf_reader
from dudao.ingest.readers import read_bytes

RULED_TABLES_PDF = Path(__file__).parent / "fixtures" / "pdf-ruled-tables.pdf"
SAMPLE_PDF = Path("/work/shared/corpus/formats/zhumadian-2018-pdf.pdf")
SAMPLE_TXT = Path("/work/shared/corpus/zhumadian-2018.txt")

SIZE = 15  # points; one CJK glyph is SIZE wide
LEFT = 72
WIDTH = 30  # characters per full line
PITCH = 22
TOP = 780

Line = tuple[str, int, int]  # text, indent in characters, extra gap above in points


STSONG = ("/STSong-Light /Encoding /UniGB-UCS2-H", "GB1")
UNMAPPED = ("/CustomSong /Encoding /Identity-H", "Identity")  # glyph ids without Unicode


def build_pdf(
    pages: list[list[tuple[float, float, str]]],
    trailer_extra: bytes = b"",
    font: tuple[str, str] = STSONG,
    drawings: list[list[str]] | None = None,
) -> bytes:
    """A PDF whose pages hold the given (x, y, text) strings in STSong-Light (or an unmapped font),
    and on each page the path operators in `drawings` (ruling lines)."""
    font_dict = (
        f"<< /Type /Font /Subtype /Type0 /BaseFont {font[0]} /DescendantFonts [<< /Type /Font "
        f"/Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering ({font[1]}) /Supplement 2 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor "
        "/FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 "
        "/Descent -120 /CapHeight 880 /StemV 80 >> >>] >>"
    )
    objects = [font_dict.encode()]
    contents = []
    for index, strings in enumerate(pages):
        ops = [
            f"BT /F1 {SIZE} Tf {x:.2f} {y:.2f} Td <{text.encode('utf-16-be').hex()}> Tj ET"
            for x, y, text in strings
        ]
        ops += drawings[index] if drawings else []
        stream = "\n".join(ops).encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        contents.append(len(objects))
    pages_number = len(objects) + len(pages) + 1
    page_numbers = []
    for content in contents:
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 1 0 R >> >> >>" % (pages_number, content)
        )
        page_numbers.append(len(objects))
    kids = b" ".join(b"%d 0 R" % number for number in page_numbers)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_numbers)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_number)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, len(objects), trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def layout(
    pages: list[list[Line]],
    header: str | None = None,
    numbers: bool = False,
    drawings: list[list[str]] | None = None,
) -> bytes:
    """Place lines like a word processor: left-aligned block, fixed pitch, optional furniture
    and ruling lines."""
    built = []
    for index, lines in enumerate(pages, 1):
        strings: list[tuple[float, float, str]] = []
        y = TOP
        if header:
            strings.append((LEFT + 8 * SIZE, TOP + 30, header))
        for text, indent, gap in lines:
            y -= gap
            strings.append((LEFT + indent * SIZE, y, text))
            y -= PITCH
        if numbers:
            strings.append((LEFT + 13 * SIZE, 60, f"- {index} -"))
        built.append(strings)
    return build_pdf(built, drawings=drawings)


def full(start: str, end: str = "") -> str:
    """A line of exactly WIDTH characters: `start`, filler, `end`."""
    filler = "".join(islice(cycle("依法行政规范管理"), WIDTH - len(start) - len(end)))
    return start + filler + end


def plain(text: str) -> Line:
    """A line at the left margin, at the normal pitch."""
    return (text, 0, 0)


def test_wrapped_lines_are_joined_into_paragraphs() -> None:
    first = full("（一）加强组织领导。")
    units = full("责任单位：县委办公室、县政府办公室、")
    document = layout(
        [
            [
                plain("一、总体要求"),
                plain(first),
                plain("主要负责人要切实履行第一责任人职责。"),
                plain(units),
                plain("县审计局。"),
            ]
        ]
    )

    assert read_bytes(document).text.splitlines() == [
        "一、总体要求",
        first + "主要负责人要切实履行第一责任人职责。",
        units + "县审计局。",
    ]


def test_numbered_items_and_labels_start_new_paragraphs_even_after_a_full_line() -> None:
    lines = [full("（二）完善考核评价。"), "（三）强化督促检查。", full("每季度通报"), "责任单位：县司法局"]

    document = layout([[plain(line) for line in lines]])

    assert read_bytes(document).text.splitlines() == lines


def test_a_line_pushed_short_by_line_breaking_rules_still_continues() -> None:
    short = full("发挥好法律顾问的", "作")[:-2] + "作"  # two characters short of the edge
    document = layout([[plain(full("（四）")), plain(short), plain("用。"), plain("（五）下一项。")]])

    assert read_bytes(document).text.splitlines()[0] == full("（四）") + short + "用。"


def test_first_line_indent_and_paragraph_gap_start_new_paragraphs() -> None:
    indented = full("为推进依法行政，")[: WIDTH - 2]  # reaches the edge after a two-character indent
    document = layout(
        [
            [
                (indented, 2, 0),
                plain(full("现提出如下意见")),
                ("各单位要认真贯彻落实。", 2, 0),
                plain(full("附件一")),
                ("附件二", 0, 20),
            ]
        ]
    )

    assert read_bytes(document).text.splitlines() == [
        indented + full("现提出如下意见"),
        "各单位要认真贯彻落实。",
        full("附件一"),
        "附件二",
    ]


def test_hanging_indent_of_a_numbered_list_continues_the_item() -> None:
    item = "1." + full("", "")[: WIDTH - 2]
    continuation = full("")[: WIDTH - 2]
    document = layout(
        [[plain(item), (continuation, 2, 0), ("全年不少于两期。", 2, 0), plain("2.开展案卷评查。")]]
    )

    assert read_bytes(document).text.splitlines() == [
        item + continuation + "全年不少于两期。",
        "2.开展案卷评查。",
    ]


def test_page_numbers_and_running_headers_go_and_paragraphs_cross_pages() -> None:
    pages = [
        [plain("一、总体要求"), plain(full("（一）第一页末行"))],
        [plain("接续上一页的文字。"), plain(full("（二）第二页"))],
        [plain("第三页的续行。"), plain("责任单位：县司法局")],
    ]

    text = read_bytes(layout(pages, header="青禾县人民政府办公室文件", numbers=True)).text

    assert text.splitlines() == [
        "一、总体要求",
        full("（一）第一页末行") + "接续上一页的文字。",
        full("（二）第二页") + "第三页的续行。",
        "责任单位：县司法局",
    ]


CELL_PAD = 4  # points between a cell's rule and its text
CELL_PITCH = 20
TABLE_COLUMNS = (2, 12, 5, 5, 6)  # characters per column: 序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限
TABLE_HEADER = [["序号"], ["工作任务"], ["牵头单位"], ["责任单位"], ["完成时限"]]

Cell = list[str]  # the printed lines of one cell


def ruled_table(rows: list[list[Cell]], top: float) -> tuple[list[tuple[float, float, str]], list[str]]:
    """Strings and ruling lines of a table whose top rule is at `top` (PDF coordinates, y up):
    every cell its printed lines, left-aligned, every column TABLE_COLUMNS characters wide."""
    xs = [float(LEFT)]
    for chars in TABLE_COLUMNS:
        xs.append(xs[-1] + chars * SIZE + 2 * CELL_PAD)
    strings: list[tuple[float, float, str]] = []
    ys = [top]
    for row in rows:
        for x, cell in zip(xs, row, strict=False):
            for number, text in enumerate(cell):
                strings.append((x + CELL_PAD, ys[-1] - CELL_PAD - 14 - number * CELL_PITCH, text))
        ys.append(ys[-1] - max(len(cell) for cell in row) * CELL_PITCH - 2 * CELL_PAD)
    rules = [f"{xs[0]} {y:.2f} m {xs[-1]} {y:.2f} l S" for y in ys]
    rules += [f"{x} {ys[0]:.2f} m {x} {ys[-1]:.2f} l S" for x in xs]
    return strings, rules


def test_a_ruled_task_table_over_two_pages_becomes_numbered_items() -> None:
    first_page, first_rules = ruled_table(
        [
            TABLE_HEADER,
            [
                ["1"],
                ["加强组织领导。健全工作机", "制，压实工作责任。"],
                ["县委办公室"],
                ["县司法局"],
                ["2024年6", "月底前"],
            ],
            [
                ["2"],
                ["完善考核评价。将依法行政", "纳入年度综合绩效考核，"],
                ["县司法局"],
                ["县财政局"],
                ["2024年", "12月底前"],
            ],
        ],
        top=700,
    )
    second_page, second_rules = ruled_table(  # no repeated header; row 2 goes on
        [
            [[], ["每季度通报一次。"], [], ["县审计局"], []],
            [["3"], ["强化督促检查。"], ["县政府办公", "室"], ["各乡镇人民", "政府"], ["长期坚持"]],
        ],
        top=TOP,
    )
    pages = [
        [(LEFT, 730, "一、重点任务"), *first_page, (LEFT + 13 * SIZE, 60, "- 1 -")],
        [*second_page, (LEFT, 600, "各单位要按时报送进展情况。"), (LEFT + 13 * SIZE, 60, "- 2 -")],
    ]

    text = read_bytes(build_pdf(pages, drawings=[first_rules, second_rules])).text

    assert text.splitlines() == [
        "一、重点任务",
        "1.加强组织领导。健全工作机制，压实工作责任。",
        "牵头单位:县委办公室",
        "责任单位:县司法局",
        "完成时限:2024年6月底前",
        "2.完善考核评价。将依法行政纳入年度综合绩效考核，每季度通报一次。",
        "牵头单位:县司法局",
        "责任单位:县财政局、县审计局",
        "完成时限:2024年12月底前",
        "3.强化督促检查。",
        "牵头单位:县政府办公室",
        "责任单位:各乡镇人民政府",
        "完成时限:长期坚持",
        "各单位要按时报送进展情况。",
    ]


def test_a_word_processor_table_with_repeated_header_and_merged_cells() -> None:
    lines = read_bytes(RULED_TABLES_PDF.read_bytes()).text.splitlines()

    first = lines.index("一、优化营商环境")
    assert lines[first - 1] == "各地各部门要提高思想认识，加强组织领导，确保各项任务落到实处。"
    assert lines[first + 1 : first + 10] == [
        "1.深化商事制度改革。全面推行企业开办全程网上办理，压缩企业开办时间至一个工作日以内，"
        "推进证照分离改革全覆盖。",
        "牵头单位:市政务服务中心",
        "责任单位:市市场监管局、市税务局",  # one centred name per paragraph, the first nearly full
        "完成时限:2023年6月底前",
        "2.提升政务服务效能。推进政务服务事项标准化、规范化、便利化，实现高频事项跨省通办，"
        "完善好差评制度，建立差评整改回访机制，推动线上线下服务融合发展，打造一刻钟便民服务圈，"
        "全面推行告知承诺制和容缺受理，持续开展减证便民行动。",  # cut by the page break
        "牵头单位:市政务服务中心",  # merged down from row 1
        "责任单位:市大数据局、市司法局",
        "完成时限:长期坚持",
        "以上任务由市优化营商环境办公室统筹调度。",
    ]
    assert "序号" not in "".join(lines)  # the header repeated on page 2 is gone too
    second = lines.index(
        "1.加强财政资金监管。开展财政资金使用情况专项检查，健全预算绩效管理制度，强化绩效评价结果运用。"
    )
    assert lines[second + 4 :] == [
        "2.规范政府投资项目管理。严格执行政府投资项目审批程序，加强项目建设全过程监管。",
        "牵头单位:市发展改革委",
        "责任单位:市住房城乡建设局、市交通运输局、市水利局、市自然资源和规划局、市生态环境局",  # cut
        "完成时限:2023年12月底前",
        "请各单位于每季度末报送工作进展情况。",
    ]


def test_a_frame_around_the_text_is_not_a_table() -> None:
    lines = [
        plain(full("（一）加强组织领导。")),
        plain("主要负责人要切实履行第一责任人职责。"),
        plain("二、工作措施"),
    ]
    frame = ["60 100 475 700 re S", f"60 {TOP - 30} m 535 {TOP - 30} l S"]  # a box with a rule across

    assert read_bytes(layout([lines], drawings=[frame])).text.splitlines() == [
        full("（一）加强组织领导。") + "主要负责人要切实履行第一责任人职责。",
        "二、工作措施",
    ]


def test_too_many_ruling_lines_are_read_as_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "_MAX_PAGE_CROSSINGS", 10)
    strings, rules = ruled_table([TABLE_HEADER, [["1"], ["健全工作机制。"], ["县委办公室"], [], []]], top=TOP)

    text = read_bytes(build_pdf([strings], drawings=[rules])).text

    assert "牵头单位:" not in text
    assert "健全工作机制。" in text


@pytest.mark.parametrize("line", ["- 3 -", "— 3 —", "第3页", "第 3 页 共 12 页", "3/12", "3", "Page 3 of 12"])
def test_page_number_shapes(line: str) -> None:
    assert pdf_reader._PAGE_NUMBER.match(line)


def test_a_pdf_without_text_is_a_scan() -> None:
    with pytest.raises(NoTextLayer, match="扫描件"):
        read_bytes(build_pdf([[], []]))


def test_a_pdf_with_a_few_stray_characters_is_still_a_scan() -> None:
    with pytest.raises(NoTextLayer):
        read_bytes(build_pdf([[(300, 60, "1")], [(300, 60, "2")]]))


def test_mostly_scanned_pages_behind_a_typed_cover_are_a_scan() -> None:
    cover: list[tuple[float, float, str]] = [(72, 700, "青禾县人民政府办公室关于印发工作要点的通知")]

    with pytest.raises(NoTextLayer, match="2/3"):
        read_bytes(build_pdf([cover, [], [(300, 60, "2")]]))


def test_text_without_a_unicode_mapping_is_refused() -> None:
    document = build_pdf([[(72, 700, "一、总体要求"), (72, 670, "（一）加强组织领导。")]], font=UNMAPPED)

    with pytest.raises(NoTextLayer, match="无法解码"):
        read_bytes(document)


def test_a_password_protected_pdf_is_encrypted() -> None:
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >> "
        b"/ID [<00112233445566778899AABBCCDDEEFF><00112233445566778899AABBCCDDEEFF>] "
    )

    with pytest.raises(EncryptedDocument):
        read_bytes(build_pdf([[(72, 700, "一、总体要求")]], trailer_extra=encrypt))


@pytest.mark.parametrize("cut", [0.2, 0.5, 0.9])
def test_broken_pdfs_are_corrupt(cut: float) -> None:
    document = layout([[plain("一、总体要求")]])

    with pytest.raises((CorruptDocument, NoTextLayer)):
        read_bytes(document[: int(len(document) * cut)])


def test_garbage_after_the_magic_is_corrupt() -> None:
    with pytest.raises(CorruptDocument):
        read_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)


def test_page_count_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)

    with pytest.raises(TooLarge):
        read_bytes(layout([[plain("一")], [plain("二")], [plain("三")]]))


@pytest.mark.skipif(not SAMPLE_PDF.exists() or not SAMPLE_TXT.exists(), reason="shared corpus not present")
def test_sample_pdf_items_each_on_one_line() -> None:
    source = read_bytes(SAMPLE_PDF.read_bytes())
    lines = source.text.splitlines()
    items = [line for line in lines if line.startswith("(") and ")" in line[:6] and "。" in line]

    assert source.format == "pdf"
    assert len(items) == 38
    assert sum(1 for line in lines if line.startswith("责任单位")) == 38
    assert source.text == SAMPLE_TXT.read_text(encoding="utf-8").strip()
