"""Status lights for a unit's milestones: the common language of supervision (绿灯、黄灯、红灯).

`light()` is a pure function of one milestone, the unit's reports on it and a date; `assignment_lights()`
fetches what it needs for many assignments in a fixed number of queries. The verdict is computed, never
stored: workflow state lives on the reports, the light is read from it.

Rules, in order:
- na: the period ended before the notice was issued (`applicable` is off);
- dormant: an event milestone the office has not activated;
- done: an approved report for the milestone exists; for a counted milestone (one with `min_count`,
  such as 全年不少于4次) the unit's logged occurrences reach the count instead;
- red: the due date has passed, or a report was returned and nothing has been resubmitted;
- yellow: due within `yellow_days` working days (counting today and the due date) with nothing submitted,
  working days as the calendar passed in has them (holidays off, 调休 weekends on);
- green: anything else.
A report submitted but not yet approved by the unit head keeps the light green until the due date;
after it, only approval counts, because the head's sign-off is what the office receives.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from django.db.models import Count, F

from dudao.workdays.calendar import WorkCalendar

if TYPE_CHECKING:
    from dudao.plans.models import Assignment, Milestone

Light = Literal["green", "yellow", "red", "done", "dormant", "na"]

YELLOW_DAYS = 10

# ReportStatus values, spelled out so that this module stays importable without Django's app registry.
_APPROVED = "approved"
_SUBMITTED = "submitted"
_RETURNED = "returned"


class ReportLike(Protocol):
    milestone_id: uuid.UUID | None
    status: str


class MilestoneLike(Protocol):
    pk: uuid.UUID
    kind: str
    due: datetime.date | None
    min_count: int | None
    applicable: bool
    active: bool


def _is_counted(milestone: MilestoneLike) -> bool:
    return milestone.min_count is not None


def light(
    milestone: MilestoneLike,
    reports: Iterable[ReportLike],
    today: datetime.date,
    *,
    calendar: WorkCalendar,
    yellow_days: int = YELLOW_DAYS,
    occurrence_count: int = 0,
    yellow_until: datetime.date | None = None,
) -> Light:
    """The light of one unit's milestone. `reports` are the unit's reports; only those on this milestone count.

    `calendar` says which days are working days (`dudao.workdays.services.current_calendar()` for the
    one the office keeps). With 10 days and the (七) deadline of Sunday 1 July 2018 the light first turns
    yellow on Friday 15 June: the Dragon Boat holiday (16–18 June) is skipped, so 15, 19–22 and 25–29
    June are the last ten working days.

    `yellow_until` is `calendar.yellow_until(today, yellow_days)` when the caller has it already: one
    date a day, which a page lighting many milestones computes once instead of once a milestone.
    """
    if not milestone.applicable:
        return "na"
    if not milestone.active:
        return "dormant"
    statuses = {report.status for report in reports if report.milestone_id == milestone.pk}
    if _is_counted(milestone):
        done = occurrence_count >= (milestone.min_count or 0)
        # A quota is met by what was held, not by a report saying so; a periodic obligation may be either.
        if milestone.kind != "quota" and _APPROVED in statuses:
            done = True
    else:
        done = _APPROVED in statuses
    if done:
        return "done"
    if milestone.due is not None and today > milestone.due:
        return "red"
    if _RETURNED in statuses and _SUBMITTED not in statuses:
        return "red"
    pending = _SUBMITTED in statuses and not _is_counted(milestone)
    if milestone.due is not None and not pending:
        # The due date is today or later here, so this is `calendar.due_within(today, due, yellow_days)`.
        until = yellow_until if yellow_until is not None else calendar.yellow_until(today, yellow_days)
        if milestone.due <= until:
            return "yellow"
    return "green"


@dataclass(frozen=True)
class MilestoneLight:
    milestone: Milestone
    light: Light
    occurrence_count: int


def assignment_lights(
    assignments: Sequence[Assignment],
    today: datetime.date,
    *,
    yellow_days: int = YELLOW_DAYS,
    calendar: WorkCalendar | None = None,
) -> dict[uuid.UUID, list[MilestoneLight]]:
    """Each assignment's milestones with their lights, in three queries however many assignments there are
    (plus the cached calendar's one when `calendar` is None and the office's calendar is read)."""
    from dudao.plans.models import Milestone
    from dudao.reports.models import Occurrence, ProgressReport
    from dudao.workdays.services import current_calendar

    if not assignments:
        return {}
    if calendar is None:
        calendar = current_calendar()
    until = calendar.yellow_until(today, yellow_days)
    task_ids = {assignment.task_id for assignment in assignments}
    unit_ids = {assignment.unit_id for assignment in assignments}
    milestones: dict[uuid.UUID, list[Milestone]] = defaultdict(list)
    ordering = (F("due").asc(nulls_last=True), "label")  # the same order on SQLite and PostgreSQL
    for milestone in Milestone.objects.filter(task_id__in=task_ids).order_by(*ordering):
        milestones[milestone.task_id].append(milestone)
    reports: dict[uuid.UUID, list[ProgressReport]] = defaultdict(list)
    for report in ProgressReport.objects.filter(assignment__in=assignments).only(
        "assignment_id", "milestone_id", "status"
    ):
        reports[report.assignment_id].append(report)
    counts = {
        (row["milestone_id"], row["occurrence__unit_id"]): row["n"]
        for row in Occurrence.milestones.through.objects.filter(
            milestone__task_id__in=task_ids, occurrence__unit_id__in=unit_ids
        )
        .values("milestone_id", "occurrence__unit_id")
        .annotate(n=Count("occurrence_id"))
    }
    return {
        assignment.pk: [
            MilestoneLight(
                milestone=milestone,
                light=light(
                    milestone,
                    reports[assignment.pk],
                    today,
                    calendar=calendar,
                    yellow_days=yellow_days,
                    occurrence_count=counts.get((milestone.pk, assignment.unit_id), 0),
                    yellow_until=until,
                ),
                occurrence_count=counts.get((milestone.pk, assignment.unit_id), 0),
            )
            for milestone in milestones[assignment.task_id]
        ]
        for assignment in assignments
    }
