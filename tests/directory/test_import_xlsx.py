"""`import_directory_xlsx`: the office's 单位名录 sheet, checked row by row, applied all or nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from dudao.accounts.models import User
from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit, UnitAlias
from dudao.directory.services import import_directory_xlsx
from tests.directory.sheets import make_sheet, row
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_admin(zhumadian: dict[str, Unit]) -> User:
    return make_user("wang", User.Role.OFFICE_ADMIN, zhumadian["zmd-fazhiban"])


def problems(result: object) -> list[tuple[int | None, str, str]]:
    return [(e.row, e.column, e.message) for e in result.errors]  # type: ignore[attr-defined]


def test_new_units_are_created_with_parents_aliases_and_successors(office_admin: User) -> None:
    data = make_sheet(
        [
            row("zmd-dsj", "市大数据局", parent="市政府", aliases="市大数据管理局、大数据局", contact="周强", phone="0396-1234567"),
            row("zmd-xpsfj", "西平县司法局", level="县级", parent="西平县政府"),
            row("zmd-old", "市信息中心", kind="其他单位", parent="驻马店市人民政府", successor="市大数据局", since=datetime.date(2019, 3, 1)),
        ]
    )  # fmt: skip

    result = import_directory_xlsx(data, by=office_admin)

    assert result.ok and result.summary is not None
    assert result.summary.created == ("zmd-dsj", "zmd-xpsfj", "zmd-old")
    dsj = Unit.objects.get(code="zmd-dsj")
    assert (dsj.parent.code, dsj.kind, dsj.level) == ("zmd-gov", "department", "city")  # type: ignore[union-attr]
    assert sorted(dsj.aliases.values_list("name", flat=True)) == ["大数据局", "市大数据管理局"]
    assert (dsj.contact_person, dsj.contact_phone) == ("周强", "0396-1234567")
    assert Unit.objects.get(code="zmd-xpsfj").parent.code == "zmd-xiping"  # type: ignore[union-attr]
    old = Unit.objects.get(code="zmd-old")
    assert (old.kind, old.successor, old.successor_from) == ("other", dsj, datetime.date(2019, 3, 1))


def test_the_import_is_audited(office_admin: User) -> None:
    import_directory_xlsx(make_sheet([row("zmd-dsj", "市大数据局", parent="市政府")]), by=office_admin)

    event = AuditEvent.objects.get(event="directory.import")
    assert event.actor == office_admin
    assert event.summary == "导入单位名录：新增 1 个单位，更新 0 个，未变 0 个"
    assert event.changes == {"created": ["zmd-dsj"], "updated": {}}


def test_a_row_without_a_code_is_the_unit_of_that_name_or_a_new_one(office_admin: User) -> None:
    data = make_sheet(
        [
            row(
                "", "市编办", kind="党委机关", parent="中共驻马店市委员会", aliases="市委编办", contact="李明"
            ),
            row("", "市大数据局", parent="市政府"),
        ]
    )

    result = import_directory_xlsx(data, by=office_admin)

    assert result.ok and result.summary is not None
    assert result.summary.updated == ("zmd-bianban",)
    assert Unit.objects.get(code="zmd-bianban").contact_person == "李明"
    (new_code,) = result.summary.created
    assert new_code.startswith("u-") and Unit.objects.get(code=new_code).name == "市大数据局"


def test_aliases_become_exactly_the_cells_list(office_admin: User) -> None:
    data = make_sheet(
        [row("zmd-bianban", "市编办", kind="党委机关", parent="市委", aliases="市委编办；编办")]
    )

    import_directory_xlsx(data, by=office_admin)

    assert sorted(UnitAlias.objects.filter(unit__code="zmd-bianban").values_list("name", flat=True)) == [
        "市委编办",
        "编办",
    ]
    assert Unit.objects.count() == 40  # the units the sheet leaves out stay


def test_two_units_may_swap_names_in_one_sheet(office_admin: User) -> None:
    data = make_sheet(
        [
            row("zmd-tongji", "市审计局", parent="市政府", aliases="驻马店市审计局"),
            row("zmd-shenji", "市统计局", parent="市政府", aliases="驻马店市统计局"),
        ]
    )

    result = import_directory_xlsx(data, by=office_admin)

    assert result.ok, problems(result)
    assert Unit.objects.get(code="zmd-tongji").name == "市审计局"
    assert Unit.objects.get(code="zmd-shenji").name == "市统计局"


def test_formula_escapes_are_removed(office_admin: User) -> None:
    import_directory_xlsx(
        make_sheet([row("zmd-dsj", "市大数据局", phone="'+86 396 1234567")]), by=office_admin
    )

    assert Unit.objects.get(code="zmd-dsj").contact_phone == "+86 396 1234567"


def test_every_bad_row_is_reported_in_chinese_and_nothing_is_written(office_admin: User) -> None:
    data = make_sheet(
        [
            row("zmd-a", "市大数据局", parent="市大数据中心"),
            row("zmd-b", "市编办", parent="市政府"),
            row("zmd-c", "市新局", aliases="市工商局"),
            row("zmd-d", "市旧局", successor="市编办", since="2019年13月1日"),
            row("zmd-e", "市另一局", kind="局", level="地级"),
            row("zmd-f", "市再一局", successor="市司法局"),
            row("zmd-a", "市大数据局"),
            row("zmd-g", "市某局", successor="市未来局", since="2020-01-01"),
        ]
    )

    result = import_directory_xlsx(data, by=office_admin)

    assert problems(result) == [
        (2, "上级单位", "“市大数据中心”不在单位名录中（本表和系统中都没有这个名称）"),
        (3, "单位名称", "“市编办”已被系统中的单位“市编办”使用，同一名称只能指一个单位"),
        (4, "别名(以、分隔)", "“市工商局”已被系统中的单位“市工商局”使用，同一名称只能指一个单位"),
        (5, "承继生效日期", "“2019年13月1日”不是有效日期，请写成 2019-01-01 的格式"),
        (6, "单位类型", "单位类型应为以下之一：人民政府、政府部门、管理委员会、乡镇街道、党委机关、其他单位"),
        (6, "层级", "层级应为以下之一：省级、市级、县级、乡级"),
        (7, "承继生效日期", "填写了改革后承继单位，请同时填写承继生效日期"),
        (8, "编码", "编码“zmd-a”与第 2 行重复"),
        (9, "改革后承继单位", "“市未来局”不在单位名录中（本表和系统中都没有这个名称）"),
    ]
    assert (
        str(result.errors[0])
        == "第 2 行【上级单位】：“市大数据中心”不在单位名录中（本表和系统中都没有这个名称）"
    )
    assert Unit.objects.count() == 40
    assert not AuditEvent.objects.filter(event="directory.import").exists()


def test_a_loop_of_parents_is_reported(office_admin: User) -> None:
    data = make_sheet([row("zmd-a", "甲局", parent="乙局"), row("zmd-b", "乙局", parent="甲局")])

    result = import_directory_xlsx(data, by=office_admin)

    assert problems(result) == [
        (2, "上级单位", "上级单位形成循环：zmd-a → zmd-b → zmd-a"),
        (3, "上级单位", "上级单位形成循环：zmd-b → zmd-a → zmd-b"),
    ]


def test_a_code_must_be_a_plain_slug(office_admin: User) -> None:
    result = import_directory_xlsx(
        make_sheet([row("市 局", "市大数据局"), row("import", "市小数据局")]), by=office_admin
    )

    assert [(e.row, e.column) for e in result.errors] == [(2, "编码"), (3, "编码")]
    assert "系统保留字" in result.errors[1].message


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(office_admin: User) -> None:
    data = make_sheet([row("zmd-a", "市大数据局"), [None] * 10, row("zmd-b", "")])

    assert problems(import_directory_xlsx(data, by=office_admin)) == [(4, "单位名称", "请填写单位名称")]


def test_headers_are_matched_by_name_and_missing_ones_named(office_admin: User) -> None:
    data = make_sheet([["zmd-a", "市大数据局"]], headers=["编码", "单位名称"])

    assert problems(import_directory_xlsx(data, by=office_admin)) == [
        (1, "", "表头缺少以下列：单位类型、层级、上级单位、别名(以、分隔)、联系人、联系电话、改革后承继单位、承继生效日期"
         "（第 1 行应为：编码 | 单位名称 | 单位类型 | 层级 | 上级单位 | 别名(以、分隔) | 联系人 | 联系电话 | 改革后承继单位 | 承继生效日期）"),
    ]  # fmt: skip


def test_a_header_written_with_full_width_brackets_or_without_the_hint_is_accepted(
    office_admin: User,
) -> None:
    headers = [
        "编码",
        "单位名称",
        "单位类型",
        "层级",
        "上级单位",
        "别名",
        "联系人",
        "联系电话",
        "改革后承继单位",
        "承继生效日期",
    ]
    data = make_sheet([row("zmd-dsj", "市大数据局", aliases="大数据局")], headers=headers)

    assert import_directory_xlsx(data, by=office_admin).ok
    assert UnitAlias.objects.filter(name="大数据局").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"id,name\nzmd-a,x\n", "文件不是 Excel 工作簿（.xlsx），请使用导出的名录模板"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            "这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传",
        ),
        (b"PK\x03\x04" + bytes(100), "文件已损坏或过大，无法读取"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused_as_a_whole(data: bytes, message: str) -> None:
    result = import_directory_xlsx(data, by=AnonymousUser())

    assert problems(result) == [(None, "", message)]
    assert str(result.errors[0]).startswith("文件：")


def test_an_empty_sheet_is_refused(office_admin: User) -> None:
    assert problems(import_directory_xlsx(make_sheet([]), by=office_admin)) == [(None, "", "表中没有单位")]
