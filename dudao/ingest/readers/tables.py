"""Tables become lines the text parser understands, whatever document they came from.

Many offices publish the task division as a table (序号 | 重点任务 | 牵头单位 | 责任单位 |
完成时限). The text parser reads numbered items followed by labelled lines, so a task table
is rewritten into exactly that shape:

    1.深化行政审批制度改革。进一步推进简政放权……
    牵头单位:市编办
    完成时限:2018年12月底前

Readers pass one list per row with one string per grid column; a merged cell repeats its
text in every position it covers (that is how python-docx and our HTML reader expand
spans), and a cell holding several paragraphs separates them with `\\n`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import zip_longest

from dudao.ingest.readers.patterns import (
    CHINESE_DIGITS,
    CLAUSE_END,
    CLOSE_PARENS,
    COLONS,
    DOTS,
    ITEM_NUMBER,
    LIST_SEPARATORS,
    OPEN_PARENS,
    SECTION_NUMBER,
    SENTENCE_PUNCT,
)

_NUMBER_HEADERS = frozenset({"序号", "编号", "序", "no", "no."})
_TASK_WORDS = (
    "任务",
    "工作内容",
    "工作措施",
    "工作事项",
    "重点工作",
    "工作要点",
    "主要内容",
    "具体内容",
    "内容",
    "措施",
    "举措",
    "目标",
    "事项",
    "项目",
)
_UNIT_WORDS = ("单位", "部门", "科室")
_LEADER_WORDS = ("领导", "责任人", "负责人")
_TIME_WORDS = ("时限", "时间", "节点", "期限", "进度")
_HEADER_MAX_CHARS = 20
_ITEM_NUMBER = re.compile(rf"^[{OPEN_PARENS}]?\s*(\d{{1,4}})\s*[{CLOSE_PARENS}{DOTS}、]?$")
_CHINESE_NUMERAL = re.compile(rf"^[{OPEN_PARENS}]?([{CHINESE_DIGITS}]{{1,3}})[{CLOSE_PARENS}{DOTS}、]?$")
_SENTENCE_PUNCT = re.compile(f"[{SENTENCE_PUNCT}]")
_HEADING_MAX_CHARS = 40
_NAME_MAX_CHARS = 25
# How the names of offices, governments and committees end (局, 委, 办, 中心, 人民政府…).
_UNIT_ENDINGS = (*"局委办室厅部院会府处科队所站组门司社馆团联", "中心")
UNIT_ENDINGS = _UNIT_ENDINGS
_LAYOUT_CELL_CHARS = 300
_LAYOUT_CELL_PARAGRAPHS = 3


@dataclass(frozen=True, slots=True)
class _Columns:
    """Which grid column holds what in a task table's header."""

    headers: list[str]
    number: int | None
    task: int


def render_table(rows: list[list[str]]) -> list[str]:
    """Lines for one table: task tables as numbered items, layout tables as paragraphs,
    anything else one row per line with cells joined by ` | `."""
    rows = [[_clean_cell(cell) for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    header_at = _find_header(rows)
    if header_at is not None:
        return _render_task_table(rows, header_at)
    if _is_layout(rows):
        return _layout_lines(rows)
    return [_joined_row(row) for row in rows]


def _clean_cell(cell: str) -> str:
    """Paragraphs of a cell, each stripped, empty ones dropped."""
    return "\n".join(p.strip() for p in cell.splitlines() if p.strip())


def _distinct(row: list[str]) -> list[tuple[int, str]]:
    """Non-empty cells with horizontally merged repeats removed, keeping their first column."""
    out: list[tuple[int, str]] = []
    previous = None
    for index, cell in enumerate(row):
        if cell and cell != previous:
            out.append((index, cell))
        previous = cell
    return out


def _header_key(text: str) -> str:
    """A header cell as compared against the known column names."""
    return re.sub(r"\s+", "", text).rstrip(COLONS).lower()


def _column_kind(header: str) -> str | None:
    """number / task / unit / leader / time, or None for a column we do not recognise."""
    key = _header_key(header)
    if not key or len(key) > _HEADER_MAX_CHARS:
        return None
    if key in _NUMBER_HEADERS:
        return "number"
    if any(word in key for word in _UNIT_WORDS):
        return "unit"
    if any(word in key for word in _LEADER_WORDS):
        return "leader"
    if any(word in key for word in _TIME_WORDS):
        return "time"
    if any(word in key for word in _TASK_WORDS):
        return "task"
    return None


def is_task_header(row: list[str]) -> bool:
    """A header naming a task column and at least one number, unit, leader or time column."""
    kinds = {_column_kind(cell) for cell in row if cell}
    return "task" in kinds and bool(kinds & {"number", "unit", "leader", "time"})


def number_column(header: list[str]) -> int | None:
    """The grid column of a task-table header that holds the item numbers (序号), if any."""
    kinds = [_column_kind(cell) for cell in header]
    return kinds.index("number") if "number" in kinds else None


def _find_header(rows: list[list[str]]) -> int | None:
    """Index of the task-table header among the first rows (a title row may precede it)."""
    for index, row in enumerate(rows[:3]):
        if is_task_header(row):
            return index
    return None


def _is_subheader(row: list[str], header: list[str]) -> bool:
    """A second header row, such as 牵头单位 | 配合单位 under a merged 责任单位."""
    cells = [cell for cell, above in zip(row, header, strict=False) if cell and cell != above]
    return bool(cells) and all(_column_kind(cell) is not None for cell in cells)


def _columns(rows: list[list[str]], header_at: int) -> tuple[_Columns, int]:
    """The header (merged with a sub-header row if present) and the index of the first data row."""
    headers = list(rows[header_at])
    first_data = header_at + 1
    if first_data < len(rows) and _is_subheader(rows[first_data], headers):
        sub = rows[first_data]
        headers = [s or h for h, s in zip_longest(headers, sub, fillvalue="")]
        first_data += 1
    headers = [_header_key(h) for h in headers]
    kinds = [_column_kind(h) for h in headers]
    number = kinds.index("number") if "number" in kinds else None
    return _Columns(headers=headers, number=number, task=kinds.index("task")), first_data


def _render_task_table(rows: list[list[str]], header_at: int) -> list[str]:
    """Task tables: a numbered item line per row, then `header:cell` for the other columns."""
    lines = [_joined_row(row) for row in rows[:header_at]]
    columns, first_data = _columns(rows, header_at)
    last_number = 0
    for row in rows[first_data:]:
        if [_header_key(c) for c in row] == columns.headers:
            continue  # the header repeated on a new page
        heading = _heading(row, columns)
        if heading is not None:
            lines.append(heading)
            last_number = 0
            continue
        lines.extend(_item_lines(row, columns, last_number))
        if _cell(row, columns.task):
            number = _item_number(_cell(row, columns.number))
            last_number = number if number is not None else last_number + 1
    return lines


def _cell(row: list[str], index: int | None) -> str:
    """The cell at `index`, or "" when the row is short or there is no such column."""
    if index is None or index >= len(row):
        return ""
    return row[index]


def _heading(row: list[str], columns: _Columns) -> str | None:
    """A section heading row: one short text merged across columns, or 一 | 优化政务服务 (merged)."""
    distinct = _distinct(row)
    if len(distinct) == 1:
        text = distinct[0][1]
        merged = row.count(text) >= 2
        if (merged or SECTION_NUMBER.match(text)) and _is_heading_text(text):
            return _one_line(text)
        return None
    if columns.number is not None and len(distinct) == 2 and distinct[0][0] == columns.number:
        numeral = _CHINESE_NUMERAL.match(distinct[0][1])
        start = distinct[1][0]
        merged = len(row) - start >= 2 and all(cell == distinct[1][1] for cell in row[start:])
        if numeral and merged and _is_heading_text(distinct[1][1]):
            return f"{numeral.group(1)}、{_one_line(distinct[1][1])}"
    return None


def _is_heading_text(text: str) -> bool:
    """Headings are short and are not sentences."""
    return len(text) <= _HEADING_MAX_CHARS and "。" not in text.rstrip("。")


def _item_number(text: str) -> int | None:
    """The number in a 序号 cell (`3`, `3.`, `(3)`), or None."""
    match = _ITEM_NUMBER.match(text.strip())
    return int(match.group(1)) if match else None


def _item_lines(row: list[str], columns: _Columns, last_number: int) -> list[str]:
    """One item: `{序号}.{task}` and a `{header}:{cell}` line for every other filled column."""
    lines: list[str] = []
    task = _one_line(_cell(row, columns.task))
    if task:
        number = _item_number(_cell(row, columns.number))
        number = number if number is not None else last_number + 1
        lines.append(task if ITEM_NUMBER.match(task) else f"{number}.{task}")
    for index, cell in _distinct(row):
        if index in (columns.number, columns.task):
            continue
        header = columns.headers[index] if index < len(columns.headers) else ""
        value = _field_value(cell, _column_kind(header))
        lines.append(f"{header}:{value}" if header else value)
    return lines


def _one_line(text: str) -> str:
    """Paragraphs of a cell kept on one line; a space marks a break that had no punctuation."""
    out = ""
    for paragraph in text.split("\n"):
        if out and not out.endswith(tuple(CLAUSE_END)):
            out += " "
        out += paragraph
    return out


def _field_value(cell: str, kind: str | None) -> str:
    """Unit or leader names written one per line become `A、B`; other cells lose their spaces.

    A time or notes column keeps its lines together without a separator, because there a
    line break is only layout (`上半年启动,` / `年底前完成`)."""
    parts = [p.strip(LIST_SEPARATORS) for p in cell.split("\n")]
    parts = [p for p in parts if p]
    names = all(len(p) <= _NAME_MAX_CHARS and not _SENTENCE_PUNCT.search(p) for p in parts)
    if (
        len(parts) > 1
        and names
        and (kind in ("unit", "leader") or all(p.endswith(_UNIT_ENDINGS) for p in parts))
    ):
        return "、".join(re.sub(r"\s+", "", p) for p in parts)
    return re.sub(r"\s+", "", cell)


def _is_layout(rows: list[list[str]]) -> bool:
    """A table that only positions text: one cell per row, or cells holding whole passages."""
    if all(len(_distinct(row)) <= 1 for row in rows):
        return True
    return any(
        len(cell) > _LAYOUT_CELL_CHARS or cell.count("\n") + 1 >= _LAYOUT_CELL_PARAGRAPHS
        for row in rows
        for cell in row
    )


def _layout_lines(rows: list[list[str]]) -> list[str]:
    """Every distinct cell's paragraphs in reading order, vertical repeats of a merge skipped."""
    lines: list[str] = []
    above: list[str] = []
    for row in rows:
        for index, cell in _distinct(row):
            if index < len(above) and above[index] == cell:
                continue
            lines.extend(cell.split("\n"))
        above = row
    return lines


def _joined_row(row: list[str]) -> str:
    """A plain row: merged repeats removed, empty cells kept so labels stay beside values."""
    cells: list[str] = []
    previous = None
    for cell in row:
        if not (cell and cell == previous):
            cells.append(cell.replace("\n", " "))
        previous = cell
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)
