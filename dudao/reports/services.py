"""Every write a unit makes while carrying out its tasks: evidence, progress reports, approval, the lead
unit's consolidated report, and logged occurrences.

Each service is one transaction and writes its audit row inside it. Refusals are `ValidationError`s whose
keys name the form field they belong to (`body`, `reason`, `new_files` …), so a view shows each message
beside its field; a caller without the right raises `PermissionDenied`, whatever the page offered.
Reports and consolidated reports carry a version: a save against an older version is refused, never merged.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Task
from dudao.reports import evidence as checks
from dudao.reports.models import (
    ConsolidatedReport,
    Evidence,
    EvidenceFile,
    Occurrence,
    ProgressReport,
    ReportAction,
    ReportStatus,
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class Conflict(ValidationError):
    """Someone saved the object after this editor loaded it; nothing was written."""


def _conflict() -> Conflict:
    return Conflict({NON_FIELD_ERRORS: [_("该报告已被他人修改，请刷新后再编辑")]}, code="conflict")


def _refuse(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: [ValidationError(message, code=code)]})


# Evidence ---------------------------------------------------------------------------------------------


def store_evidence(
    uploaded_file: IO[bytes], *, unit: Unit, by: User, request: HttpRequest | None = None
) -> Evidence:
    """Check an upload and keep it as the unit's evidence. The content is stored once under its SHA-256,
    however many units or reports upload it; each upload is its own `Evidence` row owned by `unit`."""
    if not access.can_write_unit_work(by, unit.pk):
        raise PermissionDenied
    checked = checks.inspect(
        uploaded_file,
        name=getattr(uploaded_file, "name", "") or "",
        declared_size=getattr(uploaded_file, "size", None),
        max_bytes=settings.EVIDENCE_MAX_BYTES,
    )
    with transaction.atomic():
        stored, created = EvidenceFile.objects.get_or_create(
            sha256=checked.sha256,
            defaults={
                "size": len(checked.data),
                "content_type": checked.kind.content_type,
                "storage_name": checks.storage_name(checked.sha256),
                "previewable": checked.kind.previewable,
            },
        )
        if created or not default_storage.exists(stored.storage_name):
            # Written inside the transaction: should it roll back, the content stays behind unreferenced
            # under its digest and is simply found again by the next upload of the same file.
            stored.storage_name = default_storage.save(stored.storage_name, ContentFile(checked.data))
            stored.save(update_fields=["storage_name"])
        upload = Evidence.objects.create(file=stored, unit=unit, original_name=checked.name, uploaded_by=by)
        record(
            by,
            "evidence.upload",
            upload,
            summary=_("上传佐证材料“%(name)s”") % {"name": checked.name},
            changes={"sha256": checked.sha256, "size": len(checked.data), "type": checked.kind.name},
            request=request,
        )
    return upload


def store_uploads(
    uploads: Iterable[IO[bytes]], *, unit: Unit, by: User, request: HttpRequest | None = None
) -> list[Evidence]:
    """Store several uploads at once, all or none; a refusal names the file (key `new_files`)."""
    with transaction.atomic():
        return _store_uploads(uploads, unit=unit, by=by, request=request)


def _store_uploads(
    uploads: Iterable[IO[bytes]], *, unit: Unit, by: User, request: HttpRequest | None
) -> list[Evidence]:
    stored = []
    for upload in uploads:
        try:
            stored.append(store_evidence(upload, unit=unit, by=by, request=request))
        except ValidationError as refusal:
            name = checks.clean_name(getattr(upload, "name", "") or "")
            raise ValidationError(
                {"new_files": [f"“{name}”：{message}" for message in refusal.messages]}
            ) from refusal
    return stored


def _check_own_evidence(evidence: Iterable[Evidence], unit: Unit) -> list[Evidence]:
    chosen = list(evidence)
    if any(item.unit_id != unit.pk for item in chosen):
        raise _refuse("evidence", _("只能使用本单位上传的佐证材料。"))
    return chosen


# Progress reports -----------------------------------------------------------------------------------


def _lock(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("assignment").get(pk=report.pk)


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and current != expected:
        raise _conflict()


def save_report(
    assignment: Assignment,
    *,
    milestone: Milestone | None,
    body: str,
    evidence: Iterable[Evidence],
    by: User,
    version: int | None = None,
    report: ProgressReport | None = None,
    uploads: Sequence[IO[bytes]] = (),
    request: HttpRequest | None = None,
) -> ProgressReport:
    """Create a draft report on `assignment`, or edit `report` if it is still a draft or was returned.

    Editing needs the `version` the editor loaded; when someone saved in between, nothing is written and
    `Conflict` says so. New `uploads` become the unit's evidence and are attached, all in one transaction.
    """
    if not access.can_write_unit_work(by, assignment.unit_id):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise _refuse("body", _("请填写进展情况。"), "required")
    if milestone is not None and milestone.task_id != assignment.task_id:
        raise _refuse("milestone", _("所选时间节点不属于该任务。"))
    chosen = _check_own_evidence(evidence, assignment.unit)
    with transaction.atomic():
        if report is None:
            report = ProgressReport.objects.create(
                assignment=assignment, milestone=milestone, body=body, author=by
            )
            action, event = ReportAction.Action.CREATE, "report.create"
            changes: dict[str, Any] = {"milestone": str(milestone) if milestone else ""}
        else:
            if report.assignment_id != assignment.pk:
                raise PermissionDenied
            locked = _lock(report)
            _check_version(locked.version, version if version is not None else report.version)
            if locked.status not in EDITABLE:
                raise ValidationError(_("报告已提交或已审核，不能再修改。"), code="locked")
            changes = _changed(locked, milestone=milestone, body=body)
            locked.milestone, locked.body, locked.version = milestone, body, locked.version + 1
            locked.save(update_fields=["milestone", "body", "version", "updated_at"])
            report = locked
            action, event = ReportAction.Action.EDIT, "report.update"
        chosen += _store_uploads(uploads, unit=assignment.unit, by=by, request=request)
        before = set(report.evidence.values_list("pk", flat=True))
        report.evidence.set(chosen)
        after = {item.pk for item in chosen}
        if before != after:
            changes["evidence"] = sorted(str(pk) for pk in after)
        ReportAction.objects.create(report=report, action=action, by=by)
        record(
            by,
            event,
            report,
            summary=_("%(action)s进展报告：%(task)s") % {"action": action.label, "task": assignment.task},
            changes=changes,
            request=request,
        )
    return report


def _changed(report: ProgressReport, *, milestone: Milestone | None, body: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if report.milestone_id != (milestone.pk if milestone else None):
        changes["milestone"] = str(milestone) if milestone else ""
    if report.body != body:
        changes["body"] = {"before": report.body, "after": body}
    return changes


def submit_report(
    report: ProgressReport, *, by: User, version: int | None = None, request: HttpRequest | None = None
) -> ProgressReport:
    """Send a draft or returned report to the unit head for approval."""
    if not access.can_write_unit_work(by, report.assignment.unit_id):
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(report)
        _check_version(locked.version, version)
        if locked.status not in EDITABLE:
            raise ValidationError(_("报告已提交或已审核，不能重复提交。"), code="locked")
        now = timezone.now()
        locked.status, locked.submitted_at, locked.version = ReportStatus.SUBMITTED, now, locked.version + 1
        locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
        ReportAction.objects.create(report=locked, action=ReportAction.Action.SUBMIT, by=by)
        record(
            by,
            "report.submit",
            locked,
            summary=_("提交进展报告：%(task)s") % {"task": locked.assignment.task},
            request=request,
        )
    return locked


def _decide(
    report: ProgressReport,
    *,
    by: User,
    status: ReportStatus,
    action: ReportAction.Action,
    reason: str = "",
    request: HttpRequest | None,
) -> ProgressReport:
    if not access.can_decide(by, report):
        raise PermissionDenied
    with transaction.atomic():
        locked = _lock(report)
        if locked.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("只能审核已提交、待审核的报告。"), code="not_submitted")
        locked.status, locked.decided_by, locked.decided_at = status, by, timezone.now()
        locked.version += 1
        fields = ["status", "decided_by", "decided_at", "version", "updated_at"]
        if reason:
            locked.return_reason = reason
            fields.append("return_reason")
        locked.save(update_fields=fields)
        ReportAction.objects.create(report=locked, action=action, reason=reason, by=by)
        record(
            by,
            f"report.{action.value}",
            locked,
            summary=_("%(action)s进展报告：%(task)s")
            % {"action": action.label, "task": locked.assignment.task},
            changes={"reason": reason} if reason else {},
            request=request,
        )
    return locked


def approve_report(report: ProgressReport, *, by: User, request: HttpRequest | None = None) -> ProgressReport:
    """The unit head signs off a submitted report; from now on the lead unit and the office rely on it."""
    return _decide(
        report, by=by, status=ReportStatus.APPROVED, action=ReportAction.Action.APPROVE, request=request
    )


def return_report(
    report: ProgressReport, *, by: User, reason: str, request: HttpRequest | None = None
) -> ProgressReport:
    """The unit head sends a submitted report back with the reason, which the report's history keeps."""
    reason = (reason or "").strip()
    if not reason:
        if not access.can_decide(by, report):
            raise PermissionDenied
        raise _refuse("reason", _("请填写退回理由。"), "required")
    return _decide(
        report,
        by=by,
        status=ReportStatus.RETURNED,
        action=ReportAction.Action.RETURN,
        reason=reason,
        request=request,
    )


# Consolidated reports ---------------------------------------------------------------------------------


def _lead_assignment(task: Task, by: User) -> Assignment:
    if by.unit_id is None:
        raise PermissionDenied
    lead = (
        Assignment.objects.select_for_update()
        .filter(task=task, unit_id__in=access.unit_ids(by), role=Assignment.Role.LEAD)
        .first()
    )
    if lead is None or not access.can_consolidate(by, lead):
        raise PermissionDenied
    return lead


def save_consolidated(
    task: Task,
    *,
    by: User,
    body: str,
    sources: Iterable[ProgressReport],
    version: int | None,
    request: HttpRequest | None = None,
) -> ConsolidatedReport:
    """The lead unit writes (or rewrites) its consolidated report on `task` from co-units' approved reports.

    One consolidated report per task and lead unit; `version` is None only when creating it.
    """
    body = (body or "").strip()
    chosen = list(sources)
    with transaction.atomic():
        lead = _lead_assignment(task, by)
        if not body:
            raise _refuse("body", _("请填写汇总情况。"), "required")
        if any(
            source.assignment.task_id != task.pk
            or source.status != ReportStatus.APPROVED
            or source.assignment.unit_id == lead.unit_id
            for source in chosen
        ):
            raise _refuse("sources", _("只能汇总本任务配合单位已审核的报告。"))
        consolidated = (
            ConsolidatedReport.objects.select_for_update().filter(task=task, unit_id=lead.unit_id).first()
        )
        if consolidated is None:
            if version is not None:
                raise _conflict()
            consolidated = ConsolidatedReport.objects.create(
                task=task, unit_id=lead.unit_id, body=body, author=by
            )
            event = "consolidated.create"
        else:
            _check_version(consolidated.version, version if version is not None else -1)
            consolidated.body, consolidated.author = body, by
            consolidated.version += 1
            consolidated.save(update_fields=["body", "author", "version", "updated_at"])
            event = "consolidated.update"
        consolidated.sources.set(chosen)
        record(
            by,
            event,
            consolidated,
            summary=_("保存汇总报告：%(task)s") % {"task": task},
            changes={"sources": sorted(str(source.pk) for source in chosen)},
            request=request,
        )
    return consolidated


def submit_consolidated(
    consolidated: ConsolidatedReport, *, by: User, version: int, request: HttpRequest | None = None
) -> ConsolidatedReport:
    """Send the consolidated report to the office; later edits stay visible to it and are audited."""
    with transaction.atomic():
        lead = _lead_assignment(consolidated.task, by)
        locked = ConsolidatedReport.objects.select_for_update().get(pk=consolidated.pk)
        if locked.unit_id != lead.unit_id:
            raise PermissionDenied
        _check_version(locked.version, version)
        locked.status, locked.submitted_at = ReportStatus.SUBMITTED, timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
        record(
            by,
            "consolidated.submit",
            locked,
            summary=_("报送汇总报告：%(task)s") % {"task": locked.task},
            request=request,
        )
    return locked


# Occurrences ----------------------------------------------------------------------------------------


def log_occurrence(
    unit: Unit,
    *,
    by: User,
    kind: str,
    held_on: datetime.date,
    title: str,
    participants: str = "",
    participant_count: int | None = None,
    milestones: Iterable[Milestone] = (),
    evidence: Iterable[Evidence] = (),
    uploads: Sequence[IO[bytes]] = (),
    request: HttpRequest | None = None,
) -> Occurrence:
    """Record a study session, lecture, class or meeting the unit held; it counts against each chosen
    quota or periodic milestone of the unit's tasks whose period includes the date."""
    if not access.can_write_unit_work(by, unit.pk):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise _refuse("title", _("请填写活动主题。"), "required")
    if held_on > timezone.localdate():
        raise _refuse("held_on", _("活动日期不能晚于今天。"))
    if participant_count is not None and participant_count < 0:
        raise _refuse("participant_count", _("参加人数不能为负数。"))
    counted = list(milestones)
    own_tasks = set(Assignment.objects.filter(unit=unit).values_list("task_id", flat=True))
    for milestone in counted:
        if milestone.task_id not in own_tasks or milestone.min_count is None:
            raise _refuse("milestones", _("只能计入本单位任务中有次数要求的时间节点。"))
        if (milestone.period_start and held_on < milestone.period_start) or (
            milestone.due and held_on > milestone.due
        ):
            raise _refuse(
                "milestones",
                _("活动日期不在“%(label)s”的期间内，不能计入。") % {"label": milestone.label},
            )
    chosen = _check_own_evidence(evidence, unit)
    with transaction.atomic():
        occurrence = Occurrence.objects.create(
            unit=unit,
            kind=kind,
            held_on=held_on,
            title=title,
            participants=(participants or "").strip(),
            participant_count=participant_count,
            recorded_by=by,
        )
        chosen += _store_uploads(uploads, unit=unit, by=by, request=request)
        occurrence.milestones.set(counted)
        occurrence.evidence.set(chosen)
        record(
            by,
            "occurrence.create",
            occurrence,
            summary=_("登记活动：%(date)s %(title)s") % {"date": held_on.isoformat(), "title": title},
            changes={"kind": kind, "milestones": sorted(str(m.pk) for m in counted)},
            request=request,
        )
    return occurrence
