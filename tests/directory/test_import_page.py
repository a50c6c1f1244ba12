"""/directory/import/: upload the office's sheet; every bad row listed in Chinese, nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit
from tests.directory.sheets import make_sheet, row

URL = reverse("directory:import")


def upload(data: bytes, name: str = "单位名录.xlsx") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")}


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_only_the_office_administrator_may_import(client: Client, people: dict[str, Any], who: str) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403
    assert client.post(URL, upload(make_sheet([row("zmd-dsj", "市大数据局")]))).status_code == 403
    assert not Unit.objects.filter(code="zmd-dsj").exists()


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    assert client.get(URL).status_code == 302


def test_the_page_explains_the_layout(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    page = client.get(URL).content.decode()

    assert (
        "编码 | 单位名称 | 单位类型 | 层级 | 上级单位 | 别名(以、分隔) | 联系人 | 联系电话 | 改革后承继单位 | 承继生效日期"
        in page
    )
    assert 'enctype="multipart/form-data"' in page


def test_a_good_sheet_is_imported_and_the_list_says_what_changed(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office_admin"])

    response = client.post(
        URL, upload(make_sheet([row("zmd-dsj", "市大数据局", parent="驻马店市人民政府")])), follow=True
    )

    assert response.redirect_chain == [(reverse("directory:list"), 302)]
    assert "单位名录已导入：新增 1 个单位，更新 0 个，未变 0 个。" in response.content.decode()
    assert Unit.objects.get(code="zmd-dsj").parent == people["city"]
    assert AuditEvent.objects.get(event="directory.import").summary.startswith("导入单位名录 单位名录.xlsx：")


def test_bad_rows_are_listed_with_their_row_numbers(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])
    sheet = make_sheet([row("zmd-dsj", "市大数据局", parent="市大数据中心"), row("zmd-x", "市编办")])

    response = client.post(URL, upload(sheet))

    assert response.status_code == 200
    page = response.content.decode()
    assert "文件中有 2 处问题，未导入任何内容" in page
    assert '<td data-label="行号">第 2 行</td>' in page
    assert "“市大数据中心”不在单位名录中（本表和系统中都没有这个名称）" in page
    assert '<td data-label="行号">第 3 行</td>' in page
    assert "“市编办”已被系统中的单位“市编办”使用，同一名称只能指一个单位" in page
    assert not Unit.objects.filter(code__in=["zmd-dsj", "zmd-x"]).exists()


def test_a_file_that_is_no_workbook_is_reported_for_the_whole_file(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office_admin"])

    page = client.post(URL, upload(b"id,name\n", "units.csv")).content.decode()

    assert '<td data-label="行号">整个文件</td>' in page
    assert "文件不是 Excel 工作簿（.xlsx），请使用导出的名录模板" in page


def test_no_file_is_asked_for_next_to_the_field(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.post(URL, {})

    assert response.context["form"].errors == {"file": ["请选择要导入的 Excel 文件"]}
    page = response.content.decode()
    assert page.index("请选择要导入的 Excel 文件") > page.index('for="id_file"')
