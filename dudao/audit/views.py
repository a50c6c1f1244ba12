"""The audit log viewer: auditors and office administrators read who did what, when, to which object."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from dudao.accounts.access import can_read_audit_log, require
from dudao.audit.models import AuditEvent

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label=_("事件"), required=False)
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    unit = forms.CharField(label=_("单位"), required=False, max_length=100)
    target = forms.CharField(
        label=_("对象"),
        required=False,
        max_length=64,
        help_text=_("对象编号，或对象类型如 reports.progressreport"),
    )
    date_from = forms.DateField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效的日期，例如 2018-07-01。")},
    )
    date_to = forms.DateField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效的日期，例如 2018-07-01。")},
    )

    def __init__(self, *args: object, events: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["event"].choices = [("", _("全部事件")), *((event, event) for event in events)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("event"):
            events = events.filter(event=data["event"])
        if data.get("actor"):
            events = events.filter(Q(actor_name__icontains=data["actor"]) | Q(actor__username=data["actor"]))
        if data.get("unit"):
            events = events.filter(unit_name__icontains=data["unit"])
        if data.get("target"):
            events = events.filter(Q(object_id=data["target"]) | Q(object_type=data["target"].lower()))
        # `__date` compares in the site's time zone (Asia/Shanghai), the day the user means.
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """The log, newest first, filtered and paginated; htmx requests get only the partial with filters and rows."""
    require(can_read_audit_log(request.user))  # type: ignore[arg-type]
    events = list(AuditEvent.objects.order_by("event").values_list("event", flat=True).distinct())
    form = AuditFilterForm(request.GET or None, events=events)
    rows = AuditEvent.objects.order_by("-at", "-pk")
    if form.is_bound and form.is_valid():
        rows = form.filter(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "audit/_log.html" if request.htmx else "audit/log.html"  # type: ignore[attr-defined]
    return render(request, template, context)
