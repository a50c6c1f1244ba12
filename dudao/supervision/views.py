"""The leaders' dashboard, the list behind each of its figures, and each unit's supervision page.

Read-only pages: access through `dudao.accounts.access` (403 for the dashboard and lists to anyone who
does not read everything; 404 for another unit's page), figures from `rollup` and `dashboard`.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.orders.models import SupervisionOrder
from dudao.plans.models import Plan
from dudao.supervision.dashboard import Figures, cached_html, cached_items, dashboard_figures
from dudao.supervision.forms import LIGHT_CHOICES, ItemsFilterForm, PlanForm
from dudao.supervision.links import items_url
from dudao.supervision.unit_page import unit_overview

ITEMS_PAGE = 50


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _plan(request: HttpRequest) -> tuple[PlanForm, Plan | None]:
    """The plan the page reads, and the selector's form; a bad `?plan=` is named on the page."""
    form = PlanForm(request.GET or None, plans=access.plans_for(_me(request)))
    plan = form.chosen()
    if form.is_bound and form.errors:
        for error in form.errors.get("plan", []):
            messages.error(request, str(error))
    return form, plan


def _charts(plan: Plan, figures: Figures) -> dict[str, Any]:
    """What the charts draw, with where each bar leads: the same figures the tables show."""
    return {
        "sections": [
            {
                "label": f"{section.number}、{section.title}",
                "rate": round(tally.rate * 100, 1) if tally.total else None,
                "url": items_url(plan, section=section.order),
            }
            for section, tally in figures.by_section
        ],
        "trend": [{"date": day.isoformat(), "rate": round(rate * 100, 1)} for day, rate in figures.trend],
        "labels": {"rate": _("完成率（%）")},
    }


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """One screen a leader reads in ten seconds; every figure links to the list behind it."""
    access.require(access.can_read_dashboard(_me(request)))
    form, plan = _plan(request)
    context: dict[str, Any] = {"form": form, "plan": plan}
    if plan is not None:
        today = timezone.localdate()
        figures = dashboard_figures(plan, today)
        escalated = SupervisionOrder.objects.escalated(today).count()
        # Nothing in the fragment differs by viewer: one rendering serves every leader.
        context["figures_html"] = cached_html(
            figures, "dashboard", partial(_render_figures, plan, figures, escalated), also=(escalated,)
        )
    return render(request, "supervision/dashboard.html", context)


def _render_figures(plan: Plan, figures: Figures, escalated: int) -> str:
    return render_to_string(
        "supervision/_figures.html",
        {
            "plan": plan,
            "figures": figures,
            "chart_data": _charts(plan, figures),
            "escalated": escalated,
            "red_url": items_url(plan, light="red"),
            "yellow_url": items_url(plan, light="yellow"),
            "all_url": items_url(plan),
        },
    )


class _Page:
    """Enough of Django's Page for the pager: the rows come already cut by the database."""

    def __init__(self, number: int, total: int) -> None:
        self.number = number
        self.num_pages = max(1, -(-total // ITEMS_PAGE))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_required
@require_safe
def items(request: HttpRequest) -> HttpResponse:
    """The pairs behind any figure, filtered by light, section and unit, fifty a page."""
    access.require(access.can_read_dashboard(_me(request)))
    plan_form, plan = _plan(request)
    form = ItemsFilterForm(request.GET, plan=plan)
    context: dict[str, Any] = {"plan_form": plan_form, "plan": plan, "form": form, "lights": LIGHT_CHOICES}
    if plan is not None and form.is_valid():
        today = timezone.localdate()
        number = _page_number(request)
        found = cached_items(
            plan,
            today,
            light=form.cleaned_data["light"] or None,
            section=form.cleaned_data["section"],
            unit=form.cleaned_data["unit"],
            offset=(number - 1) * ITEMS_PAGE,
            limit=ITEMS_PAGE,
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            found=found,
            page=_Page(number, found.total),
            query=query.urlencode(),
            light_label=dict(LIGHT_CHOICES).get(form.cleaned_data["light"] or ""),
            today=today,
        )
    return render(request, "supervision/items.html", context)


@login_required
@require_safe
def unit(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's lights and history: the office and leaders read every unit's, a unit only its own."""
    me = _me(request)
    found = access.supervised_units_for(me).select_related("parent").filter(code=code).first()
    if found is None:
        raise Http404
    form, plan = _plan(request)
    context: dict[str, Any] = {"unit": found, "form": form, "plan": plan}
    if plan is not None:
        today = timezone.localdate()
        overview = unit_overview(found, plan, today, dashboard_figures(plan, today))
        context.update(
            overview=overview,
            today=today,
            red_url=items_url(plan, unit=found.code, light="red"),
            all_url=items_url(plan, unit=found.code),
            can_read_lists=access.can_read_dashboard(me),
        )
    return render(request, "supervision/unit.html", context)
