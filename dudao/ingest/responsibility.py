"""Who answers for a task: unit lists with their roles, named leaders, the subordinate-government clause.

Input is what `structure.py` cut out of a task: labelled fields (`牵头单位:X`, `责任单位:A、B`) and the
inside of a trailing parenthesis (`(A会同B办理)`). Output is a `Responsibility`. Each rule below is a small
function; the phrase lists (labels, verbs, unit endings) live in `data/responsibility.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from dudao.ingest.units import is_placeholder, names_a_level

Role = Literal["lead", "responsible", "cooperating"]

_DATA = json.loads(resources.files("dudao.ingest").joinpath("data/responsibility.json").read_text("utf-8"))
LABELS: dict[str, list[str]] = _DATA["labels"]
# Longest first, so that 牵头负责 is stripped before 负责.
_VERBS: dict[str, list[str]] = {
    role: sorted(verbs, key=len, reverse=True) for role, verbs in _DATA["verbs"].items()
}
_UNIT_ENDINGS = tuple(sorted(_DATA["unit_endings"], key=len, reverse=True))
_NOT_UNITS = frozenset(_DATA["not_units"])
_LEAD_RULE_MARKERS = tuple(_DATA["lead_rule_markers"])
_OTHERS_COOPERATE = tuple(_DATA["others_cooperate_markers"])
_ROLE_NOTES: dict[str, Role] = _DATA["role_notes"]
# `执法监督科（牵头）`: a role written after the name.
_ROLE_NOTE_RE = re.compile(r"[(（](?P<note>" + "|".join(_DATA["role_notes"]) + r")[)）]$")
# A unit list never holds a sentence: in a flattened plan it ends where the next sentence begins.
_LIST_END_RE = re.compile(r"\s+(?=\S*[。！？])")
_EMPTY_CELL_RE = re.compile(r"^[-—–/／\\无暂无空缺]+$")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LABEL_CATEGORY = {label: category for category, labels in LABELS.items() for label in labels}
# `牵头单位:` / `责任单位:` — a label and a colon (the bare word 牵头 is a label only with a colon).
# A person label may carry a prefix (`牵头县领导`, `省政府分管领导`): any short name ending in 领导 / 负责人.
_PERSON_LABEL = r"[\u4e00-\u9fff]{0,6}?(?:领导|负责人)"
LABEL_RE = re.compile(
    rf"(?P<label>{_alternation(list(_LABEL_CATEGORY))}|(?P<person>{_PERSON_LABEL}))\s*[:：]\s*"
)
# The same labels without groups, for patterns that embed them (a split must not capture).
LABEL_PATTERN = rf"(?:{_alternation(list(_LABEL_CATEGORY))}|{_PERSON_LABEL})\s*[:：]"
_SEPARATORS = "、,，;；/／"
_RULE_NOTE_RE = re.compile(r"[(（]([^()（）]*牵头[^()（）]*)[)）]")
_SUBORDINATE_RE = re.compile(
    r"按(?:照)?(?:各自)?职责(?:分工)?(?:分别|各自)?(?:负责|落实|抓好落实|推进|实施|组织实施)"
)
_ADMIN_FRAGMENT_RE = re.compile(r"^各?[省市县区乡镇街旗][级]?$")
# `各县、市、区政府`, `各县、区人民政府`: a list of levels inside one name; its 、 must not split it.
_ADMIN_RUN_RE = re.compile(
    r"各?[省市县区乡镇旗](?:[、,，][省市县区乡镇旗])+(?=级|人民政府|政府|党委|管委会|[、,，;；及和]|$)"
)
_PROTECTED_COMMA = "\ue000"
_LIST_COMMA_RE = re.compile("[、,，]")
_NOT_A_NAME_RE = re.compile(r"\d|年|月|%")
_LEADING_WORD_RE = re.compile(r"^(?:由|请|其中|以及|及|和)")
_TRAILING_DENG_RE = re.compile(r"(?:等有关单位|等相关单位|等单位|等部门|等)$")
_CONJUNCTION_RE = re.compile(r"以及|及|和|与|等(?=有关|相关|各|其他|[^、,，;；]{2,}(?:部门|单位))")
_BARE_NOUNS = ("政府", "人民政府", "管委会")
_AREA_ENDINGS = ("人民政府", "政府", "管委会", "管理委员会", "办事处", "街道")
_COOPERATE_RE = re.compile(r"^(?P<lead>.+?)会同(?P<others>.+?)$")
# `(市发改委负责,2021年底前完成)`: a time limit written inside the unit parenthesis.
_TIME_CLAUSE_RE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|[一二三四]季度|年底|年内|年末|上半年|下半年|长期|持续|每[年月周季]|前完成|底前|限时"
)


@dataclass(frozen=True, slots=True)
class Responsibility:
    units: tuple[str, ...] = ()
    lead_units: tuple[str, ...] = ()
    cooperating_units: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    subordinate_governments: str | None = None
    lead_rule: str = "none"  # stated | marked | first_listed | none
    time_fields: tuple[tuple[str, int], ...] = ()  # (value, offset) of 完成时限-style fields


@dataclass(slots=True)
class _Collector:
    """Units in printed order with their roles, while a task's fields are read."""

    entries: list[tuple[str, Role]] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    subordinate: str | None = None
    stated_rule: bool = False
    time_fields: list[tuple[str, int]] = field(default_factory=list)

    def add(self, name: str, role: Role) -> None:
        note = _ROLE_NOTE_RE.search(name)
        if note:  # `执法监督科（牵头）`
            name, role = name[: note.start()].strip(), _ROLE_NOTES[note.group("note")]
        if name and name not in (e[0] for e in self.entries):
            self.entries.append((name, role))


def looks_like_unit(name: str) -> bool:
    """Whether a bare name could be a unit: `市发改委`, `各有关部门` yes; `试行`, `2015—2020年` no."""
    if not name or name in _NOT_UNITS or len(name) < 2 or _NOT_A_NAME_RE.search(name):
        return False
    return name.endswith(_UNIT_ENDINGS) or is_placeholder(name)


def _governs_an_area(name: str) -> bool:
    """A government, management committee or street office: what carries a task within its own area."""
    return is_government_level(name) or name.endswith(_AREA_ENDINGS)


def is_government_level(name: str) -> bool:
    """`县级人民政府`, `各县(市、区)政府`, `各地` name a whole level of subordinate governments."""
    return names_a_level(name)


def _strip_rule_notes(text: str, collector: _Collector) -> str:
    """Remove `(首位单位为牵头单位,下同)` from a list; it states the lead rule, it is no unit."""

    def drop(m: re.Match[str]) -> str:
        if any(marker in m.group(1) for marker in _LEAD_RULE_MARKERS) or "下同" in m.group(1):
            collector.stated_rule = True
            return ""
        return m.group(0)

    return _RULE_NOTE_RE.sub(drop, text)


def _split_top_level(text: str, separators: str) -> list[tuple[str, str]]:
    """Split on separators outside brackets; each piece comes with the separator that ended it."""
    pieces: list[tuple[str, str]] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char in "(（《“[【":
            depth += 1
        elif char in ")）》”]】":
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            pieces.append((text[start:i], char))
            start = i + 1
    pieces.append((text[start:], ""))
    return pieces


def _clean_name(name: str) -> str:
    name = name.strip().strip("。.;；,，、:： \u3000")
    name = _LEADING_WORD_RE.sub("", name)
    name = _TRAILING_DENG_RE.sub("", name)
    return name.strip()


def _split_conjunctions(piece: str) -> list[str]:
    """`有关部门及各县、市、区政府` → two units; `市人力资源和社会保障局` stays one (its left part is no unit)."""
    out: list[str] = []
    start = 0
    for m in _CONJUNCTION_RE.finditer(piece):
        left = _clean_name(piece[start : m.start()])
        if piece.startswith(_BARE_NOUNS, m.end()):
            continue  # `各县（市、区）党委和政府`: one body, not 党委 and a nameless 政府
        if len(left) >= 2 and left.endswith(_UNIT_ENDINGS):
            out.append(left)
            start = m.end()
    out.append(piece[start:])
    return out


@lru_cache(maxsize=4096)
def split_units(text: str) -> tuple[str, ...]:
    """A printed unit list as verbatim names: `市编办、市发改委、各有关部门` → three names.

    Lists inside one name survive: `各县(市、区)人民政府`, `各县、市、区政府`.
    """
    text = _ADMIN_RUN_RE.sub(lambda m: _LIST_COMMA_RE.sub(_PROTECTED_COMMA, m.group(0)), text)
    names: list[str] = []
    pending = ""
    for piece, sep in _split_top_level(text, _SEPARATORS + " \u3000\t"):
        piece = piece.strip()
        if not piece:
            continue
        if _ADMIN_FRAGMENT_RE.match(_clean_name(pending + piece)) or (
            pending and _ADMIN_FRAGMENT_RE.match(_clean_name(piece))
        ):
            pending += piece + (sep if sep in "、," else "、")
            continue
        whole = pending + piece
        pending = ""
        names.extend(n for n in (_clean_name(p) for p in _split_conjunctions(whole)) if n)
    if pending:
        names.append(_clean_name(pending))
    return tuple(n.replace(_PROTECTED_COMMA, "、") for n in names if n and not _EMPTY_CELL_RE.match(n))


def _strip_verb(text: str, role: Role) -> str | None:
    for verb in _VERBS[role]:
        if text.endswith(verb) and len(text) > len(verb):
            return text[: -len(verb)]
    return None


def is_time_clause(clause: str) -> bool:
    return bool(_TIME_CLAUSE_RE.search(clause)) and not looks_like_unit(clause)


def _read_clause(clause: str, default: Role, collector: _Collector, offset: int) -> None:
    """One clause of a unit list, verb-marked or bare.

    `A、B牵头` → leads; `C配合` → cooperating; `A会同B办理` → lead A, cooperating B;
    `县级人民政府按职责分工分别负责` → the subordinate-government duty, no unit.
    """
    clause = _clean_name(clause)
    if not clause:
        return
    if is_time_clause(clause):
        collector.time_fields.append((clause, offset))
        return
    sub = _SUBORDINATE_RE.search(clause)
    if sub:
        names = list(split_units(clause[: sub.start()]))
        first_level = next((i for i, name in enumerate(names) if is_government_level(name)), None)
        if first_level is not None and all(_governs_an_area(n) for n in names[first_level:]):
            # `各乡镇人民政府、街道办事处按职责分工负责`: every government named there, not units
            collector.subordinate = "、".join(names[first_level:])
            names = names[:first_level]
        elif not names:
            collector.subordinate = collector.subordinate or "各级政府"
        for name in names:
            collector.add(name, default)
        return
    m = _COOPERATE_RE.match(clause)
    if m:
        others = m.group("others")
        others = _strip_verb(others, "responsible") or others
        for name in split_units(m.group("lead")):
            collector.add(name, "lead")
        for name in split_units(others):
            collector.add(name, "cooperating")
        return
    for role in ("lead", "cooperating", "responsible"):
        stem = _strip_verb(clause, role)  # type: ignore[arg-type]
        if stem is not None:
            for name in split_units(stem):
                collector.add(name, role if role != "responsible" else default)  # type: ignore[arg-type]
            return
    for name in split_units(clause):
        collector.add(name, default)


def _read_value(value: str, category: str, collector: _Collector, offset: int) -> None:
    value = _strip_rule_notes(value, collector)
    if category == "leader":
        collector.leaders.extend(n for n in split_units(value) if n)
        return
    if category == "time":
        collector.time_fields.append((value.strip().rstrip("。;；"), offset))
        return
    default: Role = {"lead": "lead", "cooperating": "cooperating"}.get(category, "responsible")  # type: ignore[assignment]
    value = _LIST_END_RE.split(value, maxsplit=1)[0]
    at = 0
    for clause, sep in _split_top_level(value, ",，;；。"):
        _read_clause(clause, default, collector, offset + at + len(clause) - len(clause.lstrip()))
        at += len(clause) + len(sep)


def split_labelled(text: str) -> list[tuple[str | None, str, int]]:
    """`牵头单位:X;责任单位:A、B 完成时限:2021年底` → [(lead, X, at), (responsible, A、B, at), (time, …)].

    Text before the first label comes as (None, text, 0).
    """
    matches = list(LABEL_RE.finditer(text))
    out: list[tuple[str | None, str, int]] = []
    if not matches:
        return [(None, text, 0)]
    if matches[0].start() > 0:
        out.append((None, text[: matches[0].start()], 0))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        end = nxt.start() if nxt else len(text)
        category = "leader" if m.group("person") else _LABEL_CATEGORY[m.group("label")]
        out.append((category, text[m.end() : end].rstrip(" ;；,，"), m.end()))
    return out


def is_responsibility_parenthesis(inner: str) -> bool:
    """Whether `(…)` at the end of an item assigns the item: labelled, verb-marked, or a bare unit list."""
    if LABEL_RE.search(inner):
        return True
    clauses = [_clean_name(c) for c, _ in _split_top_level(_strip_rule_notes(inner, _Collector()), ",，;；")]
    clauses = [c for c in clauses if c and not is_time_clause(c)]
    if not clauses:
        return False
    names: list[str] = []
    for clause in clauses:
        stem = clause
        sub = _SUBORDINATE_RE.search(stem)
        if sub:
            stem = stem[: sub.start()]
        m = _COOPERATE_RE.match(stem)
        parts = [m.group("lead"), m.group("others")] if m else [stem]
        for part in parts:
            for role in ("lead", "cooperating", "responsible"):
                stripped = _strip_verb(part, role)  # type: ignore[arg-type]
                if stripped is not None:
                    part = stripped
                    break
            names.extend(split_units(part))
    return bool(names) and all(looks_like_unit(n) or is_government_level(n) for n in names)


def read_responsibility(
    fields: list[tuple[str, str, int]], *, notice_states_rule: bool, others_cooperate: bool = False
) -> Responsibility:
    """Turn a task's responsibility fields into units and roles.

    `fields` are (category, value, offset) with category one of the label categories of
    `data/responsibility.json` or "inline" for the inside of a trailing parenthesis.
    """
    collector = _Collector()
    for category, value, offset in fields:
        if category == "inline":
            for sub_category, sub_value, sub_offset in split_labelled(value):
                _read_value(sub_value, sub_category or "responsible", collector, offset + sub_offset)
        else:
            _read_value(value, category, collector, offset)
    units = tuple(name for name, _ in collector.entries)
    leads = tuple(name for name, role in collector.entries if role == "lead")
    cooperating = tuple(name for name, role in collector.entries if role == "cooperating")
    if leads:
        rule = "marked"
    elif units and collector.entries[0][1] == "responsible":
        leads = (units[0],)
        rule = "stated" if (notice_states_rule or collector.stated_rule) else "first_listed"
        if others_cooperate and rule == "stated":  # `…排在第一位的为牵头单位,其他为配合单位`
            cooperating = units[1:]
    else:
        rule = "none"
    return Responsibility(
        units=units,
        lead_units=leads,
        cooperating_units=cooperating,
        leaders=tuple(collector.leaders),
        subordinate_governments=collector.subordinate,
        lead_rule=rule,
        time_fields=tuple(collector.time_fields),
    )


def rule_note(text: str) -> str | None:
    """`(首位单位为牵头单位,下同)` inside a unit list: the inside of the note, if the text has one."""
    for m in _RULE_NOTE_RE.finditer(text):
        if states_lead_rule(m.group(1)):
            return m.group(1)
    return None


def others_cooperate(rule: str) -> bool:
    """`…为牵头单位,其他为配合单位`: the notice makes every unit but the first a cooperating unit."""
    return any(marker in rule for marker in _OTHERS_COOPERATE)


def states_lead_rule(sentence: str) -> bool:
    """`责任单位排名第一的为牵头单位` — the notice's own rule for who leads."""
    return "牵头" in sentence and any(marker in sentence for marker in _LEAD_RULE_MARKERS)
