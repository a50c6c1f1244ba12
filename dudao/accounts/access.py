"""Who may see and change what: the one place every page, download, export and API call asks.

Lists come from the `*_for(user)` querysets; single objects from the `get_*` helpers, which answer
404 for an object the user may not see (so ids of other units' work are not even confirmed) and
403 for one the user may see but not change. Leaders read everything and write nothing; auditors
read only the audit log; a unit's drafts are visible to that unit alone.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from dudao.accounts.models import User
from dudao.bulletins.models import Bulletin, BulletinStatus
from dudao.directory.models import Unit
from dudao.orders.models import SupervisionOrder, SupervisionOrderQuerySet
from dudao.plans.models import Assignment, Plan, Task
from dudao.rectification.models import Rectification
from dudao.reminders.models import Notification, Reminder
from dudao.reports.models import ConsolidatedReport, Evidence, Occurrence, ProgressReport, ReportStatus

Role = User.Role


def unit_ids(user: User) -> QuerySet[Unit, int] | list[int]:
    """The units whose work this user does: its own unit, and every unit it succeeded in a reform now in
    force — from 2019 市司法局 carries the 2018 tasks of 市政府法制办公室, whose name history keeps.

    A lazy subquery, so list pages pay no extra query for it.
    """
    if not user.unit_id:
        return []
    today = timezone.localdate()
    return Unit.objects.filter(
        Q(pk=user.unit_id) | Q(successor_id=user.unit_id, successor_from__lte=today)
    ).values_list("pk", flat=True)


def assignments_for(user: User) -> QuerySet[Assignment]:
    qs = Assignment.objects.select_related("task", "unit", "task__plan")
    if user.reads_everything:
        return qs
    if user.role == Role.COUNTY_OFFICE:
        return qs.filter(Q(unit_id__in=unit_ids(user)) | Q(parent__unit_id__in=unit_ids(user)))
    if user.role in User.UNIT_ROLES:
        return qs.filter(unit_id__in=unit_ids(user))
    return qs.none()


def units_for(user: User) -> QuerySet[Unit]:
    """The directory is shared knowledge for everyone who works in it; auditors read only the audit log."""
    if user.role == Role.AUDITOR or not user.is_active:
        return Unit.objects.none()
    return Unit.objects.select_related("parent")


def plans_for(user: User) -> QuerySet[Plan]:
    """Every published plan for those who read everything; for a unit, the plans it carries a task in."""
    if user.reads_everything:
        return Plan.objects.all()
    return Plan.objects.filter(tasks__in=tasks_for(user)).distinct()


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
    units = unit_ids(user)
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
        return qs.filter(unit_id__in=unit_ids(user))
    return qs.none()


def evidence_for(user: User) -> QuerySet[Evidence]:
    """A unit's own uploads, and files attached to reports or occurrences the user may see."""
    visible_reports = reports_for(user)
    qs = Evidence.objects.select_related("file")
    if user.reads_everything:
        return qs.filter(
            Q(reports__in=visible_reports)
            | Q(occurrences__isnull=False)
            # Answers to supervision orders and rectification submissions, which the office reviews.
            | Q(supervision_orders__isnull=False)
            | Q(rectifications__isnull=False)
        ).distinct()
    if user.role not in User.UNIT_ROLES:
        return qs.none()
    return qs.filter(Q(unit_id__in=unit_ids(user)) | Q(reports__in=visible_reports)).distinct()


def occurrences_for(user: User) -> QuerySet[Occurrence]:
    if user.reads_everything:
        return Occurrence.objects.all()
    if user.role in User.UNIT_ROLES:
        return Occurrence.objects.filter(unit_id__in=unit_ids(user))
    return Occurrence.objects.none()


def get_visible(qs: QuerySet[Any], pk: uuid.UUID | str) -> Any:
    """One object from a scoped queryset, or 404 — for every id that comes from a URL or an API call."""
    try:
        return qs.get(pk=pk)
    # ValidationError: a posted id that is not even a UUID.
    except (qs.model.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def can_write_unit_work(user: User, unit_id: int | None) -> bool:
    """Liaisons write their own unit's reports and occurrences; heads may too; nobody else does."""
    return user.role in (Role.LIAISON, Role.HEAD, Role.COUNTY_OFFICE) and unit_id in unit_ids(user)


def can_decide(user: User, report: ProgressReport) -> bool:
    """A unit's head approves or returns the unit's submitted reports."""
    return user.role == Role.HEAD and report.assignment.unit_id in unit_ids(user)


def can_read_audit_log(user: User) -> bool:
    """Auditors and office administrators read the audit log; nobody else does."""
    return user.is_active and user.role in (Role.AUDITOR, Role.OFFICE_ADMIN)


def acts_for_unit(user: User) -> bool:
    """Liaisons, heads and county offices act for one unit: they have "my tasks" and write its work."""
    return user.role in User.UNIT_ROLES and user.unit_id is not None


def my_assignments_for(user: User) -> QuerySet[Assignment]:
    """The shares of tasks the user's own unit carries ("my tasks"); shares passed down are read elsewhere."""
    if not acts_for_unit(user):
        return Assignment.objects.none()
    return Assignment.objects.select_related("task", "task__plan", "task__section", "unit").filter(
        unit_id__in=unit_ids(user)
    )


def attachable_evidence_for(user: User) -> QuerySet[Evidence]:
    """Evidence the user may attach to reports and occurrences: the own unit's uploads, never another's."""
    if not acts_for_unit(user):
        return Evidence.objects.none()
    return Evidence.objects.select_related("file").filter(unit_id__in=unit_ids(user))


def can_consolidate(user: User, assignment: Assignment) -> bool:
    """The lead unit's liaison or head writes the consolidated report for the whole task."""
    return assignment.role == Assignment.Role.LEAD and can_write_unit_work(user, assignment.unit_id)


def can_delegate(user: User, assignment: Assignment) -> bool:
    """A county office passes its county's own share of a task down to the county's departments."""
    return (
        user.role == Role.COUNTY_OFFICE
        and assignment.parent_id is None
        and assignment.unit_id in unit_ids(user)
    )


def delegable_units_for(assignment: Assignment) -> QuerySet[Unit]:
    """The units directly under the county that carry `assignment` and do not yet carry its task."""
    return Unit.objects.filter(parent_id=assignment.unit_id).exclude(assignments__task_id=assignment.task_id)


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


# Supervision orders and rectification (督办单, 整改) -----------------------------------------------------
# The office and leaders read every one; a unit reads those addressed to it; only the office issues,
# records, closes and returns them, and only the unit's own liaison or head answers.


def supervision_orders_for(user: User) -> SupervisionOrderQuerySet:
    qs = SupervisionOrder.objects.select_related("unit", "task")
    if user.reads_everything:
        return qs
    if user.role in User.UNIT_ROLES:
        return qs.filter(unit_id__in=unit_ids(user))
    return qs.none()


def rectifications_for(user: User) -> QuerySet[Rectification]:
    qs = Rectification.objects.select_related("unit")
    if user.reads_everything:
        return qs
    if user.role in User.UNIT_ROLES:
        return qs.filter(unit_id__in=unit_ids(user))
    return qs.none()


def acts_for_office(user: User) -> bool:
    """The office's supervision acts: issuing and closing orders, recording rectifications, pressing
    催办, generating, editing and issuing bulletins. Leaders read them all and do none of these."""
    return user.is_active and user.role == Role.OFFICE_ADMIN


# Bulletins (通报) ---------------------------------------------------------------------------------------
# The office reads every bulletin in every state and alone generates, edits and issues them; leaders
# and units read issued bulletins of the plans they read; drafts are the office's own (404 to others).


def bulletins_for(user: User) -> QuerySet[Bulletin]:
    qs = Bulletin.objects.select_related("plan")
    if not user.is_active or user.role == Role.AUDITOR:
        return qs.none()
    if user.is_office_admin:
        return qs
    return qs.filter(status=BulletinStatus.ISSUED, plan__in=plans_for(user))


# Notifications and reminders (通知, 催办) -----------------------------------------------------------------
# Everyone reads only their own inbox; the reminder log is for the office and leaders; only the office
# presses 催办.


def notifications_for(user: User) -> QuerySet[Notification]:
    if not user.is_active:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def reminders_for(user: User) -> QuerySet[Reminder]:
    qs = Reminder.objects.select_related("assignment__unit", "assignment__task__plan", "milestone", "by")
    return qs if user.is_active and user.reads_everything else qs.none()


# The supervision dashboard (督导总览) ---------------------------------------------------------------------
# The office and leaders read the dashboard, the lists behind its figures and every unit's page; a unit
# reads its own unit's page only (404 for any other).


def can_read_dashboard(user: User) -> bool:
    return user.is_active and user.reads_everything


def supervised_units_for(user: User) -> QuerySet[Unit]:
    if not user.is_active:
        return Unit.objects.none()
    if user.reads_everything:
        return Unit.objects.all()
    if user.role in User.UNIT_ROLES:
        return Unit.objects.filter(pk__in=unit_ids(user))
    return Unit.objects.none()
