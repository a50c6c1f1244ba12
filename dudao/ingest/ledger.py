"""A plain-text ledger (台账) of a parsed notice for the terminal: one row per task, CJK-aware columns."""

from __future__ import annotations

import unicodedata

from dudao.ingest.model import Notice, Task, TimeRequirement

_PERIOD_NAMES = {"week": "每周", "month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年"}
# (header, display width) of each column
_COLUMNS = (("序号", 8), ("任务", 30), ("牵头单位", 20), ("其他责任单位", 26), ("时限要求", 30))


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` display cells; each paragraph of `text` starts a new line."""
    if "\n" in text:
        return [line for paragraph in text.split("\n") for line in _wrap(paragraph, width)]
    lines, current, used = [], "", 0
    for char in text:
        w = display_width(char)
        if used + w > width:
            lines.append(current)
            current, used = "", 0
        current += char
        used += w
    return [*lines, current] if current or not lines else lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def describe_time(req: TimeRequirement) -> str:
    """`今年7月1日前 → 2018-07-01`, `全年不少于4次 → 每年≥4`."""
    if req.kind == "deadline" and req.due:
        meaning = f"截止 {req.due}"
    elif req.kind == "start" and req.start:
        meaning = f"自 {req.start}"
    elif req.kind == "recurring" and req.period:
        meaning = _PERIOD_NAMES[req.period] + (f"≥{req.min_count}" if req.min_count else "")
    else:
        meaning = {"event": "待事件触发", "ongoing": "长期", "vague": "未定", "target": "目标"}.get(
            req.kind, req.kind
        )
    return f"{req.text}→{meaning}"


def _row(task: Task) -> list[str]:
    others = [u for u in task.units if u not in task.lead_units]
    if task.subordinate_governments_duty:
        others.append(f"{task.subordinate_governments}(按职责分工负责)")
    lead = "、".join(task.lead_units) + ("(待确认)" if task.lead_needs_confirmation else "")
    return [
        task.path[-1],
        task.title,
        lead or "—",
        "、".join(others) or "—",
        "\n".join(describe_time(r) for r in task.time_requirements) or "—",
    ]


def render_ledger(notice: Notice) -> str:
    """The whole ledger as text: a heading with the notice's metadata, then the task table."""
    meta = notice.meta
    head = [meta.title or "(未识别标题)"]
    facts = [f for f in (meta.doc_number, meta.issuer, meta.date and f"成文日期 {meta.date}") if f]
    if facts:
        head.append(" | ".join(facts))
    head.append(f"{len(notice.sections)} 个部分, {len(notice.tasks)} 项任务")
    rule = "─" * (sum(w for _, w in _COLUMNS) + 3 * (len(_COLUMNS) - 1))
    out = [*head, rule, " │ ".join(_pad(h, w) for h, w in _COLUMNS), rule]
    section = None
    for task in notice.tasks:
        if task.section_title != section:
            section = task.section_title
            if section:
                out.append(f"【{' '.join(task.path[:-1])} {section}】")
        cells = [_wrap(text, width) for text, (_, width) in zip(_row(task), _COLUMNS, strict=True)]
        out.extend(
            " │ ".join(_pad(c[i] if i < len(c) else "", w) for c, (_, w) in zip(cells, _COLUMNS, strict=True))
            for i in range(max(len(c) for c in cells))
        )
        out.append(rule)
    out.extend(f"注:{w}" for w in notice.warnings)
    return "\n".join(line.rstrip() for line in out)
