"""The review of an imported notice: what the parser read, what the office decided, what is in doubt.

`review_state(notice_import)` combines the parse result (`NoticeImport.parsed`), the office's decisions
(`NoticeImport.resolutions`) and the unit directory into one read-only picture. The review screen
renders it; `services.publish` builds the plan from it, so the screen shows exactly what publication
will create. Nothing here writes.

A doubt blocks publication until the office decides it: a unit name that is not the directory's own
(an alias, a near match, an unknown name), a placeholder (各有关部门) not yet expanded, a placeholder
lead not yet replaced by a unit, a subordinate-government clause not yet confirmed. A note does not
block: a vague time phrase (定期) or a date the parser could not resolve is kept as text, no date invented.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from dudao.directory.models import Unit, UnitAlias
from dudao.plans.directory import UnitIndex
from dudao.plans.milestones import MilestoneSpec, milestone_specs
from dudao.plans.models import Assignment, NoticeImport, Plan

Role = Assignment.Role
_CANDIDATES = 5
# Ranks for "a unit named twice in a task is assigned once": the stronger role wins.
_ROLE_RANK: dict[str, int] = {Role.LEAD: 0, Role.RESPONSIBLE: 1, Role.COOPERATING: 2, Role.SUBORDINATE: 3}
_MATCH_LABELS = {
    "alias": _("别名"),
    "normalised": _("简称"),
    "fuzzy": _("近似名称"),
    "unresolved": _("未识别"),
}


def task_key(task: Mapping[str, Any]) -> str:
    """A task's stable key inside one import: its numbering path, `二/(六)`."""
    return "/".join(task.get("path") or ())


@dataclass
class NameRow:
    """One verbatim unit name and the unit it stands for."""

    verbatim: str
    match: str  # exact | alias | normalised | fuzzy | unresolved (the parser's verdict)
    confidence: float
    suggested: Unit | None  # the parser's match, when the unit still exists
    decided: bool  # the office has decided this name
    decided_unit: Unit | None  # None with decided=True: the office said it is not a unit
    candidates: list[Unit]
    task_keys: list[str] = field(default_factory=list)
    is_lead: bool = False  # named as a lead somewhere: it may not be ignored
    index: int = 0

    @property
    def unit(self) -> Unit | None:
        if self.decided:
            return self.decided_unit
        return self.suggested if self.match == "exact" else None

    @property
    def settled(self) -> bool:
        return self.decided or (self.match == "exact" and self.suggested is not None)

    @property
    def ignored(self) -> bool:
        """The office said this name is no unit (a parsing slip)."""
        return self.decided and self.decided_unit is None

    @property
    def flagged(self) -> bool:
        """Shown for a decision: anything the directory did not match by its own name."""
        return self.match != "exact" or self.suggested is None

    @property
    def match_label(self) -> str:
        if self.suggested is None and self.match == "exact":
            return _MATCH_LABELS["unresolved"]
        return _MATCH_LABELS.get(self.match, "")

    @property
    def proposal(self) -> Unit | None:
        """What the picker pre-selects: the decision, else the parser's match, else the best candidate."""
        if self.decided:
            return self.decided_unit
        return self.suggested or (self.candidates[0] if self.candidates else None)


@dataclass
class PlaceholderRow:
    """A placeholder such as 各有关部门: one expansion for the whole plan, with per-task adjustments."""

    verbatim: str
    task_keys: list[str]
    expansion: list[Unit] | None  # the plan-wide decision
    overrides: dict[str, list[Unit]]  # task key → the units for that task alone
    suggested: list[Unit]
    index: int = 0

    def units_for(self, key: str) -> list[Unit] | None:
        return self.overrides.get(key, self.expansion)

    @property
    def settled(self) -> bool:
        return all(self.units_for(key) is not None for key in self.task_keys)


@dataclass
class LeadRow:
    """A task whose lead is a placeholder (or not stated): the office names the lead unit."""

    task_key: str
    index: int
    number: str
    title: str
    printed: list[str]
    offered: Unit | None  # the first concrete unit the task names
    confirmed: Unit | None

    @property
    def settled(self) -> bool:
        return self.confirmed is not None


@dataclass
class SubordinateRow:
    """A subordinate-government clause (县级人民政府按职责分工分别负责) and the governments it means."""

    level: str
    task_keys: list[str]
    governments: list[Unit]
    confirmed: bool | None
    index: int = 0

    @property
    def settled(self) -> bool:
        return self.confirmed is not None

    @property
    def assignment_count(self) -> int:
        return len(self.task_keys) * len(self.governments)


@dataclass(frozen=True)
class PlannedAssignment:
    unit: Unit
    role: str
    printed_name: str


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str | None = None  # time | unit | placeholder | clause


@dataclass(frozen=True)
class SourceLine:
    number: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Doubt:
    kind: str  # names | placeholders | leads | subordinate | units | time | parser
    message: str
    anchor: str


@dataclass
class UnitCell:
    """One name as the task prints it, and the units it becomes."""

    printed: str
    role: str
    units: list[Unit]
    placeholder: bool
    settled: bool
    flag: str = ""  # a badge: 别名, 待确认, 单独调整 …


@dataclass
class TaskRow:
    index: int
    key: str
    number: str
    title: str
    body: str
    section_key: str
    leads: list[UnitCell]
    others: list[UnitCell]
    subordinate_level: str | None
    subordinate_row: SubordinateRow | None
    milestones: list[MilestoneSpec]
    planned: list[PlannedAssignment]
    doubts: list[Doubt]
    notes: list[Doubt]
    lines: list[SourceLine]
    span: tuple[int, int] | None
    placeholders: list[str]
    raw: Mapping[str, Any]

    @property
    def anchor(self) -> str:
        return f"task-{self.index}"

    @property
    def line_range(self) -> str:
        if not self.lines:
            return ""
        first, last = self.lines[0].number, self.lines[-1].number
        return (
            _("第%(first)d行") % {"first": first}
            if first == last
            else _("第%(first)d–%(last)d行") % {"first": first, "last": last}
        )


@dataclass
class SectionRow:
    key: str
    number: str
    title: str
    tasks: list[TaskRow]


@dataclass
class ReviewState:
    notice_import: NoticeImport
    meta: Mapping[str, Any]
    year: int
    issued_on: datetime.date | None
    sections: list[SectionRow]
    tasks: list[TaskRow]
    names: list[NameRow]
    placeholders: list[PlaceholderRow]
    leads: list[LeadRow]
    subordinate: list[SubordinateRow]
    index: UnitIndex
    warnings: list[str]

    @property
    def version(self) -> int:
        return self.notice_import.version

    @property
    def doubts(self) -> list[Doubt]:
        """Every decision still missing, in the order of the screen's panels; publication waits for none."""
        out = [
            Doubt("names", _("单位名称“%(name)s”待确认") % {"name": row.verbatim}, "names")
            for row in self.names
            if not row.settled
        ]
        out += [
            Doubt(
                "placeholders", _("“%(name)s”尚未确定包括哪些单位") % {"name": row.verbatim}, "placeholders"
            )
            for row in self.placeholders
            if not row.settled
        ]
        out += [
            Doubt("leads", _("%(task)s的牵头单位待确认") % {"task": row.number}, "leads")
            for row in self.leads
            if not row.settled
        ]
        out += [
            Doubt(
                "subordinate", _("“%(level)s”是否指全部县级政府待确认") % {"level": row.level}, "subordinate"
            )
            for row in self.subordinate
            if not row.settled
        ]
        out += [d for task in self.tasks for d in task.doubts if d.kind == "units"]
        return out

    @property
    def notes(self) -> list[Doubt]:
        return [Doubt("parser", w, "ledger") for w in self.warnings] + [
            n for t in self.tasks for n in t.notes
        ]

    @property
    def can_publish(self) -> bool:
        return not self.doubts

    # The figures of the summary panel.
    @property
    def name_count(self) -> int:
        return len(self.names)

    @property
    def flagged_names(self) -> list[NameRow]:
        return [row for row in self.names if row.flagged]

    @property
    def unit_count(self) -> int:
        """Distinct units behind the names: 24 names, two of them aliases, make 22 units in the sample."""
        return len({u.pk for row in self.names if (u := row.unit or row.proposal) is not None})

    @property
    def placeholder_task_count(self) -> int:
        return len({key for row in self.placeholders for key in row.task_keys})

    @property
    def subordinate_task_count(self) -> int:
        return sum(1 for task in self.tasks if task.subordinate_level)

    @property
    def government_count(self) -> int:
        return len(self.index.subordinate_governments(self.issued_on))

    @property
    def subordinate_assignment_count(self) -> int:
        return self.subordinate_task_count * self.government_count

    @property
    def milestone_count(self) -> int:
        return sum(len(task.milestones) for task in self.tasks)

    @property
    def assignment_count(self) -> int:
        return sum(len(task.planned) for task in self.tasks)

    def full_source(self) -> list[tuple[int, str, TaskRow | None]]:
        """Every line of the stored source text, each with the task whose span covers it (if any)."""
        out: list[tuple[int, str, TaskRow | None]] = []
        spans = sorted(((t.span[0], t.span[1], t) for t in self.tasks if t.span), key=lambda s: (s[0], s[1]))
        offset, at = 0, 0
        for number, line in enumerate(self.notice_import.source_text.split("\n"), 1):
            while at < len(spans) and spans[at][1] <= offset:
                at += 1
            owner = spans[at][2] if at < len(spans) and spans[at][0] <= offset < spans[at][1] else None
            out.append((number, line, owner))
            offset += len(line) + 1
        return out

    def task(self, key: str) -> TaskRow | None:
        return next((t for t in self.tasks if t.key == key), None)

    def name(self, verbatim: str) -> NameRow | None:
        return next((row for row in self.names if row.verbatim == verbatim), None)

    def placeholder(self, verbatim: str) -> PlaceholderRow | None:
        return next((row for row in self.placeholders if row.verbatim == verbatim), None)

    def lead(self, key: str) -> LeadRow | None:
        return next((row for row in self.leads if row.task_key == key), None)

    def subordinate_row(self, level: str) -> SubordinateRow | None:
        return next((row for row in self.subordinate if row.level == level), None)

    def tasks_naming(self, verbatim: str) -> list[TaskRow]:
        return [t for t in self.tasks if any(c.printed == verbatim for c in (*t.leads, *t.others))]

    def tasks_with_level(self, level: str) -> list[TaskRow]:
        return [t for t in self.tasks if t.subordinate_level == level]


def review_state(notice_import: NoticeImport, *, index: UnitIndex | None = None) -> ReviewState:
    """The whole review of `notice_import` in memory: two queries for the directory, none per task."""
    index = index or UnitIndex.load()
    parsed = notice_import.parsed or {}
    decisions = notice_import.resolutions or {}
    meta = parsed.get("meta") or {}
    issued_on = _iso(meta.get("date"))
    year = meta.get("year") or (issued_on.year if issued_on else notice_import.uploaded_at.year)
    by_code = index.by_code()
    tasks_json: list[Mapping[str, Any]] = parsed.get("tasks") or []

    names = _names(tasks_json, decisions.get("units") or {}, by_code, index)
    names_by_text = {row.verbatim: row for row in names}
    named = [u for row in names if (u := row.unit or row.suggested) is not None]
    placeholders = _placeholders(tasks_json, decisions, by_code, index, issued_on, named)
    placeholders_by_text = {row.verbatim: row for row in placeholders}
    leads = _leads(tasks_json, decisions.get("leads") or {}, by_code, names_by_text)
    leads_by_key = {row.task_key: row for row in leads}
    subordinate = _subordinate(tasks_json, decisions.get("subordinate") or {}, index, issued_on)
    subordinate_by_level = {row.level: row for row in subordinate}

    source = notice_import.source_text
    tasks = [
        _task_row(
            i,
            task,
            year,
            issued_on,
            source,
            names_by_text,
            placeholders_by_text,
            leads_by_key,
            subordinate_by_level,
            lambda unit: index.current(unit, issued_on),
        )
        for i, task in enumerate(tasks_json)
    ]
    sections = _sections(parsed.get("sections") or [], tasks)
    return ReviewState(
        notice_import=notice_import,
        meta=meta,
        year=year,
        issued_on=issued_on,
        sections=sections,
        tasks=tasks,
        names=names,
        placeholders=placeholders,
        leads=leads,
        subordinate=subordinate,
        index=index,
        warnings=[str(w).split(" / ", 1)[0] for w in parsed.get("warnings") or []] + _published_before(meta),
    )


def _published_before(meta: Mapping[str, Any]) -> list[str]:
    """A notice already published from another file (the .docx after the web page): publishing refuses it."""
    doc_number = meta.get("doc_number")
    if not doc_number:
        return []
    titles = Plan.objects.filter(doc_number=doc_number).values_list("title", flat=True)[:3]
    return [
        _("文号为%(number)s的工作安排《%(plan)s》已经发布,本次导入不能再发布;如需修改请在已发布的安排上修订")
        % {"number": doc_number, "plan": t}
        for t in titles
    ]


def _names(
    tasks: Sequence[Mapping[str, Any]],
    decided: Mapping[str, str | None],
    by_code: dict[str, Unit],
    index: UnitIndex,
) -> list[NameRow]:
    rows: dict[str, NameRow] = {}
    for task in tasks:
        key = task_key(task)
        leads = set(task.get("lead_units") or ())
        for ref in task.get("unit_refs") or ():
            if ref.get("placeholder"):
                continue
            text = ref["text"]
            row = rows.get(text)
            if row is None:
                suggested = by_code.get(ref.get("unit") or "")
                row = rows[text] = NameRow(
                    verbatim=text,
                    match=ref.get("match") or "unresolved",
                    confidence=float(ref.get("confidence") or 0),
                    suggested=suggested,
                    decided=text in decided,
                    decided_unit=by_code.get(decided.get(text) or ""),
                    candidates=[],
                )
            if key not in row.task_keys:
                row.task_keys.append(key)
            row.is_lead = row.is_lead or text in leads
    out = list(rows.values())
    for i, row in enumerate(out):
        row.index = i
    doubtful = [row for row in out if row.flagged]
    if doubtful:
        choices = _candidate_choices(index)
        for row in doubtful:
            row.candidates = _candidates(row, choices)
    return out


def _candidate_choices(index: UnitIndex) -> dict[str, Unit]:
    """Every name a unit goes by (its own and its aliases) → the unit; for suggestions only."""
    by_pk = {unit.pk: unit for unit in index.units}
    choices = {unit.name: unit for unit in index.units}
    for unit_id, name in UnitAlias.objects.values_list("unit_id", "name"):
        if unit_id in by_pk:
            choices.setdefault(name, by_pk[unit_id])
    return choices


def _candidates(row: NameRow, choices: dict[str, Unit]) -> list[Unit]:
    """The parser's match first, then the closest directory names; a suggestion, never a decision."""
    found: list[Unit] = [row.suggested] if row.suggested else []
    names = list(choices)
    for name, _score, _index in process.extract(
        row.verbatim, names, scorer=fuzz.WRatio, limit=_CANDIDATES * 3
    ):
        unit = choices[name]
        if unit not in found:
            found.append(unit)
        if len(found) >= _CANDIDATES:
            break
    return found


def _placeholders(
    tasks: Sequence[Mapping[str, Any]],
    decisions: Mapping[str, Any],
    by_code: dict[str, Unit],
    index: UnitIndex,
    issued_on: datetime.date | None,
    named: Sequence[Unit],
) -> list[PlaceholderRow]:
    plan_wide: Mapping[str, list[str]] = decisions.get("placeholders") or {}
    per_task: Mapping[str, Mapping[str, list[str]]] = decisions.get("task_placeholders") or {}
    rows: dict[str, PlaceholderRow] = {}
    for task in tasks:
        key = task_key(task)
        for ref in task.get("unit_refs") or ():
            if not ref.get("placeholder"):
                continue
            text = ref["text"]
            row = rows.get(text)
            if row is None:
                codes = plan_wide.get(text)
                row = rows[text] = PlaceholderRow(
                    verbatim=text,
                    task_keys=[],
                    expansion=_units(codes, by_code) if codes is not None else None,
                    overrides={},
                    suggested=index.default_expansion(text, issued_on, known=named),
                )
            if key not in row.task_keys:
                row.task_keys.append(key)
            override = (per_task.get(key) or {}).get(text)
            if override is not None:
                row.overrides[key] = _units(override, by_code)
    for i, row in enumerate(rows.values()):
        row.index = i
    return list(rows.values())


def _leads(
    tasks: Sequence[Mapping[str, Any]],
    confirmed: Mapping[str, str],
    by_code: dict[str, Unit],
    names: Mapping[str, NameRow],
) -> list[LeadRow]:
    out = []
    for i, task in enumerate(tasks):
        units = task.get("units") or []
        if not (task.get("lead_needs_confirmation") or (units and not task.get("lead_units"))):
            continue
        concrete = [names[n] for n in units if n in names]
        offered = next((u for row in concrete if (u := row.unit or row.proposal) is not None), None)
        out.append(
            LeadRow(
                task_key=task_key(task),
                index=i,
                number=_number(task),
                title=task.get("title") or "",
                printed=list(task.get("lead_units") or ()),
                offered=offered,
                confirmed=by_code.get(confirmed.get(task_key(task)) or ""),
            )
        )
    return out


def _subordinate(
    tasks: Sequence[Mapping[str, Any]],
    confirmed: Mapping[str, bool],
    index: UnitIndex,
    issued_on: datetime.date | None,
) -> list[SubordinateRow]:
    rows: dict[str, SubordinateRow] = {}
    governments = index.subordinate_governments(issued_on)
    for task in tasks:
        level = task.get("subordinate_governments")
        if not (task.get("subordinate_governments_duty") and level):
            continue
        row = rows.get(level)
        if row is None:
            row = rows[level] = SubordinateRow(level, [], governments, confirmed.get(level), len(rows))
        row.task_keys.append(task_key(task))
    return list(rows.values())


def _task_row(
    index: int,
    task: Mapping[str, Any],
    year: int,
    issued_on: datetime.date | None,
    source: str,
    names: Mapping[str, NameRow],
    placeholders: Mapping[str, PlaceholderRow],
    leads: Mapping[str, LeadRow],
    subordinate: Mapping[str, SubordinateRow],
    follow: Callable[[Unit], Unit],
) -> TaskRow:
    key = task_key(task)
    number = _number(task)
    lead_names = list(task.get("lead_units") or ())
    cooperating = set(task.get("cooperating_units") or ())
    lead_row = leads.get(key)
    doubts: list[Doubt] = []
    lead_cells: list[UnitCell] = []
    others: list[UnitCell] = []
    printed_placeholders: list[str] = []

    for text in task.get("units") or ():
        role = (
            Role.LEAD if text in lead_names else Role.COOPERATING if text in cooperating else Role.RESPONSIBLE
        )
        if text in placeholders:
            printed_placeholders.append(text)
            row = placeholders[text]
            expanded = row.units_for(key)
            flag = _("单独调整") if key in row.overrides else (_("待展开") if expanded is None else "")
            cell_role = Role.RESPONSIBLE if role == Role.LEAD else role
            others.append(UnitCell(text, cell_role, expanded or [], True, expanded is not None, flag))
            if role == Role.LEAD and lead_row is not None:
                confirmed = [lead_row.confirmed] if lead_row.confirmed else []
                flag = "" if lead_row.confirmed else _("牵头待确认")
                lead_cells.append(UnitCell(text, Role.LEAD, confirmed, True, bool(confirmed), flag))
            continue
        name = names.get(text)
        unit = name.unit if name else None
        settled = bool(name and name.settled)
        flag = "" if name is None or not name.flagged else (name.match_label if settled else _("待确认"))
        if name is not None and name.decided and name.decided_unit is None:
            flag = _("已忽略")
        cell = UnitCell(text, role, [unit] if unit else [], False, settled, flag)
        (lead_cells if role == Role.LEAD else others).append(cell)
    printed_as = {c.units[0].pk: c.printed for c in others if not c.placeholder and c.units}
    for cell in lead_cells:
        # A confirmed lead the task also names keeps that name (市工商局), not the placeholder's (有关部门).
        if cell.placeholder and cell.units and cell.units[0].pk in printed_as:
            cell.printed, cell.placeholder = printed_as[cell.units[0].pk], False
    lead_units = {u.pk for cell in lead_cells for u in cell.units}
    # A unit named again after it was made the lead is shown, and assigned, as the lead only.
    others = [c for c in others if c.placeholder or not c.units or c.units[0].pk not in lead_units]
    if lead_row is not None and not lead_names:
        confirmed = [lead_row.confirmed] if lead_row.confirmed else []
        lead_cells.insert(
            0, UnitCell(_("(未写明)"), Role.LEAD, confirmed, False, bool(confirmed), _("牵头待确认"))
        )

    level = task.get("subordinate_governments") if task.get("subordinate_governments_duty") else None
    sub_row = subordinate.get(level) if level else None
    planned = _planned(lead_cells, others, sub_row, follow)
    if not planned and (task.get("units") or level) and all(c.settled for c in (*lead_cells, *others)):
        doubts.append(Doubt("units", _("%(task)s没有任何责任单位") % {"task": number}, f"task-{index}"))

    requirements = task.get("time_requirements") or []
    notes = [
        Doubt(
            "time",
            _("%(task)s时限“%(text)s”表述不具体,不生成时间节点") % {"task": number, "text": r.get("text")},
            f"task-{index}",
        )
        for r in requirements
        if r.get("kind") == "vague"
    ]
    notes += [
        Doubt(
            "time",
            _("%(task)s时限“%(text)s”无法确定日期,不生成时间节点") % {"task": number, "text": r.get("text")},
            f"task-{index}",
        )
        for r in requirements
        if (r.get("kind") == "deadline" and not r.get("due"))
        or (r.get("kind") == "start" and not r.get("from"))
    ]
    span = task.get("span")
    return TaskRow(
        index=index,
        key=key,
        number=number,
        title=task.get("title") or "",
        body=task.get("body") or "",
        section_key="/".join((task.get("path") or ())[:-1]),
        leads=lead_cells,
        others=others,
        subordinate_level=level,
        subordinate_row=sub_row,
        milestones=milestone_specs(requirements, year=year, issued_on=issued_on, source=source),
        planned=planned,
        doubts=doubts,
        notes=notes,
        lines=_source_lines(source, span, task, names, placeholders) if span else [],
        span=(span[0], span[1]) if span else None,
        placeholders=printed_placeholders,
        raw=task,
    )


def _planned(
    leads: Sequence[UnitCell],
    others: Sequence[UnitCell],
    subordinate: SubordinateRow | None,
    follow: Callable[[Unit], Unit],
) -> list[PlannedAssignment]:
    """The assignments publication creates for one task; a unit named twice keeps its strongest role.

    A unit replaced by a reform before the notice's date is assigned to its successor (`follow`); the
    assignment keeps the name the notice printed.
    """
    chosen: dict[int, PlannedAssignment] = {}

    def add(unit: Unit, role: str, printed: str) -> None:
        unit = follow(unit)
        held = chosen.get(unit.pk)
        if held is None or _ROLE_RANK[role] < _ROLE_RANK[held.role]:
            chosen[unit.pk] = PlannedAssignment(unit, role, printed)

    for cell in (*leads, *others):
        for unit in cell.units:
            add(unit, cell.role, cell.printed)
    if subordinate is not None and subordinate.confirmed:
        for unit in subordinate.governments:
            add(unit, Role.SUBORDINATE, subordinate.level)
    return sorted(chosen.values(), key=lambda a: (_ROLE_RANK[a.role], a.unit.sort_order, a.unit.name))


def _sections(sections: Sequence[Mapping[str, Any]], tasks: list[TaskRow]) -> list[SectionRow]:
    rows = [
        SectionRow("/".join(s.get("path") or ()), (s.get("path") or [""])[-1], s.get("title") or "", [])
        for s in sections
    ]
    by_key = {row.key: row for row in rows}
    loose = SectionRow("", "", "", [])
    for task in tasks:
        section = _nearest_section(task.section_key, by_key)
        (section or loose).tasks.append(task)
    out = [row for row in rows if row.tasks]
    return [loose, *out] if loose.tasks else out


def _nearest_section(key: str, by_key: Mapping[str, SectionRow]) -> SectionRow | None:
    parts = key.split("/") if key else []
    while parts:
        found = by_key.get("/".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


def _source_lines(
    source: str,
    span: Sequence[int],
    task: Mapping[str, Any],
    names: Mapping[str, NameRow],
    placeholders: Mapping[str, PlaceholderRow],
) -> list[SourceLine]:
    """The task's lines of the stored source text, with its time phrases and unit names marked."""
    start, end = int(span[0]), int(span[1])
    excerpt = source[start:end]
    marks: list[tuple[int, int, str]] = []
    for req in task.get("time_requirements") or ():
        where = req.get("span")
        if where and start <= where[0] < where[1] <= end:
            marks.append((where[0] - start, where[1] - start, "time"))
    level = task.get("subordinate_governments")
    printed = [*(task.get("units") or ()), *([level] if level else [])]
    for text in sorted(set(printed), key=len, reverse=True):
        kind = "placeholder" if text in placeholders else "clause" if text == level else "unit"
        at = excerpt.find(text)
        while at >= 0:
            marks.append((at, at + len(text), kind))
            at = excerpt.find(text, at + len(text))
    taken: list[tuple[int, int, str]] = []
    for mark in sorted(marks, key=lambda m: (m[0], -(m[1] - m[0]))):
        if not taken or mark[0] >= taken[-1][1]:
            taken.append(mark)
    first = source.count("\n", 0, start) + 1
    lines: list[SourceLine] = []
    offset = 0
    for number, line in enumerate(excerpt.split("\n"), first):
        line_end = offset + len(line)
        segments: list[Segment] = []
        cursor = offset
        for m_start, m_end, kind in taken:
            if m_end <= offset or m_start >= line_end:
                continue
            s, e = max(m_start, offset), min(m_end, line_end)
            if s > cursor:
                segments.append(Segment(excerpt[cursor:s]))
            segments.append(Segment(excerpt[s:e], kind))
            cursor = e
        if cursor < line_end:
            segments.append(Segment(excerpt[cursor:line_end]))
        lines.append(SourceLine(number, tuple(segments)))
        offset = line_end + 1
    return lines


def _units(codes: Sequence[str] | None, by_code: Mapping[str, Unit]) -> list[Unit]:
    return [by_code[code] for code in codes or () if code in by_code]


def _number(task: Mapping[str, Any]) -> str:
    path = task.get("path") or ()
    return path[-1] if path else ""


def _iso(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
