"""The bulletin's text from its figures: a pure builder, figures in, blocks out.

`gather()` in `figures.py` reads the figures from the plan (through `dudao.supervision.rollup`, so the
bulletin says exactly what the dashboard says); `compose()` writes them as the blocks the office edits:
an opening paragraph, the overall completion, completion by section (a table), the units that finished
early, the overdue ones by name with the task and days late, the open supervision orders, and a
closing paragraph of requirements. Nothing here touches the database, so tests feed it hand-made figures.

Blocks are plain JSON: `{"kind": "heading" | "paragraph", "text": ...}` or
`{"kind": "table", "caption": ..., "header": [...], "rows": [[...], ...]}`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Block = dict[str, Any]

_QUARTERS = {
    1: gettext_lazy("第一季度"),
    2: gettext_lazy("第二季度"),
    3: gettext_lazy("第三季度"),
    4: gettext_lazy("第四季度"),
}
_NUMERALS = "一二三四五六七八九十"
_NAMED = 5  # units named in the praise sentence; the table lists them all


class TallyLike(Protocol):
    """`dudao.supervision.rollup.Tally`: counts of a set of obligations and their completion rate."""

    @property
    def total(self) -> int: ...
    @property
    def done(self) -> int: ...
    @property
    def red(self) -> int: ...
    @property
    def yellow(self) -> int: ...
    @property
    def green(self) -> int: ...
    @property
    def rate(self) -> float: ...


@dataclass(frozen=True)
class SectionFigure:
    name: str  # 一、依法全面履行政府职能
    tally: TallyLike


@dataclass(frozen=True)
class EarlyFigure:
    unit: str
    task: str  # (七)深化行政审批制度改革
    milestone: str
    done_on: datetime.date
    due: datetime.date
    task_number: str = ""  # (七)


@dataclass(frozen=True)
class OverdueFigure:
    """A red pair: overdue by `days_late` calendar days, or (0 days) returned and not yet resubmitted."""

    unit: str
    task: str
    milestone: str
    due: datetime.date | None
    days_late: int


@dataclass(frozen=True)
class OrderFigure:
    label: str  # 〔2018〕第1号
    unit: str
    task: str
    response_due: datetime.date
    escalated: bool
    answered: bool = False  # answered, waiting for the office to close it


@dataclass(frozen=True)
class Figures:
    plan_title: str
    doc_number: str
    year: int
    period_start: datetime.date
    period_end: datetime.date
    overall: TallyLike
    sections: Sequence[SectionFigure]
    early: Sequence[EarlyFigure]
    overdue: Sequence[OverdueFigure]
    orders: Sequence[OrderFigure]


# --- words for dates and numbers ------------------------------------------------------------------


def cn_date(day: datetime.date) -> str:
    return _("%(y)d年%(m)d月%(d)d日") % {"y": day.year, "m": day.month, "d": day.day}


def percent(rate: float) -> str:
    """0.625 → 62.5%: one decimal, the way the office prints rates."""
    return f"{rate * 100:.1f}%"


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * (quarter - 1) + 1
    return datetime.date(year, first_month, 1), _month_end(year, first_month + 2)


def period_label(year: int, start: datetime.date, end: datetime.date) -> str:
    """第三季度, 上半年, 全年, or the dates themselves (1月1日至9月30日) for any other period of `year`."""
    if start.year == end.year == year:
        for quarter, name in _QUARTERS.items():
            if (start, end) == quarter_bounds(year, quarter):
                return str(name)
        if (start, end) == (datetime.date(year, 1, 1), datetime.date(year, 6, 30)):
            return _("上半年")
        if (start, end) == (datetime.date(year, 7, 1), datetime.date(year, 12, 31)):
            return _("下半年")
        if (start, end) == (datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
            return _("全年")
        return _("%(sm)d月%(sd)d日至%(em)d月%(ed)d日") % {
            "sm": start.month,
            "sd": start.day,
            "em": end.month,
            "ed": end.day,
        }
    return _("%(start)s至%(end)s") % {"start": cn_date(start), "end": cn_date(end)}


def default_title(year: int, start: datetime.date, end: datetime.date) -> str:
    """关于2018年第三季度法治政府建设工作推进情况的通报."""
    label = period_label(year, start, end)
    if start.year == end.year == year:
        return _("关于%(year)d年%(period)s法治政府建设工作推进情况的通报") % {"year": year, "period": label}
    return _("关于%(period)s法治政府建设工作推进情况的通报") % {"period": label}


# --- the blocks -------------------------------------------------------------------------------------


def heading(text: str) -> Block:
    return {"kind": "heading", "text": text}


def paragraph(text: str) -> Block:
    return {"kind": "paragraph", "text": text}


def table(caption: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Block:
    return {
        "kind": "table",
        "caption": caption,
        "header": list(header),
        "rows": [[str(c) for c in r] for r in rows],
    }


def _numbered(index: int, text: str) -> str:
    return f"{_NUMERALS[index]}、{text}"


def compose(figures: Figures) -> list[Block]:
    """The draft bulletin for `figures`, in reading order; the office edits it before issuing."""
    as_of = cn_date(figures.period_end)
    period = period_label(figures.year, figures.period_start, figures.period_end)
    plan = f"《{figures.plan_title}》"
    if figures.doc_number:
        plan += f"（{figures.doc_number}）"
    blocks: list[Block] = [
        paragraph(
            _(
                "为推动%(plan)s各项任务落实，市法治政府建设领导小组办公室对%(year)d年%(period)s"
                "各单位工作推进情况进行了督导。现将有关情况通报如下："
            )
            % {"plan": plan, "year": figures.year, "period": period}
        )
    ]
    sections = [
        _overall(figures, as_of),
        _early(figures),
        _overdue(figures, as_of),
        _orders(figures, as_of),
        _requirements(),
    ]
    for index, (title, body) in enumerate(sections):
        blocks.append(heading(_numbered(index, title)))
        blocks.extend(body)
    return blocks


def _overall(figures: Figures, as_of: str) -> tuple[str, list[Block]]:
    tally = figures.overall
    opening = paragraph(
        _(
            "截至%(as_of)s，工作安排确定的任务节点共%(total)d项，已完成%(done)d项，完成率%(rate)s；"
            "正常推进%(green)d项，临近时限%(yellow)d项，逾期未完成%(red)d项。"
        )
        % {
            "as_of": as_of,
            "total": tally.total,
            "done": tally.done,
            "rate": percent(tally.rate),
            "green": tally.green,
            "yellow": tally.yellow,
            "red": tally.red,
        }
    )
    rows = [
        [s.name, s.tally.total, s.tally.done, _rate(s.tally), s.tally.yellow, s.tally.red]
        for s in figures.sections
    ]
    rows.append([_("合计"), tally.total, tally.done, _rate(tally), tally.yellow, tally.red])
    header = [_("工作部分"), _("任务节点"), _("已完成"), _("完成率"), _("临近时限"), _("逾期未完成")]
    return _("总体进展情况"), [opening, table(_("表1 各部分任务完成情况"), header, rows)]


def _rate(tally: TallyLike) -> str:
    """A section with nothing due yet has no rate: a dash, not a 0.0% that reads like failure."""
    return percent(tally.rate) if tally.total else "—"


def _early(figures: Figures) -> tuple[str, list[Block]]:
    """One row per unit (a busy quarter praises dozens of milestones): how many, and on which tasks."""
    title = _("提前完成任务的单位")
    if not figures.early:
        return title, [paragraph(_("本期没有提前完成任务节点的单位。"))]
    by_unit: dict[str, list[EarlyFigure]] = {}
    for item in figures.early:
        by_unit.setdefault(item.unit, []).append(item)
    ranked = sorted(by_unit.items(), key=lambda entry: -len(entry[1]))  # most first; ties keep plan order
    text = _("本期，%(units)s等%(count)d个单位提前完成了%(items)d项任务节点，予以通报表扬。") % {
        "units": "、".join(unit for unit, _items in ranked[:_NAMED]),
        "count": len(by_unit),
        "items": len(figures.early),
    }
    rows = [
        [unit, len(items), "、".join(dict.fromkeys(item.task_number or item.task for item in items))]
        for unit, items in ranked
    ]
    header = [_("单位"), _("提前完成节点数"), _("涉及任务")]
    return title, [paragraph(text), table(_("表2 提前完成任务情况"), header, rows)]


def _overdue(figures: Figures, as_of: str) -> tuple[str, list[Block]]:
    title = _("逾期未完成任务的单位")
    if not figures.overdue:
        return title, [paragraph(_("截至%(as_of)s，没有逾期未完成的任务节点。") % {"as_of": as_of})]
    units = list(dict.fromkeys(item.unit for item in figures.overdue))
    text = _(
        "截至%(as_of)s，%(units)s等%(count)d个单位有%(items)d项任务节点逾期未完成，予以通报批评，"
        "请相关单位抓紧落实。"
    ) % {"as_of": as_of, "units": "、".join(units), "count": len(units), "items": len(figures.overdue)}
    rows = [
        [
            i.unit,
            i.task,
            i.milestone,
            cn_date(i.due) if i.due else "—",
            _("%(days)d天") % {"days": i.days_late} if i.days_late else _("被退回，未重新报送"),
        ]
        for i in figures.overdue
    ]
    header = [_("单位"), _("任务"), _("时间节点"), _("规定时限"), _("逾期天数")]
    return title, [paragraph(text), table(_("表3 逾期未完成任务情况"), header, rows)]


def _orders(figures: Figures, as_of: str) -> tuple[str, list[Block]]:
    title = _("督办事项办理情况")
    if not figures.orders:
        return title, [paragraph(_("截至%(as_of)s，没有未办结的督办单。") % {"as_of": as_of})]
    escalated = sum(order.escalated for order in figures.orders)
    text = _("截至%(as_of)s，未办结的督办单%(count)d件，其中逾期未答复、已提交领导督办%(escalated)d件。") % {
        "as_of": as_of,
        "count": len(figures.orders),
        "escalated": escalated,
    }
    rows = [
        [
            o.label,
            o.unit,
            o.task or "—",
            cn_date(o.response_due),
            _order_state(o),
        ]
        for o in figures.orders
    ]
    header = [_("督办单编号"), _("单位"), _("督办任务"), _("办理时限"), _("办理状态")]
    return title, [paragraph(text), table(_("表4 未办结督办单"), header, rows)]


def _order_state(order: OrderFigure) -> str:
    if order.escalated:
        return _("逾期未答复（已提交领导督办）")
    return _("已答复，待办结") if order.answered else _("待答复")


def _requirements() -> tuple[str, list[Block]]:
    return _("下步工作要求"), [
        paragraph(
            _(
                "（一）提高思想认识。各单位要充分认识法治政府建设的重要意义，对照工作安排逐项梳理任务，"
                "明确责任人和完成时限，确保各项任务按期完成。"
            )
        ),
        paragraph(
            _(
                "（二）抓紧整改落实。被通报逾期未完成任务的单位，要认真分析原因，于收到本通报后10个工作日内"
                "将整改措施和进展情况报市法治政府建设领导小组办公室。"
            )
        ),
        paragraph(
            _(
                "（三）强化督导问效。市法治政府建设领导小组办公室将继续跟踪督导各项任务落实情况，"
                "督导结果纳入年度法治政府建设考核。"
            )
        ),
    ]
