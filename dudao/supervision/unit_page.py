"""What one unit's supervision page shows: its lights by task and milestone, its completion against the
average, and its history — reports decided, reminders received, supervision orders, rectifications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F

from dudao.directory.models import Unit
from dudao.orders.models import SupervisionOrder
from dudao.plans.models import Assignment, Milestone, Plan
from dudao.rectification.models import Rectification
from dudao.reminders.models import Reminder
from dudao.reports.models import ProgressReport, ReportStatus
from dudao.supervision.dashboard import Figures
from dudao.supervision.lights import MilestoneLight, assignment_lights
from dudao.supervision.rollup import Tally

HISTORY_SHOWN = 20
_COUNTED = ("done", "red", "yellow", "green")


@dataclass(frozen=True)
class LightRow:
    milestone: Milestone
    light: str
    days_late: int  # calendar days since the due date, when it has passed and the work is not done
    occurrence_count: int


@dataclass(frozen=True)
class ShareLights:
    assignment: Assignment
    rows: list[LightRow]


@dataclass(frozen=True)
class UnitOverview:
    unit: Unit
    plan: Plan
    shares: list[ShareLights]  # shares with milestones
    undated: list[Assignment]  # shares of tasks without a milestone (定期, 及时: kept as text, no date)
    tally: Tally  # over the unit's top-level shares, as the roll-up counts them
    average: float  # all units of the plan
    group_average: float  # departments, or subordinate governments
    is_government: bool
    reports: list[ProgressReport]
    reminders: list[Reminder]
    orders: list[SupervisionOrder]
    rectifications: list[Rectification]


def _tally(lights: list[MilestoneLight]) -> Tally:
    counted = [entry.light for entry in lights if entry.light in _COUNTED]
    return Tally(
        total=len(counted),
        done=counted.count("done"),
        red=counted.count("red"),
        yellow=counted.count("yellow"),
        green=counted.count("green"),
    )


def _row(entry: MilestoneLight, today: datetime.date) -> LightRow:
    due = entry.milestone.due
    late = (today - due).days if due and due < today and entry.light == "red" else 0
    return LightRow(entry.milestone, entry.light, late, entry.occurrence_count)


def unit_overview(unit: Unit, plan: Plan, today: datetime.date, figures: Figures) -> UnitOverview:
    """The unit's page in a fixed number of queries, whatever the number of its shares or its history."""
    shares = list(
        Assignment.objects.filter(unit=unit, task__plan=plan)
        .select_related("unit", "task__section", "parent__unit")
        .order_by("task__order")
    )
    lights = assignment_lights(shares, today)
    tally = sum((_tally(lights[share.pk]) for share in shares if share.parent_id is None), Tally())
    government = unit.ranks_with_governments()
    group = figures.governments if government else figures.departments
    reports = (
        ProgressReport.objects.filter(
            assignment__unit=unit,
            assignment__task__plan=plan,
            status__in=(ReportStatus.APPROVED, ReportStatus.RETURNED),
        )
        .select_related("assignment__task", "milestone")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
    )
    reminders = (
        Reminder.objects.filter(assignment__unit=unit, assignment__task__plan=plan)
        .select_related("assignment__task", "milestone")
        .order_by("-sent_at")
    )
    orders = SupervisionOrder.objects.filter(unit=unit, year=plan.year).select_related("task")
    rectifications = Rectification.objects.filter(unit=unit, found_on__year=plan.year).order_by("-found_on")
    return UnitOverview(
        unit=unit,
        plan=plan,
        shares=[
            ShareLights(share, [_row(entry, today) for entry in lights[share.pk]])
            for share in shares
            if lights[share.pk]
        ],
        undated=[share for share in shares if not lights[share.pk]],
        tally=tally,
        average=figures.overall.rate,
        group_average=group.pooled.rate,
        is_government=government,
        reports=list(reports[:HISTORY_SHOWN]),
        reminders=list(reminders[:HISTORY_SHOWN]),
        orders=list(orders[:HISTORY_SHOWN]),
        rectifications=list(rectifications[:HISTORY_SHOWN]),
    )
