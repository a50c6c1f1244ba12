"""Pages where units carry out their tasks: my tasks, reports and their approval, the lead unit's
consolidated report, occurrences, and evidence downloads.

Every object comes through the access module (404 for what the user may not see, 403 for what the user
may see but not change); every write is one call to `dudao.reports.services`.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.plans.models import Assignment
from dudao.reports import delegation, services
from dudao.reports.evidence import TamperedFile, read_verified
from dudao.reports.forms import (
    ConsolidatedForm,
    EvidencePickerForm,
    OccurrenceForm,
    ReportForm,
    ReturnForm,
    co_unit_reports,
)
from dudao.reports.models import Evidence, ProgressReport, ReportStatus
from dudao.supervision.lights import assignment_lights

logger = logging.getLogger(__name__)


def _me(request: HttpRequest) -> User:
    """The signed-in user; every view here is behind `login_required`."""
    return cast(User, request.user)


def _own_unit(user: User) -> Unit:
    """The unit a liaison, head or county office acts for; 403 for everyone else."""
    access.require(access.acts_for_unit(user) and user.unit is not None)
    return cast(Unit, user.unit)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


# My tasks ---------------------------------------------------------------------------------------------


@login_required
@require_safe
def my_tasks(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    access.require(access.acts_for_unit(user))
    mine = access.my_assignments_for(user)
    years = sorted(set(mine.order_by().values_list("task__plan__year", flat=True)), reverse=True)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    year = year if year in years else (years[0] if years else timezone.localdate().year)
    assignments = list(mine.filter(task__plan__year=year).order_by("task__plan__published_at", "task__order"))
    lights = assignment_lights(assignments, timezone.localdate())
    rows = [(assignment, lights[assignment.pk]) for assignment in assignments]
    tally = Counter(item.light for _assignment, items in rows for item in items)
    return render(
        request, "reports/my_tasks.html", {"rows": rows, "year": year, "years": years, "tally": tally}
    )


_ROLE_ORDER = {role: rank for rank, role in enumerate(Assignment.Role.values)}  # lead unit first


def _task_context(request: HttpRequest, assignment: Assignment, **forms: Any) -> dict[str, Any]:
    user = _me(request)
    reports = (
        access.reports_for(user)
        .filter(assignment=assignment)
        .select_related("author")
        .prefetch_related("evidence", "actions__by")
        .order_by("-created_at")
    )
    context: dict[str, Any] = {
        "assignment": assignment,
        "task": assignment.task,
        "lights": assignment_lights([assignment], timezone.localdate())[assignment.pk],
        "reports": reports,
        "can_write": access.can_write_unit_work(user, assignment.unit_id),
        "units": sorted(
            assignment.task.assignments.select_related("unit"),
            key=lambda share: (_ROLE_ORDER.get(share.role, len(_ROLE_ORDER)), share.unit.sort_order),
        ),
        "is_lead": assignment.role == Assignment.Role.LEAD,
    }
    if assignment.parent_id is None and (
        assignment.unit.level == Unit.Level.COUNTY or assignment.delegations.exists()
    ):
        context["delegations"] = assignment.delegations.select_related("unit").order_by("unit__sort_order")
        if access.can_delegate(user, assignment):
            context["delegate_form"] = forms.get("delegate_form") or DelegateForm(
                units=access.delegable_units_for(assignment)
            )
    if context["is_lead"]:
        co_reports = co_unit_reports(user, assignment).prefetch_related("evidence")
        consolidated = (
            access.consolidated_for(user).filter(task=assignment.task, unit=assignment.unit).first()
        )
        context.update(co_reports=co_reports, consolidated=consolidated)
        if access.can_consolidate(user, assignment):
            context["consolidated_form"] = forms.get("consolidated_form") or ConsolidatedForm(
                co_reports=co_reports,
                initial={
                    "body": consolidated.body if consolidated else "",
                    "sources": list(consolidated.sources.all()) if consolidated else [],
                    "version": consolidated.version if consolidated else None,
                },
            )
    return context


@login_required
@require_safe
def task_detail(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    assignment = access.get_visible(access.assignments_for(_me(request)), assignment_id)
    return render(request, "reports/task_detail.html", _task_context(request, assignment))


# Passing a county's share down ------------------------------------------------------------------------


class DelegateForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("下派至本县单位"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请选择要下派的单位。"),
            "invalid_choice": _("所选单位不是本县下属单位，或已承担该任务。"),
            "invalid_pk_value": _("所选单位不存在。"),
        },
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["units"]).queryset = units


def _county_share(request: HttpRequest, assignment_id: uuid.UUID) -> Assignment:
    assignment = access.get_visible(access.assignments_for(_me(request)), assignment_id)
    access.require(access.can_delegate(_me(request), assignment))
    return assignment


@login_required
@require_POST
def delegate(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    assignment = _county_share(request, assignment_id)
    form = DelegateForm(request.POST, units=access.delegable_units_for(assignment))
    if form.is_valid():
        try:
            shares = delegation.delegate(
                assignment, form.cleaned_data["units"], by=_me(request), request=request
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            names = "、".join(share.unit.name for share in shares)
            messages.success(request, _("已将任务下派至%(units)s。") % {"units": names})
            return redirect(reverse("reports:task_detail", args=[assignment.pk]) + "#delegations")
    context = _task_context(request, assignment, delegate_form=form)
    return render(request, "reports/task_detail.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    """Take back the delegated share `assignment_id`; back to the county's own share afterwards."""
    user = _me(request)
    delegated = access.get_visible(access.assignments_for(user), assignment_id)
    parent = delegated.parent
    if parent is None or not access.can_delegate(user, parent):
        raise PermissionDenied
    try:
        delegation.withdraw(delegated, by=user, request=request)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已收回下派给%(unit)s的任务。") % {"unit": delegated.unit})
    return redirect(reverse("reports:task_detail", args=[parent.pk]) + "#delegations")


# Progress reports -------------------------------------------------------------------------------------


def _report_form_page(
    request: HttpRequest, assignment: Assignment, report: ProgressReport | None, initial: dict[str, Any]
) -> HttpResponse:
    user = _me(request)
    form = ReportForm(_post(request), _files(request), assignment=assignment, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.save_report(
                assignment,
                milestone=data["milestone"],
                body=data["body"],
                evidence=data["evidence"],
                uploads=data["new_files"],
                by=user,
                version=data["version"],
                report=report,
                request=request,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("报告已保存为草稿。确认无误后请提交单位负责人审核。"))
            return redirect("reports:report_detail", report_id=report.pk)
    return render(
        request, "reports/report_form.html", {"form": form, "assignment": assignment, "report": report}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_create(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    assignment = access.get_visible(access.assignments_for(_me(request)), assignment_id)
    access.require(access.can_write_unit_work(_me(request), assignment.unit_id))
    return _report_form_page(request, assignment, None, {"milestone": request.GET.get("milestone")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = access.get_visible(access.reports_for(_me(request)), report_id)
    access.require(access.can_write_unit_work(_me(request), report.assignment.unit_id))
    if report.status not in services.EDITABLE:
        messages.error(request, _("报告已提交或已审核，不能再修改。"))
        return redirect("reports:report_detail", report_id=report.pk)
    initial = {
        "milestone": report.milestone_id,
        "body": report.body,
        "evidence": list(report.evidence.all()),
        "version": report.version,
    }
    return _report_form_page(request, report.assignment, report, initial)


def _report_page(
    request: HttpRequest, report: ProgressReport, return_form: ReturnForm | None = None
) -> HttpResponse:
    user = _me(request)
    decidable = access.can_decide(user, report) and report.status == ReportStatus.SUBMITTED
    context = {
        "report": report,
        "assignment": report.assignment,
        "history": report.actions.select_related("by"),
        "evidence": report.evidence.select_related("file"),
        "can_edit": access.can_write_unit_work(user, report.assignment.unit_id)
        and report.status in services.EDITABLE,
        "can_decide": decidable,
        "return_form": return_form or (ReturnForm() if decidable else None),
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_safe
def report_detail(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = access.get_visible(access.reports_for(_me(request)), report_id)
    return _report_page(request, report)


def _after(request: HttpRequest, report: ProgressReport, action: Any, done: str) -> HttpResponse:
    """Run a workflow step on `report`; a refusal (already decided, stale page) becomes a message."""
    try:
        action()
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("reports:report_detail", report_id=report.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    me = _me(request)
    report = access.get_visible(access.reports_for(me), report_id)
    access.require(access.can_write_unit_work(me, report.assignment.unit_id))
    version = request.POST.get("version", "")
    return _after(
        request,
        report,
        lambda: services.submit_report(
            report, by=me, version=int(version) if version.isdigit() else None, request=request
        ),
        _("报告已提交，等待单位负责人审核。"),
    )


@login_required
@require_POST
def report_approve(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    me = _me(request)
    report = access.get_visible(access.reports_for(me), report_id)
    access.require(access.can_decide(me, report))
    return _after(
        request,
        report,
        lambda: services.approve_report(report, by=me, request=request),
        _("报告已审核通过。"),
    )


@login_required
@require_POST
def report_return(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    me = _me(request)
    report = access.get_visible(access.reports_for(me), report_id)
    access.require(access.can_decide(me, report))
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(report, by=me, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("报告已退回联络员修改。"))
            return redirect("reports:report_detail", report_id=report.pk)
    return _report_page(request, report, return_form=form)


# Consolidated report ----------------------------------------------------------------------------------


def _lead_assignment(request: HttpRequest, assignment_id: uuid.UUID) -> Assignment:
    assignment = access.get_visible(access.assignments_for(_me(request)), assignment_id)
    access.require(access.can_consolidate(_me(request), assignment))
    return assignment


@login_required
@require_POST
def consolidated_save(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    assignment = _lead_assignment(request, assignment_id)
    form = ConsolidatedForm(request.POST, co_reports=co_unit_reports(_me(request), assignment))
    if form.is_valid():
        try:
            services.save_consolidated(
                assignment.task,
                by=_me(request),
                body=form.cleaned_data["body"],
                sources=form.cleaned_data["sources"],
                version=form.cleaned_data["version"],
                request=request,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("汇总报告已保存。"))
            return redirect(reverse("reports:task_detail", args=[assignment.pk]) + "#consolidated")
    context = _task_context(request, assignment, consolidated_form=form)
    return render(request, "reports/task_detail.html", context)


@login_required
@require_POST
def consolidated_submit(request: HttpRequest, assignment_id: uuid.UUID) -> HttpResponse:
    assignment = _lead_assignment(request, assignment_id)
    consolidated = access.get_visible(
        access.consolidated_for(_me(request)).filter(task=assignment.task, unit=assignment.unit),
        request.POST.get("consolidated", ""),
    )
    version = request.POST.get("version", "")
    try:
        services.submit_consolidated(
            consolidated, by=_me(request), version=int(version) if version.isdigit() else -1, request=request
        )
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("汇总报告已报送督导办。"))
    return redirect(reverse("reports:task_detail", args=[assignment.pk]) + "#consolidated")


# Occurrences ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def occurrences(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    unit = _own_unit(user)
    form = OccurrenceForm(_post(request), _files(request), user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.log_occurrence(
                unit,
                by=user,
                kind=data["kind"],
                held_on=data["held_on"],
                title=data["title"],
                participants=data["participants"],
                participant_count=data["participant_count"],
                milestones=data["milestones"],
                evidence=data["evidence"],
                uploads=data["new_files"],
                request=request,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("活动已登记。"))
            return redirect("reports:occurrences")
    assignments = list(
        access.my_assignments_for(user).filter(task__milestones__min_count__isnull=False).distinct()
    )
    lights = assignment_lights(assignments, timezone.localdate())
    quotas = [
        (assignment, item)
        for assignment in assignments
        for item in lights[assignment.pk]
        if item.milestone.min_count is not None and item.milestone.applicable
    ]
    logged = access.occurrences_for(user).prefetch_related("milestones", "evidence")
    return render(
        request, "reports/occurrences.html", {"form": form, "occurrences": logged, "quotas": quotas}
    )


@login_required
@require_safe
def occurrence_detail(request: HttpRequest, occurrence_id: uuid.UUID) -> HttpResponse:
    occurrence = access.get_visible(
        access.occurrences_for(_me(request)).select_related("unit", "recorded_by"),
        occurrence_id,
    )
    return render(request, "reports/occurrence_detail.html", {"occurrence": occurrence})


# Evidence ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_upload(request: HttpRequest) -> HttpResponse:
    """The htmx endpoint behind the evidence picker: stores the chosen files, answers with the picker."""
    user = _me(request)
    unit = _own_unit(user)
    form = EvidencePickerForm(request.POST, request.FILES, user=user)
    if form.is_valid():
        try:
            stored = services.store_uploads(
                form.cleaned_data["new_files"], unit=unit, by=user, request=request
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            chosen = [str(item.pk) for item in [*form.cleaned_data["evidence"], *stored]]
            form = EvidencePickerForm({"evidence": chosen}, user=user)
    return render(request, "reports/_evidence_picker.html", {"picker": form})


def _refusal(request: HttpRequest, message: str, status: int, item: Evidence | None = None) -> HttpResponse:
    return render(request, "reports/evidence_refused.html", {"message": message, "item": item}, status=status)


def _serve(request: HttpRequest, item: Evidence, *, inline: bool) -> HttpResponse:
    try:
        data = read_verified(item.file)
    except TamperedFile:
        logger.error("evidence %s: stored content does not match its SHA-256 %s", item.pk, item.file.sha256)
        return _refusal(request, _("文件校验失败，内容可能已被篡改，已停止下载。请联系督导办管理员。"), 500)
    except OSError:
        logger.exception("evidence %s: stored content %s cannot be read", item.pk, item.file.storage_name)
        return _refusal(request, _("文件内容缺失，无法下载。请联系督导办管理员。"), 500)
    response = HttpResponse(data, content_type=item.file.content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, item.original_name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def evidence_download(request: HttpRequest, evidence_id: uuid.UUID) -> HttpResponse:
    item = access.get_visible(access.evidence_for(_me(request)), evidence_id)
    return _serve(request, item, inline=False)


@login_required
@require_safe
def evidence_preview(request: HttpRequest, evidence_id: uuid.UUID) -> HttpResponse:
    item = access.get_visible(access.evidence_for(_me(request)), evidence_id)
    if not item.file.previewable:
        return _refusal(request, _("该类型的文件不能在浏览器中预览，请下载后查看。"), 415, item)
    return _serve(request, item, inline=True)
