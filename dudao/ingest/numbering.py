"""Item numbering as printed in notices: `一、`, `(一)`, `1.`, `1、`, `(1)`, `①`, a bare `6` glued to a title.

A marker is only a candidate here; `structure.py` accepts it when its number continues a sequence,
which is what tells `2.落实…` (an item) from `2018年…` or `6.2%` (not items).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CN_NUMERAL = "[一二三四五六七八九十百零〇]"


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral as used in item numbers: 三 → 3, 十一 → 11, 三十八 → 38, 一百零二 → 102."""
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering candidate at the start of a line."""

    style: str  # cn | cn_paren | part | ar_dot | ar_dun | ar_paren | ar_half_paren | circled | bare
    value: int
    printed: str  # as printed, e.g. "(一)" or "1."
    length: int  # characters the marker takes at the line start, including following spaces


# Order matters: the first pattern that matches a line start wins.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"第({CN_NUMERAL}+)(?:部分|章|篇)[、,，.．:：\s]*")),
    ("cn", re.compile(rf"({CN_NUMERAL}+)[、,，.．]\s*(?=\S)")),
    ("cn_paren", re.compile(rf"[(（]\s*({CN_NUMERAL}+)\s*[)）][、.．\s]*(?=\S)")),
    ("ar_paren", re.compile(r"[(（]\s*(\d{1,3})\s*[)）][、.．\s]*(?=\S)")),
    ("ar_half_paren", re.compile(r"(\d{1,3})\s*[)）][、.．\s]*(?=\S)")),  # 1） with no opening bracket
    ("ar_dot", re.compile(r"(\d{1,3})\s*[.．](?![\d%％])\s*(?=\S)")),
    ("ar_dun", re.compile(r"(\d{1,3})\s*、\s*(?=\S)")),
    ("circled", re.compile(rf"([{_CIRCLED}])[、.．\s]*(?=\S)")),
    # A bare number glued to a title: "6加强行政执法监督". Never before a unit of time or quantity.
    (
        "bare",
        re.compile(r"(\d{1,2})(?=[\u4e00-\u9fff“\"《])(?![年月日号时个项万亿元家所名人次期批件条届号倍%])"),
    ),
)


def match_marker(line: str) -> Marker | None:
    """The numbering candidate at the start of `line`, if any."""
    for style, pattern in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        raw = m.group(1)
        if style in ("cn", "cn_paren", "part"):
            value = cn_to_int(raw)
        elif style == "circled":
            value = _CIRCLED.index(raw) + 1
        else:
            value = int(raw)
        if not value:
            continue
        printed = m.group(0).strip()
        if style == "cn":
            printed = raw
        return Marker(style=style, value=value, printed=printed, length=m.end())
    return None
