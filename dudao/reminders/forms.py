"""The reminder log's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.plans.models import Plan
from dudao.reminders.models import Reminder

_BAD_DATE = {"invalid": _("请输入有效的日期，例如 2018-07-01。")}


class ReminderFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("工作安排"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("全部工作安排"),
        to_field_name="pk",
        error_messages={"invalid_choice": _("没有这个工作安排。")},
    )
    unit = forms.CharField(label=_("单位"), required=False, max_length=100, help_text=_("单位名称或代码"))
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部类型")), *Reminder.Kind.choices],
        error_messages={"invalid_choice": _("没有这种催办类型。")},
    )
    date_from = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_BAD_DATE,
    )
    date_to = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_BAD_DATE,
    )

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned

    def filter(self, rows: QuerySet[Reminder]) -> QuerySet[Reminder]:
        data = self.cleaned_data
        if data.get("plan"):
            rows = rows.filter(assignment__task__plan=data["plan"])
        if data.get("unit"):
            units = Unit.objects.filter(code=data["unit"]) | Unit.objects.filter(name__icontains=data["unit"])
            rows = rows.filter(assignment__unit__in=units)
        if data.get("kind"):
            rows = rows.filter(kind=data["kind"])
        if data.get("date_from"):
            rows = rows.filter(sent_on__gte=data["date_from"])
        if data.get("date_to"):
            rows = rows.filter(sent_on__lte=data["date_to"])
        return rows
