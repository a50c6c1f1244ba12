"""Supervision as data: a plan's roll-up of lights (the dashboard's figures) and supervision orders.

The roll-up is for those who read everything (the office and leaders), as on the dashboard; orders
follow the pages' rule: the office and leaders read all, a unit reads those addressed to it.
"""

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts.access import can_read_dashboard, get_visible, plans_for, supervision_orders_for
from dudao.api.auth import current_user
from dudao.api.schemas import ErrorOut, RollupOut, SupervisionOrderOut
from dudao.directory.models import Unit
from dudao.orders.models import OrderStatus, SupervisionOrder
from dudao.plans.models import Plan
from dudao.supervision.rollup import Tally, overdue_items, plan_rollup

router = Router(tags=["督导"])


def _tally(tally: Tally) -> dict[str, Any]:
    return {**tally.__dict__, "rate": round(tally.rate, 4)}


def _unit(unit: Unit) -> dict[str, str]:
    return {"code": unit.code, "name": unit.name}


@router.get(
    "/plans/{uuid:plan_id}/rollup",
    response={200: RollupOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="工作安排的完成情况汇总（督导总览的数据）",
    url_name="plan_rollup",
)
def rollup(request: HttpRequest, plan_id: uuid.UUID) -> dict[str, Any]:
    user = current_user(request)
    plan: Plan = get_visible(plans_for(user), plan_id)
    if not can_read_dashboard(user):
        raise PermissionDenied
    today = timezone.localdate()
    figures = plan_rollup(plan, today)
    return {
        "plan_id": plan.pk,
        "today": today,
        "overall": _tally(figures.overall),
        "sections": [
            {"number": section.number, "title": section.title, "tally": _tally(tally)}
            for section, tally in figures.by_section
        ],
        "departments": [{"unit": _unit(unit), "tally": _tally(tally)} for unit, tally in figures.departments],
        "governments": [{"unit": _unit(unit), "tally": _tally(tally)} for unit, tally in figures.governments],
        "overdue": [
            {
                "unit": _unit(item.unit),
                "task_id": item.task.pk,
                "task_number": item.task.number,
                "milestone": item.milestone.label,
                "due": item.due,
                "days_late": item.days_late,
            }
            for item in overdue_items(plan, today)
        ],
    }


@router.get("/orders", response=list[SupervisionOrderOut], summary="督办单列表", url_name="order_list")
@paginate(LimitOffsetPagination)
def order_list(request: HttpRequest, year: int | None = None, status: str | None = None) -> QuerySet[Any]:
    """`status`: issued (待答复), answered (已答复), closed (已办结)."""
    orders = supervision_orders_for(current_user(request)).order_by("-year", "-number")
    if year is not None:
        orders = orders.filter(year=year)
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    return orders


@router.get(
    "/orders/{uuid:order_id}",
    response={200: SupervisionOrderOut, 401: ErrorOut, 404: ErrorOut},
    summary="督办单详情",
    url_name="order_detail",
)
def order_detail(request: HttpRequest, order_id: uuid.UUID) -> SupervisionOrder:
    order: SupervisionOrder = get_visible(supervision_orders_for(current_user(request)), order_id)
    return order
