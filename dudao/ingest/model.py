"""The parser's output: frozen dataclasses that mirror a task-division notice.

`Notice.to_json()` renders the JSON contract that the platform and the scorer read
(see README.md of the ingest package). Nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

TimeKind = Literal["deadline", "start", "recurring", "target", "event", "ongoing", "vague"]
Period = Literal["week", "month", "quarter", "half_year", "year"]


@dataclass(frozen=True, slots=True)
class Span:
    """Where an extracted field came from: character offsets into `SourceText.text`, and the rule."""

    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class SourceText:
    """A document reduced to plain text, with whatever metadata its container carried.

    Readers (txt, docx, html, pdf) produce this; the text parser consumes only this.
    `hints` holds metadata a container states explicitly (an HTML metadata block's
    索引号, 发文字号, 发布机构, 成文日期, 主题分类, …) keyed by the field names of `Meta`.
    """

    text: str
    format: str  # "txt" | "docx" | "html" | "pdf"
    encoding: str | None = None
    hints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimeRequirement:
    text: str  # verbatim phrase
    kind: TimeKind
    due: str | None = None  # ISO date, for deadlines
    start: str | None = None  # ISO date, for "start" (JSON key "from")
    period: Period | None = None
    min_count: int | None = None
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "kind": self.kind}
        if self.due:
            out["due"] = self.due
        if self.start:
            out["from"] = self.start
        if self.period:
            out["period"] = self.period
        if self.min_count is not None:
            out["min_count"] = self.min_count
        if self.span:
            out["span"] = [self.span.start, self.span.end]
            out["rule"] = self.span.rule
        return out


@dataclass(frozen=True, slots=True)
class QuantityTarget:
    """A quantity to reach that is not a time requirement: 至少明确1名, 一半县、乡建成."""

    text: str
    value: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class UnitRef:
    """One verbatim unit name resolved against a unit directory."""

    text: str
    unit: str | None  # directory id, or None when unresolved
    canonical: str | None  # the directory's canonical name
    placeholder: bool  # 各有关部门, 有关部门, 县级人民政府 … — the office decides what it means
    confidence: float  # 1.0 exact or alias, <1.0 fuzzy, 0.0 unresolved
    match: Literal["exact", "alias", "normalised", "fuzzy", "placeholder", "unresolved"]

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "unit": self.unit,
            "canonical": self.canonical,
            "placeholder": self.placeholder,
            "confidence": round(self.confidence, 3),
            "match": self.match,
        }


@dataclass(frozen=True, slots=True)
class Section:
    path: tuple[str, ...]
    title: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Task:
    path: tuple[str, ...]
    section_title: str | None
    title: str
    body: str
    units: tuple[str, ...] = ()
    lead_units: tuple[str, ...] = ()
    cooperating_units: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()  # people named as responsible leaders, never units
    subordinate_governments_duty: bool = False
    subordinate_governments: str | None = None
    lead_rule: str = "first_listed"  # how lead_units was decided: stated | marked | first_listed | none
    lead_needs_confirmation: bool = False  # a placeholder leads
    unit_refs: tuple[UnitRef, ...] = ()
    time_requirements: tuple[TimeRequirement, ...] = ()
    quantity_targets: tuple[QuantityTarget, ...] = ()
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": list(self.path),
            "section_title": self.section_title,
            "title": self.title,
            "body": self.body,
            "units": list(self.units),
            "lead_units": list(self.lead_units),
            "cooperating_units": list(self.cooperating_units),
            "leaders": list(self.leaders),
            "subordinate_governments_duty": self.subordinate_governments_duty,
            "subordinate_governments": self.subordinate_governments,
            "lead_rule": self.lead_rule,
            "lead_needs_confirmation": self.lead_needs_confirmation,
            "unit_refs": [u.to_json() for u in self.unit_refs],
            "time_requirements": [t.to_json() for t in self.time_requirements],
            "quantity_targets": [{"text": q.text, "value": q.value} for q in self.quantity_targets],
            "span": [self.span.start, self.span.end] if self.span else None,
        }


@dataclass(frozen=True, slots=True)
class CitedDocument:
    title: str
    doc_number: str | None = None
    short_name: str | None = None


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None = None
    notice_title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None  # 成文日期, ISO
    index_number: str | None = None
    subject: str | None = None  # 主题分类
    recipients: tuple[str, ...] = ()
    year: int | None = None
    lead_rule: str | None = None  # the notice's own sentence, e.g. 责任单位排名第一的为牵头单位


@dataclass(frozen=True, slots=True)
class Notice:
    meta: Meta
    cited_documents: tuple[CitedDocument, ...]
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    source_format: str = "txt"
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        meta = asdict(self.meta)
        meta["recipients"] = list(self.meta.recipients)
        return {
            "meta": meta,
            "cited_documents": [asdict(c) for c in self.cited_documents],
            "sections": [{"path": list(s.path), "title": s.title} for s in self.sections],
            "tasks": [t.to_json() for t in self.tasks],
            "source_format": self.source_format,
            "warnings": list(self.warnings),
        }
