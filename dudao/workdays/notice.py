"""Reading the State Council's annual holiday notice (国务院办公厅关于20XX年部分节假日安排的通知).

Plain Python, no Django: `parse_notice(text, year=None)` turns the pasted text of the notice into the
days it arranges — holidays (放假) and the weekends worked in their place (调休上班) — or raises
`NoticeError` listing every line it could not read, in Chinese, by line number.

The notice is short and regular. Each arrangement is one numbered line::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。

A line is split into sentences at 。 and each sentence is read by the first rule in `SENTENCE_RULES`
that claims it. Every day read records the line, the sentence and the rule that produced it, so the
preview can show where each date came from. The notes in brackets are checked where they can be: a
weekday (周四, 星期日) that does not match the date means the text belongs to another year, which is
the commonest slip when pasting; lunar notes (农历腊月二十八) are ignored. A stated length (共8天,
放假1天) must match the range.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
MAX_HOLIDAY_DAYS = 20  # the longest run so far is 9 (春节 2026); anything near a month is a typo

# A date as the notice writes it, after normalisation: 2022年12月31日, 10月1日, 8日, each with an
# optional bracketed note (周三 / 星期日 / 农历除夕、周二).
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:\((?P<{p}note>[^)]*)\))?"
_ONE_DATE = re.compile(_DATE.format(p=""))
_TITLE = re.compile(r"关于(\d{4})年(?:部分)?节假日安排的通知")
_BODY_YEAR = re.compile(r"现将(\d{4})年(?:元旦|春节)")
_DOC_NUMBER = re.compile(r"国办发(?:明电)?\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.])?(?P<name>[\u4e00-\u9fff、和]{2,16}?):(?P<body>.*)$"
)
_DAY_MENTION = re.compile(r"\d{1,2}日")
_ARRANGEMENT_WORDS = re.compile(r"放假|上班|调休")
_DASHES = str.maketrans({"-": "至", "—": "至", "–": "至", "~": "至", "〜": "至", "到": "至"})


@dataclass(frozen=True)
class NoticeDay:
    """One arranged day: a holiday (is_workday False) or a 调休 weekend worked (is_workday True)."""

    date: datetime.date
    is_workday: bool
    name: str  # 春节, 国庆节、中秋节, 春节调休上班
    line: int  # 1-based, in the pasted text
    source: str  # the sentence, as pasted
    rule: str  # the rule that read it


@dataclass(frozen=True)
class Notice:
    year: int
    title: str  # 国务院办公厅关于2026年部分节假日安排的通知, if pasted
    doc_number: str  # 国办发明电〔2025〕7号, if pasted
    days: tuple[NoticeDay, ...]  # sorted by date

    @property
    def holidays(self) -> tuple[NoticeDay, ...]:
        return tuple(day for day in self.days if not day.is_workday)

    @property
    def workdays(self) -> tuple[NoticeDay, ...]:
        return tuple(day for day in self.days if day.is_workday)

    def in_year(self) -> tuple[NoticeDay, ...]:
        """The days inside the notice's year (a 元旦 run may start on 31 December of the year before)."""
        return tuple(day for day in self.days if day.date.year == self.year)

    def outside_year(self) -> tuple[NoticeDay, ...]:
        return tuple(day for day in self.days if day.date.year != self.year)


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str
    text: str = ""

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        quoted = self.text if len(self.text) <= 40 else self.text[:40] + "…"
        return f"第{self.line}行“{quoted}”：{self.message}"


class NoticeError(ValueError):
    """The text cannot be read as a holiday notice; `problems` names each line that failed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("；".join(str(problem) for problem in problems))


class _LineError(Exception):
    """Raised by a rule; becomes a `Problem` naming the line."""


def normalise(text: str) -> str:
    """Full-width digits and punctuation to half-width (NFKC), every dash to 至, no spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return re.sub(r"\s+", "", text)


def describe(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- dates ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Written:
    """A date as written: the parts the text gave, before the year and month are filled in."""

    year: int | None
    month: int | None
    day: int
    note: str
    text: str


def _written(match: re.Match[str], prefix: str = "") -> _Written:
    year, month = match.group(f"{prefix}y"), match.group(f"{prefix}m")
    return _Written(
        year=int(year) if year else None,
        month=int(month) if month else None,
        day=int(match.group(f"{prefix}d")),
        note=match.group(f"{prefix}note") or "",
        text=match.group(0),
    )


def _resolve(written: _Written, year: int, month: int | None) -> datetime.date:
    month = written.month or month
    if month is None:
        raise _LineError(f"“{written.text}”没有写月份")
    try:
        day = datetime.date(written.year or year, month, written.day)
    except ValueError:
        raise _LineError(f"{month}月{written.day}日不是有效日期") from None
    _check_weekday(day, written.note)
    return day


def _check_weekday(day: datetime.date, note: str) -> None:
    """周四 / 星期日 in the note must be the date's weekday: a mismatch means the wrong year was pasted."""
    for part in re.split(r"[、,，]", note):
        found = re.fullmatch(r"(?:周|星期|礼拜)([一二三四五六日天])", part)
        if found and _WEEKDAY_CHARS[found.group(1)] != day.weekday():
            raise _LineError(
                f"{day.month}月{day.day}日标注为“{part}”，但{describe(day)}是{WEEKDAY_NAMES[day.weekday()]}，"
                "请核对通知的年份"
            )


def _dates_between(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


# --- sentence rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """What a rule read from one sentence: days with their status, or nothing (an advisory sentence)."""

    days: tuple[datetime.date, ...]
    is_workday: bool


SentenceRule = Callable[[str, int], "_Read | None"]

_ADVISORY = re.compile(r"^(?:鼓励|建议|提倡|请各)")


def rule_advisory(sentence: str, year: int) -> _Read | None:
    """A recommendation, not an arrangement: it changes no day.

    鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
    """
    if _ADVISORY.match(sentence):
        return _Read(days=(), is_workday=False)
    return None


_HOLIDAY = re.compile(
    _DATE.format(p="s") + r"(?:至" + _DATE.format(p="e") + r")?放假(?P<rest>.*)$",
)
_HOLIDAY_TAIL_PHRASES = re.compile(r"调休|与周末连休|不调休|共?(\d+)天|[,，、]")


def rule_holiday(sentence: str, year: int) -> _Read | None:
    """A holiday, one day or a range, with its optional length and remarks.

    春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    元旦：1月1日（周三）放假1天，不调休。 / 端午节：6月10日放假，与周末连休。
    元旦：12月31日至1月2日放假调休，共3天。 (a run that starts in the year before)
    """
    match = _HOLIDAY.match(sentence)
    if match is None:
        return None
    first = _written(match, "s")
    last = _written(match, "e") if match.group("ed") is not None else None
    # 12月31日至1月2日: the run wraps into the next year; without years written, it is this year's 元旦
    # and begins on 31 December of the year before.
    wraps = bool(last and last.year is None and first.month and last.month and last.month < first.month)
    start = _resolve(first, first.year or (year - 1 if wraps else year), None)
    end = start
    if last is not None:
        end = _resolve(last, last.year or (start.year + 1 if wraps else start.year), start.month)
        if end < start:
            raise _LineError(f"结束日期{describe(end)}早于开始日期{describe(start)}")
    days = tuple(_dates_between(start, end))
    if len(days) > MAX_HOLIDAY_DAYS:
        raise _LineError(f"放假{len(days)}天，超过{MAX_HOLIDAY_DAYS}天，请核对日期")
    rest = match.group("rest")
    counts = [int(found) for found in re.findall(r"共?(\d+)天", rest)]
    leftover = _HOLIDAY_TAIL_PHRASES.sub("", rest)
    if leftover:
        raise _LineError(f"无法识别“{leftover}”")
    for count in counts:
        if count != len(days):
            span = describe(start) if start == end else f"{describe(start)}至{describe(end)}"
            raise _LineError(f"写明共{count}天，但{span}是{len(days)}天")
    return _Read(days=days, is_workday=False)


_WORKING = re.compile(r"^(?P<dates>.+?)(?:调休)?上班$")


def rule_working_days(sentence: str, year: int) -> _Read | None:
    """Weekends worked in place of the holiday (调休上班), listed with 、.

    2月14日（周六）、2月28日（周六）上班。
    """
    match = _WORKING.match(sentence)
    if match is None:
        return None
    listed = match.group("dates")
    days: list[datetime.date] = []
    position, month = 0, None
    for found in _ONE_DATE.finditer(listed):
        between = listed[position : found.start()]
        if between.strip("、,，和及") or (days and not between):
            raise _LineError(f"无法识别“{between or found.group(0)}”，上班日期请用顿号分隔")
        written = _written(found)
        day = _resolve(written, written.year or year, month)
        month = day.month
        if day.weekday() < 5:
            raise _LineError(f"{describe(day)}是{WEEKDAY_NAMES[day.weekday()]}，本来就是工作日，不必写“上班”")
        days.append(day)
        position = found.end()
    if not days or listed[position:]:
        raise _LineError(f"无法识别上班日期“{listed[position:] or listed}”")
    return _Read(days=tuple(days), is_workday=True)


# Tried in order; the first that claims a sentence reads it.
SENTENCE_RULES: tuple[tuple[str, SentenceRule], ...] = (
    ("advisory", rule_advisory),
    ("holiday", rule_holiday),
    ("working_days", rule_working_days),
)


# --- the notice -----------------------------------------------------------------------------------


def _notice_year(lines: list[str], normalised: list[str], year: int | None) -> tuple[int, str]:
    for raw, line in zip(lines, normalised, strict=True):
        found = _TITLE.search(line)
        if found:
            return int(found.group(1)), raw.strip()
    for line in normalised:
        found = _BODY_YEAR.search(line)
        if found:
            return int(found.group(1)), ""
    if year is None:
        raise NoticeError(
            [Problem(None, "未能确定年份：请粘贴含标题“国务院办公厅关于20XX年部分节假日安排的通知”的全文")]
        )
    return year, ""


def _read_sentence(sentence: str, year: int) -> tuple[str, _Read] | None:
    for name, rule in SENTENCE_RULES:
        read = rule(sentence, year)
        if read is not None:
            return name, read
    return None


def parse_notice(text: str, year: int | None = None) -> Notice:
    """Read the days the notice arranges. `year`, when given, must be the notice's own year."""
    lines = text.splitlines()
    normalised = [normalise(line) for line in lines]
    found_year, title = _notice_year(lines, normalised, year)
    if year is not None and found_year != year:
        raise NoticeError([Problem(None, f"这是{found_year}年的节假日安排，不是{year}年的")])
    doc_number = _DOC_NUMBER.search(text)
    problems: list[Problem] = []
    days: dict[datetime.date, NoticeDay] = {}
    for number, (raw, line) in enumerate(zip(lines, normalised, strict=True), start=1):
        item = _ITEM.match(line)
        if item is None or not _DAY_MENTION.search(item.group("body")):
            if _DAY_MENTION.search(line) and _ARRANGEMENT_WORDS.search(line):
                problems.append(
                    Problem(
                        number,
                        "无法识别：每项安排应写作“一、元旦：1月1日至3日放假调休，共3天。”",
                        raw.strip(),
                    )
                )
            continue
        name = item.group("name")
        for sentence in filter(None, re.split(r"[。;；]", item.group("body"))):
            if not _DAY_MENTION.search(sentence):
                continue  # 共3天。 on its own, or a remark without a date
            try:
                read = _read_sentence(sentence, found_year)
            except _LineError as error:
                problems.append(Problem(number, str(error), raw.strip()))
                continue
            if read is None:
                problems.append(Problem(number, f"无法识别“{sentence}”：应为“……放假”或“……上班”", raw.strip()))
                continue
            rule, result = read
            for day in result.days:
                if day in days:
                    earlier = days[day]
                    problems.append(
                        Problem(
                            number,
                            f"{describe(day)}已在第{earlier.line}行安排为“{earlier.name}”",
                            raw.strip(),
                        )
                    )
                    continue
                days[day] = NoticeDay(
                    date=day,
                    is_workday=result.is_workday,
                    name=f"{name}调休上班" if result.is_workday else name,
                    line=number,
                    source=sentence,
                    rule=rule,
                )
    if not days and not problems:
        problems.append(
            Problem(
                None,
                "未找到放假安排：请粘贴通知正文，例如“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。”",
            )
        )
    if problems:
        raise NoticeError(problems)
    return Notice(
        year=found_year,
        title=title,
        doc_number=doc_number.group(0) if doc_number else "",
        days=tuple(sorted(days.values(), key=lambda day: day.date)),
    )
