"""The task ledger builder: the layout an office prints, read back from the bytes with openpyxl."""

import datetime
import io
import uuid

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pytest_django import DjangoAssertNumQueries

from dudao.exports.ledger import COLUMNS, escape_formula, ledger_workbook
from dudao.plans.models import Assignment, Milestone, Task
from dudao.supervision.lights import MilestoneLight
from dudao.supervision.status import task_status
from tests.factories import make_task, make_unit

HEADERS = ["序号", "部分", "任务", "牵头单位", "其他责任单位", "配合单位", "县级政府", "时间节点", "状态"]


def _sheet(content: bytes) -> Worksheet:
    return load_workbook(io.BytesIO(content)).active  # type: ignore[return-value]


def _values(sheet: Worksheet, row: int) -> list[object]:
    return [cell.value for cell in sheet[row]]


def test_the_columns_are_the_ones_an_office_prints() -> None:
    assert [str(column.header) for column in COLUMNS] == HEADERS


def test_title_row_header_row_and_one_row_per_task(people: dict) -> None:
    plan, task = people["plan"], people["task"]

    sheet = _sheet(
        ledger_workbook(plan, Task.objects.filter(plan=plan), statuses={task.pk: "绿灯（完成 0/1）"})
    )

    assert sheet.title == "任务台账"
    assert sheet["A1"].value == "驻马店市2018年度法治政府建设工作安排任务台账（测试〔2018〕1号）"
    assert "A1:I1" in [str(merged) for merged in sheet.merged_cells.ranges]
    assert _values(sheet, 2) == HEADERS
    assert _values(sheet, 3) == [
        1,
        "一、依法全面履行政府职能",
        "(一)深化行政审批制度改革",
        "市编办",
        "市工商局",
        None,
        None,
        "今年7月1日前（2018-07-01）",
        "绿灯（完成 0/1）",
    ]
    assert sheet.max_row == 3


def test_print_setup_landscape_a4_repeating_header_fit_to_width(people: dict) -> None:
    sheet = _sheet(ledger_workbook(people["plan"], Task.objects.all()))

    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(Worksheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(sheet.page_setup.fitToWidth) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.freeze_panes == "A3"
    assert sheet["C3"].alignment.wrap_text is True


def test_units_by_role_and_the_subordinate_governments(people: dict) -> None:
    plan = people["plan"]
    task = make_task(
        plan, number="(二)", title="推进政务公开", lead=people["unit_b"], others=(people["unit_a"],)
    )
    Assignment.objects.filter(task=task, unit=people["unit_a"]).update(role=Assignment.Role.COOPERATING)
    counties = [
        people["county"],
        *(make_unit(f"{name}人民政府", kind="government", level="county") for name in ("上蔡县", "平舆县")),
    ]
    for county in counties:
        Assignment.objects.create(task=task, unit=county, role=Assignment.Role.SUBORDINATE)
    Task.objects.filter(pk=task.pk).update(subordinate_duty=True, subordinate_level="各县区政府")

    sheet = _sheet(ledger_workbook(plan, Task.objects.filter(pk=task.pk)))

    assert _values(sheet, 3)[3:7] == ["市工商局", None, "市编办", "各县区政府（3个）"]


def test_delegations_inside_a_county_stay_out_of_the_ledger(people: dict) -> None:
    task = people["task"]
    share = Assignment.objects.create(task=task, unit=people["county"], role=Assignment.Role.SUBORDINATE)
    township = make_unit("蔡寨乡", kind="township", level="township", parent=people["county"])
    Assignment.objects.create(task=task, unit=township, role=Assignment.Role.SUBORDINATE, parent=share)

    sheet = _sheet(ledger_workbook(people["plan"], Task.objects.filter(pk=task.pk)))

    assert sheet["G3"].value == "西平县人民政府"


def test_periodic_milestones_list_their_periods_and_dormant_events_say_so(people: dict) -> None:
    task = people["task"]
    for quarter in (2, 3, 4):
        Milestone.objects.create(
            task=task, kind=Milestone.Kind.PERIODIC, text="每季度至少一次", label=f"第{quarter}季度",
            due=datetime.date(2018, quarter * 3, 28), min_count=1,
        )  # fmt: skip
    Milestone.objects.create(
        task=task, kind=Milestone.Kind.PERIODIC, text="每季度至少一次", label="第1季度", applicable=False,
        due=datetime.date(2018, 3, 31),
    )  # fmt: skip
    Milestone.objects.create(
        task=task, kind=Milestone.Kind.EVENT, text="待《条例》出台后", label="条例出台", active=False
    )

    sheet = _sheet(ledger_workbook(people["plan"], Task.objects.filter(pk=task.pk)))

    assert sheet["H3"].value.split("\n") == [
        "每季度至少一次：第2季度、第3季度、第4季度",
        "今年7月1日前（2018-07-01）",
        "待《条例》出台后（待激活）",
    ]


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil","点我")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "=cmd|' /C calc'!A0"],
)
def test_every_string_cell_is_formula_escaped(people: dict, dangerous: str) -> None:
    plan = people["plan"]
    plan.title = dangerous
    task = make_task(plan, number="", title=dangerous, lead=make_unit(dangerous))

    sheet = _sheet(ledger_workbook(plan, Task.objects.filter(pk=task.pk), statuses={task.pk: dangerous}))

    for cell in (sheet["A1"], sheet["C3"], sheet["D3"], sheet["I3"]):
        assert cell.data_type == "s"
        assert cell.value.startswith("'")
        assert cell.value[1:].startswith(dangerous.split("任务台账")[0][:3])


def test_escape_formula_leaves_ordinary_text_alone() -> None:
    assert escape_formula("深化行政审批制度改革") == "深化行政审批制度改革"
    assert escape_formula("（一）-") == "（一）-"
    assert escape_formula("=1") == "'=1"


def test_only_the_given_tasks_are_written(people: dict) -> None:
    plan = people["plan"]
    other = make_task(plan, number="(二)", title="推进政务公开", lead=make_unit("市财政局"))

    sheet = _sheet(ledger_workbook(plan, Task.objects.filter(pk=other.pk)))

    assert sheet.max_row == 3
    assert sheet["A3"].value == 1
    assert sheet["C3"].value == "(二)推进政务公开"


def test_building_takes_a_fixed_number_of_queries(
    people: dict, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    plan = people["plan"]
    for number in range(12):
        make_task(
            plan,
            number=f"({number})",
            title=f"任务{number}",
            lead=people["unit_b"],
            others=(people["unit_a"],),
        )

    with django_assert_num_queries(3):  # tasks with sections, assignments with units, milestones
        sheet = _sheet(ledger_workbook(plan, Task.objects.filter(plan=plan)))  # type: ignore[arg-type]
    assert sheet.max_row == 2 + 13


def _light(light: str) -> MilestoneLight:
    return MilestoneLight(milestone=Milestone(pk=uuid.uuid4()), light=light, occurrence_count=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lights", "status"),
    [
        ([], ""),
        (["green", "done"], "绿灯（完成 1/2）"),
        (["done", "yellow", "green"], "黄灯（完成 1/3）"),
        (["green", "red", "done", "na"], "红灯（完成 1/3）"),
        (["done", "done", "na"], "已完成"),
        (["dormant"], "待激活"),
        (["na"], "不适用"),
    ],
)
def test_a_tasks_status_is_its_worst_light(lights: list[str], status: str) -> None:
    assert task_status([_light(light) for light in lights]) == status
