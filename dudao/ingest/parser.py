"""The pipeline: source text → lines → tree → tasks with responsibility, units and time requirements."""

from __future__ import annotations

import os
import re

from dudao.ingest.errors import EmptyDocument, NotANotice
from dudao.ingest.meta import cited_documents, read_meta
from dudao.ingest.model import Notice, Section, SourceText, Span, Task, TimeRequirement
from dudao.ingest.readers import read_file
from dudao.ingest.responsibility import others_cooperate, read_responsibility, rule_note, states_lead_rule
from dudao.ingest.script import Verbatim, simplified_shadow
from dudao.ingest.structure import (
    Block,
    Line,
    TaskText,
    Tree,
    build_tree,
    descendants,
    find_task_blocks,
    prepare_lines,
    task_text,
)
from dudao.ingest.timephrases import extract_quantity_targets, extract_time_requirements
from dudao.ingest.units import UnitDirectory

_TITLE_END_RE = re.compile(r"[。！？!?]")
_OPENERS, _CLOSERS = "(（《“〈[【", ")）》”〉]】"


def split_title(content: str) -> tuple[str, str]:
    """`深化行政审批制度改革。进一步推进…` → (`深化行政审批制度改革`, `进一步推进…`).

    The title is the first sentence, ended by a 。 outside brackets and quotes; an item with no such
    sentence is all title.
    """
    for m in _TITLE_END_RE.finditer(content):
        head = content[: m.start()]
        if sum(head.count(c) for c in _OPENERS) <= sum(head.count(c) for c in _CLOSERS):
            return head.strip(), content[m.end() :].strip()
    return content.strip().rstrip("。;；,，"), ""


def _lead_rule_sentence(lines: list[str]) -> str | None:
    """The notice's own lead rule: a sentence (`责任单位排名第一的为牵头单位`) or a note in a unit list."""
    for line in lines:
        if "牵头" not in line:
            continue
        note = rule_note(line)
        if note:
            return note
        for sentence in re.split(r"[。;；]", line):
            if states_lead_rule(sentence) and not sentence.lstrip().startswith(("责任单位", "牵头单位")):
                return sentence.strip()
    return None


def _section_title(block: Block) -> str | None:
    parent = block.parent
    if parent is None:
        return None
    return split_title(parent.heading)[0] or None


def _sections(tree: Tree, tasks: list[Block]) -> tuple[Section, ...]:
    task_ids = {id(b) for b in tasks}
    out = []
    for block in tree.blocks:
        if id(block) in task_ids or not any(id(d) in task_ids for d in descendants(block)):
            continue
        out.append(
            Section(path=block.path(), title=split_title(block.heading)[0], span=_span(block, "section"))
        )
    return tuple(out)


def _span(block: Block, rule: str) -> Span:
    lines = block.subtree_lines()
    return Span(lines[0].start, lines[-1].start + len(lines[-1].text), rule)


def _time_requirements(
    piece: TaskText, fields: tuple[tuple[str, int], ...], year: int | None
) -> list[TimeRequirement]:
    found = extract_time_requirements(piece.content, year)
    out = [_relocate(req, piece) for req in found]
    for value, offset in fields:
        out.extend(extract_time_requirements(value, year, offset=offset, labelled=True))
    return out


def _relocate(req: TimeRequirement, piece: TaskText) -> TimeRequirement:
    """Spans from the extractor are offsets into the joined content; map them to the prepared text."""
    if req.span is None:
        return req
    start = piece.source_offset(req.span.start)
    span = Span(start, start + (req.span.end - req.span.start), req.span.rule)
    return TimeRequirement(req.text, req.kind, req.due, req.start, req.period, req.min_count, span)


def _task(block: Block, year: int | None, rule: str | None, directory: UnitDirectory) -> Task:
    piece = task_text(block)
    title, body = split_title(piece.content)
    resp = read_responsibility(
        piece.fields,
        notice_states_rule=rule is not None,
        others_cooperate=rule is not None and others_cooperate(rule),
    )
    refs = tuple(directory.resolve(name) for name in resp.units)
    placeholder_names = {ref.text for ref in refs if ref.placeholder}
    return Task(
        path=block.path(),
        section_title=_section_title(block),
        title=title,
        body=body,
        units=resp.units,
        lead_units=resp.lead_units,
        cooperating_units=resp.cooperating_units,
        leaders=resp.leaders,
        subordinate_governments_duty=resp.subordinate_governments is not None,
        subordinate_governments=resp.subordinate_governments,
        lead_rule=resp.lead_rule,
        lead_needs_confirmation=any(name in placeholder_names for name in resp.lead_units),
        unit_refs=refs,
        time_requirements=tuple(_time_requirements(piece, resp.time_fields, year)),
        quantity_targets=tuple(extract_quantity_targets(piece.content)),
        span=_span(block, "task"),
    )


def parse_source(source: SourceText, *, directory: UnitDirectory | None = None) -> Notice:
    """Parse a document's text into a `Notice`.

    Raises `EmptyDocument` for a text without content and `NotANotice` when no task is found.
    """
    text, lines = prepare_lines(source.text)
    if not lines:
        raise EmptyDocument
    shadow = simplified_shadow(text)
    if shadow is not None:
        lines = [Line(shadow[line.start : line.start + len(line.text)], line.start) for line in lines]
        notice = _parse_lines(shadow, lines, source, directory)
        return Verbatim(text, shadow).restore(notice)
    return _parse_lines(text, lines, source, directory)


def _parse_lines(text: str, lines: list[Line], source: SourceText, directory: UnitDirectory | None) -> Notice:
    tree = build_tree(lines)
    task_blocks = find_task_blocks(tree)
    if not task_blocks:
        raise NotANotice
    rule = _lead_rule_sentence([line.text for line in lines])
    meta = read_meta(tree.header, source.hints, rule)
    directory = directory or UnitDirectory.builtin()
    tasks = tuple(_task(b, meta.year, rule, directory) for b in task_blocks)
    warnings = []
    if rule is None and any(t.lead_rule == "first_listed" for t in tasks):
        warnings.append(
            "通知未写明牵头单位规则,已按惯例将首个责任单位视为牵头单位 / no lead rule stated: first unit taken as lead"
        )
    return Notice(
        meta=meta,
        cited_documents=cited_documents(text, meta.title),
        sections=_sections(tree, task_blocks),
        tasks=tasks,
        source_format=source.format,
        warnings=tuple(warnings),
    )


def parse_text(text: str, *, directory: UnitDirectory | None = None) -> Notice:
    """Parse a notice given as a string (already decoded)."""
    return parse_source(SourceText(text=text, format="txt"), directory=directory)


def parse_file(path: str | os.PathLike[str], *, directory: UnitDirectory | None = None) -> Notice:
    """Read any supported file (txt, docx, html, pdf) and parse it."""
    return parse_source(read_file(path), directory=directory)
