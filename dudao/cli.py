"""The `dudao` command line: `dudao parse FILE [--json | --table]`, `dudao parse DIR --jsonl`.

Bad input ends with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dudao.ingest import IngestError, UnitDirectory, parse_file, render_ledger

EXIT_BAD_INPUT = 2
_SUFFIXES = {".txt", ".docx", ".html", ".htm", ".pdf"}


def _dump(data: object, *, pretty: bool) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1 if pretty else None)


def _parse_one(path: Path, args: argparse.Namespace, directory: UnitDirectory | None) -> int:
    notice = parse_file(path, directory=directory)
    if args.table:
        print(render_ledger(notice))
    else:
        print(_dump(notice.to_json(), pretty=not args.compact))
    return 0


def _parse_dir(path: Path, directory: UnitDirectory | None) -> int:
    """One JSON line per document; a bad document yields an error line and the run goes on."""
    failures = 0
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
    out = sys.stdout
    for file in files:
        try:
            record = {"file": str(file), **parse_file(file, directory=directory).to_json()}
        except IngestError as error:
            failures += 1
            record = {"file": str(file), "error": str(error)}
        out.write(_dump(record, pretty=False) + "\n")
    print(f"dudao: {len(files)} documents, {failures} failed", file=sys.stderr)
    return EXIT_BAD_INPUT if failures else 0


def _cmd_parse(args: argparse.Namespace) -> int:
    path = Path(args.path)
    directory = UnitDirectory.load(args.directory) if args.directory else None
    if path.is_dir():
        if not args.jsonl:
            raise IngestError(f"{path} 是目录,请使用 --jsonl / {path} is a directory: use --jsonl")
        return _parse_dir(path, directory)
    if args.jsonl:
        raise IngestError("--jsonl 需要一个目录 / --jsonl expects a directory")
    if not path.is_file():
        raise IngestError(f"找不到文件 {path} / no such file: {path}")
    return _parse_one(path, args, directory)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dudao", description="Dudao 法治政府建设网络督导平台 — command line"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse a task-division notice (txt, docx, html, pdf)")
    parse.add_argument("path", help="a notice file, or a folder with --jsonl")
    output = parse.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the plan as JSON (default)")
    output.add_argument("--table", action="store_true", help="print a readable Chinese ledger")
    output.add_argument(
        "--jsonl", action="store_true", help="parse every notice in a folder, one JSON line each"
    )
    parse.add_argument("--compact", action="store_true", help="JSON on one line")
    parse.add_argument("--directory", help="unit directory file (JSON or CSV) to resolve unit names against")
    parse.set_defaults(handler=_cmd_parse)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except IngestError as error:
        print(f"dudao: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `dudao parse … | head`
        return 0
    except OSError as error:
        print(f"dudao: error: 无法读取文件 / cannot read: {error.filename or error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
