"""Forms of the bulletin pages: asking for a bulletin, and the editor of a draft's blocks."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.bulletins.compose import quarter_bounds
from dudao.bulletins.models import Bulletin
from dudao.bulletins.services import CONTROL_CHARACTERS, MAX_TEXT
from dudao.plans.models import Plan

_STALE = _("页面已过期，请刷新页面后再操作。")
_DATE_ERRORS = {"invalid": _("请输入有效的日期，例如 2018-09-30。")}

PERIODS = [
    ("", _("自定义起止日期")),
    ("q1", _("第一季度")),
    ("q2", _("第二季度")),
    ("q3", _("第三季度")),
    ("q4", _("第四季度")),
    ("h1", _("上半年")),
    ("year", _("全年")),
]


def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    if period.startswith("q"):
        return quarter_bounds(year, int(period[1]))
    if period == "h1":
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"


class RequestForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("工作安排"),
        queryset=Plan.objects.all(),
        empty_label=_("请选择工作安排"),
        error_messages={"required": _("请选择工作安排。"), "invalid_choice": _("请选择列表中的工作安排。")},
    )
    period = forms.ChoiceField(
        label=_("统计期间"),
        choices=PERIODS,
        required=False,
        help_text=_("选季度、上半年或全年时按工作安排的年度计算；选“自定义”时填写下面的起止日期。"),
        error_messages={"invalid_choice": _("请选择列表中的统计期间。")},
    )
    start = forms.DateField(
        label=_("统计起始日"), required=False, widget=DateInput, error_messages=_DATE_ERRORS
    )
    end = forms.DateField(
        label=_("统计截止日"), required=False, widget=DateInput, error_messages=_DATE_ERRORS
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        plan, period = data.get("plan"), data.get("period")
        if plan is not None and period:
            data["start"], data["end"] = period_bounds(plan.year, period)
        elif not self.errors:
            if data.get("start") is None:
                self.add_error("start", _("请填写统计起始日，或选择一个季度。"))
            if data.get("end") is None:
                self.add_error("end", _("请填写统计截止日，或选择一个季度。"))
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                self.add_error("end", _("统计截止日不能早于统计起始日。"))
        return data


class VersionForm(forms.Form):
    """Issuing and regenerating carry the version the page showed (optimistic locking)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": _STALE, "invalid": _STALE}
    )


class TextField(forms.CharField):
    """Text pasted from Word may carry control characters, which a .docx cannot hold: they are dropped."""

    def to_python(self, value: Any) -> str:
        return CONTROL_CHARACTERS.sub("", super().to_python(value) or "")


def _text(limit: int, *, area: bool = False, label: str = "") -> forms.CharField:
    return TextField(
        label=label,
        required=False,
        strip=True,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": 4}) if area else forms.TextInput,
        error_messages={"max_length": _("这一段不能超过%(limit_value)d字（现在%(show_value)d字）。")},
    )


class ContentForm(VersionForm):
    """The whole draft in one form: title, issuing office, then a field per heading, paragraph, caption
    and table cell, named by the block's place (`b3`, `b3-caption`, `b3-h0`, `b3-r2-c1`).

    The fields follow the content the page showed; a save against other content is refused by the
    version check before the fields could be misread. The buttons `delete` and `add_after` carry a
    block's place: the edits are saved and that block removed, or an empty paragraph added after it.
    """

    title = TextField(label=_("通报标题"), max_length=200, error_messages={"required": _("请填写通报标题。")})
    issuer = TextField(label=_("发文单位"), max_length=100, required=False)

    def __init__(self, bulletin: Bulletin, data: Any = None) -> None:
        initial = {"title": bulletin.title, "issuer": bulletin.issuer, "version": bulletin.version}
        super().__init__(data, initial=initial)
        self.content = bulletin.blocks()
        self.layout: list[dict[str, Any]] = []
        for index, block in enumerate(self.content):
            kind = block.get("kind")
            name = f"b{index}"
            if kind == "table":
                self._table_fields(index, block)
                continue
            limit = MAX_TEXT["paragraph" if kind == "paragraph" else "heading"]
            self.fields[name] = _text(limit, area=kind == "paragraph", label=str(_("段落")))
            self.initial[name] = block.get("text", "")
            self.layout.append({"index": index, "kind": kind, "field": name})

    def _table_fields(self, index: int, block: dict[str, Any]) -> None:
        prefix = f"b{index}"
        self.fields[f"{prefix}-caption"] = _text(MAX_TEXT["caption"], label=str(_("表题")))
        self.initial[f"{prefix}-caption"] = block.get("caption", "")
        header = []
        for column, text in enumerate(block.get("header") or []):
            name = f"{prefix}-h{column}"
            self.fields[name] = _text(MAX_TEXT["cell"])
            self.initial[name] = text
            header.append(name)
        rows = []
        for row_index, row in enumerate(block.get("rows") or []):
            names = []
            for column, text in enumerate(row):
                name = f"{prefix}-r{row_index}-c{column}"
                self.fields[name] = _text(MAX_TEXT["cell"])
                self.initial[name] = text
                names.append(name)
            rows.append(names)
        self.layout.append(
            {"index": index, "kind": "table", "caption": f"{prefix}-caption", "header": header, "rows": rows}
        )

    def rows(self) -> list[dict[str, Any]]:
        """The layout with bound fields, for the template."""
        out = []
        for item in self.layout:
            entry = dict(item)
            if item["kind"] == "table":
                entry["caption"] = self[item["caption"]]
                entry["header"] = [self[name] for name in item["header"]]
                entry["rows"] = [[self[name] for name in row] for row in item["rows"]]
            else:
                entry["field"] = self[item["field"]]
            out.append(entry)
        return out

    def blocks(self) -> list[dict[str, Any]]:
        """The edited blocks, in the order shown, after validation."""
        data = self.cleaned_data
        blocks = []
        for item in self.layout:
            if item["kind"] == "table":
                blocks.append(
                    {
                        "kind": "table",
                        "caption": data[item["caption"]],
                        "header": [data[name] for name in item["header"]],
                        "rows": [[data[name] for name in row] for row in item["rows"]],
                    }
                )
            else:
                blocks.append({"kind": item["kind"], "text": data[item["field"]]})
        return blocks
