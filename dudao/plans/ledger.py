"""The published plan as its ledger (台账) shows it: section, task, lead, other units, milestones.

Read-only, and a fixed number of queries whatever the plan's size. Progress (the status from the
milestones' lights, the count of approved reports) comes in from the caller, computed once per plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Prefetch

from dudao.ingest.units import is_placeholder
from dudao.plans.models import Assignment, Milestone, Plan, PlanChange, Section, Task

Role = Assignment.Role


@dataclass
class UnitGroup:
    """The units a placeholder became: 各有关部门 → the departments the office chose."""

    printed: str
    assignments: list[Assignment]


@dataclass
class LedgerTask:
    task: Task
    leads: list[Assignment] = field(default_factory=list)
    named: list[Assignment] = field(default_factory=list)  # units the task names (or that were added)
    groups: list[UnitGroup] = field(default_factory=list)  # placeholders and the units they became
    subordinate: list[Assignment] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    status: str = ""  # the worst light of its milestones, e.g. 红灯（完成 1/4）
    approved_reports: int = 0


@dataclass
class LedgerSection:
    section: Section | None
    tasks: list[LedgerTask]


def plan_ledger(
    plan: Plan,
    *,
    statuses: Mapping[uuid.UUID, str] | None = None,
    approved: Mapping[uuid.UUID, int] | None = None,
) -> list[LedgerSection]:
    """Sections in order, each with its tasks and their progress; tasks added without a section come last."""
    assignments = Assignment.objects.select_related("unit").order_by("unit__sort_order", "unit__name")
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("section")
        .prefetch_related(
            Prefetch("assignments", queryset=assignments),
            Prefetch("milestones", queryset=Milestone.objects.order_by("period_start", "due", "label")),
        )
        .order_by("section__order", "order")
    )
    sections: dict[int | None, LedgerSection] = {}
    for task in tasks:
        row = LedgerTask(
            task,
            milestones=list(task.milestones.all()),
            status=(statuses or {}).get(task.pk, ""),
            approved_reports=(approved or {}).get(task.pk, 0),
        )
        groups: dict[str, UnitGroup] = {}
        for assignment in task.assignments.all():
            if assignment.role == Role.LEAD:
                row.leads.append(assignment)
            elif assignment.role == Role.SUBORDINATE:
                row.subordinate.append(assignment)
            elif assignment.printed_name and is_placeholder(assignment.printed_name):
                printed = assignment.printed_name
                groups.setdefault(printed, UnitGroup(printed, [])).assignments.append(assignment)
            else:
                row.named.append(assignment)
        row.groups = list(groups.values())
        bucket = sections.setdefault(task.section_id, LedgerSection(task.section, []))
        bucket.tasks.append(row)
    ordered = [s for key, s in sections.items() if key is not None]
    return ordered + ([sections[None]] if None in sections else [])


def plan_changes(plan: Plan) -> list[PlanChange]:
    return list(plan.changes.select_related("task", "changed_by").order_by("-changed_at", "-pk"))
