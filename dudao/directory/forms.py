"""The directory's forms; every message is Chinese and shown next to its field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.directory import services
from dudao.directory.models import Unit


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked by name from a select; the list shows each unit's level so 县 and 市 are told apart."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name}（{obj.get_level_display()}）"


class UnitForm(forms.Form):
    """The unit's own fields; successor and aliases have their own forms on the unit's page."""

    name = forms.CharField(
        label=gettext_lazy("单位名称"),
        max_length=services.NAME_MAX,
        error_messages={"required": gettext_lazy("请填写单位名称")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("单位类型"), choices=Unit.Kind.choices)
    level = forms.ChoiceField(label=gettext_lazy("层级"), choices=Unit.Level.choices)
    parent = UnitChoiceField(
        label=gettext_lazy("上级单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("（无上级单位）"),
        error_messages={"invalid_choice": gettext_lazy("请从列表中选择上级单位")},
    )
    contact_person = forms.CharField(
        label=gettext_lazy("联系人"), max_length=services.CONTACT_MAX, required=False
    )
    contact_phone = forms.CharField(
        label=gettext_lazy("联系电话"), max_length=services.CONTACT_MAX, required=False
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(unit, name) for name in services.EDITABLE_FIELDS})
        super().__init__(*args, **kwargs)
        self.unit = unit
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = Unit.objects.exclude(
            pk=unit.pk
        ).order_by("sort_order", "name")

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if problem := services.name_conflict(name, unit=self.unit):
            raise forms.ValidationError(problem)
        return name

    def clean_parent(self) -> Unit | None:
        parent: Unit | None = self.cleaned_data["parent"]
        if parent is not None and services.chain_reaches(parent, self.unit, "parent"):
            raise forms.ValidationError(_("上级单位不能是本单位的下级单位（会形成循环）"))
        return parent


class AliasForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("别名"),
        max_length=services.NAME_MAX,
        help_text=gettext_lazy("通知中可能出现的其他写法，例如“市政府法制办”"),
        error_messages={"required": gettext_lazy("请填写别名")},
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if name == self.unit.name:
            raise forms.ValidationError(_("别名与单位名称相同，无需添加"))
        if problem := services.name_conflict(name, unit=self.unit):
            raise forms.ValidationError(problem)
        return name


class SuccessorForm(forms.Form):
    successor = UnitChoiceField(
        label=gettext_lazy("改革后承继单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("（无，未经改革）"),
        error_messages={"invalid_choice": gettext_lazy("请从列表中选择承继单位")},
    )
    successor_from = forms.DateField(
        label=gettext_lazy("承继生效日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("请填写有效日期，例如 2019-01-01")},
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"successor": unit.successor, "successor_from": unit.successor_from})
        super().__init__(*args, **kwargs)
        self.unit = unit
        cast(forms.ModelChoiceField, self.fields["successor"]).queryset = Unit.objects.exclude(
            pk=unit.pk
        ).order_by("sort_order", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        successor, since = data.get("successor"), data.get("successor_from")
        if successor is not None and since is None and "successor_from" not in self.errors:
            self.add_error("successor_from", _("选择了承继单位，请填写承继生效日期"))
        if successor is None and since is not None and "successor" not in self.errors:
            self.add_error("successor", _("填写了生效日期，请选择承继单位"))
        if successor is not None and services.chain_reaches(successor, self.unit, "successor"):
            self.add_error("successor", _("该单位已经（直接或间接）由本单位承继，不能再反过来承继本单位"))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("单位名录文件（.xlsx）"),
        help_text=gettext_lazy("请使用“导出 Excel”得到的模板填写，第一行为表头，每行一个单位。"),
        error_messages={
            "required": gettext_lazy("请选择要导入的 Excel 文件"),
            "empty": gettext_lazy("文件是空的"),
        },
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > services.DIRECTORY_MAX_BYTES:
            raise forms.ValidationError(
                _("文件不能超过 %(max)s MB") % {"max": services.DIRECTORY_MAX_BYTES // 1024 // 1024}
            )
        return upload
