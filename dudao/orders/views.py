"""Pages for supervision orders: the office's list and issue form, each order's page and printable
notice, and the unit's answer form. Leaders read every order, escalated ones first, and write nothing;
a unit sees only the orders addressed to it (404 for any other).
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.directory.services import supervision_office_name
from dudao.orders import services
from dudao.orders.forms import AnswerForm, CloseForm, IssueForm, ReturnForm
from dudao.orders.models import OrderStatus, SupervisionOrder, SupervisionOrderQuerySet
from dudao.workdays.services import current_calendar

STATES = ("open", "escalated", "issued", "answered", "closed")


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def _by_state(orders: SupervisionOrderQuerySet, state: str, today: Any) -> SupervisionOrderQuerySet:
    if state == "open":
        return orders.open()
    if state == "escalated":
        return orders.escalated(today)
    if state in OrderStatus.values:
        return orders.filter(status=state)
    return orders


def _counts(orders: QuerySet[SupervisionOrder], today: Any) -> dict[str, int]:
    """How many orders fall under each state tab, in one query."""
    return orders.aggregate(
        all=Count("pk"),
        open=Count("pk", filter=~Q(status=OrderStatus.CLOSED)),
        escalated=Count("pk", filter=Q(status=OrderStatus.ISSUED, response_due__lt=today)),
        issued=Count("pk", filter=Q(status=OrderStatus.ISSUED)),
        answered=Count("pk", filter=Q(status=OrderStatus.ANSWERED)),
        closed=Count("pk", filter=Q(status=OrderStatus.CLOSED)),
    )


@login_required
@require_safe
def order_list(request: HttpRequest) -> HttpResponse:
    """The office's and leaders' list of every order (filters: state, unit, year), or a unit's own
    督办事项. Escalated orders come first, then those waiting for an answer, answered, closed."""
    user = _me(request)
    access.require(user.reads_everything or access.acts_for_unit(user))
    today = timezone.localdate()
    scoped = access.supervision_orders_for(user)
    years = sorted(set(scoped.order_by().values_list("year", flat=True)), reverse=True)
    unit = None
    code = request.GET.get("unit", "")
    if code and user.reads_everything:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            messages.warning(request, _("未找到编码为“%(code)s”的单位，已显示全部单位。") % {"code": code})
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    base = scoped.filter(unit=unit) if unit else scoped
    base = base.filter(year=year) if year else base
    orders = (
        _by_state(base, state, today)
        .annotate(
            rank=Case(
                When(status=OrderStatus.ISSUED, response_due__lt=today, then=Value(0)),
                When(status=OrderStatus.ISSUED, then=Value(1)),
                When(status=OrderStatus.ANSWERED, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "response_due", "-year", "-number")
    )
    rows = [(order, order.days_overdue(today)) for order in orders]
    context = {
        "rows": rows,
        "counts": _counts(base, today),
        "state": state,
        "unit": unit,
        "year": year,
        "years": years,
        "units": Unit.objects.order_by("sort_order", "name") if user.reads_everything else (),
        "can_issue": access.acts_for_office(user),
        "is_unit": access.acts_for_unit(user),
        "today": today,
    }
    return render(request, "orders/list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def issue(request: HttpRequest) -> HttpResponse:
    """The office's issue form; `?unit=<code>&task=<uuid>` prefill it (from a red light, for example).
    Changing the unit or task refreshes the task and milestone choices through htmx (the same partial)."""
    user = _me(request)
    access.require(access.acts_for_office(user))
    initial = {name: request.GET.get(name, "") for name in ("unit", "task", "milestone")}
    form = IssueForm(_post(request), initial=initial, today=timezone.localdate(), calendar=current_calendar())
    if request.method != "POST" and request.htmx:  # type: ignore[attr-defined]
        return render(request, "orders/_issue_target.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.issue_order(
                data["unit"],
                task=data["task"],
                milestone=data["milestone"],
                reason=data["reason"],
                requirement=data["requirement"],
                response_due=data["response_due"],
                by=user,
                request=request,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("督办单%(label)s已签发，已通知%(unit)s。") % {"label": order.label, "unit": order.unit},
            )
            return redirect("orders:detail", order_id=order.pk)
    cleaned = getattr(form, "cleaned_data", {})
    context = {
        "form": form,
        "next_number": services.next_number(timezone.localdate().year),
        # The calendar warning covers today through the chosen deadline, if a year in it has no arrangement.
        "due": cleaned.get("response_due") or form.initial.get("response_due"),
    }
    return render(request, "orders/issue.html", context)


def _detail_page(request: HttpRequest, order: SupervisionOrder, **forms: Any) -> HttpResponse:
    user = _me(request)
    today = timezone.localdate()
    decidable = access.acts_for_office(user) and order.status == OrderStatus.ANSWERED
    context = {
        "order": order,
        "escalated": order.is_escalated(today),
        "days_overdue": order.days_overdue(today),
        "history": order.actions.select_related("by"),
        "evidence": order.evidence.select_related("file"),
        "can_answer": access.can_write_unit_work(user, order.unit_id) and order.status == OrderStatus.ISSUED,
        "can_decide": decidable,
        "close_form": forms.get("close_form") or (CloseForm() if decidable else None),
        "return_form": forms.get("return_form") or (ReturnForm() if decidable else None),
    }
    return render(
        request,
        "orders/detail.html",
        context,
    )


def _visible(request: HttpRequest, order_id: uuid.UUID) -> SupervisionOrder:
    qs = access.supervision_orders_for(_me(request)).select_related(
        "task__plan", "milestone", "issued_by", "answered_by", "closed_by"
    )
    return cast(SupervisionOrder, access.get_visible(qs, order_id))


@login_required
@require_safe
def detail(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    return _detail_page(request, _visible(request, order_id))


@login_required
@require_safe
def print_view(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    """The order as the official notice (督办通知单), laid out for A4 paper."""
    order = _visible(request, order_id)
    context = {"order": order, "evidence": order.evidence.all(), "issuer": supervision_office_name()}
    return render(request, "orders/print.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    user = _me(request)
    order = _visible(request, order_id)
    access.require(access.can_write_unit_work(user, order.unit_id))
    if order.status != OrderStatus.ISSUED:
        messages.error(request, _("该督办单已答复或已办结，不能再答复。"))
        return redirect("orders:detail", order_id=order.pk)
    form = AnswerForm(_post(request), _files(request), user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_order(
                order,
                body=data["body"],
                evidence=data["evidence"],
                uploads=data["new_files"],
                by=user,
                request=request,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("答复已报送督导办。"))
            return redirect("orders:detail", order_id=order.pk)
    return render(request, "orders/answer.html", {"order": order, "form": form})


@login_required
@require_POST
def close(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    user = _me(request)
    order = _visible(request, order_id)
    access.require(access.acts_for_office(user))
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_order(order, note=form.cleaned_data["note"], by=user, request=request)
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("督办单%(label)s已办结。") % {"label": order.label})
        return redirect("orders:detail", order_id=order.pk)
    return _detail_page(request, order, close_form=form)


@login_required
@require_POST
def return_answer(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    user = _me(request)
    order = _visible(request, order_id)
    access.require(access.acts_for_office(user))
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_order(
                order,
                reason=form.cleaned_data["reason"],
                response_due=form.cleaned_data["response_due"],
                by=user,
                request=request,
            )
        except ValidationError as refusal:
            if not hasattr(refusal, "error_dict"):  # no longer answered/submitted: nothing to fix on the form
                for message in refusal.messages:
                    messages.error(request, message)
                return redirect("orders:detail", order_id=order.pk)
            form.add_error(None, refusal)
        else:
            messages.success(request, _("答复已退回%(unit)s重新办理。") % {"unit": order.unit})
            return redirect("orders:detail", order_id=order.pk)
    return _detail_page(request, order, return_form=form)
