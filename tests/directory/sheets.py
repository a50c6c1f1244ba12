"""Build and read back 单位名录 workbooks the way an office would type them, for the Excel tests."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook

from dudao.directory.excel import HEADERS


def make_sheet(
    rows: Iterable[Sequence[Any]], *, headers: Sequence[str] = HEADERS, title: str = "单位名录"
) -> bytes:
    """An .xlsx with one sheet: the header row, then `rows` as given (short rows are padded by Excel)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(
    code: str = "",
    name: str = "",
    kind: str = "政府部门",
    level: str = "市级",
    parent: str = "",
    aliases: str = "",
    contact: str = "",
    phone: str = "",
    successor: str = "",
    since: Any = None,
) -> list[Any]:
    """One sheet row in the column order of the layout, with the usual kind and level filled in."""
    return [code, name, kind, level, parent, aliases, contact, phone, successor, since]


def read_back(data: bytes) -> tuple[str, list[tuple[Any, ...]]]:
    """The first sheet's title and all its rows (header included), as openpyxl reads them."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    return sheet.title, [tuple(r) for r in sheet.iter_rows(values_only=True)]
