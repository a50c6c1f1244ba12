"""The task ledger (任务台账) as an Excel workbook, in the layout an office prints.

`ledger_workbook(plan, tasks)` is a pure builder: it reads the tasks it is given (already scoped to
the user by `dudao.accounts.access.tasks_for`) and returns the bytes of an .xlsx file. The columns
are data (`COLUMNS`); every string cell is formula-escaped, because task texts and unit names come
from uploaded notices and a cell starting with `=` would run as a formula in Excel.
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import F, Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dudao.plans.models import Assignment, Milestone, Plan, Task

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# OWASP's list: a cell starting with one of these is read as a formula by Excel, LibreOffice or a CSV import.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

UNIT_SEPARATOR = "、"


def escape_formula(value: str) -> str:
    """`=HYPERLINK(…)` → `'=HYPERLINK(…)`: shown as the text it is, never evaluated."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _units(task: Task, role: str) -> str:
    # Delegations inside a county (`parent` set) are the county's own business, not the plan's.
    return UNIT_SEPARATOR.join(
        a.unit.name for a in task.assignments.all() if a.role == role and a.parent_id is None
    )


def _subordinate(task: Task) -> str:
    names = _units(task, Assignment.Role.SUBORDINATE)
    if task.subordinate_duty and task.subordinate_level and names.count(UNIT_SEPARATOR) >= 2:
        # Thirteen county names in one cell help nobody; the notice's own words say it better.
        return f"{task.subordinate_level}（{names.count(UNIT_SEPARATOR) + 1}个）"
    return names


def _milestones(task: Task) -> str:
    """One line per time requirement; a periodic one lists its periods instead of repeating the text."""
    groups: dict[str, list[Milestone]] = {}
    for milestone in task.milestones.all():
        if milestone.applicable:
            groups.setdefault(milestone.text, []).append(milestone)
    lines = []
    for text, milestones in groups.items():
        if len(milestones) == 1:
            (only,) = milestones
            line = f"{text}（{only.due:%Y-%m-%d}）" if only.due and only.label != text else text
        else:
            line = f"{text}：{UNIT_SEPARATOR.join(m.label for m in milestones)}"
        if any(not m.active for m in milestones):
            line += _("（待激活）")
        lines.append(line)
    return "\n".join(lines)


def _task_text(task: Task) -> str:
    text = f"{task.number}{task.title}"
    if task.body and task.body.strip() != task.title.strip():
        text += "\n" + task.body.strip()
    return text


@dataclass(frozen=True)
class LedgerRow:
    index: int
    task: Task
    status: str


@dataclass(frozen=True)
class Column:
    header: str | Promise
    width: float  # in Excel's character units; a CJK character takes about two
    value: Callable[[LedgerRow], str | int]
    center: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(gettext_lazy("序号"), 6, lambda row: row.index, center=True),
    Column(gettext_lazy("部分"), 16, lambda row: str(row.task.section) if row.task.section else ""),
    Column(gettext_lazy("任务"), 60, lambda row: _task_text(row.task)),
    Column(gettext_lazy("牵头单位"), 16, lambda row: _units(row.task, Assignment.Role.LEAD)),
    Column(gettext_lazy("其他责任单位"), 20, lambda row: _units(row.task, Assignment.Role.RESPONSIBLE)),
    Column(gettext_lazy("配合单位"), 20, lambda row: _units(row.task, Assignment.Role.COOPERATING)),
    Column(gettext_lazy("县级政府"), 16, lambda row: _subordinate(row.task)),
    Column(gettext_lazy("时间节点"), 26, lambda row: _milestones(row.task)),
    Column(gettext_lazy("状态"), 14, lambda row: row.status, center=True),
)


def prefetched(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """What the columns read, fetched in four queries for any number of tasks."""
    return (
        tasks.select_related("section")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").order_by("unit__sort_order", "unit__name"),
            ),
            # Undated milestones (events) last on every database, not first as SQLite would sort them.
            Prefetch(
                "milestones", queryset=Milestone.objects.order_by(F("due").asc(nulls_last=True), "label")
            ),
        )
        .order_by("order")
    )


_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E2EC")
_TITLE_ROW = 1
_HEADER_ROW = 2


def _title(plan: Plan) -> str:
    title = _("%(title)s任务台账") % {"title": plan.title}
    return f"{title}（{plan.doc_number}）" if plan.doc_number else title


def _set_up_page(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the tasks need
    sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = _("第 &P 页，共 &N 页")
    sheet.freeze_panes = sheet.cell(row=_HEADER_ROW + 1, column=1)


def ledger_workbook(
    plan: Plan,
    tasks: QuerySet[Task] | Iterable[Task],
    *,
    statuses: Mapping[uuid.UUID, str] | None = None,
    columns: Sequence[Column] = COLUMNS,
) -> bytes:
    """The plan's ledger for exactly the given tasks (scope them first), one row per task, as .xlsx bytes."""
    if isinstance(tasks, QuerySet):
        tasks = prefetched(tasks)
    statuses = statuses or {}
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    sheet = workbook.create_sheet(_("任务台账"))

    title = sheet.cell(row=_TITLE_ROW, column=1, value=escape_formula(_title(plan)))
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=_TITLE_ROW, start_column=1, end_row=_TITLE_ROW, end_column=len(columns))
    sheet.row_dimensions[_TITLE_ROW].height = 36

    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(row=_HEADER_ROW, column=number, value=escape_formula(str(column.header)))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(number)].width = column.width

    for index, task in enumerate(tasks, start=1):
        row = LedgerRow(index=index, task=task, status=statuses.get(task.pk, ""))
        for number, column in enumerate(columns, start=1):
            value = column.value(row)
            cell = sheet.cell(
                row=_HEADER_ROW + index,
                column=number,
                value=escape_formula(value) if isinstance(value, str) else value,
            )
            cell.border = _BORDER
            cell.alignment = Alignment(
                horizontal="center" if column.center else "left", vertical="top", wrap_text=True
            )

    _set_up_page(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_filename(plan: Plan, today: datetime.date) -> str:
    return _("%(year)s年任务台账-%(date)s.xlsx") % {"year": plan.year, "date": today.strftime("%Y%m%d")}
