"""Forms for rectification: the office's record form, the unit's submission with the evidence picker,
and the office's close and return forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.reports.forms import EvidencePickerForm

_DATE = {"invalid": _("请按“年-月-日”填写日期。")}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class RecordForm(forms.Form):
    unit = UnitChoiceField(
        label=_("整改单位"),
        queryset=Unit.objects.order_by("sort_order", "name"),
        to_field_name="code",
        empty_label=_("请选择单位"),
        error_messages={
            "required": _("请选择整改单位。"),
            "invalid_choice": _("所选单位不存在，请重新选择。"),
        },
    )
    source = forms.CharField(
        label=_("督察名称"),
        max_length=200,
        help_text=_("例如：2018年第三季度法治政府建设督察"),
        error_messages={"required": _("请填写督察名称。")},
    )
    found_on = forms.DateField(
        label=_("发现日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写发现日期。"), **_DATE},
    )
    problem = forms.CharField(
        label=_("发现的问题"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("请填写发现的问题。")},
    )
    requirement = forms.CharField(
        label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    deadline = forms.DateField(
        label=_("整改期限"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写整改期限。"), **_DATE},
    )


class SubmitForm(EvidencePickerForm):
    """The unit's correction, with the reports' evidence picker; at least one file is required."""

    response = forms.CharField(
        label=_("整改情况"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("请填写整改情况。"), "max_length": _("整改情况不能超过 20000 字。")},
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("销号意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("请填写退回理由。")},
    )
