"""The inbox every signed-in user has, the reminder log for the office and leaders, and the office's
催办 button. Access through `dudao.accounts.access`; writes through `dudao.reminders.services`."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.plans.models import Milestone
from dudao.reminders import services
from dudao.reminders.forms import ReminderFilterForm

INBOX_PAGE = 30
LOG_PAGE = 50


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _is_local(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())


def _inbox_context(request: HttpRequest) -> dict[str, object]:
    rows = access.notifications_for(_me(request)).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )
    page = Paginator(rows, INBOX_PAGE).get_page(request.GET.get("page"))
    unread = access.notifications_for(_me(request)).filter(read_at__isnull=True).count()
    return {"page": page, "unread": unread}


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's notifications, unread first, newest first within each; htmx gets the list alone."""
    template = "reminders/_inbox.html" if request.htmx else "reminders/inbox.html"  # type: ignore[attr-defined]
    return render(request, template, _inbox_context(request))


@login_required
@require_POST
def read(request: HttpRequest, notification_id: uuid.UUID) -> HttpResponse:
    """Mark one notification read; with `open`, go on to what it links to."""
    notification = access.get_visible(access.notifications_for(_me(request)), notification_id)
    services.mark_read(notification, by=_me(request))
    if request.POST.get("open") and _is_local(request, notification.url):
        return redirect(notification.url)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reminders/_inbox.html", _inbox_context(request))
    return redirect("reminders:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(_me(request))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reminders/_inbox.html", _inbox_context(request))
    messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect("reminders:inbox")


@login_required
@require_safe
def reminder_log(request: HttpRequest) -> HttpResponse:
    """Every reminder sent, newest first, filtered by plan, unit, kind and date, paged."""
    user = _me(request)
    access.require(user.is_active and user.reads_everything)
    form = ReminderFilterForm(request.GET or None, plans=access.plans_for(user).order_by("-year", "title"))
    rows = access.reminders_for(user).order_by("-sent_on", "-sent_at", "-pk")
    if form.is_bound and form.is_valid():
        rows = form.filter(rows)
    page = Paginator(rows, LOG_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "reminders/_log.html" if request.htmx else "reminders/log.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_POST
def remind(request: HttpRequest, assignment_id: uuid.UUID, milestone_id: uuid.UUID) -> HttpResponse:
    """The office's 催办: remind the unit of one milestone now. htmx gets the button back with the outcome."""
    user = _me(request)
    assignment = access.get_visible(access.assignments_for(user), assignment_id)
    milestone = access.get_visible(Milestone.objects.filter(task_id=assignment.task_id), milestone_id)
    access.require(access.acts_for_office(user))
    try:
        services.remind(assignment, milestone, by=user, request=request)
        outcome, ok = _("已催办%(unit)s。") % {"unit": assignment.unit}, True
    except ValidationError as refusal:
        outcome, ok = " ".join(refusal.messages), False
    if request.htmx:  # type: ignore[attr-defined]
        context = {"assignment": assignment, "milestone": milestone, "outcome": outcome, "ok": ok}
        return render(request, "reminders/_remind_button.html", context)
    (messages.success if ok else messages.error)(request, outcome)
    target = request.POST.get("next", "")
    if not _is_local(request, target):
        target = reverse("reports:task_detail", args=[assignment.pk])
    return redirect(target)
