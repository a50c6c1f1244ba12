"""Forms of the plan pages: they validate input and turn unit codes into units; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.plans.directory import UnitIndex
from dudao.plans.models import Assignment, Plan, Section, Task
from dudao.plans.review import ReviewState

IGNORE = "__ignore__"
_STALE = _("页面已过期，请刷新页面后再操作。")


class NoticeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("通知文件"),
        help_text=_("支持 txt、docx、html 和带文字层的 pdf 文件，不超过 20 MB。"),
        error_messages={
            "required": _("请选择要上传的通知文件。"),
            "empty": _("文件是空的，请选择通知原文件。"),
            "invalid": _("没有收到文件，请重新选择。"),
            "missing": _("没有收到文件，请重新选择。"),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.NOTICE_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件过大（%(size).1f MB），通知文件不能超过 %(limit)d MB。")
                % {"size": upload.size / 1024 / 1024, "limit": limit // 1024 // 1024}
            )
        return upload


class _UnitField(forms.ChoiceField):
    """One unit picked by code from the grouped directory."""

    def __init__(self, index: UnitIndex, *, allow_ignore: bool = False, **kwargs: Any) -> None:
        choices: list[Any] = [("", _("请选择单位")), *index.choices()]
        if allow_ignore:
            choices.append((IGNORE, _("不是单位（忽略这个名称）")))
        super().__init__(choices=choices, **kwargs)
        self._by_code = index.by_code()

    def clean(self, value: Any) -> Unit | None:  # type: ignore[override]
        code = super().clean(value)
        if code in ("", IGNORE):
            return None
        return self._by_code[code]


class _UnitsField(forms.MultipleChoiceField):
    """Several units picked by code, as ticked boxes grouped the way the directory groups them."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, index: UnitIndex, *, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(choices=index.choices(units), **kwargs)
        self._by_code = index.by_code()

    def clean(self, value: Any) -> list[Unit]:  # type: ignore[override]
        return [self._by_code[code] for code in super().clean(value)]


class _DecisionForm(forms.Form):
    """Every review decision carries the import version the screen showed (optimistic locking)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, error_messages={"required": _STALE, "invalid": _STALE}
    )


class UnitDecisionForm(_DecisionForm):
    def __init__(self, state: ReviewState, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [row.verbatim for row in state.names]
        self.fields["verbatim"] = forms.ChoiceField(
            choices=[(n, n) for n in names], error_messages={"invalid_choice": _("通知中没有这个单位名称。")}
        )
        self.fields["unit"] = _UnitField(
            state.index,
            allow_ignore=True,
            label=_("对应单位"),
            error_messages={
                "required": _("请选择这个名称对应的单位。"),
                "invalid_choice": _("名录中没有这个单位。"),
            },
        )


class PlaceholderForm(_DecisionForm):
    task_key = forms.CharField(required=False)

    def __init__(self, state: ReviewState, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verbatim"] = forms.ChoiceField(
            choices=[(row.verbatim, row.verbatim) for row in state.placeholders],
            error_messages={"invalid_choice": _("通知中没有这个表述。")},
        )
        self.fields["units"] = _UnitsField(
            state.index,
            label=_("包括的单位"),
            error_messages={
                "required": _("请至少选择一个单位。"),
                "invalid_choice": _("名录中没有所选的单位。"),
            },
        )


class LeadForm(_DecisionForm):
    def __init__(self, state: ReviewState, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task_key"] = forms.ChoiceField(
            choices=[(row.task_key, row.number) for row in state.leads],
            error_messages={"invalid_choice": _("这项任务的牵头单位不需要确认。")},
        )
        self.fields["unit"] = _UnitField(
            state.index,
            label=_("牵头单位"),
            error_messages={"required": _("请选择牵头单位。"), "invalid_choice": _("名录中没有这个单位。")},
        )


class SubordinateForm(_DecisionForm):
    confirm = forms.TypedChoiceField(
        choices=[("yes", _("确认")), ("no", _("不适用"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("请确认或选择不适用。"), "invalid_choice": _("请确认或选择不适用。")},
    )

    def __init__(self, state: ReviewState, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = forms.ChoiceField(
            choices=[(row.level, row.level) for row in state.subordinate],
            error_messages={"invalid_choice": _("通知中没有这一表述。")},
        )


class PublishForm(_DecisionForm):
    pass


class AmendTaskForm(forms.Form):
    title = forms.CharField(
        label=_("任务名称"), max_length=500, error_messages={"required": _("请填写任务名称。")}
    )
    body = forms.CharField(label=_("任务内容"), widget=forms.Textarea, required=False)
    reason = forms.CharField(
        label=_("修改原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写修改原因，修改记录会保留这一说明。")},
    )

    def __init__(self, task: Task, index: UnitIndex, *args: Any, **kwargs: Any) -> None:
        assignments = list(task.assignments.select_related("unit"))
        lead = next((a.unit for a in assignments if a.role == Assignment.Role.LEAD), None)
        kwargs.setdefault(
            "initial", {"title": task.title, "body": task.body, "lead": lead.code if lead else ""}
        )
        super().__init__(*args, **kwargs)
        self.fields["lead"] = _UnitField(
            index,
            label=_("牵头单位"),
            required=False,
            help_text=_("改为其他单位时，原牵头单位转为责任单位。"),
        )
        assigned = {a.unit_id for a in assignments}
        addable = [u for u in index.units if u.pk not in assigned]
        self.fields["add_units"] = _UnitsField(
            index,
            units=addable,
            label=_("新增单位"),
            required=False,
            help_text=_("只列出尚未承担这项任务的单位。"),
        )
        self.fields["add_role"] = forms.ChoiceField(
            label=_("新增单位的角色"),
            choices=[
                (Assignment.Role.RESPONSIBLE, _("责任单位")),
                (Assignment.Role.COOPERATING, _("配合单位")),
                (Assignment.Role.SUBORDINATE, _("县级政府")),
            ],
            initial=Assignment.Role.RESPONSIBLE,
        )
        removable = [a.unit for a in assignments if a.role != Assignment.Role.LEAD]
        self.fields["remove_units"] = _UnitsField(index, units=removable, label=_("移除单位"), required=False)
        self.order_fields(["title", "body", "lead", "add_units", "add_role", "remove_units", "reason"])


class AddTaskForm(forms.Form):
    number = forms.CharField(
        label=_("序号"), max_length=20, error_messages={"required": _("请填写序号,如(三十九)。")}
    )
    title = forms.CharField(
        label=_("任务名称"), max_length=500, error_messages={"required": _("请填写任务名称。")}
    )
    body = forms.CharField(label=_("任务内容"), widget=forms.Textarea, required=False)
    subordinate = forms.BooleanField(label=_("县级人民政府按职责分工分别负责"), required=False)
    due = forms.DateField(
        label=_("完成时限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写有效的日期,如 2018-12-31。")},
    )
    reason = forms.CharField(
        label=_("新增原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写新增原因，修改记录会保留这一说明。")},
    )

    def __init__(self, plan: Plan, index: UnitIndex, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"] = forms.ModelChoiceField(
            label=_("所属部分"),
            queryset=Section.objects.filter(plan=plan),
            required=False,
            empty_label=_("(不属于任何部分)"),
            error_messages={"invalid_choice": _("所选部分不属于这份工作安排。")},
        )
        self.fields["lead"] = _UnitField(
            index,
            label=_("牵头单位"),
            error_messages={"required": _("请选择牵头单位。"), "invalid_choice": _("名录中没有这个单位。")},
        )
        self.fields["units"] = _UnitsField(index, label=_("其他责任单位"), required=False)
        self.order_fields(
            ["section", "number", "title", "body", "lead", "units", "subordinate", "due", "reason"]
        )


class ActivateEventForm(forms.Form):
    due = forms.DateField(
        label=_("完成时限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写有效的日期,如 2018-12-31。")},
    )
    reason = forms.CharField(label=_("说明"), max_length=500, required=False)
