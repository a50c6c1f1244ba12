"""The directory as an Excel sheet, in the layout an office fills in by hand.

One sheet, 单位名录, one unit a row; parent and successor are written by name, kind and level by their
Chinese labels, aliases in one cell separated by 、. The column specs are data (`COLUMNS`); the
export writes them, the import reads them back by header. Every text cell the export writes is
formula-escaped, so a name or phone number such as `=HYPERLINK(…)` or `+86…` stays text when the
office opens the file; the import removes that escape again.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dudao.directory.models import Unit
from dudao.ingest.errors import IngestError
from dudao.ingest.readers.zipguard import check_zip

SHEET_TITLE = "单位名录"
MAX_ROWS = 5000
# Excel reads a cell that starts with one of these as a formula (tab and CR too, in some versions).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ALIAS_SPLIT_RE = re.compile(r"[、;；,，|｜\n]")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable[[Unit], Any]


COLUMNS: tuple[Column, ...] = (
    Column("编码", 16, lambda u: u.code),
    Column("单位名称", 32, lambda u: u.name),
    Column("单位类型", 12, lambda u: u.get_kind_display()),
    Column("层级", 8, lambda u: u.get_level_display()),
    Column("上级单位", 24, lambda u: u.parent.name if u.parent else ""),
    Column("别名(以、分隔)", 48, lambda u: "、".join(a.name for a in u.aliases.all())),
    Column("联系人", 10, lambda u: u.contact_person),
    Column("联系电话", 16, lambda u: u.contact_phone),
    Column("改革后承继单位", 24, lambda u: u.successor.name if u.successor else ""),
    Column("承继生效日期", 14, lambda u: u.successor_from),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)


def escape(value: str) -> str:
    """Text Excel will not run: a leading =, +, -, @, tab or CR gets a ' in front; control characters
    that the xlsx format cannot hold are dropped."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def unescape(value: str) -> str:
    """The inverse of `escape`, for a sheet that comes back: `'+86 396…` → `+86 396…`."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def build_workbook(units: Iterable[Unit]) -> bytes:
    """The .xlsx bytes: a bold frozen header, column widths, drop-down lists for kind and level."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(HEADERS)
    header_fill = PatternFill("solid", fgColor="EEF2F7")
    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for unit in units:
        row = []
        for column in COLUMNS:
            value = column.value(unit)
            row.append(escape(value) if isinstance(value, str) else value)
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(sheet.max_row, 2)}"
    for header, choices in (("单位类型", Unit.Kind), ("层级", Unit.Level)):
        letter = get_column_letter(HEADERS.index(header) + 1)
        labels = ",".join(str(label) for label in choices.labels)
        validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
        validation.error = _("请从下拉列表中选择%(column)s") % {"column": header}
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reading a sheet back -------------------------------------------------------------------------------


class SheetError(ValueError):
    """The file as a whole cannot be read as a directory sheet (not an .xlsx, no header …)."""

    def __init__(self, message: str, row: int | None = None) -> None:
        self.message, self.row = message, row
        super().__init__(message)


@dataclass(frozen=True)
class SheetRow:
    """One non-empty row: its number in Excel (the header is row 1) and its cells by header."""

    row: int
    cells: dict[str, Any]


def _header(value: Any) -> str:
    """`别名（以、分隔）`, `别名(以、分隔)` and `别名` are the same column; so are spaces around a header."""
    text = str(value or "").strip()
    bare = re.split(r"[(（]", text, maxsplit=1)[0].strip()
    for header in HEADERS:
        if text == header or bare == re.split(r"[(（]", header, maxsplit=1)[0]:
            return header
    return text


def read_sheet(data: bytes) -> list[SheetRow]:
    """The rows of the 单位名录 sheet (or the first sheet), by header; blank rows skipped.

    Raises `SheetError` for a file that is no .xlsx, a zip bomb, a header without the layout's columns,
    or more than `MAX_ROWS` rows.
    """
    if data[:4] != b"PK\x03\x04":
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise SheetError(_("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再上传"))
        raise SheetError(_("文件不是 Excel 工作簿（.xlsx），请使用导出的名录模板"))
    try:
        check_zip(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except IngestError as error:
        raise SheetError(_("文件已损坏或过大，无法读取")) from error
    except Exception as error:  # openpyxl raises many kinds of error for a damaged workbook
        raise SheetError(_("文件已损坏，无法作为 Excel 工作簿读取")) from error
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [_header(value) for value in next(lines, ())]
        missing = [h for h in HEADERS if h not in header]
        if missing:
            raise SheetError(
                _("表头缺少以下列：%(missing)s（第 1 行应为：%(headers)s）")
                % {"missing": "、".join(missing), "headers": " | ".join(HEADERS)},
                row=1,
            )
        rows: list[SheetRow] = []
        for number, values in enumerate(lines, 2):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise SheetError(_("行数超过 %(max)s 行，请分批导入") % {"max": MAX_ROWS})
            cells = {h: v for h, v in zip(header, values, strict=False) if h in HEADERS}
            rows.append(SheetRow(number, cells))
        return rows
    finally:
        workbook.close()


def text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0 (a phone number typed as a number), escapes removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unescape(str(value)).strip()


def split_aliases(value: Any) -> tuple[str, ...]:
    """`市政府法制办、政府法制办公室` (or ; , | and line breaks) → the names, blanks and repeats dropped."""
    return tuple(dict.fromkeys(a.strip() for a in _ALIAS_SPLIT_RE.split(text(value)) if a.strip()))


def date(value: Any) -> tuple[datetime.date | None, str | None]:
    """A date cell (an Excel date, or text 2019-01-01, 2019/1/1, 2019年1月1日) → (date, None), or
    (None, the problem in Chinese)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    written = text(value)
    match = _DATE_RE.fullmatch(written)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups())), None
        except ValueError:
            pass
    return None, _("“%(value)s”不是有效日期，请写成 2019-01-01 的格式") % {"value": written}
