"""Line-start patterns shared by the readers: numbering, and the responsibility labels.

Readers need them to decide where paragraphs begin (a wrapped PDF line never starts with
`(一)` or `责任单位:`) and to keep numbered items intact. Full-width forms are written as
escapes so that no editor or tool can silently turn them into ASCII.
"""

from __future__ import annotations

import re

from dudao.ingest.responsibility import LABEL_RE

COLONS = ":\uff1a"  # : ：
OPEN_PARENS = "(\uff08"  # ( （
CLOSE_PARENS = ")\uff09"  # ) ）
DOTS = ".\uff0e"  # . ．
# Punctuation that ends a clause; a line ending in one of these may end a paragraph.
CLAUSE_END = "。;,:!?、\uff1b\uff0c\uff1a\uff01\uff1f)\uff09》”"
SENTENCE_PUNCT = "。;,:!?\uff1b\uff0c\uff1a\uff01\uff1f"
LIST_SEPARATORS = "、,;\uff0c\uff1b "

CHINESE_DIGITS = "一二三四五六七八九十"
_CN = f"[{CHINESE_DIGITS}]{{1,3}}"
_OP = f"[{OPEN_PARENS}]"
_CP = f"[{CLOSE_PARENS}]"

SECTION_NUMBER = re.compile(rf"^{_CN}、")
ITEM_NUMBER = re.compile(
    rf"^(?:{_OP}\s*(?:{_CN}|\d{{1,3}})\s*{_CP}"  # (一) （一） (1)
    rf"|\d{{1,3}}[{DOTS}、](?!\d)"  # 1. 1、 (not 1.5)
    rf"|{_CN}、"  # 一、
    r"|[\u2460-\u2473\u2474-\u2487\u2488-\u249b]"  # ① ⑴ ⒈
    rf"|第{_CN}[条章节部分])"
)
# `责任单位:` and its kin: the same labels the responsibility rules read (data/responsibility.json).
LABEL = LABEL_RE


def starts_block(line: str) -> bool:
    """True when a line opens a numbered item or a labelled line, so it cannot continue another."""
    line = line.lstrip(" \t\u3000")
    return bool(ITEM_NUMBER.match(line) or LABEL.match(line))
