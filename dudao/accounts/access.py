"""Who may see and change what: the one place every page, download, export and API call asks.

Lists come from the `*_for(user)` querysets; single objects from the `get_*` helpers, which answer
404 for an object the user may not see (so ids of other units' work are not even confirmed) and
403 for one the user may see but not change. Leaders read everything and write nothing; auditors
read only the audit log; a unit's drafts are visible to that unit alone.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from dudao.accounts.models import User
from dudao.plans.models import Assignment, Task
from dudao.reports.models import ConsolidatedReport, Evidence, Occurrence, ProgressReport, ReportStatus

Role = User.Role


def _unit_ids(user: User) -> list[int]:
    """The units whose work this user does: its own unit (a county office also sees what it passed down)."""
    return [user.unit_id] if user.unit_id else []


def assignments_for(user: User) -> QuerySet[Assignment]:
    qs = Assignment.objects.select_related("task", "unit", "task__plan")
    if user.reads_everything:
        return qs
    if user.role == Role.COUNTY_OFFICE:
        return qs.filter(Q(unit_id__in=_unit_ids(user)) | Q(parent__unit_id__in=_unit_ids(user)))
    if user.role in User.UNIT_ROLES:
        return qs.filter(unit_id__in=_unit_ids(user))
    return qs.none()


def tasks_for(user: User) -> QuerySet[Task]:
    if user.reads_everything:
        return Task.objects.all()
    return Task.objects.filter(assignments__in=assignments_for(user)).distinct()


def reports_for(user: User) -> QuerySet[ProgressReport]:
    """Own unit's reports in every state; co-units' approved reports on tasks the unit leads; no one else's drafts."""
    qs = ProgressReport.objects.select_related("assignment__unit", "assignment__task", "milestone")
    if user.reads_everything:
        return qs.exclude(status=ReportStatus.DRAFT)
    if user.role not in User.UNIT_ROLES:
        return qs.none()
    units = _unit_ids(user)
    led_tasks = Assignment.objects.filter(unit_id__in=units, role=Assignment.Role.LEAD).values("task_id")
    return qs.filter(
        Q(assignment__unit_id__in=units)
        | Q(assignment__task_id__in=led_tasks, status=ReportStatus.APPROVED)
        | Q(assignment__parent__unit_id__in=units, status=ReportStatus.APPROVED)
    )


def consolidated_for(user: User) -> QuerySet[ConsolidatedReport]:
    qs = ConsolidatedReport.objects.select_related("task", "unit")
    if user.reads_everything:
        return qs.exclude(status=ReportStatus.DRAFT)
    if user.role in User.UNIT_ROLES:
        return qs.filter(unit_id__in=_unit_ids(user))
    return qs.none()


def evidence_for(user: User) -> QuerySet[Evidence]:
    """A unit's own uploads, and files attached to reports or occurrences the user may see."""
    visible_reports = reports_for(user)
    qs = Evidence.objects.select_related("file")
    if user.reads_everything:
        return qs.filter(Q(reports__in=visible_reports) | Q(occurrences__isnull=False)).distinct()
    if user.role not in User.UNIT_ROLES:
        return qs.none()
    return qs.filter(Q(unit_id__in=_unit_ids(user)) | Q(reports__in=visible_reports)).distinct()


def occurrences_for(user: User) -> QuerySet[Occurrence]:
    if user.reads_everything:
        return Occurrence.objects.all()
    if user.role in User.UNIT_ROLES:
        return Occurrence.objects.filter(unit_id__in=_unit_ids(user))
    return Occurrence.objects.none()


def get_visible(qs: QuerySet[Any], pk: uuid.UUID | str) -> Any:
    """One object from a scoped queryset, or 404 — for every id that comes from a URL or an API call."""
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404 from missing


def can_write_unit_work(user: User, unit_id: int | None) -> bool:
    """Liaisons write their own unit's reports and occurrences; heads may too; nobody else does."""
    return user.role in (Role.LIAISON, Role.HEAD, Role.COUNTY_OFFICE) and unit_id in _unit_ids(user)


def can_decide(user: User, report: ProgressReport) -> bool:
    """A unit's head approves or returns the unit's submitted reports."""
    return user.role == Role.HEAD and report.assignment.unit_id == user.unit_id


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
