"""The filters of the dashboard and of the list behind its figures, all read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dudao.directory.models import Unit
from dudao.plans.models import Plan, Section

LIGHT_CHOICES = [
    ("", _("全部")),
    ("red", _("红灯")),
    ("yellow", _("黄灯")),
    ("green", _("绿灯")),
    ("done", _("已完成")),
]


class PlanForm(forms.Form):
    """Which published plan to read (its id in `?plan=`); the newest when none is given or it is unknown."""

    plan = forms.ChoiceField(
        label=_("工作安排"),
        required=False,
        error_messages={"invalid_choice": _("没有这个工作安排，已显示最新的一份。")},
    )

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.plans = list(plans)  # one query for the choices and the choice alike
        self.fields["plan"].choices = [(str(plan.pk), plan.title) for plan in self.plans]  # type: ignore[attr-defined]

    def chosen(self) -> Plan | None:
        """The plan asked for if valid, else the newest one (or None when nothing is published)."""
        wanted = self.cleaned_data.get("plan") if self.is_bound and self.is_valid() else None
        by_id = {str(plan.pk): plan for plan in self.plans}
        return by_id.get(wanted or "") or (self.plans[0] if self.plans else None)


class ItemsFilterForm(forms.Form):
    """The list behind a figure: a light, a section (by its order in the plan), a unit (by its code)."""

    light = forms.ChoiceField(
        label=_("状态"),
        choices=LIGHT_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("没有这种状态：请选择红灯、黄灯、绿灯或已完成。")},
    )
    section = forms.IntegerField(
        label=_("部分"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("部分应为序号数字。"), "min_value": _("部分应为序号数字。")},
    )
    unit = forms.CharField(label=_("单位代码"), required=False, max_length=64)

    def __init__(self, *args: Any, plan: Plan | None, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_section(self) -> Section | None:
        order = self.cleaned_data.get("section")
        if order is None or self.plan is None:
            return None
        section = Section.objects.filter(plan=self.plan, order=order).first()
        if section is None:
            raise forms.ValidationError(_("该工作安排没有第 %(order)s 部分。"), params={"order": order})
        return section

    def clean_unit(self) -> Unit | None:
        code = self.cleaned_data.get("unit", "").strip()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("没有代码为“%(code)s”的单位。"), params={"code": code})
        return unit
