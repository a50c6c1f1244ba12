"""The unit directory as plan review and publication need it: for the parser, and as groups of units.

Everything here reads the directory once (one or two queries) and works in memory, so a review screen
of 38 tasks does not ask the database about each unit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from dudao.directory.models import Unit
from dudao.directory.services import ingest_directory
from dudao.ingest import UnitDirectory

_DEPARTMENT_KINDS = (Unit.Kind.DEPARTMENT, Unit.Kind.OTHER)
_GOVERNMENT_KINDS = (Unit.Kind.GOVERNMENT, Unit.Kind.COMMITTEE)
# Words that make a placeholder mean subordinate governments rather than departments: 各县区政府, 各地.
_GOVERNMENT_WORDS = ("县", "区", "政府", "管委会", "乡", "镇", "街道", "各地")
_DEPARTMENT_WORDS = ("部门", "单位", "机关")


def notice_directory() -> UnitDirectory:
    """The database directory in the parser's shape, ids being unit codes (the directory app owns it)."""
    return ingest_directory()


@dataclass(frozen=True)
class UnitIndex:
    """All units, loaded once, with the questions review and publication ask of them."""

    units: tuple[Unit, ...]

    @classmethod
    def load(cls) -> UnitIndex:
        return cls(tuple(Unit.objects.order_by("sort_order", "name")))

    def by_code(self) -> dict[str, Unit]:
        return {unit.code: unit for unit in self.units}

    @cached_property
    def _by_pk(self) -> dict[int, Unit]:
        return {unit.pk: unit for unit in self.units}

    def existing(self, on: datetime.date | None, *, known: Iterable[Unit] = ()) -> list[Unit]:
        """Units that exist on `on`: not yet replaced by a successor, and not a successor still to come.

        The directory has no founding dates, so a successor of a later reform counts as not yet founded
        (市市场监督管理局 in April 2018) unless `known` says otherwise — a unit the notice itself names
        existed then (市司法局, which absorbed 市政府法制办公室 only later).
        """
        if on is None:
            return list(self.units)
        named = {u.pk for u in known}
        to_come = {u.successor_id for u in self.units if u.successor_from and u.successor_from > on} - named
        return [
            u
            for u in self.units
            if u.pk not in to_come and not (u.successor_id and u.successor_from and u.successor_from <= on)
        ]

    def current(self, unit: Unit, on: datetime.date | None) -> Unit:
        """The unit that carries `unit`'s work on `on`: a 2019 notice naming 市政府法制办公室 means 市司法局."""
        seen = {unit.pk}
        while on and unit.successor_id and unit.successor_from and unit.successor_from <= on:
            successor = self._by_pk.get(unit.successor_id)
            if successor is None or successor.pk in seen:
                break
            seen.add(successor.pk)
            unit = successor
        return unit

    def is_subordinate_government(self, unit: Unit) -> bool:
        """`Unit.is_subordinate_government`, answered from memory: a government under the root government."""
        parent = self._by_pk.get(unit.parent_id) if unit.parent_id else None
        return unit.kind in _GOVERNMENT_KINDS and parent is not None and parent.parent_id is None

    def subordinate_governments(self, on: datetime.date | None) -> list[Unit]:
        """Every county, district and zone committee: who carries 县级人民政府按职责分工分别负责."""
        by_pk = self._by_pk
        return [
            u
            for u in self.existing(on)
            if u.kind in _GOVERNMENT_KINDS
            and u.parent_id is not None
            and by_pk.get(u.parent_id) is not None
            and by_pk[u.parent_id].parent_id is None
        ]

    def city_departments(self, on: datetime.date | None, *, known: Iterable[Unit] = ()) -> list[Unit]:
        """The city's own departments (not party organs, not governments) that exist on `on`."""
        return [
            u
            for u in self.existing(on, known=known)
            if u.kind in _DEPARTMENT_KINDS and u.level == Unit.Level.CITY and not self._is_root(u)
        ]

    def default_expansion(
        self, placeholder: str, on: datetime.date | None, *, known: Iterable[Unit] = ()
    ) -> list[Unit]:
        """What a placeholder most likely means: 各有关部门 → the city's departments; 各县区政府 → the
        subordinate governments; 各地各部门 → both. The office confirms or changes it."""
        departments = any(word in placeholder for word in _DEPARTMENT_WORDS)
        governments = any(word in placeholder for word in _GOVERNMENT_WORDS) and not (
            departments and "各地" not in placeholder
        )
        out = self.city_departments(on, known=known) if departments or not governments else []
        if governments:
            out += self.subordinate_governments(on)
        return out

    def groups(self, units: Iterable[Unit] | None = None) -> list[tuple[str, list[Unit]]]:
        """Units as a picker shows them: departments, party organs, subordinate governments, others."""
        named: dict[str, list[Unit]] = {"departments": [], "party": [], "governments": [], "others": []}
        for unit in self.units if units is None else units:
            if self.is_subordinate_government(unit):
                named["governments"].append(unit)
            elif self._is_root(unit):
                named["others"].append(unit)
            elif unit.kind in _DEPARTMENT_KINDS and unit.level == Unit.Level.CITY:
                named["departments"].append(unit)
            elif unit.kind == Unit.Kind.PARTY:
                named["party"].append(unit)
            else:
                named["others"].append(unit)
        labels = {
            "departments": _("市直部门"),
            "party": _("党委机关"),
            "governments": _("县级政府"),
            "others": _("其他单位"),
        }
        return [(labels[key], members) for key, members in named.items() if members]

    def choices(self, units: Iterable[Unit] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
        """Grouped (code, name) choices for a form field, of all units or of `units`."""
        return [(label, [(u.code, u.name) for u in members]) for label, members in self.groups(units)]

    def _is_root(self, unit: Unit) -> bool:
        """The city government and the party committee themselves: no parent, and a government or party."""
        return unit.parent_id is None and unit.kind in (Unit.Kind.GOVERNMENT, Unit.Kind.PARTY)
