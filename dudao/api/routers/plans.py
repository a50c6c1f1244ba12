"""Published plans: a unit sees the plans it carries a task in, and only its own tasks inside them."""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts.access import get_visible, plans_for, tasks_for
from dudao.api.auth import current_user
from dudao.api.schemas import ErrorOut, PlanDetailOut, PlanOut
from dudao.plans.models import Plan

router = Router(tags=["工作安排"])


@router.get("/", response=list[PlanOut], summary="工作安排列表", url_name="plan_list")
@paginate(LimitOffsetPagination)
def plan_list(request: HttpRequest, year: int | None = None) -> QuerySet[Plan]:
    plans = plans_for(current_user(request)).order_by("-year", "-published_at")
    if year is not None:
        plans = plans.filter(year=year)
    return plans


@router.get(
    "/{uuid:plan_id}",
    response={200: PlanDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="工作安排详情（含部分和任务）",
    url_name="plan_detail",
)
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> dict[str, Any]:
    user = current_user(request)
    plan: Plan = get_visible(plans_for(user), plan_id)
    tasks = tasks_for(user).filter(plan=plan).select_related("section").order_by("order")
    sections: dict[int, dict[str, Any]] = {
        section.pk: {"number": section.number, "title": section.title, "tasks": []}
        for section in plan.sections.order_by("order")
    }
    unsectioned = []
    for task in tasks:
        brief = {"id": task.id, "number": task.number, "title": task.title}
        if task.section_id in sections:
            sections[task.section_id]["tasks"].append(brief)
        else:
            unsectioned.append(brief)
    return {
        **{field: getattr(plan, field) for field in PlanOut.model_fields},
        "lead_rule": plan.lead_rule,
        # A unit sees only the parts of the plan it has tasks in.
        "sections": [s for s in sections.values() if s["tasks"] or user.reads_everything],
        "unsectioned_tasks": unsectioned,
    }
