"""The metadata block that government web pages print above a document.

Disclosure pages (政府信息公开) carry a small table or list: 索引号, 发文字号, 发布机构,
成文日期, 主题分类, 标题. It states facts the notice text may not repeat, so readers pass
them on as `SourceText.hints`. Labels come spaced (`索 引 号`), with or without a colon
(half or full width), with the value in the same cell or in the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from dudao.ingest.numbering import cn_to_int
from dudao.ingest.readers.patterns import COLONS

_LABELS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号",),
    "doc_number": ("发文字号", "文号", "发文号", "文件编号", "字号"),
    "issuer": ("发布机构", "发文机关", "发文单位", "发布单位", "制发机关", "成文机关"),
    "date": ("成文日期", "成文时间"),
    "published": ("发布日期", "发布时间", "公开日期", "公开时间"),
    "subject": ("主题分类", "主题类别"),
    "title": ("标题", "名称", "文件名称", "公文标题"),
}
# Labels we recognise only so that they are never taken as another label's value.
_OTHER_LABELS = (
    "公文时效",
    "时效性",
    "有效性",
    "体裁分类",
    "组配分类",
    "主题词",
    "关键词",
    "发文日期",
    "信息来源",
)
_MAX_VALUE_CHARS = 120


def _spaced(word: str) -> str:
    """A label pattern tolerating spaces between its characters: 索 引 号."""
    return r"\s*".join(re.escape(c) for c in word)


_ALL_LABELS = sorted(
    [(key, word) for key, words in _LABELS.items() for word in words] + [("", w) for w in _OTHER_LABELS],
    key=lambda pair: -len(pair[1]),
)
_LABEL_ALT = "|".join(f"(?P<l{i}>{_spaced(word)})" for i, (_key, word) in enumerate(_ALL_LABELS))
_COLON = f"[{COLONS}]"
_LABEL_ONLY = re.compile(rf"^(?:{_LABEL_ALT})\s*{_COLON}?$")
_LABEL_COLON = re.compile(rf"(?:^|(?<=\s))(?:{_LABEL_ALT})\s*{_COLON}\s*")
_LABEL_SPACE = re.compile(rf"^(?:{_LABEL_ALT})\s+(?=\S)")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_CN_DATE = re.compile(
    r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
)


def extract_hints(lines: Iterable[str]) -> dict[str, str]:
    """Metadata found in `lines` (a table row arrives as cells joined by `|`); first value wins."""
    hints: dict[str, str] = {}
    pending: str | None = None
    for line in lines:
        for raw in line.split("|"):
            cell = raw.strip()
            label = _LABEL_ONLY.match(cell)
            if label:
                pending = _key(label)
                continue
            if pending is not None:
                _store(hints, pending, cell)
                pending = None
            for key, value in _inline_pairs(cell):
                _store(hints, key, value)
    return hints


def _key(match: re.Match[str]) -> str:
    """The hint key of the label that matched (empty for labels we ignore)."""
    group = match.lastgroup or "l0"
    return _ALL_LABELS[int(group[1:])][0]


def _inline_pairs(cell: str) -> list[tuple[str, str]]:
    """`索引号:X 发布机构:Y` within one cell, or `索引号 X` at its start."""
    matches = list(_LABEL_COLON.finditer(cell))
    if not matches:
        spaced = _LABEL_SPACE.match(cell)
        return [(_key(spaced), cell[spaced.end() :])] if spaced else []
    pairs = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(cell)
        pairs.append((_key(match), cell[match.end() : end]))
    return pairs


def _store(hints: dict[str, str], key: str, value: str) -> None:
    """Keep the first plausible value for `key`: dates as ISO, numbers must hold digits."""
    value = value.strip()
    if not key or key in hints or not value or len(value) > _MAX_VALUE_CHARS:
        return
    if _LABEL_ONLY.match(value):
        return
    if key in ("date", "published"):
        iso = parse_date(value)
        if iso:
            hints[key] = iso
        return
    if key in ("index_number", "doc_number") and not re.search(r"\d", value):
        return
    hints[key] = value


def is_label(cell: str) -> bool:
    """Whether a cell is a metadata label on its own (`索 引 号`, `发布机构:`)."""
    return bool(_LABEL_ONLY.match(cell.strip()))


def parse_date(text: str) -> str | None:
    """`2018年4月11日`, `2018-04-11`, `2018/4/11`, `二〇一八年四月十一日` as ISO YYYY-MM-DD, or None."""
    match = _DATE.search(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _CN_DATE.search(text)
        if not match:
            return None
        year = int("".join(_CN_YEAR_DIGITS[c] for c in match.group(1)))
        month, day = cn_to_int(match.group(2)) or 0, cn_to_int(match.group(3)) or 0
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
