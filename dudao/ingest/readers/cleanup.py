"""Turn the lines a reader found into the one text shape the text parser expects.

Every reader ends here so that all formats agree: one paragraph per line, lines stripped
(including the full-width indentation `　　` that Chinese documents use), no blank lines,
no control or zero-width characters. Punctuation is left exactly as printed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from dudao.ingest.errors import EmptyDocument

# Characters that end a line wherever they occur: CR/LF variants, form feed, vertical tab
# (Word's soft line break in some exports), and the Unicode line/paragraph separators.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
# Spaces other than the ideographic space (which is kept: it is part of printed text).
_ODD_SPACES = re.compile(r"[\xa0\u1680\u2000-\u200a\u202f\u205f]")


def _is_dropped(char: str) -> bool:
    """Control (Cc) and format (Cf: zero-width space, BOM, bidi marks) characters carry no text."""
    if char == "\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cf")


def clean_line(line: str) -> str:
    """One line without control characters, odd spaces or surrounding whitespace."""
    line = _ODD_SPACES.sub(" ", line)
    if not line.isprintable():
        line = "".join(c for c in line if not _is_dropped(c))
    return line.strip()


def finish_lines(lines: Iterable[str]) -> str:
    """Join paragraphs into the final text; raise EmptyDocument when nothing readable is left."""
    out: list[str] = []
    for chunk in lines:
        for line in _LINE_BREAKS.split(chunk):
            cleaned = clean_line(line)
            if cleaned:
                out.append(cleaned)
    if not out:
        raise EmptyDocument
    return "\n".join(out)
