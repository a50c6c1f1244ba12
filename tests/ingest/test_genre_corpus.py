"""Our own corpus of the genre: invented notices covering every layout and format, with hand-made truth.

Each `fixtures/genre/NNN.txt` is parsed and compared field by field with `NNN.truth.json`, the way
the shared scorer compares (Unicode NFKC, whitespace dropped, tasks matched by path or title, time
phrases matched by containment with their meaning). Items cut off at the end (`"complete": false`)
are neither required nor counted as extra.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from dudao.ingest import parse_file

GENRE = Path(__file__).parent / "fixtures" / "genre"
FIELDS = ("title", "units", "lead_units", "cooperating_units", "subordinate_governments_duty")


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(text.split()).rstrip("。.;;,,")  # noqa: B005 - a set of trailing punctuation, as the scorer


def norm_path(path: list[str] | None) -> tuple[str, ...]:
    return tuple(norm(p).strip("()()、.") for p in path or [])  # noqa: B005 - a set of brackets


def _find(task: dict[str, Any], parsed: list[dict[str, Any]], used: set[int]) -> dict[str, Any] | None:
    """The first unused parsed task with the same path, else with the same title (paths repeat across
    attachments whose numbering restarts)."""
    free = [c for c in parsed if id(c) not in used]
    same_path = (c for c in free if norm_path(c["path"]) == norm_path(task["path"]) and task["path"])
    return next(same_path, None) or next((c for c in free if norm(c["title"]) == norm(task["title"])), None)


def _same(field: str, want: Any, have: Any) -> bool:
    if field == "subordinate_governments_duty":
        return bool(want) == bool(have)
    if field == "title":
        return norm(want) == norm(have)
    return [norm(x) for x in want or []] == [norm(x) for x in have or []]


def _time_differences(task: dict[str, Any], found: dict[str, Any]) -> list[str]:
    requirements = found["time_requirements"]
    phrases = [norm(r["text"]) for r in requirements if r["kind"] != "vague"]
    deadlines = [norm(d) for d in task.get("deadlines", [])]
    errors = [f"missed time phrase {d!r}" for d in deadlines if not any(d in p or p in d for p in phrases)]
    errors += [f"extra time phrase {p!r}" for p in phrases if not any(p in d or d in p for d in deadlines)]
    for want in task.get("time_truth", []):
        keys = [k for k in ("kind", "due", "from", "period", "min_count") if k in want]
        text = norm(want["text"])
        candidates = [r for r in requirements if text in norm(r["text"]) or norm(r["text"]) in text]
        if not any(all(r.get(k) == want[k] for k in keys) for r in candidates):
            errors.append(f"meaning of {want['text']!r}")
    return errors


def _differences(truth: dict[str, Any], got: dict[str, Any]) -> list[str]:
    errors = [
        f"meta.{key}: want {truth['meta'][key]!r} got {got['meta'].get(key)!r}"
        for key in ("doc_number", "date")
        if truth["meta"].get(key) and norm(truth["meta"][key]) != norm(got["meta"].get(key))
    ]
    matched = set()
    for task in truth["tasks"]:
        found = _find(task, got["tasks"], matched)
        if found is not None:
            matched.add(id(found))
        if not task.get("complete", True):
            continue
        if found is None:
            errors.append(f"missed {task['path']}")
            continue
        errors += [
            f"{task['path']} {field}: want {task.get(field)!r} got {found.get(field)!r}"
            for field in FIELDS
            if not _same(field, task.get(field), found.get(field))
        ]
        errors += [f"{task['path']} {error}" for error in _time_differences(task, found)]
    errors += [f"extra task {t['path']}" for t in got["tasks"] if id(t) not in matched]
    return errors


SOURCES = sorted(p for p in GENRE.iterdir() if p.suffix in {".txt", ".docx", ".html", ".pdf"})


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_notice_matches_its_truth(source: Path) -> None:
    truth = json.loads(source.with_name(source.stem + ".truth.json").read_text("utf-8"))
    assert _differences(truth, parse_file(source).to_json()) == []
