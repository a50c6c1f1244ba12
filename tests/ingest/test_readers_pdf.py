"""The PDF reader: wrapped lines rejoined, page furniture dropped, scans and locks recognised.

The fixtures are PDFs written byte by byte: text in the standard Adobe-GB1 font STSong-Light
(not embedded, so every glyph is one em wide), which pdfminer maps back to Unicode.
"""

from __future__ import annotations

from itertools import cycle, islice
from pathlib import Path

import pytest

from dudao.ingest.errors import CorruptDocument, EncryptedDocument, NoTextLayer, TooLarge
from dudao.ingest.readers import pdf as pdf_reader
from dudao.ingest.readers import read_bytes

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
    pages: list[list[tuple[float, float, str]]], trailer_extra: bytes = b"", font: tuple[str, str] = STSONG
) -> bytes:
    """A PDF whose pages hold the given (x, y, text) strings in STSong-Light (or an unmapped font)."""
    font_dict = (
        f"<< /Type /Font /Subtype /Type0 /BaseFont {font[0]} /DescendantFonts [<< /Type /Font "
        f"/Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering ({font[1]}) /Supplement 2 >> /DW 1000 /FontDescriptor << /Type /FontDescriptor "
        "/FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 "
        "/Descent -120 /CapHeight 880 /StemV 80 >> >>] >>"
    )
    objects = [font_dict.encode()]
    contents = []
    for strings in pages:
        ops = [
            f"BT /F1 {SIZE} Tf {x:.2f} {y:.2f} Td <{text.encode('utf-16-be').hex()}> Tj ET"
            for x, y, text in strings
        ]
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


def layout(pages: list[list[Line]], header: str | None = None, numbers: bool = False) -> bytes:
    """Place lines like a word processor: left-aligned block, fixed pitch, optional furniture."""
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
    return build_pdf(built)


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
