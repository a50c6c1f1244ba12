"""The holiday arrangement pages (节假日安排): office administrators enter and correct years; leaders read
them; everyone else gets 403, anonymous visitors the login page. Every view goes through `_reader` or
`_writer`, and a year outside 2000–2100 is 404."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dudao.accounts.access import require
from dudao.accounts.models import User
from dudao.workdays import display, services
from dudao.workdays.forms import DayForm, NoticeForm
from dudao.workdays.models import HolidayYear

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _reader(request: HttpRequest, year: int | None = None) -> User:
    user = cast(User, request.user)
    require(user.is_active and user.role in (User.Role.OFFICE_ADMIN, User.Role.LEADER))
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return user


def _writer(request: HttpRequest, year: int) -> User:
    user = _reader(request, year)
    require(user.is_office_admin)
    return user


def _entered(year: int) -> HolidayYear | None:
    return HolidayYear.objects.select_related("entered_by").prefetch_related("days").filter(year=year).first()


@login_required
@require_safe
def year_list(request: HttpRequest) -> HttpResponse:
    """This year −1 to +2 and every entered year, each with where its working days come from."""
    _reader(request)
    this_year = timezone.localdate().year
    entered = services.entered_years()
    calendar = services.current_calendar()
    years = sorted(set(range(this_year - 1, this_year + 3)) | set(entered))
    rows = [(year, calendar.source(year), entered.get(year)) for year in years]
    return render(request, "workdays/year_list.html", {"rows": rows, "this_year": this_year})


def _year_context(year: int) -> dict[str, Any]:
    holiday_year = _entered(year)
    source = services.current_calendar().source(year)
    if holiday_year is not None:
        days = services.days_of(holiday_year)
    elif source == "package":
        days = display.package_days(year)
    else:
        days = []
    return {
        "year": year,
        "holiday_year": holiday_year,
        "source": source,
        "days": days,
        "runs": display.runs(days),
        "months": display.months(year, days),
    }


def _render_year(request: HttpRequest, year: int, *, day_form: DayForm | None = None) -> HttpResponse:
    context = _year_context(year)
    context["day_form"] = day_form or DayForm(year=year)
    return render(request, "workdays/year_detail.html", context)


@login_required
@require_safe
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    _reader(request, year)
    return _render_year(request, year)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def year_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Paste the notice, preview what it arranges (htmx swaps in the preview alone), confirm to save."""
    user = _writer(request, year)
    form = NoticeForm(request.POST if request.method == "POST" else None, year=year)
    holiday_year = _entered(year)
    saving = request.POST.get("action") == "save"
    if request.method == "POST" and form.is_valid() and saving and form.notice is not None:
        services.save_year(
            year,
            [services.Day(day.date, day.is_workday, day.name) for day in form.notice.in_year()],
            notice_title=form.notice.title,
            doc_number=form.notice.doc_number,
            by=user,
            request=request,
        )
        messages.success(request, _("已保存%(year)s年节假日安排。") % {"year": year})
        return redirect("workdays:year", year=year)
    notice = form.notice if form.is_bound and form.is_valid() else None
    in_year = notice.in_year() if notice else ()
    context = {
        "year": year,
        "form": form,
        "holiday_year": holiday_year,
        "notice": notice,
        "in_year": in_year,
        "runs": display.runs(in_year),
        "holidays": sum(not day.is_workday for day in in_year),
        "workdays": sum(day.is_workday for day in in_year),
    }
    if getattr(request, "htmx", False):
        return render(request, "workdays/_notice_editor.html", context)
    return render(request, "workdays/year_edit.html", context)


@login_required
@require_POST
def day_set(request: HttpRequest, year: int) -> HttpResponse:
    """Add or change one day of an entered year (a correction after the notice was saved)."""
    user = _writer(request, year)
    holiday_year = _entered(year)
    if holiday_year is None:
        raise Http404
    form = DayForm(request.POST, year=year)
    if not form.is_valid():
        return _render_year(request, year, day_form=form)
    data = form.cleaned_data
    days = {day.date: day for day in services.days_of(holiday_year)}
    days[data["date"]] = services.Day(data["date"], data["kind"] == "workday", data["name"])
    try:
        services.save_year(
            year,
            days.values(),
            notice_title=holiday_year.notice_title,
            doc_number=holiday_year.doc_number,
            by=user,
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_year(request, year, day_form=form)
    messages.success(request, _("已保存%(date)s的安排。") % {"date": _date(data["date"])})
    return redirect("workdays:year", year=year)


@login_required
@require_POST
def day_remove(request: HttpRequest, year: int) -> HttpResponse:
    user = _writer(request, year)
    holiday_year = _entered(year)
    if holiday_year is None:
        raise Http404
    try:
        date = datetime.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        raise Http404 from None
    days = [day for day in services.days_of(holiday_year) if day.date != date]
    if len(days) < holiday_year.days.count():
        services.save_year(
            year,
            days,
            notice_title=holiday_year.notice_title,
            doc_number=holiday_year.doc_number,
            by=user,
            request=request,
        )
        messages.success(request, _("已删除%(date)s的安排。") % {"date": _date(date)})
    return redirect("workdays:year", year=year)


@login_required
@require_POST
def year_delete(request: HttpRequest, year: int) -> HttpResponse:
    user = _writer(request, year)
    if request.POST.get("confirm") != "yes":  # the whole year's days go: asked for, not just clicked
        messages.error(request, _("请勾选“确认删除%(year)s年的录入”后再删除。") % {"year": year})
        return redirect("workdays:year", year=year)
    if services.delete_year(year, by=user, request=request):
        messages.success(
            request, _("已删除%(year)s年的录入，该年改按日历数据包或周一至周五计算。") % {"year": year}
        )
    return redirect("workdays:list")


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
