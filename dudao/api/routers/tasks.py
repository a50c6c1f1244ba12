"""My tasks: the tasks visible to the caller, with who carries them and when they are due."""

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts.access import get_visible, tasks_for
from dudao.api.auth import current_user
from dudao.api.schemas import ErrorOut, TaskOut
from dudao.plans.models import Assignment, Task

router = Router(tags=["任务"])


def _tasks(request: HttpRequest) -> QuerySet[Task]:
    return (
        tasks_for(current_user(request))
        .select_related("section", "plan")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit")), "milestones"
        )
        .order_by("plan__year", "plan_id", "order")
    )


@router.get("/", response=list[TaskOut], summary="我的任务", url_name="task_list")
@paginate(LimitOffsetPagination)
def task_list(request: HttpRequest, plan: uuid.UUID | None = None, year: int | None = None) -> QuerySet[Task]:
    tasks = _tasks(request)
    if plan is not None:
        tasks = tasks.filter(plan_id=plan)
    if year is not None:
        tasks = tasks.filter(plan__year=year)
    return tasks


@router.get(
    "/{uuid:task_id}",
    response={200: TaskOut, 401: ErrorOut, 404: ErrorOut},
    summary="任务详情",
    url_name="task_detail",
)
def task_detail(request: HttpRequest, task_id: uuid.UUID) -> Task:
    return get_visible(_tasks(request), task_id)  # type: ignore[no-any-return]
