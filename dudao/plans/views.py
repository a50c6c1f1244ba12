"""The office administrator's path from a notice to a published plan, and the plan's later amendments.

Every view goes through `_office_admin` / `_reader` / `_get_import` / `_get_plan`: anonymous visitors
are sent to the login page, a role without access gets 403 before any id is looked up (so ids are not
confirmed to them), and an id that does not exist is 404. Leaders read the published plans (the list
and a plan's ledger) without any of the office's links or forms; every write view, the imports under
review and the review screen stay the office administrator's alone. The review screen's decision endpoints answer an htmx
request with the row that was decided, plus out of band the task rows it changed, the summary and the
version; without htmx they redirect back to the review screen.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from dudao.accounts.access import assignments_for
from dudao.accounts.models import User
from dudao.plans import forms, services
from dudao.plans.directory import UnitIndex
from dudao.plans.ledger import plan_changes, plan_ledger
from dudao.plans.models import Milestone, NoticeImport, Plan, Task
from dudao.plans.review import ReviewState, review_state
from dudao.reports.models import ProgressReport, ReportStatus
from dudao.supervision.lights import assignment_lights
from dudao.supervision.status import task_statuses

Status = NoticeImport.Status


def _office_admin(request: HttpRequest) -> User:
    """The one access check of this app: plans are imported, published and amended by the office."""
    user = request.user
    if not isinstance(user, User) or not user.is_office_admin:
        raise PermissionDenied
    return user


def _reader(request: HttpRequest) -> User:
    """Those who read everything (the office administrator and leaders) may read the published plans."""
    user = request.user
    if not isinstance(user, User) or not user.reads_everything:
        raise PermissionDenied
    return user


def _get_import(request: HttpRequest, import_id: uuid.UUID) -> tuple[User, NoticeImport]:
    """The office administrator and the import the URL names; the role is checked before the id."""
    user = _office_admin(request)
    return user, get_object_or_404(NoticeImport, pk=import_id)


def _get_plan(request: HttpRequest, plan_id: uuid.UUID, *, read_only: bool = False) -> tuple[User, Plan]:
    """The user and the plan the URL names; `read_only` lets leaders in too. The role goes before the id."""
    user = _reader(request) if read_only else _office_admin(request)
    return user, get_object_or_404(Plan.objects.select_related("published_by", "source"), pk=plan_id)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _add_error(form: Any, error: services.PlanError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.messages)


# --- list and upload ------------------------------------------------------------------------------


@login_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    can_edit = user.is_office_admin
    imports = (
        NoticeImport.objects.filter(status=Status.REVIEW).defer("source_text").select_related("uploaded_by")
        if can_edit
        else NoticeImport.objects.none()
    )  # the imports under review are the office's work in progress, not yet a plan to read
    plans = Plan.objects.annotate(task_count=Count("tasks")).select_related("published_by")
    context = {"imports": imports, "plans": plans, "can_edit": can_edit}
    return render(request, "plans/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_notice(request: HttpRequest) -> HttpResponse:
    user = _office_admin(request)
    bound = request.method == "POST"
    form = forms.NoticeUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            notice_import = services.start_import(
                upload.read(settings.NOTICE_MAX_BYTES + 1), upload.name or "", by=user, request=request
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            tasks = len(notice_import.parsed["tasks"])
            messages.success(request, _("已解析出%(tasks)d项任务，请逐项核对疑点后发布。") % {"tasks": tasks})
            return redirect("plans:review", notice_import.pk)
    return render(request, "plans/import.html", {"form": form}, status=400 if form.errors else 200)


# --- the review screen ----------------------------------------------------------------------------


@login_required
@require_safe
def review(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    _user, notice_import = _get_import(request, import_id)
    if notice_import.status == Status.PUBLISHED:
        return redirect("plans:detail", notice_import.plan.pk)
    if notice_import.status == Status.DISCARDED:
        messages.info(request, _("这份通知导入已放弃，如需继续请重新上传。"))
        return redirect("plans:list")
    return render(request, "plans/review.html", {"state": review_state(notice_import)})


_ROW_TEMPLATES = {
    "name": "plans/_name_row.html",
    "placeholder": "plans/_placeholder_row.html",
    "lead": "plans/_lead_row.html",
    "subordinate": "plans/_subordinate_row.html",
    "task": "plans/_review_task.html",
    "summary": "plans/_review_summary.html",
}


_ANCHORS = {
    "name": "names",
    "placeholder": "placeholders",
    "lead": "leads",
    "subordinate": "subordinate",
    "task": "ledger",
    "summary": "summary",
}


def _row(state: ReviewState, kind: str, key: str) -> Any:
    finders = {
        "name": state.name,
        "placeholder": state.placeholder,
        "lead": state.lead,
        "subordinate": state.subordinate_row,
        "task": state.task,
    }
    return finders[kind](key) if kind in finders else state


def _after_decision(
    request: HttpRequest,
    notice_import: NoticeImport,
    target: tuple[str, str],
    *,
    also: Iterable[tuple[str, str]] = (),
    failed: dict[str, Any] | None = None,
) -> HttpResponse:
    """htmx: the row acted on (`target`, a kind and key), then out of band the rows it changed (`also`),
    the summary and the version. Without htmx: back to the review screen, or the whole screen with the
    error beside its field."""
    notice_import.refresh_from_db()
    state = review_state(notice_import)
    if not _htmx(request):
        if failed is None:
            return redirect(reverse("plans:review", args=[notice_import.pk]) + f"#{_ANCHORS[target[0]]}")
        return render(request, "plans/review.html", {"state": state, "failed": failed}, status=400)
    parts = []
    for oob, (kind, key) in [(False, target), *((True, item) for item in dict.fromkeys(also))]:
        row = _row(state, kind, key)
        if row is not None:
            parts.append({"template": _ROW_TEMPLATES[kind], "row": row, "oob": oob})
    if target[0] != "summary":
        parts.append({"template": _ROW_TEMPLATES["summary"], "row": None, "oob": True})
    return render(request, "plans/_review_update.html", {"state": state, "parts": parts, "failed": failed})


def _failed(key: str, form: Any) -> dict[str, Any]:
    """A failed decision for the template: errors of visible fields beside them, the others above."""
    visible = ("unit", "units", "confirm")
    other = [e for name, errors in form.errors.items() if name not in visible for e in errors]
    stale = any(e.code in ("stale", "closed") for errors in form.errors.as_data().values() for e in errors)
    return {"key": key, "errors": form.errors, "non_field": other, "stale": stale}


def _decide(
    request: HttpRequest,
    notice_import: NoticeImport,
    form: Any,
    *,
    target: tuple[str, str],
    also: Iterable[tuple[str, str]],
    call: Any,
) -> HttpResponse:
    """Validate, call the service, answer; one shape for every decision form of the review screen."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except services.PlanError as error:
            _add_error(form, error)
        else:
            return _after_decision(request, notice_import, target, also=also)
    return _after_decision(request, notice_import, target, also=also, failed=_failed(target[1], form))


@login_required
@require_POST
def resolve_unit(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    user, notice_import = _get_import(request, import_id)
    state = review_state(notice_import)
    form = forms.UnitDecisionForm(state, request.POST)
    verbatim = request.POST.get("verbatim", "")
    return _decide(
        request,
        notice_import,
        form,
        target=("name", verbatim),
        also=[("task", t.key) for t in state.tasks_naming(verbatim)],
        call=lambda data: services.resolve_unit(
            notice_import,
            data["verbatim"],
            data["unit"],
            by=user,
            version=data["version"],
            request=request,
        ),
    )


@login_required
@require_POST
def expand_placeholder(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    """The bulk decision (`各有关部门` for every task), or with `task_key` one task's adjustment."""
    user, notice_import = _get_import(request, import_id)
    state = review_state(notice_import)
    form = forms.PlaceholderForm(state, request.POST)
    verbatim = request.POST.get("verbatim", "")
    task_key = request.POST.get("task_key") or None
    if task_key:
        target, also = ("task", task_key), [("placeholder", verbatim)]
    else:
        target, also = ("placeholder", verbatim), [("task", t.key) for t in state.tasks_naming(verbatim)]
    return _decide(
        request,
        notice_import,
        form,
        target=target,
        also=also,
        call=lambda data: services.expand_placeholder(
            notice_import,
            data["verbatim"],
            data["units"],
            task_key=data["task_key"] or None,
            by=user,
            version=data["version"],
            request=request,
        ),
    )


@login_required
@require_safe
def task_placeholders(request: HttpRequest, import_id: uuid.UUID, index: int) -> HttpResponse:
    """The per-task adjustment form, loaded into the task row when the administrator opens it."""
    _user, notice_import = _get_import(request, import_id)
    state = review_state(notice_import)
    if not 0 <= index < len(state.tasks):
        return HttpResponse(_("没有这项任务。"), status=404)
    context = {"state": state, "task": state.tasks[index]}
    template = "plans/_task_placeholders.html" if _htmx(request) else "plans/task_placeholders.html"
    return render(request, template, context)


@login_required
@require_POST
def confirm_lead(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    user, notice_import = _get_import(request, import_id)
    state = review_state(notice_import)
    form = forms.LeadForm(state, request.POST)
    key = request.POST.get("task_key", "")
    return _decide(
        request,
        notice_import,
        form,
        target=("lead", key),
        also=[("task", key)],
        call=lambda data: services.confirm_lead(
            notice_import,
            data["task_key"],
            data["unit"],
            by=user,
            version=data["version"],
            request=request,
        ),
    )


@login_required
@require_POST
def confirm_subordinate(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    user, notice_import = _get_import(request, import_id)
    state = review_state(notice_import)
    form = forms.SubordinateForm(state, request.POST)
    level = request.POST.get("level", "")
    return _decide(
        request,
        notice_import,
        form,
        target=("subordinate", level),
        also=[("task", t.key) for t in state.tasks_with_level(level)],
        call=lambda data: services.confirm_subordinate(
            notice_import,
            data["level"],
            data["confirm"],
            by=user,
            version=data["version"],
            request=request,
        ),
    )


@login_required
@require_POST
def publish(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    user, notice_import = _get_import(request, import_id)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            plan = services.publish(
                notice_import, by=user, version=form.cleaned_data["version"], request=request
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("《%(plan)s》已发布，各单位现在可以看到本单位的任务。") % {"plan": plan.title}
            )
            url = reverse("plans:detail", args=[plan.pk])
            return HttpResponseClientRedirect(url) if _htmx(request) else redirect(url)
    return _after_decision(request, notice_import, ("summary", "publish"), failed=_failed("publish", form))


@login_required
@require_POST
def discard(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    user, notice_import = _get_import(request, import_id)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            services.discard_import(
                notice_import, by=user, version=form.cleaned_data["version"], request=request
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("已放弃导入《%(notice)s》。") % {"notice": notice_import})
            return redirect("plans:list")
    return _after_decision(request, notice_import, ("summary", "publish"), failed=_failed("publish", form))


# --- the published plan ---------------------------------------------------------------------------


@login_required
@require_safe
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    user, plan = _get_plan(request, plan_id, read_only=True)
    assignments = list(assignments_for(user).filter(task__plan=plan))
    statuses = task_statuses(assignment_lights(assignments, timezone.localdate()), assignments)
    approved = dict(
        ProgressReport.objects.filter(assignment__task__plan=plan, status=ReportStatus.APPROVED)
        .values_list("assignment__task")
        .annotate(n=Count("pk"))
    )
    ledger = plan_ledger(plan, statuses=statuses, approved=approved)
    context = {
        "plan": plan,
        "ledger": ledger,
        "changes": plan_changes(plan),
        "can_edit": user.is_office_admin,  # leaders read the ledger without the office's links and forms
    }
    return render(request, "plans/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def amend_task(request: HttpRequest, plan_id: uuid.UUID, task_id: uuid.UUID) -> HttpResponse:
    user, plan = _get_plan(request, plan_id)
    task = get_object_or_404(Task, pk=task_id, plan=plan)
    form = forms.AmendTaskForm(task, UnitIndex.load(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.amend_task(
                task,
                by=user,
                reason=data["reason"],
                title=data["title"],
                body=data["body"],
                lead=data["lead"],
                add_units=data["add_units"],
                add_role=data["add_role"],
                remove_units=data["remove_units"],
                request=request,
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("任务%(task)s已修改，修改记录已保存。") % {"task": task.number})
            return redirect(reverse("plans:detail", args=[plan.pk]) + f"#t-{task.pk}")
    context = {"plan": plan, "task": task, "form": form}
    return render(request, "plans/amend_task.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def add_task(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    user, plan = _get_plan(request, plan_id)
    form = forms.AddTaskForm(plan, UnitIndex.load(), request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.add_task(
                plan,
                data["section"],
                by=user,
                reason=data["reason"],
                number=data["number"],
                title=data["title"],
                body=data["body"],
                lead=data["lead"],
                units=data["units"],
                subordinate=data["subordinate"],
                due=data["due"],
                request=request,
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(
                request, _("已新增任务%(task)s%(title)s。") % {"task": task.number, "title": task.title}
            )
            return redirect(reverse("plans:detail", args=[plan.pk]) + f"#t-{task.pk}")
    return render(
        request, "plans/add_task.html", {"plan": plan, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def activate_event(request: HttpRequest, plan_id: uuid.UUID, milestone_id: uuid.UUID) -> HttpResponse:
    user, plan = _get_plan(request, plan_id)
    milestone = get_object_or_404(Milestone.objects.select_related("task"), pk=milestone_id, task__plan=plan)
    form = forms.ActivateEventForm(request.POST)
    if form.is_valid():
        try:
            services.activate_event(
                milestone,
                by=user,
                due=form.cleaned_data["due"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except services.PlanError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("任务%(task)s的时间节点已激活。") % {"task": milestone.task.number})
            return redirect(reverse("plans:detail", args=[plan.pk]) + f"#t-{milestone.task_id}")
    context = {
        "plan": plan,
        "ledger": plan_ledger(plan),
        "changes": plan_changes(plan),
        "failed": {"milestone": milestone.pk, "form": form},
        "can_edit": True,
    }
    return render(request, "plans/detail.html", context, status=400)
