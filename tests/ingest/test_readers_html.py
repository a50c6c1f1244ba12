"""The HTML reader: article text without site chrome, and the metadata block as hints."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from dudao.ingest.errors import EmptyDocument
from dudao.ingest.readers import read_bytes, read_file
from dudao.ingest.readers.html import table_grid
from dudao.ingest.readers.meta import extract_hints

FIXTURE = Path(__file__).parent / "fixtures" / "qinghe-2024-page.html"
SAMPLE_HTML = Path("/work/shared/corpus/formats/zhumadian-2018-html.html")
SAMPLE_TXT = Path("/work/shared/corpus/zhumadian-2018.txt")

EXPECTED_LINES = [
    "青禾县人民政府办公室关于印发青禾县2024年法治政府建设工作要点的通知",
    "青政办〔2024〕7号",
    "各乡镇人民政府，县政府各部门：",
    "《青禾县2024年法治政府建设工作要点》已经县政府同意，现印发给你们，请结合实际认真贯彻落实。",
    "青禾县人民政府办公室",
    "2024年3月18日",
    "青禾县2024年法治政府建设工作要点",
    "为深入推进依法行政，全面提升政府治理能力，现提出今年法治政府建设工作要点如下：",
    "一、持续优化法治化营商环境",
    "（一）规范涉企行政检查。推行“综合查一次”，同一部门对同一企业的检查原则上每年不超过一次，"
    "6月底前公布涉企检查事项清单。",
    "责任单位：县司法局、县市场监管局，各乡镇人民政府按职责分工负责。",
    "（二）清理妨碍公平竞争的政策措施。9月底前完成存量政策措施集中清理。",
    "责任单位：县市场监管局、县发展改革委。",
    "二、推进行政执法规范化",
    "县政府确定的重点任务分工如下：",
    "（一）执法队伍建设",
    "1.组织执法人员轮训。全年轮训不少于两期。",
    "牵头单位:县司法局",
    "配合单位:县人社局、县财政局",
    "完成时限:2024年12月底前",
    "2.开展执法案卷评查。",
    "牵头单位:县司法局",
    "配合单位:各执法部门",
    "完成时限:每季度",
    "3.落实行政执法“三项制度”。",
    "牵头单位:县司法局",
    "配合单位:县政务服务中心",
    "完成时限:长期坚持",
    "县政府办公室将对落实情况开展督查。",
]
CHROME = [
    "首页",
    "站内搜索",
    "无障碍",
    "最新文件",
    "当前的位置",
    "字体",
    "打印本页",
    "分享到",
    "相关链接",
    "备案号",
]


def test_article_text_from_a_government_page() -> None:
    source = read_file(FIXTURE)

    assert source.format == "html"
    assert source.encoding == "utf-8"
    assert source.text.splitlines() == EXPECTED_LINES
    assert not [word for word in CHROME if word in source.text]


def test_metadata_block_becomes_hints() -> None:
    hints = read_file(FIXTURE).hints

    assert hints == {
        "index_number": "11410000-0731-2024-00012",
        "doc_number": "青政办〔2024〕7号",
        "issuer": "青禾县人民政府办公室",
        "date": "2024-03-18",
        "published": "2024-03-21",
        "subject": "综合政务\\政务公开",
        "title": "青禾县人民政府办公室关于印发青禾县2024年法治政府建设工作要点的通知",
    }


def test_gbk_page_declared_as_gb2312() -> None:
    page = FIXTURE.read_text(encoding="utf-8").replace("charset=utf-8", "charset=gb2312")

    source = read_bytes(page.encode("gb18030"))

    assert source.encoding == "gb18030"
    assert source.text.splitlines() == EXPECTED_LINES


def test_the_title_element_is_not_the_plan_title() -> None:
    page = "<html><head><title>某某网站-首页</title></head><body><p>一、总体要求</p></body></html>"

    source = read_bytes(page.encode())

    assert source.text == "一、总体要求"
    assert "title" not in source.hints


@pytest.mark.parametrize(
    "block",
    [
        "<dl><dt>发文字号:</dt><dd>青政〔2024〕3号</dd><dt>成文日期:</dt><dd>2024-1-9</dd></dl>",
        "<ul><li>发文字号：青政〔2024〕3号</li><li>成文日期：2024年1月9日</li></ul>",
        "<p>文 号 | 青政〔2024〕3号 | 成文日期 | 2024.01.09 |</p>",
        "<p>发文字号：青政〔2024〕3号　成文日期：2024/01/09</p>",
    ],
)
def test_metadata_in_other_shapes(block: str) -> None:
    page = f"<html><body>{block}<div class='content'><p>一、总体要求</p></div></body></html>"

    hints = read_bytes(page.encode()).hints

    assert hints == {"doc_number": "青政〔2024〕3号", "date": "2024-01-09"}


def test_labels_without_a_value_do_not_swallow_the_next_label() -> None:
    hints = extract_hints(
        ["发布机构 | 文 号 | 青政〔2024〕3号 | |", "成文日期 | |", "发布日期 | 2024年2月30日"]
    )

    assert hints == {"doc_number": "青政〔2024〕3号"}


def test_line_breaks_and_spaces_follow_browser_rules() -> None:
    page = (
        "<html><body><div class='content'>"
        "<p>&nbsp;&nbsp;责任单位：县司法局、\n   县财政局</p>"
        "<p>Rule of\n law, 法治 建设</p>"
        "<p>第一行<br>第二行<br/>第三行</p>"
        "</div></body></html>"
    )

    assert read_bytes(page.encode()).text.splitlines() == [
        "责任单位：县司法局、县财政局",
        "Rule of law, 法治 建设",
        "第一行",
        "第二行",
        "第三行",
    ]


def test_hidden_elements_are_not_text() -> None:
    page = (
        "<html><body><div class='content'><p>一、总体要求</p>"
        "<div style='display: none'>隐藏的旧版本正文</div><p hidden>隐藏段落</p>"
        "<p>责任单位：县司法局</p></div></body></html>"
    )

    assert read_bytes(page.encode()).text.splitlines() == ["一、总体要求", "责任单位：县司法局"]


def test_layout_tables_are_read_as_paragraphs() -> None:
    page = (
        "<html><body><table><tr><td><table><tr><td>一、总体要求</td></tr></table></td></tr>"
        "<tr><td><p>（一）加强领导。</p><p>责任单位：县委办公室</p></td></tr></table></body></html>"
    )

    assert read_bytes(page.encode()).text.splitlines() == [
        "一、总体要求",
        "（一）加强领导。",
        "责任单位：县委办公室",
    ]


def test_table_grid_expands_colspan_and_rowspan() -> None:
    table = lxml.html.fragment_fromstring(
        "<table><tr><td colspan='2'>甲</td><td rowspan='2'>乙</td></tr>"
        "<tr><td>丙</td><td>丁</td></tr><tr><td>戊</td></tr></table>"
    )

    assert table_grid(table) == [["甲", "甲", "乙"], ["丙", "丁", "乙"], ["戊"]]


def test_hostile_spans_are_bounded() -> None:
    table = lxml.html.fragment_fromstring(
        "<table><tr><td colspan='100000' rowspan='100000'>x</td></tr></table>"
    )

    assert len(table_grid(table)[0]) <= 50


def test_deeply_nested_markup_does_not_overflow() -> None:
    page = "<html><body>" + "<div>" * 1500 + "<p>一、总体要求</p>" + "</div>" * 1500 + "</body></html>"

    assert read_bytes(page.encode()).text == "一、总体要求"


def test_a_page_without_text_is_empty() -> None:
    with pytest.raises(EmptyDocument):
        read_bytes(b"<!DOCTYPE html><html><body><script>var a = 1;</script></body></html>")


@pytest.mark.skipif(not SAMPLE_HTML.exists() or not SAMPLE_TXT.exists(), reason="shared corpus not present")
def test_sample_page_reads_like_the_sample_text() -> None:
    source = read_file(SAMPLE_HTML)

    assert source.text == SAMPLE_TXT.read_text(encoding="utf-8").strip()
    assert source.hints["index_number"] == "059422325-0482-2024-02007"
    assert source.hints["doc_number"] == "驻政办〔2018〕46号"
    for chrome in ("无障碍浏览", "互动交流", "当前位置", "浏览次数", "分享到", "相关链接", "网站标识码"):
        assert chrome not in source.text
