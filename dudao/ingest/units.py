"""Unit names → directory units: which unit a verbatim name in a notice means.

One notice calls the same office 市政府法制办, 市政府法制办公室 and 政府法制办公室, and notices name classes
of units (各有关部门, 县级人民政府) that only the office can expand. `UnitDirectory.resolve` turns each
verbatim name into a `UnitRef`, trying in order: placeholder → exact canonical name → alias → normalised
name → fuzzy match → unresolved. The verbatim text is always kept; history shows the name as printed.

Normalisation is where the domain lives, and its phrase lists are data (`data/unit_names.json`,
`data/placeholders.json`):
- NFKC, no whitespace, one kind of bracket;
- the administrative prefix is split off and compared on its own: in a city-level notice `市发改委` and
  `发改委` are one unit, but `区政府法制办` is never `市政府法制办公室` — rapidfuzz alone cannot tell
  市 from 区, so a name whose prefix contradicts the unit's is refused at every step;
- abbreviation pairs meet at the short form: `发展和改革委员会` / `发展改革委` / `发改委`, `X办公室` / `X办`.

Pure Python: never imports Django.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from dudao.ingest.errors import BadDirectory
from dudao.ingest.model import UnitRef

KINDS = frozenset({"government", "department", "committee", "township", "party", "other"})
LEVELS = frozenset({"province", "city", "county", "township", "village"})
# Below this a fuzzy match is a guess, not a resolution: 市政府外事办公室 scores 0.83 against 市政府办公室.
FUZZY_THRESHOLD = 0.85
_CSV_COLUMNS = ("id", "name", "aliases", "kind", "level", "parent", "successor", "successor_from")
_ALIAS_SEPARATORS_RE = re.compile(r"[;；|｜、]")


def _data(name: str) -> dict[str, Any]:
    """Phrase lists ship as package data so an office's linguist can extend them without touching code."""
    text = resources.files("dudao.ingest").joinpath(f"data/{name}").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


_NAMES = _data("unit_names.json")
_PLACEHOLDERS = _data("placeholders.json")
_PARTY_PREFIXES: tuple[str, ...] = tuple(_NAMES["party_prefixes"])
_NOT_PREFIX: tuple[str, ...] = tuple(_NAMES["not_prefix"])
_ABBREVIATIONS: tuple[tuple[str, str], ...] = tuple((long, short) for long, short in _NAMES["abbreviations"])
_LEVEL_CHARS = "省市县区"


@dataclass(frozen=True, slots=True)
class DirectoryUnit:
    """One unit of a directory, with the names it goes by and, after a reform, who took over from when."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str  # government | department | committee | township | party | other
    level: str  # province | city | county | township | village
    parent: str | None = None
    successor: str | None = None  # the unit that took over this one's duties in a reform
    successor_from: date | None = None  # the day the successor took over


# --- normalisation ---------------------------------------------------------------------------------

_BRACKETS = str.maketrans(
    {"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "〈": "(", "〉": ")"}
)
_SPACE_RE = re.compile(r"\s+")
_EDGE_PUNCTUATION = "。.;,、:!?\"'“”‘’"


def clean_name(text: str) -> str:
    """NFKC, no whitespace, ASCII brackets: `市政府 法制办（公室）` and `市政府法制办(公室)` compare equal.

    Notices mix full- and half-width punctuation and PDFs break names with spaces; none of it is meaning.
    """
    text = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub("", text).translate(_BRACKETS).strip(_EDGE_PUNCTUATION)


def abbreviate(body: str) -> str:
    """Apply the abbreviation pairs so long and short forms meet: `发展和改革委员会` → `发改委`.

    The pairs are ordered most specific first (`机构编制委员会办公室` → `编办` before `办公室` → `办`).
    """
    for long, short in _ABBREVIATIONS:
        if long in body:
            body = body.replace(long, short)
    return body


@dataclass(frozen=True, slots=True)
class _Key:
    """A name taken apart: administrative prefix (`市`, `区`, `西平县` or ``), body, abbreviated body."""

    prefix: str
    plain: str
    short: str


class _Normaliser:
    """Splits the administrative prefix off a name, knowing the directory's own place names.

    `驻马店市发改委` and `市发改委` share the prefix `市` in the city's own directory; `西平县政府` has the
    prefix `西平县`, which is neither `市` nor the generic `县` (a class, not that county).
    """

    def __init__(self, places: Mapping[str, str]) -> None:
        self._places = sorted(places.items(), key=lambda item: len(item[0]), reverse=True)

    def key(self, text: str) -> _Key:
        """The comparable parts of a name; `中共` is dropped because party units are printed both ways."""
        name = clean_name(text)
        for party in _PARTY_PREFIXES:
            if name.startswith(party) and len(name) > len(party):
                name = name[len(party) :]
                break
        prefix, body = self._split_prefix(name)
        return _Key(prefix, body, abbreviate(body))

    def _split_prefix(self, name: str) -> tuple[str, str]:
        """Known place names first (`驻马店市`, `西平县`), then a bare 市/县/区/省 unless it starts a word."""
        for stem, prefix in self._places:
            if name.startswith(stem):
                return prefix, name[len(stem) :]
        if len(name) > 1 and name[0] in _LEVEL_CHARS and not name.startswith(_NOT_PREFIX):
            return name[0], name[1:]
        return "", name


def _government_stem(name: str) -> str | None:
    """`驻马店市人民政府` → `驻马店市`; a name that is not a people's government → None."""
    name = clean_name(name)
    for suffix in ("人民政府", "政府"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return None


def _places(units: Iterable[DirectoryUnit]) -> tuple[dict[str, str], str]:
    """Place stems of the directory's governments, and the prefix that means the directory's own level.

    The root government (no parent) is home: its stem and the stem without 市/县/区 (`驻马店`, as in
    `驻马店经济开发区`) stand for the generic prefix (`市`). Other governments' stems stand for themselves.
    """
    places: dict[str, str] = {}
    home = ""
    for unit in units:
        if unit.kind != "government":
            continue
        stem = _government_stem(unit.name)
        if stem is None:
            continue
        if unit.parent is None and stem[-1] in _LEVEL_CHARS:
            home = home or stem[-1]
            places[stem] = stem[-1]
            if len(stem) > 2:
                places.setdefault(stem[:-1], stem[-1])
        else:
            places.setdefault(stem, stem)
    return places, home


def _rank(query_prefix: str, entry_prefix: str, home: str) -> int | None:
    """How well two administrative prefixes agree: 0 best, None when they name different levels.

    A name with no prefix fits any unit but prefers the directory's own level (`发改委` in a city
    directory is the city's). `区` against `市`, or `县` against `西平县`, never fits.
    """
    if query_prefix == entry_prefix:
        return 0
    if not query_prefix:
        return 1 if entry_prefix == home else 3
    if not entry_prefix:
        return 2
    return None


# --- placeholders and the subordinate-government clause --------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest word first so `人民政府` wins over `政府`."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TOKEN = _alternation(_PLACEHOLDERS["level_words"])
_TOKEN_RE = re.compile(_TOKEN)
_DEGREE = _alternation(_PLACEHOLDERS["level_degrees"])
_GOVERNMENT = _alternation(_PLACEHOLDERS["government_suffixes"])
_ZONE = _alternation(_PLACEHOLDERS["zone_words"])
_PLACEHOLDER_NAMES = frozenset(clean_name(n) for n in _PLACEHOLDERS["names"])
_STARTS_WITH: tuple[str, ...] = tuple(_PLACEHOLDERS["starts_with"])
_MEMBER_WORDS: tuple[str, ...] = tuple(_PLACEHOLDERS["member_words"])
_CLASS_RE = re.compile(
    f"(?:{_alternation(_PLACEHOLDERS['class_markers'])})(?:{_alternation(_PLACEHOLDERS['class_nouns'])})"
)
_DIRECT_RE = re.compile(f"(?:{_TOKEN})直(?:{_alternation(_PLACEHOLDERS['direct_nouns'])})")
# `县(市、区)`, `县、市、区`, `乡镇(街道)`: several levels written as one name (on cleaned text).
_LEVELS = rf"(?:{_TOKEN})(?:[、/]?\(?(?:{_TOKEN})\)?)*"
_LEVEL_NAME_RE = re.compile(rf"(?P<each>各)?(?P<levels>{_LEVELS})(?P<degree>{_DEGREE})?(?:{_GOVERNMENT})?")
# The same on verbatim text, where brackets and slashes may be full-width.
_V_LEVELS = rf"(?:{_TOKEN})(?:[、/／]?[(（]?(?:{_TOKEN})[)）]?)*"
_V_NAME = rf"(?:各?{_V_LEVELS}(?:{_DEGREE})?(?:{_GOVERNMENT})?|各(?:级|地)(?:{_GOVERNMENT})?|各(?:{_ZONE}))"
_SUBORDINATE_RE = re.compile(
    r"(?<![^\s、,，;；:：。()（）及和由请])"  # starts a list item, not the tail of another name
    rf"(?P<name>{_V_NAME}(?:[、及和]{_V_NAME})*)"
    r"\s*(?:要|应|应当)?(?:按(?:照)?(?:各自)?(?:职责|职能)(?:分工)?)?(?:分别|各自|具体|认真|共同)?"
    rf"(?:{_alternation(_PLACEHOLDERS['duty_verbs'])})"
)
_V_NAME_RE = re.compile(_V_NAME)


def names_a_level(name: str) -> bool:
    """`县级人民政府`, `各县(市、区)政府`, `县区政府`, `乡镇` name a whole level; `县政府`, `市` do not.

    A single level word is a real unit in a directory one level down (a county's own 县政府), so only
    各, a degree (级, 两级) or several level words together make the name a class.
    """
    m = _LEVEL_NAME_RE.fullmatch(clean_name(name))
    if m is None:
        return False
    return bool(m.group("each") or m.group("degree") or len(_TOKEN_RE.findall(m.group("levels"))) >= 2)


@lru_cache(maxsize=8192)
def is_placeholder(text: str) -> bool:
    """Whether a name is a class of units the office must expand, not a unit.

    `各有关部门`, `有关部门`, `市直相关单位`, `区直各部门`, `全区经济运行各专班`, `各县、市、区政府`,
    `县级人民政府` are placeholders; `市发改委`, `县政府办公室`, `市直机关工委` are units.
    """
    name = clean_name(text)
    if not name:
        return False
    if name in _PLACEHOLDER_NAMES or name.startswith(_STARTS_WITH):
        return True
    if _CLASS_RE.search(name) or any(word in name for word in _MEMBER_WORDS):
        return True
    return bool(_DIRECT_RE.fullmatch(name)) or names_a_level(name)


def _is_level_list(names: str) -> bool:
    """`各县区政府、各管委会` is a list of levels; `市政府` (one government) is not."""
    return all(m.group(0).startswith("各") or names_a_level(m.group(0)) for m in _V_NAME_RE.finditer(names))


def subordinate_level(text: str) -> str | None:
    """The level named in a subordinate-government clause, verbatim, or None when there is no such clause.

    `县级人民政府按职责分工分别负责` → `县级人民政府`; `各县(市、区)政府按职责分工负责` → `各县(市、区)政府`.
    Every government of that level then carries the task in its own area (one assignment each).
    `市政府负责` is no such clause: one government, not a level.
    """
    for m in _SUBORDINATE_RE.finditer(text):
        name = m.group("name")
        if _is_level_list(name):
            return name
    return None


# --- the directory ---------------------------------------------------------------------------------


def _optional(record: Mapping[str, Any], field: str, where: str) -> str | None:
    """A text field that may be absent; an empty CSV cell and a JSON null both mean absent."""
    value = record.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise BadDirectory(f"{where}: {field} must be text, not {type(value).__name__}")
    return value.strip()


def _required(record: Mapping[str, Any], field: str, where: str) -> str:
    """A text field the unit cannot do without; its absence names the row, so the office can fix it."""
    value = _optional(record, field, where)
    if value is None:
        raise BadDirectory(f"{where}: missing {field}")
    return value


def _aliases(value: Any, where: str) -> tuple[str, ...]:
    """A JSON list, or one cell `A;B、C` as typed in a spreadsheet; duplicates and blanks dropped."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = _ALIAS_SEPARATORS_RE.split(value)
    if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
        raise BadDirectory(f"{where}: aliases must be a list of names")
    return tuple(dict.fromkeys(a.strip() for a in value if a.strip()))


def _unit_from_record(record: Mapping[str, Any], where: str) -> DirectoryUnit:
    """One directory row, checked field by field so a bad file says which row and what is wrong."""
    unknown = [k for k in record if k not in _CSV_COLUMNS and not str(k).startswith("_")]
    if unknown:
        raise BadDirectory(f"{where}: unknown field {', '.join(map(str, unknown))}")
    unit_id = _required(record, "id", where)
    name = _required(record, "name", where)
    kind = _required(record, "kind", where)
    level = _required(record, "level", where)
    if re.search(r"\s", unit_id):
        raise BadDirectory(f"{where}: id {unit_id!r} contains whitespace")
    if kind not in KINDS:
        raise BadDirectory(f"{where}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
    if level not in LEVELS:
        raise BadDirectory(f"{where}: level {level!r} is not one of {', '.join(sorted(LEVELS))}")
    successor = _optional(record, "successor", where)
    since = _optional(record, "successor_from", where)
    successor_from: date | None = None
    if since is not None:
        if successor is None:
            raise BadDirectory(f"{where}: successor_from without successor")
        try:
            successor_from = date.fromisoformat(since)
        except ValueError:
            raise BadDirectory(f"{where}: successor_from {since!r} is not a date (YYYY-MM-DD)") from None
    return DirectoryUnit(
        id=unit_id,
        name=name,
        aliases=tuple(a for a in _aliases(record.get("aliases"), where) if a != name),
        kind=kind,
        level=level,
        parent=_optional(record, "parent", where),
        successor=successor,
        successor_from=successor_from,
    )


def _records_from_json(text: str, source: str) -> list[tuple[str, Mapping[str, Any]]]:
    """A list of unit objects, or `{"units": [...]}` so a file can carry a `_comment` about its sources."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadDirectory(f"{source}: not valid JSON ({error})") from None
    if isinstance(data, dict) and "units" in data:
        data = data["units"]
    if not isinstance(data, list):
        raise BadDirectory(f"{source}: expected a list of units (or an object with a `units` list)")
    records: list[tuple[str, Mapping[str, Any]]] = []
    for number, record in enumerate(data, 1):
        where = f"{source}: unit {number}"
        if not isinstance(record, dict):
            raise BadDirectory(f"{where}: expected an object with id, name, aliases, kind, level, parent")
        records.append((where, record))
    return records


def _records_from_csv(text: str, source: str) -> list[tuple[str, Mapping[str, Any]]]:
    """Rows `id,name,aliases,kind,level,parent[,successor,successor_from]`, with or without a header.

    Aliases inside one cell are separated by `;`, `|` or `、`, the way an office types them in Excel.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [(reader.line_num, [cell.strip() for cell in row]) for row in reader]
    except csv.Error as error:
        raise BadDirectory(f"{source}: line {reader.line_num}: {error}") from None
    # Blank rows and `#` comment rows are how people annotate a spreadsheet; they are no units.
    rows = [(line, row) for line, row in rows if any(row) and not row[0].startswith("#")]
    columns: tuple[str, ...] = _CSV_COLUMNS
    if rows and rows[0][1][0].lower().lstrip("\ufeff") == "id":
        columns = tuple(cell.lower().lstrip("\ufeff") for cell in rows[0][1])
        unknown = [c for c in columns if c not in _CSV_COLUMNS]
        if unknown:
            raise BadDirectory(f"{source}: unknown column {', '.join(unknown)}")
        rows = rows[1:]
    records: list[tuple[str, Mapping[str, Any]]] = []
    for line, row in rows:
        where = f"{source}: line {line}"
        if len(row) > len(columns):
            raise BadDirectory(
                f"{where}: {len(row)} cells, expected at most {len(columns)} ({','.join(columns)})"
            )
        records.append((where, dict(zip(columns, row, strict=False))))
    return records


def _decode(raw: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) or GB18030 — what Excel on a Chinese Windows saves a CSV as."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadDirectory(f"{source}: neither UTF-8 nor GB18030 text")


class UnitDirectory:
    """The units a notice may name, indexed once at load so `resolve` is a few dictionary lookups."""

    def __init__(self, units: Iterable[DirectoryUnit]) -> None:
        """Index the units; a directory that contradicts itself raises `BadDirectory` here, not mid-parse."""
        self._units = tuple(units)
        self._by_id: dict[str, DirectoryUnit] = {}
        self._verbatim: dict[str, tuple[DirectoryUnit, bool]] = {}  # name → (unit, is canonical name)
        for unit in self._units:
            if unit.id in self._by_id:
                raise BadDirectory(f"duplicate id {unit.id!r}")
            self._by_id[unit.id] = unit
        for unit in self._units:
            for field, target in (("parent", unit.parent), ("successor", unit.successor)):
                if target is not None and (target not in self._by_id or target == unit.id):
                    raise BadDirectory(f"unit {unit.id!r}: {field} {target!r} is not another unit's id")
            for name in (unit.name, *unit.aliases):
                other = self._verbatim.get(name)
                if other is not None and other[0].id != unit.id:
                    raise BadDirectory(f"name {name!r} belongs to both {other[0].id!r} and {unit.id!r}")
                if other is None or name == unit.name:
                    self._verbatim[name] = (unit, name == unit.name)
        places, self._home = _places(self._units)
        self._normaliser = _Normaliser(places)
        # abbreviated body → [(prefix, unit)]; fuzzy choices are both plain and abbreviated bodies.
        self._by_body: dict[str, list[tuple[str, DirectoryUnit]]] = {}
        fuzzy: dict[str, list[tuple[str, DirectoryUnit]]] = {}
        for unit in self._units:
            canonical = self._normaliser.key(unit.name)
            for name in (unit.name, *unit.aliases):
                key = self._normaliser.key(name)
                # An alias without a prefix (`政府法制办公室`) still belongs to the unit's level.
                entry = (key.prefix or canonical.prefix, unit)
                for table, body in ((self._by_body, key.short), (fuzzy, key.plain), (fuzzy, key.short)):
                    bucket = table.setdefault(body, [])
                    if entry not in bucket:
                        bucket.append(entry)
        self._fuzzy_choices = [body for body in fuzzy if len(body) >= 2]
        self._fuzzy_entries = [fuzzy[body] for body in self._fuzzy_choices]
        self._memo: dict[str, UnitRef] = {}

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> UnitDirectory:
        """Read a directory the office maintains: JSON (a list of units) or CSV (one unit a row).

        Raises `BadDirectory` naming the file, row and problem, so the office can fix the file itself.
        """
        source = os.fspath(path)
        try:
            raw = Path(source).read_bytes()
        except OSError as error:
            raise BadDirectory(f"{source}: {error.strerror or error}") from None
        text = _decode(raw, source)
        is_json = source.lower().endswith(".json") or (
            not source.lower().endswith(".csv") and text.lstrip().startswith(("[", "{"))
        )
        records = _records_from_json(text, source) if is_json else _records_from_csv(text, source)
        if not records:
            raise BadDirectory(f"{source}: no units")
        units = [_unit_from_record(record, where) for where, record in records]
        try:
            return cls(units)
        except BadDirectory as error:
            raise BadDirectory(f"{source}: {error.detail}") from None

    @classmethod
    def builtin(cls) -> UnitDirectory:
        """The sample city's directory (驻马店市), loaded once per process."""
        return _builtin()

    @classmethod
    def empty(cls) -> UnitDirectory:
        """No units: every name is a placeholder or unresolved. For parsing a notice of an unknown city."""
        return cls(())

    def units(self) -> tuple[DirectoryUnit, ...]:
        """All units in file order (the order the office maintains them in)."""
        return self._units

    def get(self, unit_id: str) -> DirectoryUnit | None:
        """The unit with this id, e.g. to follow `parent` or `successor`."""
        return self._by_id.get(unit_id)

    def resolve(self, text: str) -> UnitRef:
        """One verbatim name → a `UnitRef` (placeholder, exact, alias, normalised, fuzzy or unresolved).

        A normalised match is reported as `alias` with confidence 1.0: it is the same deterministic
        rewriting as an alias table, only generalised. Results are memoised per directory.
        """
        ref = self._memo.get(text)
        if ref is None:
            ref = self._resolve(text)
            if len(self._memo) < 100_000:
                self._memo[text] = ref
        return ref

    def _resolve(self, text: str) -> UnitRef:
        """The resolution order of the module docstring; each step only runs when the previous one failed."""
        name = text.strip()
        if is_placeholder(name):
            return UnitRef(text, None, None, True, 1.0, "placeholder")
        found = self._verbatim.get(name)
        if found is not None:
            unit, canonical = found
            return UnitRef(text, unit.id, unit.name, False, 1.0, "exact" if canonical else "alias")
        key = self._normaliser.key(name)
        same = self._best(((entry, 100.0) for entry in self._by_body.get(key.short, ())), key.prefix)
        if same is not None:
            return UnitRef(text, same[0].id, same[0].name, False, 1.0, "normalised")
        near = self._best(self._fuzzy(key), key.prefix)
        if near is not None:
            return UnitRef(text, near[0].id, near[0].name, False, near[1] / 100, "fuzzy")
        return UnitRef(text, None, None, False, 0.0, "unresolved")

    def _fuzzy(self, key: _Key) -> list[tuple[tuple[str, DirectoryUnit], float]]:
        """Candidates whose body is within the threshold of the name's body, plain or abbreviated."""
        out: list[tuple[tuple[str, DirectoryUnit], float]] = []
        for body in dict.fromkeys((key.plain, key.short)):
            if len(body) < 2:
                continue
            matches = process.extract(
                body, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD * 100, limit=None
            )
            out.extend((entry, score) for _, score, index in matches for entry in self._fuzzy_entries[index])
        return out

    def _best(
        self, candidates: Iterable[tuple[tuple[str, DirectoryUnit], float]], prefix: str
    ) -> tuple[DirectoryUnit, float] | None:
        """The best candidate and its score (by score, then prefix agreement); None if none or a tie."""
        best: tuple[float, int] | None = None
        winners: dict[str, DirectoryUnit] = {}
        for (entry_prefix, unit), score in candidates:
            rank = _rank(prefix, entry_prefix, self._home)
            if rank is None:
                continue
            order = (-score, rank)
            if best is None or order < best:
                best, winners = order, {unit.id: unit}
            elif order == best:
                winners[unit.id] = unit
        if best is None or len(winners) != 1:
            return None
        return next(iter(winners.values())), -best[0]


@cache
def _builtin() -> UnitDirectory:
    """Loaded once: every parse without a directory of its own uses it."""
    path = resources.files("dudao.ingest").joinpath("data/zhumadian_directory.json")
    records = _records_from_json(path.read_text("utf-8"), "zhumadian_directory.json")
    return UnitDirectory(_unit_from_record(record, where) for where, record in records)
