"""The lead unit's consolidated report on a whole task, built on its co-units' approved reports."""

import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts import access
from dudao.api.auth import current_user
from dudao.api.lookup import chosen
from dudao.api.schemas import ConsolidatedIn, ConsolidatedOut, ConsolidatedSubmitIn, ErrorOut
from dudao.reports import services
from dudao.reports.models import ConsolidatedReport, ReportStatus

router = Router(tags=["汇总报告"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _consolidated(request: HttpRequest) -> QuerySet[ConsolidatedReport]:
    return access.consolidated_for(current_user(request)).select_related("author").prefetch_related("sources")


@router.get("/", response=list[ConsolidatedOut], summary="汇总报告列表", url_name="consolidated_list")
@paginate(LimitOffsetPagination)
def consolidated_list(request: HttpRequest, task: uuid.UUID | None = None) -> QuerySet[ConsolidatedReport]:
    reports = _consolidated(request).order_by("-updated_at", "pk")
    if task is not None:
        reports = reports.filter(task_id=task)
    return reports


@router.get(
    "/{uuid:consolidated_id}",
    response={200: ConsolidatedOut, **ERRORS},
    summary="汇总报告详情",
    url_name="consolidated_detail",
)
def consolidated_detail(request: HttpRequest, consolidated_id: uuid.UUID) -> ConsolidatedReport:
    return access.get_visible(_consolidated(request), consolidated_id)  # type: ignore[no-any-return]


@router.post(
    "/",
    response={200: ConsolidatedOut, **ERRORS, 422: ErrorOut},
    summary="保存汇总报告（牵头单位；每个任务一份，再次保存带 version）",
    url_name="consolidated_save",
)
def consolidated_save(request: HttpRequest, payload: ConsolidatedIn) -> ConsolidatedReport:
    user = current_user(request)
    task = access.get_visible(access.tasks_for(user), payload.task)
    sources = access.reports_for(user).filter(assignment__task=task, status=ReportStatus.APPROVED)
    saved = services.save_consolidated(
        task,
        by=user,
        body=payload.body,
        sources=chosen(sources, payload.sources, field="sources"),
        version=payload.version,
        request=request,
    )
    return access.get_visible(_consolidated(request), saved.pk)  # type: ignore[no-any-return]


@router.post(
    "/{uuid:consolidated_id}/submit",
    response={200: ConsolidatedOut, **ERRORS, 422: ErrorOut},
    summary="报送督导办",
    url_name="consolidated_submit",
)
def consolidated_submit(
    request: HttpRequest, consolidated_id: uuid.UUID, payload: ConsolidatedSubmitIn
) -> ConsolidatedReport:
    user = current_user(request)
    consolidated = access.get_visible(_consolidated(request), consolidated_id)
    services.submit_consolidated(consolidated, by=user, version=payload.version, request=request)
    return access.get_visible(_consolidated(request), consolidated_id)  # type: ignore[no-any-return]
