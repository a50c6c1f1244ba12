"""The Word download: read back with python-docx — headings, the section table's figures, the overdue
units by name, an edited sentence, the official-document fonts; drafts marked （草稿）."""

from __future__ import annotations

import datetime
import io
from typing import Any
from urllib.parse import unquote

import docx
import time_machine
from django.test import Client
from django.urls import reverse
from docx.oxml.ns import qn
from docx.shared import Pt

from dudao.bulletins import services
from dudao.bulletins.models import Bulletin
from tests.bulletins.conftest import issue

EDITED = "第三季度，各单位认真落实工作安排，总体进展顺利。"


def _download(user: Any, bulletin: Bulletin) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse("bulletins:docx", args=[bulletin.pk]))


def _document(response: Any) -> Any:
    assert response.status_code == 200
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return docx.Document(io.BytesIO(response.content))


def _edit_first_paragraph(bulletin: Bulletin, by: Any) -> Bulletin:
    blocks = [{"kind": "paragraph", "text": EDITED}, *bulletin.content[1:]]
    return services.save_draft(
        bulletin, title=bulletin.title, issuer=bulletin.issuer, blocks=blocks, by=by, version=bulletin.version
    )


def test_the_issued_bulletin_reads_back_with_its_headings_figures_and_names(
    draft: Bulletin, people: dict
) -> None:
    with time_machine.travel(datetime.datetime(2018, 10, 9, 2, tzinfo=datetime.UTC), tick=False):
        issued = issue(_edit_first_paragraph(draft, people["office_admin"]), people["office_admin"])

    document = _document(_download(people["liaison_b"], issued))

    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:2] == ["2018年第1期", "关于2018年第三季度法治政府建设工作推进情况的通报"]
    assert EDITED in texts
    assert "（草稿）" not in texts
    for heading in ("一、总体进展情况", "三、逾期未完成任务的单位", "五、下步工作要求"):
        assert heading in texts
    sections, _early, overdue, _orders = document.tables
    assert [[c.text for c in row.cells] for row in sections.rows] == [
        ["工作部分", "任务节点", "已完成", "完成率", "临近时限", "逾期未完成"],
        ["一、依法全面履行政府职能", "2", "1", "50.0%", "0", "1"],
        ["二、完善依法行政制度体系", "5", "2", "40.0%", "0", "1"],
        ["合计", "7", "3", "42.9%", "0", "2"],
    ]
    assert [row.cells[0].text for row in overdue.rows[1:]] == ["市工商局", "市工商局"]
    assert [row.cells[4].text for row in overdue.rows[1:]] == ["91天", "29天"]
    assert texts[-2:] == ["驻马店市法治政府建设领导小组办公室", "2018年10月9日"]


def test_the_page_is_a4_with_chinese_fonts_set_for_east_asian_text(draft: Bulletin, people: dict) -> None:
    document = _document(_download(people["office_admin"], draft))

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    title = next(p for p in document.paragraphs if p.text.startswith("关于"))
    run = title.runs[0]
    assert run.bold and run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text == "一、总体进展情况")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    body = next(p for p in document.paragraphs if p.text.startswith("为推动"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size == Pt(16)
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None and borders.find(qn("w:insideH")).get(qn("w:val")) == "single"


def test_a_draft_downloads_for_the_office_marked_as_draft(draft: Bulletin, people: dict) -> None:
    response = _download(people["office_admin"], draft)

    document = _document(response)
    assert document.paragraphs[0].text == "（草稿）"
    assert "（草稿）.docx" in unquote(response["Content-Disposition"])


def test_leaders_and_units_cannot_download_a_draft(draft: Bulletin, people: dict) -> None:
    for who in ("leader", "liaison_a", "head_b", "county_office", "auditor"):
        assert _download(people[who], draft).status_code == 404, who
