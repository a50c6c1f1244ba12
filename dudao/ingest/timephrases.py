"""Time requirements and quantity targets in one task's text.

`extract_time_requirements` finds deadlines (`今年7月1日前`), starts (`从今年3月1日起`), recurring
obligations and quotas (`每季度至少一次`, `全年不少于4次`), event triggers (`待《…》出台后`), ongoing
work (`长期坚持`, only in a labelled time field) and vague phrases (`定期`). `extract_quantity_targets`
finds quantities to reach (`至少明确1名`), which are not time requirements.

Each rule is a small function registered with a priority; its name is the function's name and its
regex is compiled once, at import. Every rule proposes candidates; candidates are taken in priority
order (then by position) and one that overlaps a candidate already taken is dropped. Relative dates
(今年, 年底, 6月底前) are resolved afterwards against the plan year, or against the last year written
out earlier in the same text (`2022年6月底前…,12月底前…`). Phrase lists live in
`data/time_phrases.json`.
"""

from __future__ import annotations

import bisect
import calendar
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources

from dudao.ingest.model import Period, QuantityTarget, Span, TimeKind, TimeRequirement

_DATA = json.loads(resources.files("dudao.ingest").joinpath("data/time_phrases.json").read_text("utf-8"))
_PERIODS: dict[str, Period] = _DATA["periods"]
_EVERY_N_MONTHS: dict[int, Period] = {int(k): v for k, v in _DATA["every_n_months"].items()}
_EVERY_N_WEEKS: dict[int, Period] = {int(k): v for k, v in _DATA["every_n_weeks"].items()}
_EVERY_N_QUARTERS: dict[int, Period] = {int(k): v for k, v in _DATA["every_n_quarters"].items()}
_BY_PERIOD: dict[str, Period] = _DATA["by_period"]
_ANNUAL_WORDS: dict[str, Period] = _DATA["annual_words"]
_RELATIVE_YEARS: dict[str, int] = _DATA["relative_years"]
_NOT_RECURRING_AFTER = tuple(_DATA["not_recurring_after"])
_NOT_VAGUE_BEFORE = frozenset(_DATA["not_vague_before"])


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- numbers ---------------------------------------------------------------------------------------

_CN_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def to_int(numeral: str) -> int | None:
    """`12` / `１２` / `十二` / `两` / `第一` → an int; None when it is not a numeral below 100."""
    s = numeral.strip().strip("()（）[]【】").removeprefix("第").removesuffix("条").translate(_FULL_WIDTH)
    if s.isascii() and s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGITS and c != "十" for c in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        if "十" in ones or len(tens) > 1 or len(ones) > 1:
            return None
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    value = 0
    for c in s:
        value = value * 10 + _CN_DIGITS[c]
    return value


# --- regex fragments -------------------------------------------------------------------------------

_D = "[0-9０-９]"
_CN_NUM = "〇零一二两三四五六七八九十"
_SP = r"[ \t\u3000]*"  # docx and html text sometimes spaces out 2021 年 12 月
_COUNT_NUM = rf"(?:{_D}{{1,3}}|[一二两三四五六七八九十]{{1,3}})"
_CN_MONTH = "(?:十[一二]?|[一二三四五六七八九])"
_CN_DAY = "(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_REL = _alternation(_RELATIVE_YEARS)
_UNTIL = _alternation(_DATA["until_prefixes"])
_START_PREFIX = _alternation(_DATA["start_prefixes"])
# 起 only as a marker: not 起草, 起诉, 起来, 起点 …
_START_MARK = rf"(?:{_alternation(_DATA['start_markers'])})(?![草诉来点步见因源飞伏义])"
# `2021年6月1日起施行的《条例》`: the cited law's effective date, not a start for the task.
_CITED_START = r"(?!施行的|实施的|生效的|执行的)"
# 前 only as a marker: not 前三季度 (the first three quarters), 前后, 前期, 前夕 …
_BEFORE = rf"(?:{_alternation(_DATA['deadline_markers'])})(?![{_CN_NUM}0-9０-９后期夕述款项列面端沿])"
_DONE = _alternation(_DATA["completion_markers"])
_QUALIFIER = _alternation(_DATA["count_qualifiers"])
_COUNT_UNIT = "".join(_DATA["count_units"])
_VERB_CHAR = r"[^\W\d_第每年月周季]"  # a word character that is neither a numeral nor a period
_VERB_CHAR_OR_BRACKET = r"(?:[^\W\d_第每年月周季]|[(（][^()（）\d]{1,6}[)）])"  # 到村（社区）服务不少于1次
# `至少召开1次`, `一次`, `开展督查不少于3次`: a few characters of verb around an optional qualifier, then
# a count and its unit. Without a qualifier the verb before the count is short.
_COUNT = (
    rf"(?:(?:{_VERB_CHAR_OR_BRACKET}{{0,14}}?(?P<qual>{_QUALIFIER}){_VERB_CHAR}{{0,4}}?|{_VERB_CHAR}{{0,6}}?)"
    rf"(?P<n>{_COUNT_NUM})[{_COUNT_UNIT}](?!性)(?:及?以上)?)"
)
_DASH = r"(?:至|到|—+|－|-|–|~|～)"
# Characters a match can start with (see `_rule`): a year, a relative year, a month numeral.
_YEAR_FIRST = "0-9０-９" + "".join(_RELATIVE_YEARS)
_MONTH_FIRST = "0-9０-９一二三四五六七八九十"
_UNTIL_FIRST = "".join(sorted({w[0] for w in _DATA["until_prefixes"]})) + "至"


def _year(tag: str = "") -> str:
    """`2021年`, `2021 年`, `今年`, `明年` (groups y{tag} / rel{tag})."""
    return rf"(?:(?<![0-9０-９])(?P<y{tag}>(?:19|20|１９|２０){_D}{{2}}){_SP}年|(?P<rel{tag}>{_REL})年)"


def _month(tag: str = "") -> str:
    """`12月`, `十二月`, `6月份` (group m{tag}); never the tail of a larger number."""
    return rf"(?<![{_CN_NUM}0-9０-９])(?P<m{tag}>1[0-2]|0?[1-9]|１[０-２]|０?[１-９]|{_CN_MONTH}){_SP}月份?"


def _day(tag: str = "") -> str:
    """`31日`, `1号`, `三十一日` (group d{tag})."""
    return rf"(?P<d{tag}>[12][0-9]|3[01]|0?[1-9]|[１２][０-９]|３[０１]|０?[１-９]|{_CN_DAY}){_SP}[日号]"


# --- meanings, candidates, rules -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _When:
    """A date waiting for its year: written out (`year`), relative (`rel`: 今年 0, 明年 1) or implicit."""

    resolve: Callable[[int], date | None]
    year: int | None = None
    rel: int | None = None


@dataclass(frozen=True, slots=True)
class _Meaning:
    """What a rule read in its match; the registry adds where and which rule."""

    kind: TimeKind
    when: _When | None = None
    period: Period | None = None
    min_count: int | None = None


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    rule: str
    priority: int
    meaning: _Meaning


Build = Callable[[re.Match[str], bool], _Meaning | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    priority: int
    pattern: re.Pattern[str]
    build: Build
    labelled_only: bool
    needs: tuple[str, ...]


_RULES: list[_Rule] = []


def _rule(
    priority: int,
    pattern: str,
    *,
    first: str = "",
    needs: tuple[str, ...] = (),
    labelled_only: bool = False,
) -> Callable[[Build], Build]:
    """Register `build(match, labelled)` as a rule named after the function; it returns the meaning
    of a match, or None to refuse it.

    `first` is the set of characters a match can start with and `needs` the words a text must contain
    for the rule to apply at all: both only make the scan fast (a pattern that opens with an optional
    group costs a full attempt at every position otherwise).
    """

    def register(build: Build) -> Build:
        compiled = re.compile(f"(?=[{first}]){pattern}" if first else pattern)
        _RULES.append(_Rule(build.__name__, priority, compiled, build, labelled_only, needs))
        _RULES.sort(key=lambda r: r.priority)
        return build

    return register


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int | None) -> date | None:
    try:
        return _last_day(year, month) if day is None else date(year, month, day)
    except ValueError:
        return None


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _year_of(m: re.Match[str], tag: str = "") -> tuple[int | None, int | None]:
    """(written year, relative offset) from the groups of `_year(tag)`."""
    written = m.group(f"y{tag}")
    rel = m.group(f"rel{tag}")
    return (to_int(written) if written else None), (_RELATIVE_YEARS[rel] if rel else None)


def _count(m: re.Match[str]) -> int | None:
    n = m.group("n")
    return to_int(n) if n else None


_COUNT_CAPS = tuple(_DATA["count_caps"])


def _caps_count(m: re.Match[str]) -> bool:
    """`每年不超过一次`: a ceiling (涉企检查), no obligation to act; kept as text only."""
    return any(cap in m.group(0) for cap in _COUNT_CAPS)


_XUN_DAY = {"上旬": 10, "中旬": 20}  # 下旬 ends with the month


def _month_when(m: re.Match[str], tag: str = "", anchor: str | None = None) -> _When | None:
    """The date of `2021年12月31日` / `6月底` / `3月中旬`; None for an impossible month."""
    month = to_int(m.group(f"m{tag}"))
    if month is None or not 1 <= month <= 12:
        return None
    day_text = m.group(f"d{tag}")
    day = to_int(day_text) if day_text else _XUN_DAY.get(anchor or "")
    written, rel = _year_of(m, tag)
    return _When(lambda y: _safe_date(y, month, day), written, rel)


def _deadline(m: re.Match[str], resolve: Callable[[int], date | None]) -> _Meaning:
    written, rel = _year_of(m)
    return _Meaning("deadline", _When(resolve, written, rel))


# Priorities: triggers and recurring obligations first (they contain dates that are not deadlines:
# 每年第一季度), then starts, ranges, dates, and last the words that only count in labelled fields.


@_rule(
    10,
    rf"待(?<![有亟期接对等看招款优虐善留尚]待)(?![遇命岗业办人客])[^。;；,，!?！？\n]{{1,40}}?"
    rf"(?:{_alternation(_DATA['event_verbs'])})(?:以后|之后|后)",
    needs=("待",),
)
def event_pending(m: re.Match[str], labelled: bool) -> _Meaning:
    """`待国务院《重大行政决策程序条例》出台后`: an open milestone, activated when the event happens."""
    return _Meaning("event")


@_rule(
    11,
    rf"《[^《》\n]{{2,40}}》(?:{_alternation(_DATA['document_event_verbs'])})(?:以后|之后|后)",
    needs=("后",),
)
def event_document(m: re.Match[str], labelled: bool) -> _Meaning:
    """`在省政府《办法》出台后及时修订`: a cited document's adoption triggers the work."""
    return _Meaning("event")


@_rule(
    20,
    rf"每(?:一)?(?P<p>{_alternation(_PERIODS)})"
    rf"(?:的?(?P<anchor>第?[一二三四1-4１-４]{_SP}季度(?:末|底)?|[上下]半年|年底|年末|年初|底|末|初"
    rf"|{_month()}(?:{_day()}|底|末|上旬|中旬|下旬)?|{_day('a')})(?:{_BEFORE})?)?"
    rf"{_COUNT}?",
    needs=("每",),
)
def recurring_every(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`每季度至少一次` (quarter, 1), `每年第一季度` (year), `每月底前报送` (month).

    A bare 每年 before a growth figure (`每年新增就业1万人`) is a rate, not an obligation.
    """
    if not (m.group("anchor") or m.group("n")) and m.string.startswith(_NOT_RECURRING_AFTER, m.end()):
        return None
    if _caps_count(m):
        return _Meaning("vague")
    return _Meaning("recurring", period=_PERIODS[m.group("p")], min_count=_count(m))


@_rule(21, rf"每(?P<k>{_D}{{1,2}}|[两二三四六]|十二)个?(?P<p>月|周|星期|季度|年){_COUNT}?", needs=("每",))
def recurring_every_n(m: re.Match[str], labelled: bool) -> _Meaning:
    """`每两个月通报一次` (month, 1), `每三个月` (quarter); `每两年` has no period: vague."""
    k = to_int(m.group("k")) or 0
    unit = m.group("p")
    if unit == "月":
        period = _EVERY_N_MONTHS.get(k)
    elif unit in ("周", "星期"):
        period = _EVERY_N_WEEKS.get(k)
    elif unit == "季度":
        period = _EVERY_N_QUARTERS.get(k)
    else:
        period = "year" if k == 1 else None
    if period is None:
        return _Meaning("vague")
    return _Meaning("recurring", period=period, min_count=_count(m))


@_rule(22, rf"(?P<w>{_alternation(_BY_PERIOD)})(?!度计划|度目标)")
def recurring_by(m: re.Match[str], labelled: bool) -> _Meaning:
    """`按季度报送工作进展`, `逐月调度`: one report per period."""
    return _Meaning("recurring", period=_BY_PERIOD[m.group("w")])


@_rule(23, rf"(?:全年|年度|一年)(?:内|中)?{_COUNT}", needs=("年",))
def annual_quota(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`全年不少于4次` (year, 4), `全年至少举办2期` (year, 2): a count checked at year end."""
    n = _count(m)
    if n is None:
        return None
    return _Meaning("vague") if _caps_count(m) else _Meaning("recurring", period="year", min_count=n)


@_rule(
    24,
    rf"(?<![{_CN_NUM}0-9０-９度全今明去当本每上])(?P<w>{_alternation(_ANNUAL_WORDS)})(?![计批核查理议度])",
    first="年",
)
def annual_word(m: re.Match[str], labelled: bool) -> _Meaning:
    """`认真做好行政执法证件的审定年审工作`: an annual review, once a year."""
    return _Meaning("recurring", period=_ANNUAL_WORDS[m.group("w")])


@_rule(
    30,
    rf"(?P<pre>{_START_PREFIX})?(?:{_year()}{_SP})?(?:{_month()}{_SP}(?:{_day()})?)?{_SP}{_START_MARK}{_CITED_START}",
    first=_START_PREFIX.replace("|", "") + _YEAR_FIRST + _MONTH_FIRST,
    needs=tuple(_DATA["start_markers"]),
)
def start_from(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`从今年3月1日起` → from 2018-03-01; `自2022年起` → from 2022-01-01; `7月起施行`."""
    written, rel = _year_of(m)
    if m.group("m") is None:
        if written is None and rel is None:
            return None
        return _Meaning("start", _When(lambda y: date(y, 1, 1), written, rel))
    month = to_int(m.group("m"))
    day = to_int(m.group("d")) if m.group("d") else 1
    if month is None or not 1 <= month <= 12 or day is None:
        return None
    return _Meaning("start", _When(lambda y: _safe_date(y, month, day), written, rel))


@_rule(
    40,
    rf"(?<![(（〈《<])(?<![0-9０-９])(?P<y1>(?:19|20){_D}{{2}}){_SP}年?{_SP}(?P<sep>{_DASH}){_SP}"
    rf"(?P<y2>(?:19|20){_D}{{2}}){_SP}年(?!度)(?P<a>底|末)?(?P<s>{_BEFORE}|{_DONE})?(?![)）〉》>的])",
    first="0-9０-９",
    needs=("年",),
)
def year_range(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`2021年至2023年` → due at the end of 2023. A dash range in prose is usually part of a title
    (`规划(2021—2025年)`), so in prose it needs 至/到 or a marker after it."""
    if not (labelled or m.group("a") or m.group("s") or m.group("sep") in ("至", "到")):
        return None
    end, start = to_int(m.group("y2")) or 0, to_int(m.group("y1")) or 0
    if end <= start:
        return None
    return _Meaning("deadline", _When(_year_end, end))


@_rule(
    41,
    rf"(?:{_year('1')}{_SP})?(?<![{_CN_NUM}0-9０-９])(?P<m1>1[0-2]|0?[1-9]|１[０-２]|０?[１-９]|{_CN_MONTH})"
    rf"(?:{_SP}月份?{_SP}(?:{_day('1')})?)?{_SP}{_DASH}{_SP}"
    rf"(?:{_year('2')}{_SP})?{_month('2')}{_SP}(?:{_day('2')})?(?P<a>底|末)?(?:{_BEFORE})?",
    first=_YEAR_FIRST + _MONTH_FIRST,
    needs=("月",),
)
def month_range(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`2021年6月至12月` → due 2021-12-31; `3—5月` → due May 31 of the plan year."""
    end = _month_when(m, "2")
    if end is None or to_int(m.group("m1")) is None:
        return None
    if end.year is None and end.rel is None:
        written, rel = _year_of(m, "1")
        end = _When(end.resolve, written, rel)
    return _Meaning("deadline", end)


@_rule(
    50,
    rf"(?P<pre>{_UNTIL})?(?:{_year()}{_SP})?{_month()}{_SP}"
    rf"(?:{_day()}|(?P<a>底|末|上旬|中旬|下旬))?{_SP}(?P<s>{_BEFORE}|{_DONE})?",
    first=_UNTIL_FIRST + _YEAR_FIRST + _MONTH_FIRST,
    needs=("月",),
)
def month_deadline(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`今年7月1日前` → 2018-07-01 (the stated day itself); `6月底前` → June 30; `2022年6月前完成` → June 30.

    In prose a bare date (`2018年4月11日`, a document's date) is no requirement: it needs a marker
    (前, 底, 完成) or a prefix (截至, 到); in a labelled field (`完成时限:2021年12月`) it counts as it is.
    """
    if not (labelled or m.group("s") or m.group("pre") or (m.group("a") and not m.group("d"))):
        return None
    when = _month_when(m, anchor=m.group("a"))
    return None if when is None else _Meaning("deadline", when)


@_rule(51, rf"(?<![年月日号0-9０-９])(?P<pre>{_UNTIL}|至){_year()}(?!度)(?P<a>底|末)?", needs=("年",))
def until_year(m: re.Match[str], labelled: bool) -> _Meaning:
    """`截至2022年底`, `到2025年` → due at the end of that year; never the tail of a range that the
    range rule refused (`(2021年至2025年)`)."""
    return _deadline(m, _year_end)


@_rule(
    52,
    rf"(?:{_year()}年?|(?<![{_CN_NUM}0-9０-９去上前每全近往多几数半历学周])年)度?(?P<a>底|末|内)(?!容|部|涵|线)"
    rf"(?:{_BEFORE})?",
    first=_YEAR_FIRST + "年",
    needs=("底", "末", "内"),
)
def year_end(m: re.Match[str], labelled: bool) -> _Meaning:
    """`2018年底`, `年底前`, `年内`, `今年内` → December 31. Never `一年内` (a duration)."""
    return _deadline(m, _year_end)


_QUARTER_END = {1: 3, 2: 6, 3: 9, 4: 12}


@_rule(
    53,
    rf"(?:{_year()}{_SP})?(?<![每上下本前后各近个第])(?<!年的)第?(?P<q>[一二三四1-4１-４]){_SP}季度"
    rf"(?P<a>末|底)?(?:{_BEFORE}|{_DONE}|内)?",
    first=_YEAR_FIRST + "第一二三四1-4１-４",
    needs=("季度",),
)
def quarter_deadline(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`一季度末前`, `2021年第三季度` → the quarter's last day (March 31, September 30)."""
    month = _QUARTER_END.get(to_int(m.group("q")) or 0)
    return None if month is None else _deadline(m, lambda y: _last_day(y, month))


@_rule(
    54,
    rf"(?:{_year()}{_SP})?(?<![每])(?P<h>[上下])半年(?:末|底)?(?:{_BEFORE}|{_DONE}|内)?(?!以来)",
    first=_YEAR_FIRST + "上下",
    needs=("半年",),
)
def half_year_deadline(m: re.Match[str], labelled: bool) -> _Meaning:
    """`上半年` → June 30, `2021年下半年` → December 31."""
    month = 6 if m.group("h") == "上" else 12
    return _deadline(m, lambda y: _last_day(y, month))


@_rule(55, rf"{_year()}(?!度|以来)(?P<s>{_BEFORE})?", first=_YEAR_FIRST, needs=("年",))
def year_deadline(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`2025年前` → 2025-12-31; a bare `2021年` only in a labelled field: in prose a year is the
    subject (`2018年是…决胜之年`) or an adjective (`2018年度`), not a requirement."""
    if m.group("y") is None or not (labelled or m.group("s")):
        return None
    return _deadline(m, _year_end)


@_rule(
    56,
    rf"(?<![0-9０-９.])(?P<y>(?:19|20){_D}{{2}})[./\-／](?P<m>1[0-2]|0?[1-9])"
    rf"(?:[./\-／](?P<d>[12][0-9]|3[01]|0?[1-9]))?(?![0-9０-９%])",
    labelled_only=True,
)
def numeric_date(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`完成时限:2021.12` → 2021-12-31, `2021-06-30` → 2021-06-30 (table cells write dates this way)."""
    year, month = to_int(m.group("y")), to_int(m.group("m"))
    day = to_int(m.group("d")) if m.group("d") else None
    if year is None or month is None:
        return None
    return _Meaning("deadline", _When(lambda y: _safe_date(y, month, day), year))


@_rule(60, _alternation(_DATA["ongoing"]), labelled_only=True)
def ongoing(m: re.Match[str], labelled: bool) -> _Meaning:
    """`完成时限:长期坚持` / `持续推进`: no date. In running prose 持续推进 is only a verb."""
    return _Meaning("ongoing")


@_rule(61, rf"(?<=[，,；;。：:])(?:{_alternation(_DATA['ongoing'])})(?=[。；;！!]|$)")
def ongoing_clause(m: re.Match[str], labelled: bool) -> _Meaning:
    """`…实行“零容忍”，长期坚持。`: a clause that is nothing but 长期坚持 is a time requirement, not a verb."""
    return _Meaning("ongoing")


@_rule(70, _alternation(_DATA["vague"]))
def vague(m: re.Match[str], labelled: bool) -> _Meaning | None:
    """`定期通报备案审查情况`, `按时间节点推进`: kept as text, no date invented, never scored.

    Not the 定期 inside 规定期限 / 约定期间.
    """
    before = m.string[m.start() - 1] if m.start() else ""
    if m.group(0) == "定期" and (before in _NOT_VAGUE_BEFORE or m.string.startswith(("限", "间"), m.end())):
        return None
    return _Meaning("vague")


# --- the extractor ---------------------------------------------------------------------------------


def _candidates(text: str, labelled: bool) -> Iterator[_Candidate]:
    for rule in _RULES:
        if (rule.labelled_only and not labelled) or (rule.needs and not any(w in text for w in rule.needs)):
            continue
        for m in rule.pattern.finditer(text):
            if m.end() > m.start() and (meaning := rule.build(m, labelled)) is not None:
                yield _Candidate(m.start(), m.end(), rule.name, rule.priority, meaning)


class _Taken:
    """Non-overlapping spans taken so far, kept sorted, so each overlap test is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def take(self, start: int, end: int) -> bool:
        """Take [start, end) unless it overlaps a span already taken."""
        i = bisect.bisect_right(self.starts, start)
        if (i and self.ends[i - 1] > start) or (i < len(self.starts) and self.starts[i] < end):
            return False
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return True


def _select(candidates: Iterator[_Candidate]) -> list[_Candidate]:
    """Higher priority first, then earlier; a candidate overlapping one already taken is dropped."""
    taken = _Taken()
    chosen = [
        c
        for c in sorted(candidates, key=lambda c: (c.priority, c.start, c.start - c.end))
        if taken.take(c.start, c.end)
    ]
    return sorted(chosen, key=lambda c: c.start)


def extract_time_requirements(
    text: str, year: int | None, *, offset: int = 0, labelled: bool = False
) -> list[TimeRequirement]:
    """The time requirements in `text`, in order of appearance.

    `year` is the plan year for 今年 / 年内 / 年底 / 6月底前 (None leaves such dates unresolved);
    `labelled=True` says the whole text is the value of a time field (完成时限:…), where bare values
    (`2021年12月`, `长期坚持`, `每月`) count. Spans are offsets into `text` plus `offset`.
    """
    out: list[TimeRequirement] = []
    carried: int | None = None  # the last year written out (2022年, 明年) earlier in this text
    for c in _select(_candidates(text, labelled)):
        meaning, iso = c.meaning, None
        if (when := meaning.when) is not None:
            if when.year is not None:
                if year is not None and when.year < year:
                    continue  # 截至2017年底 in a 2018 plan: a past state, not a requirement
                resolved: int | None = when.year
            elif when.rel is not None:
                resolved = year + when.rel if year is not None else None
            else:
                resolved = carried if carried is not None else year
            if when.year is not None or when.rel is not None:
                carried = resolved
            if resolved is not None:
                day = when.resolve(resolved)
                if day is None:
                    continue  # 2月30日: no such day
                iso = day.isoformat()
        out.append(
            TimeRequirement(
                text=text[c.start : c.end],
                kind=meaning.kind,
                due=iso if meaning.kind != "start" else None,
                start=iso if meaning.kind == "start" else None,
                period=meaning.period,
                min_count=meaning.min_count,
                span=Span(c.start + offset, c.end + offset, c.rule),
            )
        )
    return out


# --- quantity targets ------------------------------------------------------------------------------

_TARGET_UNITS = _alternation(_DATA["target_units"])
_TARGET_VERBS = _alternation(_DATA["target_verbs"])
_TARGET_NUM = rf"(?:{_D}+(?:\.{_D}+)?|[一二两三四五六七八九十百千万]{{1,5}})"

# (rule name, pattern with a `value` group), in priority order. Counts of occurrences (次, 期) are
# recurring obligations, so they are no target units.
_TARGET_RULES = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        # `至少明确1名负责政府法律顾问工作的专职人员`
        (
            "target_at_least",
            rf"(?:{_QUALIFIER})(?:{_TARGET_VERBS})?(?P<value>{_TARGET_NUM}(?:{_TARGET_UNITS}))",
        ),
        # `聘请1名法律顾问`
        ("target_assign", rf"(?:{_TARGET_VERBS})(?P<value>{_TARGET_NUM}(?:{_TARGET_UNITS}))"),
        # `全市一半县、乡建成公共法律服务实体平台`
        (
            "target_share",
            rf"(?P<value>{_alternation(_DATA['target_shares'])}|{_D}+(?:\.{_D}+)?%|百分之[{_CN_NUM}百]+)"
            rf"(?:以上)?的?[^,，。;；:：\n]{{0,10}}?(?:{_alternation(_DATA['target_verbs_after_share'])})",
        ),
        # `地区生产总值增长6.2%左右`
        (
            "target_rate",
            rf"(?:{_alternation(_DATA['rate_verbs'])})(?P<value>{_D}+(?:\.{_D}+)?%)(?:左右|以上|以内|以下)?",
        ),
    )
)


def extract_quantity_targets(text: str, *, offset: int = 0) -> list[QuantityTarget]:
    """Quantities to reach: `至少明确1名` (1名), `聘请1名` (1名), `一半县、乡建成` (一半), `增长6.2%左右`."""
    taken = _Taken()
    found = [
        (m.start(), m.end(), m.group("value"), name)
        for name, pattern in _TARGET_RULES
        for m in pattern.finditer(text)
        if taken.take(m.start(), m.end())
    ]
    return [
        QuantityTarget(text[s:e], value, Span(s + offset, e + offset, name))
        for s, e, value, name in sorted(found)
    ]
