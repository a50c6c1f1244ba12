"""`dudao parse`: JSON, the ledger, a folder as JSON lines, and one clear line with exit 2 on bad input."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dudao.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "zhumadian-2018.txt"
LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
_EMPTY_PAGE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meta"]["doc_number"] == "驻政办〔2018〕46号"
    assert len(data["tasks"]) == 38
    first = data["tasks"][0]
    assert {"path", "section_title", "title", "units", "lead_units", "cooperating_units"} <= set(first)
    assert {
        "subordinate_governments_duty",
        "subordinate_governments",
        "unit_refs",
        "time_requirements",
    } <= set(first)


def test_table_is_a_readable_ledger(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SAMPLE), "--table"]) == 0
    out = capsys.readouterr().out
    assert "驻马店市2018年度法治政府建设工作安排" in out
    assert "10 个部分, 38 项任务" in out
    for heading in ("序号", "任务", "牵头单位", "其他责任单位", "时限要求"):
        assert heading in out
    assert "今年7月1日前→截止 2018-07-01" in out
    assert "各有关部门(待确认)" in out  # a placeholder lead asks for confirmation


def test_folder_as_json_lines_goes_on_past_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "b.txt").write_bytes((LAYOUTS / "labelled_lines.txt").read_bytes())
    (tmp_path / "c.txt").write_bytes(b"")
    assert main(["parse", str(tmp_path), "--jsonl"]) == 2
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [len(r.get("tasks", [])) for r in records] == [38, 3, 0]
    assert "error" in records[2]
    assert "3 documents, 1 failed" in captured.err


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(chunk)


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    rng = random.Random(7)
    files = {
        "empty": b"",
        "whitespace": b" \n\t\n",
        "garbage": bytes(rng.randrange(256) for _ in range(4096)),
        "image": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        "textless.pdf": _EMPTY_PAGE_PDF,
        "broken.pdf": b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(300)),
        "not_a_notice": "今天召开了全体干部会议。\n会议学习了有关文件精神。\n".encode(),
        "mixed": ("责任单位:市编办、" * 40).encode() + ("市发改委、市财政局" * 40).encode("gbk"),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    paths["huge"] = tmp_path / "huge.txt"
    with paths["huge"].open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    paths["bomb.docx"] = tmp_path / "bomb.docx"
    _zip_bomb(paths["bomb.docx"])
    paths["missing"] = tmp_path / "does-not-exist.txt"
    return paths


def test_every_bad_input_gets_one_clear_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, path in _bad_inputs(tmp_path).items():
        assert main(["parse", str(path)]) == 2, name
        captured = capsys.readouterr()
        assert captured.out == "", name
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dudao: error: "), (name, captured.err)
        assert "Traceback" not in captured.err


def test_the_installed_command_never_shows_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.bin"
    bad.write_bytes(bytes(range(256)) * 16)
    result = subprocess.run(
        [sys.executable, "-m", "dudao.cli", "parse", str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["parse"])
    assert exited.value.code == 2
    assert main(["parse", str(SAMPLE), "--jsonl"]) == 2
    assert "--jsonl" in capsys.readouterr().err
