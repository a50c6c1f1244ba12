"""Every write to plans: import a notice, decide its doubts, publish it, amend the published plan.

Each function is one transaction and writes its audit row inside it. Decisions on an import are
optimistically locked on `NoticeImport.version`: a decision made on a screen that another
administrator has changed since is refused with a message, never applied over the other's work.
Published plans are never overwritten silently: every amendment writes a `PlanChange` with the
state before and after.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from dudao.accounts.models import User
from dudao.audit.services import record
from dudao.directory.models import Unit
from dudao.ingest import IngestError, parse_source
from dudao.ingest.errors import TooLarge
from dudao.ingest.readers import read_bytes
from dudao.ingest.structure import prepare_lines
from dudao.plans.directory import UnitIndex, notice_directory
from dudao.plans.milestones import MilestoneSpec
from dudao.plans.models import Assignment, Milestone, NoticeImport, Plan, PlanChange, Section, Task
from dudao.plans.review import ReviewState, review_state

Role = Assignment.Role
_DOUBTS_LISTED = 6


class PlanError(ValidationError):
    """A write refused for a reason the user can act on; the Chinese message goes beside the form field
    named by `field` (or above the form when it is None)."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message, code=code)
        self.field = field


class ImportRejected(PlanError):
    """The uploaded file cannot become a plan (not a notice, a scanned PDF, too large …)."""


class StaleVersion(PlanError):
    """Someone changed the import since the screen was rendered."""


class DoubtsRemain(PlanError):
    """Publication asked for while decisions are still missing."""


# --- import ---------------------------------------------------------------------------------------


def start_import(data: bytes, name: str, *, by: User, request: HttpRequest | None = None) -> NoticeImport:
    """Parse an uploaded notice against the unit directory and keep it for review.

    The stored source text is the parser's prepared text, so every span in the parse result points
    into it. Raises `ImportRejected` with a Chinese one-line reason for a file that is too large,
    empty, unreadable or not a task-division notice.
    """
    limit = settings.NOTICE_MAX_BYTES
    if len(data) > limit:
        raise ImportRejected(
            _("文件过大（%(size).1f MB），通知文件不能超过 %(limit)d MB。")
            % {"size": len(data) / 1024 / 1024, "limit": limit // 1024 // 1024},
            code="too_large",
            field="file",
        )
    if not data:
        raise ImportRejected(_("文件是空的，请选择通知原文件。"), code="empty", field="file")
    try:
        source = read_bytes(data, name)
        notice = parse_source(source, directory=notice_directory())
    except IngestError as error:
        raise ImportRejected(_ingest_message(error), code=type(error).__name__, field="file") from error
    digest = hashlib.sha256(data).hexdigest()
    published = NoticeImport.objects.filter(sha256=digest, status=NoticeImport.Status.PUBLISHED).first()
    if published is not None:
        raise ImportRejected(
            _("这份通知已经发布为《%(plan)s》，如需修改请在已发布的工作安排中调整。") % {"plan": published},
            code="duplicate",
            field="file",
        )
    parsed = notice.to_json()
    with transaction.atomic():
        notice_import = NoticeImport.objects.create(
            original_name=os.path.basename(name)[:255] or "notice",
            sha256=digest,
            source_format=source.format,
            source_text=prepare_lines(source.text)[0],
            parsed=parsed,
            uploaded_by=by,
        )
        record(
            by,
            "notice_import.create",
            notice_import,
            summary=_("上传通知《%(notice)s》,解析出%(tasks)d项任务")
            % {"notice": notice_import, "tasks": len(parsed["tasks"])},
            changes={
                "file": notice_import.original_name,
                "format": source.format,
                "sha256": digest,
                "sections": len(parsed["sections"]),
                "tasks": len(parsed["tasks"]),
            },
            request=request,
        )
    return notice_import


def _ingest_message(error: IngestError) -> str:
    """The Chinese half of the parser's bilingual message, with the size for a file that is too large."""
    message = type(error).message.split(" / ", 1)[0].strip()
    if isinstance(error, TooLarge) and error.detail:
        message = f"{message}({error.detail})"
    return message if message.endswith(("。", ")", "）")) else f"{message}。"


def discard_import(
    notice_import: NoticeImport, *, by: User, version: int | None = None, request: HttpRequest | None = None
) -> None:
    """Set an import aside without publishing it; it stays in the audit trail."""

    def discard(current: NoticeImport, _resolutions: dict[str, Any]) -> dict[str, Any]:
        current.status = NoticeImport.Status.DISCARDED
        return {"status": [NoticeImport.Status.REVIEW, NoticeImport.Status.DISCARDED]}

    _decide(notice_import, by, version, "notice_import.discard", _("放弃导入"), discard, request)


# --- decisions on an import -----------------------------------------------------------------------


def resolve_unit(
    notice_import: NoticeImport,
    verbatim: str,
    unit: Unit | None,
    *,
    by: User,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> NoticeImport:
    """Decide which directory unit a printed name means (`市政府法制办` → 市政府法制办公室).

    `unit=None` says the name is no unit at all (a parsing slip); a name that leads a task cannot be
    ignored, because the task would lose its lead.
    """

    def decide(current: NoticeImport, resolutions: dict[str, Any]) -> dict[str, Any]:
        state = review_state(current)
        row = next((r for r in state.names if r.verbatim == verbatim), None)
        if row is None:
            raise PlanError(_("通知中没有单位名称“%(name)s”。") % {"name": verbatim}, field="verbatim")
        if unit is None and row.is_lead:
            raise PlanError(
                _("“%(name)s”是牵头单位，不能忽略，请选择对应的单位。") % {"name": verbatim}, field="unit"
            )
        before = resolutions.setdefault("units", {}).get(verbatim)
        resolutions["units"][verbatim] = unit.code if unit else None
        return {"name": verbatim, "before": before, "after": unit.code if unit else None}

    label = unit.name if unit else _("不是单位(忽略)")
    _decide(
        notice_import,
        by,
        version,
        "notice_import.resolve_unit",
        _("“%(name)s”确认为%(unit)s") % {"name": verbatim, "unit": label},
        decide,
        request,
    )
    return notice_import


def expand_placeholder(
    notice_import: NoticeImport,
    verbatim: str,
    units: Sequence[Unit],
    *,
    by: User,
    task_key: str | None = None,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> NoticeImport:
    """Say which units a placeholder (各有关部门) stands for: for the whole plan at once, or, with
    `task_key`, for one task alone (that task's adjustment overrides the plan-wide expansion)."""
    codes = list(dict.fromkeys(u.code for u in units))
    if not codes:
        raise PlanError(_("请至少选择一个单位。"), code="required", field="units")

    def decide(current: NoticeImport, resolutions: dict[str, Any]) -> dict[str, Any]:
        row = next((r for r in review_state(current).placeholders if r.verbatim == verbatim), None)
        if row is None:
            raise PlanError(_("通知中没有“%(name)s”这一表述。") % {"name": verbatim}, field="verbatim")
        if task_key is None:
            before = resolutions.setdefault("placeholders", {}).get(verbatim)
            resolutions["placeholders"][verbatim] = codes
            return {"placeholder": verbatim, "before": before, "after": codes}
        if task_key not in row.task_keys:
            raise PlanError(
                _("任务%(task)s中没有“%(name)s”。") % {"task": task_key, "name": verbatim}, field="task_key"
            )
        per_task = resolutions.setdefault("task_placeholders", {}).setdefault(task_key, {})
        before = per_task.get(verbatim)
        per_task[verbatim] = codes
        return {"placeholder": verbatim, "task": task_key, "before": before, "after": codes}

    where = _("任务%(task)s中") % {"task": task_key} if task_key else _("全部任务中")
    summary = _("%(where)s“%(name)s”展开为%(count)d个单位") % {
        "where": where,
        "name": verbatim,
        "count": len(codes),
    }
    _decide(notice_import, by, version, "notice_import.expand_placeholder", summary, decide, request)
    return notice_import


def confirm_lead(
    notice_import: NoticeImport,
    task_key: str,
    unit: Unit,
    *,
    by: User,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> NoticeImport:
    """Name the lead unit of a task whose printed lead is a placeholder (or is not stated)."""

    def decide(current: NoticeImport, resolutions: dict[str, Any]) -> dict[str, Any]:
        row = next((r for r in review_state(current).leads if r.task_key == task_key), None)
        if row is None:
            raise PlanError(_("任务%(task)s的牵头单位不需要确认。") % {"task": task_key}, field="task_key")
        before = resolutions.setdefault("leads", {}).get(task_key)
        resolutions["leads"][task_key] = unit.code
        return {"task": task_key, "before": before, "after": unit.code}

    summary = _("任务%(task)s的牵头单位确认为%(unit)s") % {"task": task_key, "unit": unit.name}
    _decide(notice_import, by, version, "notice_import.confirm_lead", summary, decide, request)
    return notice_import


def confirm_subordinate(
    notice_import: NoticeImport,
    level_text: str,
    confirm: bool,
    *,
    by: User,
    version: int | None = None,
    request: HttpRequest | None = None,
) -> NoticeImport:
    """Confirm that `县级人民政府` in 县级人民政府按职责分工分别负责 means every subordinate government
    (one assignment each), or say it does not apply (no subordinate-government assignments)."""

    def decide(current: NoticeImport, resolutions: dict[str, Any]) -> dict[str, Any]:
        if not any(r.level == level_text for r in review_state(current).subordinate):
            raise PlanError(
                _("通知中没有“%(level)s按职责分工负责”的表述。") % {"level": level_text}, field="level"
            )
        before = resolutions.setdefault("subordinate", {}).get(level_text)
        resolutions["subordinate"][level_text] = confirm
        return {"level": level_text, "before": before, "after": confirm}

    summary = (_("“%(level)s”确认为全部县级政府") if confirm else _("“%(level)s”确认为不分解到县级政府")) % {
        "level": level_text
    }
    _decide(notice_import, by, version, "notice_import.confirm_subordinate", summary, decide, request)
    return notice_import


def apply_default_resolutions(
    notice_import: NoticeImport, *, by: User, version: int | None = None, request: HttpRequest | None = None
) -> NoticeImport:
    """Decide every open doubt the usual way, for the demo loader and a first draft: the parser's
    alias and near matches (at or above its threshold) accepted; every placeholder expanded to its
    default (各有关部门 → all city departments); a placeholder lead replaced by the task's first
    concrete unit (else the first unit of the expansion); 县级人民政府 → all subordinate governments.
    Decisions already made are kept; unknown names stay open."""

    def decide(current: NoticeImport, resolutions: dict[str, Any]) -> dict[str, Any]:
        state = review_state(current)
        made: dict[str, Any] = {}
        units = resolutions.setdefault("units", {})
        for name in state.names:
            if not name.settled and name.suggested is not None:
                units[name.verbatim] = name.suggested.code
                made.setdefault("units", {})[name.verbatim] = name.suggested.code
        expansions = resolutions.setdefault("placeholders", {})
        for placeholder in state.placeholders:
            if placeholder.expansion is None and placeholder.suggested:
                expansions[placeholder.verbatim] = [u.code for u in placeholder.suggested]
                made.setdefault("placeholders", {})[placeholder.verbatim] = len(placeholder.suggested)
        leads = resolutions.setdefault("leads", {})
        for lead in state.leads:
            if lead.settled:
                continue
            unit = lead.offered or _first_expanded(state, lead.task_key, expansions)
            if unit is not None:
                leads[lead.task_key] = unit.code
                made.setdefault("leads", {})[lead.task_key] = unit.code
        subordinate = resolutions.setdefault("subordinate", {})
        for row in state.subordinate:
            if row.confirmed is None:
                subordinate[row.level] = True
                made.setdefault("subordinate", {})[row.level] = True
        return made

    _decide(notice_import, by, version, "notice_import.defaults", _("按默认方案处理疑点"), decide, request)
    return notice_import


def _first_expanded(state: ReviewState, key: str, expansions: dict[str, list[str]]) -> Unit | None:
    task = state.task(key)
    by_code = state.index.by_code()
    for printed in task.placeholders if task else ():
        for code in expansions.get(printed) or ():
            if code in by_code:
                return by_code[code]
    return None


def _decide(
    notice_import: NoticeImport,
    by: User,
    version: int | None,
    event: str,
    summary: str,
    change: Callable[[NoticeImport, dict[str, Any]], dict[str, Any]],
    request: HttpRequest | None,
) -> None:
    """One decision: lock the import, check the version the user saw, apply, bump the version, audit."""
    expected = notice_import.version if version is None else version
    with transaction.atomic():
        current = _lock_for_review(notice_import, expected)
        resolutions = copy.deepcopy(current.resolutions or {})
        changes = change(current, resolutions)
        current.resolutions = resolutions
        current.version = expected + 1
        current.save(update_fields=["resolutions", "version", "status"])
        record(by, event, current, summary=summary, changes=changes, request=request)
    notice_import.resolutions = current.resolutions
    notice_import.version = current.version
    notice_import.status = current.status


def _lock_for_review(notice_import: NoticeImport, expected: int) -> NoticeImport:
    current = NoticeImport.objects.select_for_update().filter(pk=notice_import.pk).first()
    if current is None:
        raise PlanError(_("这份通知导入已不存在。"), code="missing")
    if current.status != NoticeImport.Status.REVIEW:
        raise StaleVersion(
            _("这份通知已%(status)s，不能再修改审核决定。") % {"status": current.get_status_display()},
            code="closed",
        )
    if current.version != expected:
        raise StaleVersion(
            _(
                "其他管理员刚刚修改了这份通知的审核决定（当前第%(current)d版，您看到的是第%(seen)d版），"
                "请刷新页面，核对后再操作。"
            )
            % {"current": current.version, "seen": expected},
            code="stale",
        )
    return current


# --- publication ----------------------------------------------------------------------------------


def publish(
    notice_import: NoticeImport, *, by: User, version: int | None = None, request: HttpRequest | None = None
) -> Plan:
    """Turn a reviewed import into a published plan, in one transaction: the plan, its sections and
    tasks (with their source spans), the assignments (lead / responsible / cooperating / one per
    subordinate government), and the milestones. Refused with `DoubtsRemain` while any doubt is open."""
    expected = notice_import.version if version is None else version
    with transaction.atomic():
        current = _lock_for_review(notice_import, expected)
        state = review_state(current)
        doubts = state.doubts
        if doubts:
            listed = "；".join(d.message for d in doubts[:_DOUBTS_LISTED])
            more = (
                _("等%(count)d处") % {"count": len(doubts)}
                if len(doubts) > _DOUBTS_LISTED
                else _("共%(count)d处") % {"count": len(doubts)}
            )
            raise DoubtsRemain(
                _("还有疑点未处理,不能发布:%(doubts)s(%(more)s)。") % {"doubts": listed, "more": more},
                code="doubts",
            )
        doc_number = state.meta.get("doc_number")
        if doc_number and Plan.objects.filter(doc_number=doc_number).exists():
            # The same notice from another file (the .docx after the web page) would give every unit
            # its tasks twice; a published plan changes through amendments instead.
            raise DoubtsRemain(
                _("文号为%(number)s的工作安排已经发布,不能重复发布;如需修改,请在已发布的工作安排上修订。")
                % {"number": doc_number},
                code="published",
            )
        plan = _create_plan(current, state, by)
        counts = _create_ledger(plan, state)
        current.status = NoticeImport.Status.PUBLISHED
        current.version = expected + 1
        current.save(update_fields=["status", "version"])
        record(
            by,
            "plan.publish",
            plan,
            summary=_("发布《%(plan)s》:%(tasks)d项任务,%(assignments)d条分工,%(milestones)d个时间节点")
            % {"plan": plan.title, **counts},
            changes={"import": str(current.pk), **counts},
            request=request,
        )
    notice_import.status, notice_import.version = current.status, current.version
    return plan


def _create_plan(notice_import: NoticeImport, state: ReviewState, by: User) -> Plan:
    meta = state.meta
    title = meta.get("title") or meta.get("notice_title") or notice_import.original_name
    return Plan.objects.create(
        year=state.year,
        title=title[:200],
        notice_title=(meta.get("notice_title") or "")[:300],
        doc_number=(meta.get("doc_number") or "")[:100],
        issuer=(meta.get("issuer") or "")[:100],
        issued_on=state.issued_on,
        lead_rule=(meta.get("lead_rule") or "")[:300],
        source=notice_import,
        published_at=timezone.now(),
        published_by=by,
    )


def _create_ledger(plan: Plan, state: ReviewState) -> dict[str, int]:
    sections = {
        row.key: Section(plan=plan, number=row.number, title=row.title[:200], order=order)
        for order, row in enumerate(state.sections, 1)
        if row.key
    }
    Section.objects.bulk_create(sections.values())
    tasks: list[Task] = []
    assignments: list[Assignment] = []
    milestones: list[Milestone] = []
    order = 0
    for section_row in state.sections:
        for row in section_row.tasks:
            order += 1
            task = Task(
                plan=plan,
                section=sections.get(section_row.key),
                number=row.number[:20],
                order=order,
                title=row.title[:500],
                body=row.body,
                subordinate_duty=bool(
                    row.subordinate_level and row.subordinate_row and row.subordinate_row.confirmed
                ),
                subordinate_level=(row.subordinate_level or "")[:100],
                source_start=row.span[0] if row.span else None,
                source_end=row.span[1] if row.span else None,
            )
            tasks.append(task)
            assignments += [
                Assignment(task=task, unit=a.unit, role=a.role, printed_name=a.printed_name[:100])
                for a in row.planned
            ]
            milestones += [_milestone(task, spec) for spec in row.milestones]
    Task.objects.bulk_create(tasks)
    Assignment.objects.bulk_create(assignments)
    Milestone.objects.bulk_create(milestones)
    return {
        "sections": len(sections),
        "tasks": len(tasks),
        "assignments": len(assignments),
        "subordinate_assignments": sum(1 for a in assignments if a.role == Role.SUBORDINATE),
        "lead_assignments": sum(1 for a in assignments if a.role == Role.LEAD),
        "milestones": len(milestones),
    }


def _milestone(task: Task, spec: MilestoneSpec) -> Milestone:
    return Milestone(
        task=task,
        kind=spec.kind,
        text=spec.text[:200],
        label=spec.label[:100],
        period_start=spec.period_start,
        due=spec.due,
        min_count=spec.min_count,
        applicable=spec.applicable,
        active=spec.active,
    )


# --- amendments to a published plan ---------------------------------------------------------------


def amend_task(
    task: Task,
    *,
    by: User,
    reason: str,
    title: str | None = None,
    body: str | None = None,
    lead: Unit | None = None,
    add_units: Iterable[Unit] = (),
    add_role: str = Role.RESPONSIBLE,
    remove_units: Iterable[Unit] = (),
    request: HttpRequest | None = None,
) -> PlanChange:
    """Change a published task — its wording, its lead, units added or removed — and record what it
    was and what it is now. A unit that has already reported on the task cannot be removed."""
    reason = _reason(reason)
    if add_role not in (Role.RESPONSIBLE, Role.COOPERATING, Role.SUBORDINATE):
        raise PlanError(_("新增单位的角色只能是责任单位、配合单位或县级政府。"), field="add_role")
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        before = _task_snapshot(task)
        changed: list[str] = []
        if title is not None and title.strip() and title.strip() != task.title:
            task.title = title.strip()[:500]
            changed.append(_("任务名称"))
        if body is not None and body.strip() != task.body:
            task.body = body.strip()
            changed.append(_("任务内容"))
        if changed:
            task.save(update_fields=["title", "body"])
        current = {a.unit_id: a for a in task.assignments.select_related("unit")}
        removing = {u.pk for u in remove_units}
        if lead is not None and lead.pk in removing:
            raise PlanError(_("不能同时把一个单位设为牵头单位又移除。"), field="remove_units")
        if lead is not None and not (lead.pk in current and current[lead.pk].role == Role.LEAD):
            _set_lead(task, lead, current)
            changed.append(_("牵头单位"))
        leads_left = [a for uid, a in current.items() if a.role == Role.LEAD and uid not in removing]
        if removing & set(current) and not leads_left and lead is None:
            raise PlanError(_("不能移除唯一的牵头单位，请先指定新的牵头单位。"), field="remove_units")
        for unit_id in removing & set(current):
            _remove_assignment(current.pop(unit_id))
            changed.append(_("移除单位"))
        wanted = list(dict.fromkeys(add_units))
        added = [u for u in wanted if u.pk not in current]
        Assignment.objects.bulk_create(
            Assignment(task=task, unit=u, role=add_role, printed_name=u.name[:100]) for u in added
        )
        if added:
            changed.append(_("新增单位"))
        if not changed and wanted:
            names = "、".join(u.name for u in wanted)
            raise PlanError(
                _("所选单位已经承担这项任务:%(units)s。") % {"units": names},
                code="unchanged",
                field="add_units",
            )
        if not changed:
            raise PlanError(_("没有任何修改。"), code="unchanged")
        after = _task_snapshot(task)
        summary = _("修改任务%(task)s:%(changes)s") % {
            "task": task.number,
            "changes": "、".join(dict.fromkeys(changed)),
        }
        change = PlanChange.objects.create(
            plan_id=task.plan_id,
            task=task,
            summary=summary[:300],
            details={"reason": reason, "before": before, "after": after},
            changed_by=by,
        )
        record(by, "plan.amend_task", task, summary=summary, changes=change.details, request=request)
    return change


def _set_lead(task: Task, lead: Unit, current: dict[int, Assignment]) -> None:
    """Make `lead` the lead unit; a previous lead carries on as a responsible unit."""
    for assignment in current.values():
        if assignment.role == Role.LEAD:
            assignment.role = Role.RESPONSIBLE
            assignment.save(update_fields=["role"])
    held = current.get(lead.pk)
    if held is not None:
        held.role = Role.LEAD
        held.save(update_fields=["role"])
    else:
        current[lead.pk] = Assignment.objects.create(
            task=task, unit=lead, role=Role.LEAD, printed_name=lead.name
        )


def _remove_assignment(assignment: Assignment) -> None:
    try:
        with transaction.atomic():
            assignment.delete()
    except ProtectedError as error:
        raise PlanError(
            _("%(unit)s已就该任务报送进展或分解了任务，不能移除。") % {"unit": assignment.unit},
            code="protected",
            field="remove_units",
        ) from error


def add_task(
    plan: Plan,
    section: Section | None,
    *,
    by: User,
    reason: str,
    number: str,
    title: str,
    body: str = "",
    lead: Unit,
    units: Iterable[Unit] = (),
    subordinate: bool = False,
    due: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Task:
    """Add a task to a published plan, with its lead, other units, the subordinate governments if it
    falls to each of them, and a deadline if it has one; recorded as a plan change."""
    reason = _reason(reason)
    if not title.strip():
        raise PlanError(_("请填写任务名称。"), code="required", field="title")
    if section is not None and section.plan_id != plan.pk:
        raise PlanError(_("所选部分不属于这份工作安排。"), field="section")
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        order = (plan.tasks.aggregate(top=Max("order"))["top"] or 0) + 1
        task = Task.objects.create(
            plan=plan,
            section=section,
            number=number.strip()[:20],
            order=order,
            title=title.strip()[:500],
            body=body.strip(),
            subordinate_duty=subordinate,
            subordinate_level="县级人民政府" if subordinate else "",
        )
        chosen: dict[int, Assignment] = {
            lead.pk: Assignment(task=task, unit=lead, role=Role.LEAD, printed_name=lead.name)
        }
        for unit in units:
            chosen.setdefault(
                unit.pk, Assignment(task=task, unit=unit, role=Role.RESPONSIBLE, printed_name=unit.name)
            )
        if subordinate:
            for unit in UnitIndex.load().subordinate_governments(plan.issued_on):
                chosen.setdefault(
                    unit.pk,
                    Assignment(task=task, unit=unit, role=Role.SUBORDINATE, printed_name="县级人民政府"),
                )
        Assignment.objects.bulk_create(chosen.values())
        if due is not None:
            Milestone.objects.create(
                task=task,
                kind=Milestone.Kind.DEADLINE,
                text=f"{_cn_date(due)}前",
                label=f"{_cn_date(due)}前",
                due=due,
            )
        after = _task_snapshot(task)
        summary = (_("新增任务%(task)s%(title)s") % {"task": task.number, "title": task.title})[:300]
        PlanChange.objects.create(
            plan=plan,
            task=task,
            summary=summary,
            details={"reason": reason, "before": None, "after": after},
            changed_by=by,
        )
        record(
            by,
            "plan.add_task",
            task,
            summary=summary,
            changes={"reason": reason, "after": after},
            request=request,
        )
    return task


def activate_event(
    milestone: Milestone,
    *,
    by: User,
    due: datetime.date | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> PlanChange:
    """The awaited event happened (待《…条例》出台后): the dormant milestone becomes active, with a due
    date when the office sets one."""
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("task").get(pk=milestone.pk)
        if milestone.kind != Milestone.Kind.EVENT:
            raise PlanError(_("只有事件触发的时间节点需要激活。"), code="not_event")
        if milestone.active:
            raise PlanError(_("这个时间节点已经激活。"), code="active")
        before = _milestone_snapshot(milestone)
        milestone.active = True
        milestone.activated_at = timezone.now()
        if due is not None:
            milestone.due = due
            milestone.label = f"{_cn_date(due)}前"
        milestone.save(update_fields=["active", "activated_at", "due", "label"])
        task = milestone.task
        summary = (_("激活任务%(task)s的时间节点:%(text)s") % {"task": task.number, "text": milestone.text})[
            :300
        ]
        details = {"reason": reason.strip(), "before": before, "after": _milestone_snapshot(milestone)}
        change = PlanChange.objects.create(
            plan_id=task.plan_id, task=task, summary=summary, details=details, changed_by=by
        )
        record(by, "plan.activate_event", milestone, summary=summary, changes=details, request=request)
    return change


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise PlanError(_("请填写修改原因，修改记录会保留这一说明。"), code="required", field="reason")
    return reason[:500]


def _task_snapshot(task: Task) -> dict[str, Any]:
    assignments = task.assignments.select_related("unit").order_by("role", "unit__sort_order", "unit__name")
    return {
        "number": task.number,
        "title": task.title,
        "body": task.body,
        "units": [{"unit": a.unit.name, "code": a.unit.code, "role": a.role} for a in assignments],
    }


def _milestone_snapshot(milestone: Milestone) -> dict[str, Any]:
    return {
        "label": milestone.label,
        "text": milestone.text,
        "due": milestone.due.isoformat() if milestone.due else None,
        "active": milestone.active,
    }


def _cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
