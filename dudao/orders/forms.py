"""Forms for supervision orders. Choices come from scoped querysets, so a posted id the user may not use
is an invalid choice with a Chinese message, never a leak or a traceback."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.plans.models import Milestone, Task
from dudao.reports.forms import EvidencePickerForm
from dudao.workdays.calendar import WorkCalendar

_CHOICE_ERRORS = {"invalid_choice": _("所选项目不存在或已失效，请重新选择。")}
_DATE_ERRORS = {"required": _("请填写办理时限。"), "invalid": _("请按“年-月-日”填写日期。")}


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class _UUIDChoiceField(forms.ModelChoiceField):
    """A choice by UUID whose garbled value gets the same Chinese message as a missing one (Django's
    own would be its English-worded "not a valid UUID")."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError as garbled:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from garbled


class TaskChoiceField(_UUIDChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = obj.title if len(obj.title) <= 40 else obj.title[:40] + "…"
        return f"{obj.plan.year}年 {obj.number}{title}"


class MilestoneChoiceField(_UUIDChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label}（{obj.text}）"


def _selected(form: forms.Form, name: str) -> str:
    """The value of field `name` as posted, or as prefilled from the query string."""
    value = form.data.get(name) if form.is_bound else form.initial.get(name)
    return str(getattr(value, "pk", value) or "")


class IssueForm(forms.Form):
    unit = UnitChoiceField(
        label=_("受文单位"),
        queryset=Unit.objects.all(),
        to_field_name="code",
        empty_label=_("请选择单位"),
        error_messages={"required": _("请选择受文单位。"), **_CHOICE_ERRORS},
    )
    task = TaskChoiceField(
        label=_("督办任务"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("（不针对具体任务）"),
        error_messages=_CHOICE_ERRORS,
    )
    milestone = MilestoneChoiceField(
        label=_("时间节点"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("（不针对具体时间节点）"),
        error_messages=_CHOICE_ERRORS,
    )
    reason = forms.CharField(
        label=_("督办理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("例如：该任务“今年7月1日前”的时间节点已逾期，至今未报送进展情况。"),
        error_messages={"required": _("请填写督办理由。"), "max_length": _("督办理由不能超过 5000 字。")},
    )
    requirement = forms.CharField(
        label=_("督办要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("例如：请于办理时限前书面报告办理情况，并附佐证材料。"),
    )
    response_due = forms.DateField(
        label=_("办理时限"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=_DATE_ERRORS,
    )
    accept_non_working = forms.BooleanField(label=_("仍以该非工作日为办理时限"), required=False)

    def __init__(self, *args: Any, today: datetime.date, calendar: WorkCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today, self.calendar = today, calendar
        unit: Any = self.fields["unit"]
        unit.queryset = Unit.objects.order_by("sort_order", "name")
        tasks = Task.objects.select_related("plan").order_by("-plan__year", "order")
        code = _selected(self, "unit")
        if code:
            tasks = tasks.filter(assignments__unit__code=code).distinct()
        task: Any = self.fields["task"]
        task.queryset = tasks
        milestone: Any = self.fields["milestone"]
        milestone.queryset = self._milestones()
        if not self.is_bound:
            self.initial.setdefault("response_due", calendar.add_working_days(today, 5))

    def _milestones(self) -> QuerySet[Milestone]:
        try:
            task_id = uuid.UUID(_selected(self, "task"))
        except ValueError:  # no task chosen, or an id that is not even a UUID: no milestones to offer
            return Milestone.objects.none()
        return Milestone.objects.filter(task_id=task_id).order_by(F("due").asc(nulls_last=True), "label")

    def clean_response_due(self) -> datetime.date:
        due: datetime.date = self.cleaned_data["response_due"]
        if due <= self.today:
            raise forms.ValidationError(_t("办理时限须晚于今天。"))
        return due

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due = data.get("response_due")
        if due and not self.calendar.is_working_day(due) and not data.get("accept_non_working"):
            following = self.calendar.add_working_days(due, 1)
            self.non_working_day = due
            self.add_error(
                "response_due",
                _t(
                    "%(due)s不是工作日（周末或法定节假日），建议改为下一个工作日%(next)s。"
                    "如确需以该日为办理时限，请勾选下方“仍以该非工作日为办理时限”后再签发。"
                )
                % {"due": due.isoformat(), "next": following.isoformat()},
            )
        task, milestone = data.get("task"), data.get("milestone")
        if milestone is not None and (task is None or milestone.task_id != task.pk):
            self.add_error("milestone", _t("所选时间节点不属于该任务。"))
        return data


class AnswerForm(EvidencePickerForm):
    """The unit's answer, with the reports' evidence picker (choose the unit's files or upload new ones)."""

    body = forms.CharField(
        label=_("办理情况"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("请填写办理情况。"), "max_length": _("办理情况不能超过 20000 字。")},
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("办结意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("请填写退回理由。")},
    )
    response_due = forms.DateField(
        label=_("新的办理时限"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
        help_text=_("不填则沿用原办理时限。"),
        error_messages={"invalid": _("请按“年-月-日”填写日期。")},
    )
