"""Pages for rectification: the office's list, record form and review; the unit's list and submission.
Leaders read everything and write nothing; a unit sees only its own items (404 for any other)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.rectification import services
from dudao.rectification.forms import CloseForm, RecordForm, ReturnForm, SubmitForm
from dudao.rectification.models import Rectification, RectificationStatus

STATES = ("overdue", *RectificationStatus.values)


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_safe
def rectification_list(request: HttpRequest) -> HttpResponse:
    """Every item for the office and leaders (filters: state, unit), a unit's own for the unit: open ones
    first, the overdue among them first of all, in red with the days late."""
    user = _me(request)
    access.require(user.reads_everything or access.acts_for_unit(user))
    today = timezone.localdate()
    scoped = access.rectifications_for(user)
    unit = None
    code = request.GET.get("unit", "")
    if code and user.reads_everything:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            messages.warning(request, _("未找到编码为“%(code)s”的单位，已显示全部单位。") % {"code": code})
    base = scoped.filter(unit=unit) if unit else scoped
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    overdue = Q(status=RectificationStatus.OPEN, deadline__lt=today)
    counts = base.aggregate(
        all=Count("pk"),
        overdue=Count("pk", filter=overdue),
        **{value: Count("pk", filter=Q(status=value)) for value in RectificationStatus.values},
    )
    items = base.filter(overdue) if state == "overdue" else base.filter(status=state) if state else base
    items = items.annotate(
        rank=Case(
            When(overdue, then=Value(0)),
            When(status=RectificationStatus.OPEN, then=Value(1)),
            When(status=RectificationStatus.SUBMITTED, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("rank", "deadline", "recorded_at")
    context = {
        "rows": [(item, item.days_late(today)) for item in items],
        "counts": counts,
        "state": state,
        "unit": unit,
        "units": Unit.objects.order_by("sort_order", "name") if user.reads_everything else (),
        "can_record": access.acts_for_office(user),
        "is_unit": access.acts_for_unit(user),
    }
    return render(request, "rectification/list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    user = _me(request)
    access.require(access.acts_for_office(user))
    initial = {"unit": request.GET.get("unit", ""), "found_on": timezone.localdate()}
    form = RecordForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.record_rectification(
                data["unit"],
                source=data["source"],
                found_on=data["found_on"],
                problem=data["problem"],
                requirement=data["requirement"],
                deadline=data["deadline"],
                by=user,
                request=request,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("整改事项已登记，已通知%(unit)s。") % {"unit": item.unit})
            return redirect("rectification:detail", rectification_id=item.pk)
    return render(request, "rectification/record.html", {"form": form})


def _visible(request: HttpRequest, rectification_id: uuid.UUID) -> Rectification:
    qs = access.rectifications_for(_me(request)).select_related("recorded_by", "submitted_by", "closed_by")
    return cast(Rectification, access.get_visible(qs, rectification_id))


def _detail_page(request: HttpRequest, item: Rectification, **forms: Any) -> HttpResponse:
    user = _me(request)
    decidable = access.acts_for_office(user) and item.status == RectificationStatus.SUBMITTED
    context = {
        "item": item,
        "days_late": item.days_late(timezone.localdate()),
        "history": item.actions.select_related("by"),
        "evidence": item.evidence.select_related("file"),
        "can_submit": access.can_write_unit_work(user, item.unit_id)
        and item.status == RectificationStatus.OPEN,
        "can_decide": decidable,
        "close_form": forms.get("close_form") or (CloseForm() if decidable else None),
        "return_form": forms.get("return_form") or (ReturnForm() if decidable else None),
    }
    return render(
        request,
        "rectification/detail.html",
        context,
    )


@login_required
@require_safe
def detail(request: HttpRequest, rectification_id: uuid.UUID) -> HttpResponse:
    return _detail_page(request, _visible(request, rectification_id))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request: HttpRequest, rectification_id: uuid.UUID) -> HttpResponse:
    user = _me(request)
    item = _visible(request, rectification_id)
    access.require(access.can_write_unit_work(user, item.unit_id))
    if item.status != RectificationStatus.OPEN:
        messages.error(request, _("该整改事项已提交或已销号，不能再提交。"))
        return redirect("rectification:detail", rectification_id=item.pk)
    form = SubmitForm(_post(request), request.FILES if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_rectification(
                item,
                response=data["response"],
                evidence=data["evidence"],
                uploads=data["new_files"],
                by=user,
                request=request,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("整改情况已报送督导办审核。"))
            return redirect("rectification:detail", rectification_id=item.pk)
    return render(request, "rectification/submit.html", {"item": item, "form": form})


@login_required
@require_POST
def close(request: HttpRequest, rectification_id: uuid.UUID) -> HttpResponse:
    user = _me(request)
    item = _visible(request, rectification_id)
    access.require(access.acts_for_office(user))
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_rectification(item, note=form.cleaned_data["note"], by=user, request=request)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("整改事项已销号。"))
        return redirect("rectification:detail", rectification_id=item.pk)
    return _detail_page(request, item, close_form=form)


@login_required
@require_POST
def return_submission(request: HttpRequest, rectification_id: uuid.UUID) -> HttpResponse:
    user = _me(request)
    item = _visible(request, rectification_id)
    access.require(access.acts_for_office(user))
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_rectification(item, reason=form.cleaned_data["reason"], by=user, request=request)
        except ValidationError as refusal:
            if not hasattr(refusal, "error_dict"):  # no longer answered/submitted: nothing to fix on the form
                for message in refusal.messages:
                    messages.error(request, message)
                return redirect("rectification:detail", rectification_id=item.pk)
            form.add_error(None, refusal)
        else:
            messages.success(request, _("整改情况已退回%(unit)s。") % {"unit": item.unit})
            return redirect("rectification:detail", rectification_id=item.pk)
    return _detail_page(request, item, return_form=form)
