"""Writes to the unit directory, and the directory as the notice parser sees it.

Every write is one transaction with its audit row. Bulk loads (the built-in sample directory, a JSON
or CSV file, the office's Excel sheet) share one path: rows are converted to `UnitRow`s, checked all
together against each other and against the units already in the database, and applied only when no
row is wrong — so an office never ends up with half a sheet imported.
"""

from __future__ import annotations

import datetime
import os
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from dudao.audit.services import record
from dudao.directory import excel
from dudao.directory.models import Unit, UnitAlias
from dudao.ingest import UnitDirectory
from dudao.ingest.units import DirectoryUnit

# A code travels in URLs (/directory/<code>/) and spreadsheets, so it stays a plain slug; `import` is a page.
CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
RESERVED_CODES = frozenset({"import", "export", "new"})
NAME_MAX = 100
CONTACT_MAX = 50
DIRECTORY_MAX_BYTES = 5 * 1024 * 1024
# The fields an office edits on the unit's page; successor and aliases have their own services.
EDITABLE_FIELDS = ("name", "kind", "level", "parent", "contact_person", "contact_phone")


# --- reading -----------------------------------------------------------------------------------------


def units_queryset(query: str = "") -> QuerySet[Unit]:
    """The directory as the list page, the export and the search show it: parents, successors and aliases
    loaded up front (three queries however many units), optionally narrowed to a name, alias or code."""
    # Aliases in the order they were typed, which is how the sheet lists them.
    aliases = Prefetch("aliases", queryset=UnitAlias.objects.order_by("pk"))
    qs = Unit.objects.select_related("parent", "successor").prefetch_related(aliases)
    query = query.strip()
    if query:
        by_alias = UnitAlias.objects.filter(name__icontains=query).values("unit_id")
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(code__icontains=query)
            | Q(contact_person__icontains=query)
            | Q(pk__in=by_alias)
        )
    return qs.order_by("sort_order", "name")


def ingest_directory() -> UnitDirectory:
    """The office's directory as the parser's `UnitDirectory`, so an uploaded notice resolves its unit names
    against the real units, aliases, parents and successors (codes become the parser's ids).

    Two queries, no cache: building it takes about a millisecond for a city's few hundred units.
    """
    rows = list(
        Unit.objects.order_by("sort_order", "name").values_list(
            "pk", "code", "name", "kind", "level", "parent_id", "successor_id", "successor_from"
        )
    )
    aliases: dict[int, list[str]] = {}
    for unit_id, name in UnitAlias.objects.order_by("pk").values_list("unit_id", "name"):
        aliases.setdefault(unit_id, []).append(name)
    code_of = {pk: code for pk, code, *_ in rows}
    return UnitDirectory(
        DirectoryUnit(
            id=code,
            name=name,
            aliases=tuple(aliases.get(pk, ())),
            kind=kind,
            level=level,
            parent=code_of.get(parent_id) if parent_id else None,
            successor=code_of.get(successor_id) if successor_id else None,
            successor_from=successor_from,
        )
        for pk, code, name, kind, level, parent_id, successor_id, successor_from in rows
    )


def _verbose_name(field_name: str) -> str:
    field = Unit._meta.get_field(field_name)
    return str(getattr(field, "verbose_name", field_name))


def name_conflict(name: str, *, unit: Unit | None = None) -> str | None:
    """Why `name` cannot become a name or alias of `unit`: another unit already goes by it (the parser
    needs every name to mean one unit). None when the name is free."""
    others = Unit.objects.filter(name=name)
    other = (others.exclude(pk=unit.pk) if unit is not None else others).first()
    if other is not None:
        return _("“%(name)s”已是单位“%(unit)s”的名称") % {"name": name, "unit": other.name}
    alias = UnitAlias.objects.select_related("unit").filter(name=name).first()
    if alias is not None and alias.unit_id != getattr(unit, "pk", None):
        return _("“%(name)s”已是单位“%(unit)s”的别名") % {"name": name, "unit": alias.unit.name}
    return None


def chain_reaches(start: Unit | None, target: Unit, link: str) -> bool:
    """Whether following `link` (parent or successor) from `start` reaches `target`: a cycle in waiting."""
    seen: set[int] = set()
    unit = start
    while unit is not None and unit.pk not in seen:
        if unit.pk == target.pk:
            return True
        seen.add(unit.pk)
        unit = getattr(unit, link)
    return False


# --- single-unit edits -------------------------------------------------------------------------------


def _display(value: Any) -> Any:
    """An audit-log value: units by name, dates as ISO text, everything else as it is."""
    if isinstance(value, Unit):
        return value.name
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def update_unit(unit: Unit, data: Mapping[str, Any], *, by: Any, request: HttpRequest | None = None) -> Unit:
    """Change a unit's name, kind, level, parent or contact; records `unit.update` with old and new values.

    Refuses (ValidationError) a name another unit goes by and a parent that would make a loop.
    Nothing is written when nothing changed.
    """
    changes: dict[str, list[Any]] = {}
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        old, new = getattr(unit, name), data[name]
        if old != new:
            changes[name] = [_display(old), _display(new)]
    if not changes:
        return unit
    if "name" in changes and (problem := name_conflict(data["name"], unit=unit)):
        raise ValidationError({"name": problem})
    if "parent" in changes and data["parent"] is not None and chain_reaches(data["parent"], unit, "parent"):
        raise ValidationError({"parent": _("上级单位不能是本单位或本单位的下级单位")})
    with transaction.atomic():
        for name in changes:
            setattr(unit, name, data[name])
        unit.save(update_fields=list(changes))
        labels = "、".join(_verbose_name(name) for name in changes)
        record(
            by,
            "unit.update",
            unit,
            summary=_("修改单位“%(unit)s”：%(fields)s") % {"unit": unit.name, "fields": labels},
            changes=changes,
            request=request,
        )
    return unit


def add_alias(unit: Unit, name: str, *, by: Any, request: HttpRequest | None = None) -> UnitAlias:
    """Give a unit another name a notice may print (市政府法制办 for 市政府法制办公室); `unit.add_alias`."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写别名")})
    if name == unit.name:
        raise ValidationError({"name": _("别名与单位名称相同")})
    if problem := name_conflict(name, unit=unit):
        raise ValidationError({"name": problem})
    with transaction.atomic():
        alias, created = UnitAlias.objects.get_or_create(unit=unit, name=name)
        if created:
            record(
                by,
                "unit.add_alias",
                unit,
                summary=_("为单位“%(unit)s”添加别名“%(name)s”") % {"unit": unit.name, "name": name},
                changes={"aliases": [None, name]},
                request=request,
            )
    return alias


def remove_alias(unit: Unit, name: str, *, by: Any, request: HttpRequest | None = None) -> bool:
    """Drop one of a unit's aliases; `unit.remove_alias`. False when the unit had no such alias."""
    with transaction.atomic():
        deleted, _by_model = UnitAlias.objects.filter(unit=unit, name=name).delete()
        if deleted:
            record(
                by,
                "unit.remove_alias",
                unit,
                summary=_("删除单位“%(unit)s”的别名“%(name)s”") % {"unit": unit.name, "name": name},
                changes={"aliases": [name, None]},
                request=request,
            )
    return bool(deleted)


def set_successor(
    unit: Unit,
    successor: Unit | None,
    from_date: datetime.date | None,
    *,
    by: Any,
    request: HttpRequest | None = None,
) -> Unit:
    """Record that `successor` carries `unit`'s work from `from_date` (an institutional reform), or clear it
    with `successor=None`; `unit.set_successor`. History keeps the old unit and its name."""
    if successor is None:
        from_date = None
    elif from_date is None:
        raise ValidationError({"successor_from": _("请填写承继生效日期")})
    elif successor.pk == unit.pk:
        raise ValidationError({"successor": _("承继单位不能是本单位")})
    elif chain_reaches(successor, unit, "successor"):
        raise ValidationError({"successor": _("承继关系形成循环：该单位已经（间接）由本单位承继")})
    old = [_display(unit.successor), _display(unit.successor_from)]
    new = [_display(successor), _display(from_date)]
    if old == new:
        return unit
    with transaction.atomic():
        unit.successor, unit.successor_from = successor, from_date
        unit.save(update_fields=["successor", "successor_from"])
        summary = (
            _("单位“%(unit)s”自 %(date)s 起由“%(successor)s”承继")
            % {"unit": unit.name, "date": from_date.isoformat(), "successor": successor.name}
            if successor is not None and from_date is not None
            else _("取消单位“%(unit)s”的承继单位") % {"unit": unit.name}
        )
        record(
            by,
            "unit.set_successor",
            unit,
            summary=summary,
            changes={"successor": [old[0], new[0]], "successor_from": [old[1], new[1]]},
            request=request,
        )
    return unit


def supervision_office_name() -> str:
    """The issuer printed on orders and bulletins, 驻马店市法治政府建设领导小组办公室: named after the
    government at the top of the directory."""
    city = (
        Unit.objects.filter(kind=Unit.Kind.GOVERNMENT, parent__isnull=True)
        .order_by("sort_order", "pk")
        .values_list("name", flat=True)
        .first()
    )
    place = city.removesuffix("人民政府") if city else ""
    return _("%(place)s法治政府建设领导小组办公室") % {"place": place}


# --- bulk loads: one checked path for JSON, CSV and Excel ---------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an uploaded sheet; `row` None means the file as a whole."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("第 %(row)s 行") % {"row": self.row} if self.row is not None else _("文件")
        column = f"【{self.column}】" if self.column else ""
        return f"{where}{column}：{self.message}"


@dataclass(frozen=True)
class LoadSummary:
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    def __str__(self) -> str:
        return _("新增 %(created)s 个单位，更新 %(updated)s 个，未变 %(unchanged)s 个") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


@dataclass(frozen=True)
class ImportResult:
    """What an import did: its summary when it was applied, or every row's problems when nothing was."""

    errors: tuple[RowError, ...] = ()
    summary: LoadSummary | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class DirectoryInvalid(ValueError):
    """A directory file with bad rows; the message lists every one, so the file can be fixed in one go."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = tuple(errors)
        super().__init__(_("单位名录有误：") + "；".join(map(str, self.errors)))


@dataclass
class UnitRow:
    """One unit as a file states it; parent and successor by code. `None` contact fields leave the
    unit's contact as it is (the JSON directory carries none)."""

    row: int
    code: str
    name: str
    kind: str
    level: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    contact_person: str | None = None
    contact_phone: str | None = None
    successor: str | None = None
    successor_from: datetime.date | None = None
    sort_order: int = 0


@dataclass
class _Existing:
    """The units already in the database, read in two queries, as codes and names."""

    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def read(cls) -> _Existing:
        fields = (
            "pk",
            "code",
            "name",
            "kind",
            "level",
            "parent_id",
            "successor_id",
            "successor_from",
            "contact_person",
            "contact_phone",
            "sort_order",
        )
        rows = list(Unit.objects.values(*fields))
        code_of = {row["pk"]: row["code"] for row in rows}
        state = cls()
        for row in rows:
            row["parent"] = code_of.get(row["parent_id"])
            row["successor"] = code_of.get(row["successor_id"])
            state.units[row["code"]] = row
        for code, name in UnitAlias.objects.order_by("pk").values_list("unit__code", "name"):
            state.aliases.setdefault(code, []).append(name)
        return state

    def code_named(self, name: str) -> str | None:
        return next((code for code, unit in self.units.items() if unit["name"] == name), None)


_KINDS = dict(Unit.Kind.choices)
_LEVELS = dict(Unit.Level.choices)


def _snapshot(row: UnitRow, existing: Mapping[str, Any] | None, aliases: Iterable[str]) -> dict[str, Any]:
    """A unit's comparable state as the row would leave it (contact untouched when the row has none)."""
    old = existing or {}
    return {
        "name": row.name,
        "kind": row.kind,
        "level": row.level,
        "parent": row.parent,
        "aliases": sorted(aliases),
        "contact_person": old.get("contact_person", "") if row.contact_person is None else row.contact_person,
        "contact_phone": old.get("contact_phone", "") if row.contact_phone is None else row.contact_phone,
        "successor": row.successor,
        "successor_from": row.successor_from,
        "sort_order": row.sort_order,
    }


def _stored(unit: Mapping[str, Any], aliases: Iterable[str]) -> dict[str, Any]:
    return {
        "name": unit["name"],
        "kind": unit["kind"],
        "level": unit["level"],
        "parent": unit["parent"],
        "aliases": sorted(aliases),
        "contact_person": unit["contact_person"],
        "contact_phone": unit["contact_phone"],
        "successor": unit["successor"],
        "successor_from": unit["successor_from"],
        "sort_order": unit["sort_order"],
    }


def _check_row(row: UnitRow, errors: list[RowError]) -> None:
    """The checks that need only the row itself."""

    def bad(column: str, message: str) -> None:
        errors.append(RowError(row.row, column, message))

    if not CODE_RE.fullmatch(row.code):
        bad(
            "编码",
            _("编码“%(code)s”只能由字母、数字、连字符和下划线组成，最长 64 个字符") % {"code": row.code},
        )
    elif row.code.lower() in RESERVED_CODES:
        bad("编码", _("编码“%(code)s”是系统保留字，请换一个") % {"code": row.code})
    if not row.name:
        bad("单位名称", _("请填写单位名称"))
    elif len(row.name) > NAME_MAX:
        bad("单位名称", _("单位名称不能超过 %(max)s 个字") % {"max": NAME_MAX})
    if row.kind not in _KINDS:
        bad(
            "单位类型",
            _("单位类型应为以下之一：%(choices)s") % {"choices": "、".join(map(str, _KINDS.values()))},
        )
    if row.level not in _LEVELS:
        bad("层级", _("层级应为以下之一：%(choices)s") % {"choices": "、".join(map(str, _LEVELS.values()))})
    for alias in row.aliases:
        if len(alias) > NAME_MAX:
            bad(
                "别名(以、分隔)",
                _("别名“%(name)s…”不能超过 %(max)s 个字") % {"name": alias[:20], "max": NAME_MAX},
            )
    for column, value in (("联系人", row.contact_person), ("联系电话", row.contact_phone)):
        if value is not None and len(value) > CONTACT_MAX:
            bad(column, _("%(column)s不能超过 %(max)s 个字") % {"column": column, "max": CONTACT_MAX})
    if row.parent is not None and row.parent == row.code:
        bad("上级单位", _("上级单位不能是本单位"))
    if row.successor is not None and row.successor == row.code:
        bad("改革后承继单位", _("承继单位不能是本单位"))
    if row.successor is not None and row.successor_from is None:
        bad("承继生效日期", _("填写了改革后承继单位，请同时填写承继生效日期"))
    if row.successor is None and row.successor_from is not None:
        bad("改革后承继单位", _("填写了承继生效日期，请同时填写改革后承继单位"))


def _check(rows: Sequence[UnitRow], existing: _Existing) -> list[RowError]:
    """Every problem of every row: the rows' own fields, then codes, names and aliases against each other
    and against the units outside the file, then parent and successor links (known, and no loops)."""
    errors: list[RowError] = []
    for row in rows:
        _check_row(row, errors)

    first_row: dict[str, int] = {}
    for row in rows:
        if row.code in first_row:
            errors.append(
                RowError(
                    row.row,
                    "编码",
                    _("编码“%(code)s”与第 %(row)s 行重复") % {"code": row.code, "row": first_row[row.code]},
                )
            )
        else:
            first_row[row.code] = row.row

    # Who goes by each name: units outside the file keep their names and aliases; units in it take the file's.
    owners: dict[str, tuple[str, int | None]] = {}
    for code, unit in existing.units.items():
        if code not in first_row:
            for name in (unit["name"], *existing.aliases.get(code, ())):
                owners[name] = (code, None)
    for row in rows:
        for column, name in (("单位名称", row.name), *(("别名(以、分隔)", a) for a in row.aliases)):
            owner = owners.get(name)
            if owner is None:
                owners[name] = (row.code, row.row)
            elif owner[0] != row.code:
                where = (
                    _("第 %(row)s 行的单位") % {"row": owner[1]}
                    if owner[1] is not None
                    else _("系统中的单位“%(unit)s”") % {"unit": existing.units[owner[0]]["name"]}
                )
                errors.append(
                    RowError(
                        row.row,
                        column,
                        _("“%(name)s”已被%(where)s使用，同一名称只能指一个单位")
                        % {"name": name, "where": where},
                    )
                )

    links = {
        "parent": {code: unit["parent"] for code, unit in existing.units.items()},
        "successor": {code: unit["successor"] for code, unit in existing.units.items()},
    }
    for row in rows:
        links["parent"][row.code] = row.parent
        links["successor"][row.code] = row.successor
    known = set(existing.units) | set(first_row)
    for link, column, noun in (
        ("parent", "上级单位", _("上级单位")),
        ("successor", "改革后承继单位", _("承继单位")),
    ):
        for row in rows:
            target = getattr(row, link)
            if target is None or target == row.code:
                continue
            if target not in known:
                errors.append(
                    RowError(
                        row.row,
                        column,
                        _("%(noun)s编码“%(code)s”不在单位名录中") % {"noun": noun, "code": target},
                    )
                )
                continue
            seen = [row.code]
            step: str | None = target
            while step is not None and step not in seen:
                seen.append(step)
                step = links[link].get(step)
            if step == row.code:
                errors.append(
                    RowError(
                        row.row,
                        column,
                        _("%(noun)s形成循环：%(chain)s") % {"noun": noun, "chain": " → ".join([*seen, step])},
                    )
                )
    return sorted(errors, key=lambda e: e.row or 0)


def _apply(
    rows: Sequence[UnitRow],
    existing: _Existing,
    *,
    by: Any,
    event: str,
    source: str,
    request: HttpRequest | None,
) -> LoadSummary:
    """Write checked rows: upsert by code, aliases exactly as stated; one transaction, one audit row."""
    created: list[str] = []
    updated: dict[str, dict[str, list[Any]]] = {}
    unchanged: list[str] = []
    pending: list[UnitRow] = []
    for row in rows:
        old = existing.units.get(row.code)
        new = _snapshot(row, old, row.aliases)
        if old is None:
            created.append(row.code)
        else:
            before = _stored(old, existing.aliases.get(row.code, ()))
            diff = {k: [_display(before[k]), _display(new[k])] for k in new if before[k] != new[k]}
            if not diff:
                unchanged.append(row.code)
                continue
            updated[row.code] = diff
        pending.append(row)

    with transaction.atomic():
        units = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in pending])}
        # Names may move between the file's units (a swap, an alias becoming a name): free them first.
        desired = {row.code: set(row.aliases) for row in pending}
        stale = [
            pk
            for pk, code, name in UnitAlias.objects.filter(unit__code__in=desired).values_list(
                "pk", "unit__code", "name"
            )
            if name not in desired[code]
        ]
        UnitAlias.objects.filter(pk__in=stale).delete()
        renamed = [u for code, u in units.items() if "name" in updated.get(code, {})]
        for unit in renamed:
            unit.name = f"~{unit.code}"
            unit.save(update_fields=["name"])

        for row in pending:
            unit = units.get(row.code) or Unit(code=row.code)
            unit.name, unit.kind, unit.level, unit.sort_order = row.name, row.kind, row.level, row.sort_order
            if row.contact_person is not None:
                unit.contact_person = row.contact_person
            if row.contact_phone is not None:
                unit.contact_phone = row.contact_phone
            if unit.pk is None:
                unit.save()
            units[row.code] = unit

        targets = {code for row in pending for code in (row.parent, row.successor) if code} - set(units)
        pks = dict(Unit.objects.filter(code__in=targets).values_list("code", "pk"))
        pks.update((code, unit.pk) for code, unit in units.items())
        for row in pending:
            unit = units[row.code]
            unit.parent_id = pks[row.parent] if row.parent else None
            unit.successor_id = pks[row.successor] if row.successor else None
            unit.successor_from = row.successor_from if row.successor else None
            unit.save()

        have = set(UnitAlias.objects.filter(unit__code__in=desired).values_list("unit__code", "name"))
        UnitAlias.objects.bulk_create(
            UnitAlias(unit=units[row.code], name=alias)
            for row in pending
            for alias in row.aliases
            if (row.code, alias) not in have
        )
        summary = LoadSummary(tuple(created), tuple(updated), tuple(unchanged))
        record(
            by,
            event,
            None,
            summary=_("%(source)s：%(summary)s") % {"source": source, "summary": summary},
            changes={"created": list(created), "updated": updated},
            request=request,
        )
    return summary


def _row_from_directory_unit(number: int, unit: DirectoryUnit) -> UnitRow:
    return UnitRow(
        row=number,
        code=unit.id,
        name=unit.name,
        kind=unit.kind,
        level=unit.level,
        parent=unit.parent,
        aliases=unit.aliases,
        successor=unit.successor,
        successor_from=unit.successor_from,
        sort_order=number * 10,
    )


def load_directory(units: Iterable[DirectoryUnit] | str | os.PathLike[str], *, by: Any = None) -> LoadSummary:
    """Upsert units by code from the parser's `DirectoryUnit`s or a JSON/CSV directory file; idempotent.

    Each unit's name, kind, level, parent, aliases and successor become exactly what the source states
    (contacts are kept: these sources carry none); units the source does not mention stay as they are.
    Raises `DirectoryInvalid` listing every bad row, or `BadDirectory` for an unreadable file.
    """
    source = _("加载单位名录")
    if isinstance(units, (str, os.PathLike)):
        source = _("加载单位名录 %(file)s") % {"file": Path(units).name}
        units = UnitDirectory.load(units).units()
    rows = [_row_from_directory_unit(number, unit) for number, unit in enumerate(units, 1)]
    existing = _Existing.read()
    errors = _check(rows, existing)
    if errors:
        raise DirectoryInvalid(errors)
    return _apply(rows, existing, by=by, event="directory.load", source=source, request=None)


def load_builtin_directory(*, by: Any = None) -> LoadSummary:
    """The sample city's directory (驻马店市, `dudao/ingest/data/zhumadian_directory.json`); ids become codes."""
    return load_directory(UnitDirectory.builtin().units(), by=by)


# --- Excel ---------------------------------------------------------------------------------------------


def _choice(value: str, choices: Mapping[str, Any]) -> str:
    """A kind or level as the sheet writes it (its Chinese label, or the stored value) → the stored value."""
    for stored, label in choices.items():
        if value in (str(label), stored):
            return stored
    return value


def _rows_from_sheet(
    sheet: Sequence[excel.SheetRow], existing: _Existing
) -> tuple[list[UnitRow], list[RowError]]:
    """Sheet rows → `UnitRow`s: labels to stored values, parent and successor names to codes.

    A row without a code is the existing unit of that name, or a new unit with a generated code.
    Parent and successor may be written as any name or alias the file or the database knows.
    """
    errors: list[RowError] = []
    rows: list[UnitRow] = []
    for position, line in enumerate(sheet, 1):
        cells = line.cells
        name = excel.text(cells.get("单位名称"))
        code = excel.text(cells.get("编码")) or existing.code_named(name) or f"u-{uuid.uuid4().hex[:10]}"
        since, problem = excel.date(cells.get("承继生效日期"))
        if problem:
            errors.append(RowError(line.row, "承继生效日期", problem))
        rows.append(
            UnitRow(
                row=line.row,
                code=code,
                name=name,
                kind=_choice(excel.text(cells.get("单位类型")), _KINDS),
                level=_choice(excel.text(cells.get("层级")), _LEVELS),
                aliases=tuple(a for a in excel.split_aliases(cells.get("别名(以、分隔)")) if a != name),
                contact_person=excel.text(cells.get("联系人")),
                contact_phone=excel.text(cells.get("联系电话")),
                successor_from=since,
                sort_order=position * 10,
            )
        )
    in_sheet = {row.code for row in rows}
    names: dict[str, str] = {}
    for code, unit in existing.units.items():
        if code not in in_sheet:
            names.setdefault(unit["name"], code)
            for alias in existing.aliases.get(code, ()):
                names.setdefault(alias, code)
    for row in rows:
        names[row.name] = row.code
    for row in rows:
        for alias in row.aliases:
            names.setdefault(alias, row.code)
    for row, line in zip(rows, sheet, strict=True):
        for attr, column in (("parent", "上级单位"), ("successor", "改革后承继单位")):
            written = excel.text(line.cells.get(column))
            if not written:
                continue
            target = names.get(written)
            if target is None:
                errors.append(
                    RowError(
                        line.row,
                        column,
                        _("“%(name)s”不在单位名录中（本表和系统中都没有这个名称）") % {"name": written},
                    )
                )
                if attr == "successor":
                    row.successor_from = None  # reported once, as the unknown name
            setattr(row, attr, target)
    return rows, errors


def _read_bytes(file: bytes | IO[bytes] | str | os.PathLike[str]) -> bytes:
    if isinstance(file, bytes):
        return file
    if isinstance(file, (str, os.PathLike)):
        return Path(file).read_bytes()
    if hasattr(file, "chunks"):  # an UploadedFile: read in chunks, whatever its storage
        return b"".join(file.chunks())
    return file.read()


def _error_order(error: RowError) -> tuple[int, int]:
    column = excel.HEADERS.index(error.column) if error.column in excel.HEADERS else len(excel.HEADERS)
    return (error.row or 0, column)


def import_directory_xlsx(
    file: bytes | IO[bytes] | str | os.PathLike[str], *, by: Any, request: HttpRequest | None = None
) -> ImportResult:
    """Import the office's 单位名录 sheet (the layout `export_directory_xlsx` writes); `directory.import`.

    Every row is checked first; when any row is wrong nothing is written and the result lists each
    problem with its row number in Chinese. Otherwise the rows are upserted by code in one transaction
    (aliases become exactly the cell's list; units the sheet leaves out stay as they are).
    """
    data = _read_bytes(file)
    if len(data) > DIRECTORY_MAX_BYTES:
        return ImportResult(
            errors=(
                RowError(None, "", _("文件超过 %(max)s MB") % {"max": DIRECTORY_MAX_BYTES // 1024 // 1024}),
            )
        )
    try:
        sheet = excel.read_sheet(data)
    except excel.SheetError as error:
        return ImportResult(errors=(RowError(error.row, "", error.message),))
    if not sheet:
        return ImportResult(errors=(RowError(None, "", _("表中没有单位")),))
    existing = _Existing.read()
    rows, errors = _rows_from_sheet(sheet, existing)
    # One problem a cell: a date that could not be read is not also reported as missing.
    first_per_cell = {(e.row, e.column): e for e in reversed([*errors, *_check(rows, existing)])}
    errors = sorted(first_per_cell.values(), key=_error_order)
    if errors:
        return ImportResult(errors=tuple(errors))
    source = (_("导入单位名录 %(file)s") % {"file": Path(str(getattr(file, "name", "") or "")).name}).strip()
    summary = _apply(rows, existing, by=by, event="directory.import", source=source, request=request)
    return ImportResult(summary=summary)


def export_directory_xlsx() -> bytes:
    """The whole directory as one sheet 单位名录 in the import layout; every text cell formula-escaped."""
    return excel.build_workbook(units_queryset())


def export_directory(*, by: Any, request: HttpRequest | None = None) -> bytes:
    """The download behind the list page's export button; records `directory.export`."""
    data = export_directory_xlsx()
    record(by, "directory.export", None, summary=_("导出单位名录"), request=request)
    return data
