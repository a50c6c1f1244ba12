"""Task tables that reached us as text: one row per line with `|` or tabs, or one cell per line.

Both are rebuilt into rows and handed to `readers.tables.render_table`, which writes the numbered
items and labelled lines the structure parser reads — the same path a real docx/html table takes.
"""

from __future__ import annotations

import re

from dudao.ingest.readers.tables import is_task_header, render_table

_CELL_SPLIT = re.compile(r"\s*[|｜\t]\s*")
_NUMBER = re.compile(r"^\d{1,3}[.．、]?$")
_MAX_HEADER_CELL = 8
_SECTION_ROW = re.compile(r"^[一二三四五六七八九十]+、[^|｜\t]{1,40}$")


def _pipe_cells(line: str) -> list[str] | None:
    if "|" not in line and "｜" not in line and "\t" not in line:
        return None
    cells = _CELL_SPLIT.split(line.strip().strip("|｜").strip())
    return cells if len(cells) >= 2 else None


def _pipe_table(lines: list[str], at: int) -> tuple[list[list[str]], int] | None:
    """`序号 | 工作任务 | 牵头单位 | … |` then one row per line."""
    header = _pipe_cells(lines[at])
    if not header or not is_task_header(header):
        return None
    rows = [header]
    end = at + 1
    while end < len(lines):
        cells = _pipe_cells(lines[end])
        if cells is None and _SECTION_ROW.match(lines[end]):
            cells = [lines[end]]  # `一、依法全面履行政府职能` spanning the row, its empty cells stripped away
        if cells is None:
            break
        rows.append(cells)
        end += 1
    return rows, end


def _cell_header(lines: list[str], at: int) -> list[str] | None:
    """Three or more short lines that together name a task table's columns."""
    header: list[str] = []
    for line in lines[at : at + 10]:
        if len(line) > _MAX_HEADER_CELL or re.search(r"[\d。,，;；:：]", line):
            break
        header.append(line)
    while len(header) >= 3:
        if is_task_header(header):
            return header
        header.pop()
    return None


def _cell_table(lines: list[str], at: int) -> tuple[list[list[str]], int] | None:
    """One cell per line after a header, rows told apart by their 序号 (1, 2, 3 …)."""
    header = _cell_header(lines, at)
    if header is None or not re.match(r"序号|编号|序", header[0]):
        return None
    width = len(header)
    rows = [header]
    i = at + width
    expected = 1
    while i < len(lines) and _NUMBER.match(lines[i]) and int(lines[i].rstrip(".．、")) == expected:
        following = (
            end
            for end in range(i + 1, min(len(lines), i + width + 3))
            if _NUMBER.match(lines[end]) and int(lines[end].rstrip(".．、")) == expected + 1
        )
        end = next(following, min(len(lines), i + width))  # the last row takes exactly one cell per column
        cells = lines[i:end]
        if len(cells) > width:  # a task that ran over several lines: they all belong to the task column
            extra = len(cells) - width
            cells = [cells[0], "".join(cells[1 : 2 + extra]), *cells[2 + extra :]]
        rows.append(cells + [""] * (width - len(cells)))
        i = end
        expected += 1
    return (rows, i) if len(rows) > 1 else None


def unflatten_tables(lines: list[str]) -> list[str]:
    """Lines with every flattened task table rewritten as items and labelled lines."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = _pipe_table(lines, i) or _cell_table(lines, i)
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        rows, i = found
        out.extend(render_table(rows))
    return out
