"""`export_directory_xlsx`: one sheet 单位名录 in the import layout, formula-escaped, and a clean round trip."""

from __future__ import annotations

import datetime

import pytest

from dudao.accounts.models import User
from dudao.directory.excel import HEADERS
from dudao.directory.models import Unit
from dudao.directory.services import export_directory_xlsx, import_directory_xlsx
from tests.directory.sheets import read_back
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_sheet_has_the_office_layout_and_chinese_values(zhumadian: dict[str, Unit]) -> None:
    title, rows = read_back(export_directory_xlsx())

    assert title == "单位名录"
    assert rows[0] == HEADERS == (
        "编码", "单位名称", "单位类型", "层级", "上级单位", "别名(以、分隔)", "联系人", "联系电话", "改革后承继单位", "承继生效日期",
    )  # fmt: skip
    assert len(rows) == 41
    assert rows[1][:5] == ("zmd-gov", "驻马店市人民政府", "人民政府", "市级", None)
    office = next(r for r in rows if r[0] == "zmd-fazhiban")
    assert office[1:5] == ("市政府法制办公室", "政府部门", "市级", "驻马店市人民政府")
    assert (
        office[5]
        == "市人民政府法制办公室、驻马店市人民政府法制办公室、市政府法制办、政府法制办公室、市法制办"  # as typed
    )
    assert office[8] == "市司法局"
    assert office[9].date() == datetime.date(2019, 1, 1)  # an Excel date, read back as a naive datetime


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_looking_cells_are_escaped(zhumadian: dict[str, Unit], start: str) -> None:
    Unit.objects.filter(code="zmd-bianban").update(
        contact_person=f"{start}HYPERLINK(1)", contact_phone=f"{start}86"
    )

    _, rows = read_back(export_directory_xlsx())

    bianban = next(r for r in rows if r[0] == "zmd-bianban")
    assert bianban[6:8] == (f"'{start}HYPERLINK(1)", f"'{start}86")


def test_no_cell_is_a_formula(zhumadian: dict[str, Unit]) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    Unit.objects.filter(code="zmd-bianban").update(contact_person="=1+1")
    sheet = load_workbook(BytesIO(export_directory_xlsx())).worksheets[0]

    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_export_then_import_gives_the_same_rows(zhumadian: dict[str, Unit]) -> None:
    Unit.objects.filter(code="zmd-bianban").update(contact_person="李明", contact_phone="+86 396 2345678")
    Unit.objects.filter(code="zmd-xiping").update(contact_person="@陈刚", contact_phone="0396-6234567")
    first = export_directory_xlsx()

    result = import_directory_xlsx(first, by=make_user("wang", User.Role.OFFICE_ADMIN))

    assert result.ok and result.summary is not None
    assert (len(result.summary.created), len(result.summary.updated), len(result.summary.unchanged)) == (
        0,
        0,
        40,
    )
    assert read_back(export_directory_xlsx())[1] == read_back(first)[1]
    assert Unit.objects.get(code="zmd-bianban").contact_phone == "+86 396 2345678"
