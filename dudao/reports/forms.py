"""Forms for a unit's reporting. Choices come from the access module's querysets, so a posted id of
another unit's evidence or report is an invalid choice, not a leak."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.plans.models import Assignment, Milestone
from dudao.reports.models import Occurrence, ProgressReport, ReportStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleaned to a list, empty when none were chosen."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


_CHOICE_ERRORS = {"invalid_choice": _("所选项目不存在或无权使用，请刷新页面后重新选择。")}
_LIST_ERRORS = {
    "invalid_choice": _("所选项目不存在或无权使用，请刷新页面后重新选择。"),
    "invalid_pk_value": _("所选项目不存在，请刷新页面后重新选择。"),
}


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.original_name


def _evidence_field(user: User) -> EvidenceChoiceField:
    return EvidenceChoiceField(
        label=_("佐证材料"),
        queryset=access.attachable_evidence_for(user),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_LIST_ERRORS,
    )


def _new_files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("上传新材料"),
        required=False,
        help_text=_(
            "PDF、OFD、Word、Excel、JPG、PNG，单个文件不超过 20 MB；上传后可在本单位其他报告中直接选用。"
        ),
    )


class ReportForm(forms.Form):
    milestone = forms.ModelChoiceField(
        label=_("对应时间节点"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("（不对应具体时间节点）"),
        error_messages=_CHOICE_ERRORS,
    )
    body = forms.CharField(
        label=_("进展情况"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("请填写进展情况。"), "max_length": _("进展情况不能超过 20000 字。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, assignment: Assignment, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        milestone: Any = self.fields["milestone"]
        milestone.queryset = assignment.task.milestones.order_by(F("due").asc(nulls_last=True), "label")
        self.fields["evidence"] = _evidence_field(user)
        self.fields["new_files"] = _new_files_field()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("请填写退回理由。")},
    )


class ConsolidatedForm(forms.Form):
    body = forms.CharField(
        label=_("汇总情况"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("请填写汇总情况。")},
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("汇总的配合单位报告"),
        queryset=ProgressReport.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_LIST_ERRORS,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, co_reports: QuerySet[ProgressReport], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources: Any = self.fields["sources"]
        sources.queryset = co_reports
        sources.label_from_instance = lambda report: " · ".join(
            str(part) for part in (report.assignment.unit, report.milestone) if part
        )


def co_unit_reports(user: User, assignment: Assignment) -> QuerySet[ProgressReport]:
    """The approved reports of the other units on the task that `assignment` leads, as the lead may read them."""
    return (
        access.reports_for(user)
        .filter(assignment__task_id=assignment.task_id, status=ReportStatus.APPROVED)
        .exclude(assignment__unit_id=assignment.unit_id)
        .select_related("assignment__unit", "milestone")
        .order_by("assignment__unit__sort_order", "-decided_at")
    )


class OccurrenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Occurrence.Kind.choices)
    held_on = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("请填写活动日期。"), "invalid": _("请按“年-月-日”填写日期。")},
    )
    title = forms.CharField(
        label=_("主题"), max_length=200, error_messages={"required": _("请填写活动主题。")}
    )
    participants = forms.CharField(
        label=_("参加人员"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    participant_count = forms.IntegerField(
        label=_("参加人数"),
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={"invalid": _("请填写整数。"), "min_value": _("参加人数不能为负数。")},
    )
    milestones = forms.ModelMultipleChoiceField(
        label=_("计入的指标"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_LIST_ERRORS,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        milestones: Any = self.fields["milestones"]
        milestones.queryset = (
            Milestone.objects.filter(
                task__assignments__in=access.my_assignments_for(user),
                min_count__isnull=False,
                applicable=True,
            )
            .select_related("task")
            .order_by("task__order", F("due").asc(nulls_last=True), "label")
            .distinct()
        )
        milestones.label_from_instance = lambda m: f"{m.task.number} {m.label}（{m.text}）"
        self.fields["evidence"] = _evidence_field(user)
        self.fields["new_files"] = _new_files_field()
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())


class EvidencePickerForm(forms.Form):
    """The evidence picker alone: what the htmx upload endpoint reads and renders back."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"] = _evidence_field(user)
        self.fields["new_files"] = _new_files_field()
