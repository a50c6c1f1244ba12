"""The notice parser: any task-division notice (txt, docx, html, pdf) becomes a structured plan.

Pure Python: nothing in this package imports Django, so it works as a library and from the CLI.

    >>> from dudao.ingest import parse_file
    >>> notice = parse_file("samples/zhumadian-2018.txt")
    >>> len(notice.tasks)
    38
"""

from dudao.ingest.errors import IngestError
from dudao.ingest.ledger import render_ledger
from dudao.ingest.model import Notice, SourceText, Task, TimeRequirement, UnitRef
from dudao.ingest.parser import parse_file, parse_source, parse_text
from dudao.ingest.units import UnitDirectory

__all__ = [
    "IngestError",
    "Notice",
    "SourceText",
    "Task",
    "TimeRequirement",
    "UnitDirectory",
    "UnitRef",
    "parse_file",
    "parse_source",
    "parse_text",
    "render_ledger",
]
