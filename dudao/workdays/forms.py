"""The office's two inputs: the pasted notice, and one day corrected by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dudao.workdays.notice import Notice, NoticeError, parse_notice
from dudao.workdays.services import NAME_MAX

NOTICE_MAX_CHARS = 20_000  # the notice is about 1,000 characters; a whole web page pasted is ~10,000


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("通知全文"),
        max_length=NOTICE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_("粘贴《国务院办公厅关于部分节假日安排的通知》的正文，含“一、元旦：……”各项。"),
        error_messages={
            "required": _("请粘贴通知全文。"),
            "max_length": _("文字过长（%(show_value)d 字），通知全文通常不超过 2000 字。"),
        },
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.notice: Notice | None = None

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        try:
            self.notice = parse_notice(text, self.year)
        except NoticeError as error:
            raise forms.ValidationError([str(problem) for problem in error.problems]) from None
        if not self.notice.in_year():
            raise forms.ValidationError(_("通知中没有%(year)s年内的日期。") % {"year": self.year})
        return text


class DayForm(forms.Form):
    KIND_CHOICES = (("holiday", _("放假")), ("workday", _("调休上班")))

    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写日期。"), "invalid": _("日期格式应为 2027-02-06。")},
    )
    kind = forms.ChoiceField(
        label=_("安排"),
        choices=KIND_CHOICES,
        error_messages={
            "required": _("请选择放假或调休上班。"),
            "invalid_choice": _("请选择放假或调休上班。"),
        },
    )
    name = forms.CharField(
        label=_("名称"),
        max_length=NAME_MAX,
        help_text=_("如：春节、春节调休上班"),
        error_messages={"required": _("请填写名称。"), "max_length": _("名称不超过 %(limit_value)d 个字。")},
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if date.year != self.year:
            raise forms.ValidationError(_("日期应在%(year)s年内。") % {"year": self.year})
        return date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date, kind = data.get("date"), data.get("kind")
        if date is not None and kind == "workday" and date.weekday() < 5:
            self.add_error("kind", _("这一天是周一至周五，本来就是工作日，不必录入为调休上班。"))
        return data
