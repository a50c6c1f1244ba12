"""Logged occurrences (学法, 讲座, 培训班, 专题会议) that count against a unit's quotas."""

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from dudao.accounts import access
from dudao.api.auth import current_user
from dudao.api.lookup import chosen
from dudao.api.schemas import ErrorOut, OccurrenceIn, OccurrenceOut
from dudao.plans.models import Milestone
from dudao.reports import services
from dudao.reports.models import Evidence, Occurrence

router = Router(tags=["活动记录"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _occurrences(request: HttpRequest) -> QuerySet[Occurrence]:
    return (
        access.occurrences_for(current_user(request))
        .select_related("unit")
        .prefetch_related(
            "milestones", Prefetch("evidence", queryset=Evidence.objects.select_related("file", "unit"))
        )
    )


@router.get("/", response=list[OccurrenceOut], summary="活动记录列表", url_name="occurrence_list")
@paginate(LimitOffsetPagination)
def occurrence_list(
    request: HttpRequest, kind: Occurrence.Kind | None = None, year: int | None = None
) -> QuerySet[Occurrence]:
    occurrences = _occurrences(request).order_by("-held_on", "pk")
    if kind is not None:
        occurrences = occurrences.filter(kind=kind)
    if year is not None:
        occurrences = occurrences.filter(held_on__year=year)
    return occurrences


@router.get(
    "/{uuid:occurrence_id}",
    response={200: OccurrenceOut, **ERRORS},
    summary="活动记录详情",
    url_name="occurrence_detail",
)
def occurrence_detail(request: HttpRequest, occurrence_id: uuid.UUID) -> Occurrence:
    return access.get_visible(_occurrences(request), occurrence_id)  # type: ignore[no-any-return]


@router.post(
    "/",
    response={201: OccurrenceOut, **ERRORS, 422: ErrorOut},
    summary="登记活动",
    url_name="occurrence_create",
)
def occurrence_create(request: HttpRequest, payload: OccurrenceIn) -> Status[Occurrence]:
    user = current_user(request)
    access.require(access.acts_for_unit(user))
    milestones = Milestone.objects.filter(task__in=access.my_assignments_for(user).values("task_id"))
    occurrence = services.log_occurrence(
        user.unit,  # type: ignore[arg-type]
        by=user,
        kind=payload.kind,
        held_on=payload.held_on,
        title=payload.title,
        participants=payload.participants,
        participant_count=payload.participant_count,
        milestones=chosen(milestones, payload.milestones, field="milestones"),
        evidence=chosen(access.attachable_evidence_for(user), payload.evidence, field="evidence"),
        request=request,
    )
    return Status(201, access.get_visible(_occurrences(request), occurrence.pk))
