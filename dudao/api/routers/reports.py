"""Progress reports: read what `reports_for` shows, write through `dudao.reports.services`.

Editing and submitting carry the `version` the caller read; a stale one is a 409, never a silent overwrite.
"""

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts import access
from dudao.api.auth import current_user
from dudao.api.lookup import chosen, one
from dudao.api.schemas import ErrorOut, ReportCreateIn, ReportOut, ReportUpdateIn, ReturnIn, VersionIn
from dudao.plans.models import Milestone
from dudao.reports import services
from dudao.reports.models import Evidence, ProgressReport, ReportAction, ReportStatus

router = Router(tags=["进展报告"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _reports(request: HttpRequest) -> QuerySet[ProgressReport]:
    return (
        access.reports_for(current_user(request))
        .select_related("author", "assignment__task")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("file", "unit")),
            Prefetch("actions", queryset=ReportAction.objects.select_related("by")),
        )
    )


def _fresh(report: ProgressReport, request: HttpRequest) -> ProgressReport:
    """The report as the caller now sees it, with everything the response shows."""
    return access.get_visible(_reports(request), report.pk)  # type: ignore[no-any-return]


@router.get("/", response=list[ReportOut], summary="进展报告列表", url_name="report_list")
@paginate(LimitOffsetPagination)
def report_list(
    request: HttpRequest,
    status: ReportStatus | None = None,
    task: uuid.UUID | None = None,
    assignment: uuid.UUID | None = None,
) -> QuerySet[ProgressReport]:
    reports = _reports(request).order_by("-updated_at", "pk")
    if status is not None:
        reports = reports.filter(status=status)
    if task is not None:
        reports = reports.filter(assignment__task_id=task)
    if assignment is not None:
        reports = reports.filter(assignment_id=assignment)
    return reports


@router.get(
    "/{uuid:report_id}", response={200: ReportOut, **ERRORS}, summary="进展报告详情", url_name="report_detail"
)
def report_detail(request: HttpRequest, report_id: uuid.UUID) -> ProgressReport:
    return access.get_visible(_reports(request), report_id)  # type: ignore[no-any-return]


@router.post(
    "/", response={201: ReportOut, **ERRORS, 422: ErrorOut}, summary="起草进展报告", url_name="report_create"
)
def report_create(request: HttpRequest, payload: ReportCreateIn) -> Status[ProgressReport]:
    user = current_user(request)
    assignment = access.get_visible(access.assignments_for(user), payload.assignment)
    access.require(access.can_write_unit_work(user, assignment.unit_id))
    report = services.save_report(
        assignment,
        milestone=one(
            Milestone.objects.filter(task_id=assignment.task_id), payload.milestone, field="milestone"
        ),
        body=payload.body,
        evidence=chosen(access.attachable_evidence_for(user), payload.evidence, field="evidence"),
        by=user,
        request=request,
    )
    return Status(201, _fresh(report, request))


@router.put(
    "/{uuid:report_id}",
    response={200: ReportOut, **ERRORS, 422: ErrorOut},
    summary="修改进展报告",
    url_name="report_update",
)
def report_update(request: HttpRequest, report_id: uuid.UUID, payload: ReportUpdateIn) -> ProgressReport:
    user = current_user(request)
    report: ProgressReport = access.get_visible(_reports(request), report_id)
    access.require(access.can_write_unit_work(user, report.assignment.unit_id))
    evidence = (
        list(report.evidence.all())
        if payload.evidence is None
        else chosen(access.attachable_evidence_for(user), payload.evidence, field="evidence")
    )
    services.save_report(
        report.assignment,
        milestone=one(
            Milestone.objects.filter(task_id=report.assignment.task_id), payload.milestone, field="milestone"
        ),
        body=payload.body,
        evidence=evidence,
        by=user,
        version=payload.version,
        report=report,
        request=request,
    )
    return _fresh(report, request)


@router.post(
    "/{uuid:report_id}/submit",
    response={200: ReportOut, **ERRORS},
    summary="提交单位负责人审核",
    url_name="report_submit",
)
def report_submit(request: HttpRequest, report_id: uuid.UUID, payload: VersionIn) -> ProgressReport:
    user = current_user(request)
    report: ProgressReport = access.get_visible(access.reports_for(user), report_id)
    access.require(access.can_write_unit_work(user, report.assignment.unit_id))
    services.submit_report(report, by=user, version=payload.version, request=request)
    return _fresh(report, request)


@router.post(
    "/{uuid:report_id}/approve",
    response={200: ReportOut, **ERRORS},
    summary="审核通过（单位负责人）",
    url_name="report_approve",
)
def report_approve(request: HttpRequest, report_id: uuid.UUID) -> ProgressReport:
    user = current_user(request)
    report: ProgressReport = access.get_visible(access.reports_for(user), report_id)
    access.require(access.can_decide(user, report))
    services.approve_report(report, by=user, request=request)
    return _fresh(report, request)


@router.post(
    "/{uuid:report_id}/return",
    response={200: ReportOut, **ERRORS, 422: ErrorOut},
    summary="退回（单位负责人）",
    url_name="report_return",
)
def report_return(request: HttpRequest, report_id: uuid.UUID, payload: ReturnIn) -> ProgressReport:
    user = current_user(request)
    report: ProgressReport = access.get_visible(access.reports_for(user), report_id)
    access.require(access.can_decide(user, report))
    services.return_report(report, by=user, reason=payload.reason, request=request)
    return _fresh(report, request)
