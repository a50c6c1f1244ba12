"""Fixture pairs: every layout of the genre, as a short notice and the fields it must yield.

Each `fixtures/layouts/NAME.txt` is parsed and compared with `NAME.expected.json`; only the keys that
the expectation names are compared, so a fixture states exactly what it is about.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dudao.ingest import parse_file

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
CASES = sorted(p for p in LAYOUTS.iterdir() if p.suffix in {".txt", ".docx", ".html", ".pdf"})


def _check_times(task: dict[str, Any], expected: list[list[Any]]) -> None:
    for text, kind, when in expected:
        matches = [r for r in task["time_requirements"] if text in r["text"] or r["text"] in text]
        assert matches, f"{task['path']}: no time requirement like {text!r} in {task['time_requirements']}"
        assert any(r["kind"] == kind and r.get("due", r.get("from")) == when for r in matches), (
            f"{task['path']}: {text!r} should mean {kind} {when}, got {matches}"
        )


@pytest.mark.parametrize("source", CASES, ids=lambda p: p.name)
def test_layout(source: Path) -> None:
    expected = json.loads(source.with_suffix(".expected.json").read_text("utf-8"))
    got = parse_file(source).to_json()
    for key, value in expected.get("meta", {}).items():
        assert got["meta"][key] == value, f"meta.{key}"
    assert [t["path"] for t in got["tasks"]] == [t["path"] for t in expected["tasks"]]
    for want, task in zip(expected["tasks"], got["tasks"], strict=True):
        for key, value in want.items():
            if key == "times":
                _check_times(task, value)
            else:
                assert task[key] == value, f"{want['path']} {key}"
