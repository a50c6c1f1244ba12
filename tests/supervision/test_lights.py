"""light(): the status of one unit's milestone on a given day, from its reports and occurrences."""

from __future__ import annotations

import datetime
from functools import partial

import pytest

from dudao.plans.models import Milestone
from dudao.reports.models import ProgressReport
from dudao.supervision import lights
from dudao.workdays.calendar import PACKAGE_ONLY, WorkCalendar

# The package's calendar is authoritative for 2018; tests/workdays covers entered years and fallbacks.
light = partial(lights.light, calendar=PACKAGE_ONLY)

D = datetime.date
Kind = Milestone.Kind


SEVENTH_DUE = D(2018, 7, 1)


def deadline(due: D = SEVENTH_DUE, **fields: object) -> Milestone:
    """(七) 今年7月1日前 — a Sunday."""
    return Milestone(kind=Kind.DEADLINE, text="今年7月1日前", label="2018-07-01", due=due, **fields)


def quota(min_count: int = 4, kind: str = Kind.QUOTA, **fields: object) -> Milestone:
    """(三十一) 全年不少于4次."""
    return Milestone(
        kind=kind, text="全年不少于4次", label="2018年", period_start=D(2018, 1, 1), due=D(2018, 12, 31),
        min_count=min_count, **fields,
    )  # fmt: skip


def reports(milestone: Milestone, *statuses: str) -> list[ProgressReport]:
    return [ProgressReport(milestone=milestone, status=status) for status in statuses]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2018, 6, 1), "green"),
        (D(2018, 6, 14), "green"),  # 11 working days left, counting today
        (D(2018, 6, 15), "yellow"),  # the Dragon Boat holiday (16–18 June) is skipped: 10 left
        (D(2018, 6, 18), "yellow"),
        (D(2018, 7, 1), "yellow"),  # due today
        (D(2018, 7, 2), "red"),
    ],
)
def test_the_seventh_task_with_nothing_submitted(today: D, expected: str) -> None:
    assert light(deadline(), [], today) == expected


def test_a_draft_is_nothing_submitted() -> None:
    milestone = deadline()

    assert light(milestone, reports(milestone, "draft"), D(2018, 6, 15)) == "yellow"


def test_a_submitted_report_keeps_the_light_green_until_the_due_date() -> None:
    milestone = deadline()
    pending = reports(milestone, "submitted")

    assert light(milestone, pending, D(2018, 6, 15)) == "green"
    assert light(milestone, pending, D(2018, 7, 2)) == "red"  # only the head's approval meets a deadline


def test_an_approved_report_is_done_even_after_the_due_date() -> None:
    milestone = deadline()

    assert light(milestone, reports(milestone, "returned", "approved"), D(2018, 8, 1)) == "done"


def test_a_returned_report_is_red_until_it_is_resubmitted() -> None:
    milestone = deadline()

    assert light(milestone, reports(milestone, "returned"), D(2018, 5, 2)) == "red"
    assert light(milestone, reports(milestone, "returned", "draft"), D(2018, 5, 2)) == "red"
    assert light(milestone, reports(milestone, "returned", "submitted"), D(2018, 5, 2)) == "green"


def test_reports_on_other_milestones_do_not_count() -> None:
    milestone, other = deadline(), deadline(D(2018, 12, 31))

    assert light(milestone, reports(other, "approved"), D(2018, 6, 15)) == "yellow"


def test_not_applicable_and_dormant_milestones_never_turn_red() -> None:
    first_quarter = Milestone(
        kind=Kind.PERIODIC, label="2018年第一季度", due=D(2018, 3, 31), min_count=1, applicable=False
    )
    event = Milestone(kind=Kind.EVENT, label="条例出台后", due=D(2018, 5, 1), active=False)

    assert light(first_quarter, [], D(2018, 7, 2)) == "na"
    assert light(event, [], D(2018, 7, 2)) == "dormant"


def test_a_yellow_window_can_be_set() -> None:
    assert light(deadline(), [], D(2018, 6, 1), yellow_days=20) == "yellow"
    assert light(deadline(), [], D(2018, 6, 15), yellow_days=5) == "green"


@pytest.mark.parametrize(
    ("count", "today", "expected"),
    [
        (3, D(2018, 10, 1), "green"),
        (3, D(2018, 12, 20), "yellow"),
        (4, D(2018, 12, 20), "done"),
        (5, D(2018, 6, 1), "done"),
        (3, D(2019, 1, 2), "red"),
    ],
)
def test_a_quota_is_met_by_the_occurrences_counted(count: int, today: D, expected: str) -> None:
    assert light(quota(), [], today, occurrence_count=count) == expected


def test_a_report_does_not_meet_a_quota_but_does_meet_a_periodic_obligation() -> None:
    annual, quarterly = quota(), quota(min_count=1, kind=Kind.PERIODIC)

    assert light(annual, reports(annual, "approved"), D(2018, 10, 1), occurrence_count=1) == "green"
    assert light(quarterly, reports(quarterly, "approved"), D(2018, 10, 1)) == "done"


def test_a_milestone_without_a_due_date_is_green_until_something_happens() -> None:
    ongoing = Milestone(kind=Kind.ONGOING, text="逐步", label="长期")

    assert light(ongoing, [], D(2030, 1, 1)) == "green"
    assert light(ongoing, reports(ongoing, "returned"), D(2018, 6, 1)) == "red"
    assert light(ongoing, reports(ongoing, "approved"), D(2018, 6, 1)) == "done"


def test_a_year_the_calendar_does_not_know_falls_back_to_monday_to_friday() -> None:
    assert light(deadline(D(2027, 7, 1)), [], D(2027, 6, 18)) == "yellow"  # 10 weekdays, 18 Jun – 1 Jul
    assert light(deadline(D(2027, 7, 1)), [], D(2027, 6, 17)) == "green"


def test_the_light_follows_the_calendar_it_is_given() -> None:
    """An entered arrangement that makes Friday 18 June 2027 a holiday pushes the yellow window back a day."""
    dragon_boat = WorkCalendar(entered={2027: {D(2027, 6, 18): False}})

    assert lights.light(deadline(D(2027, 7, 1)), [], D(2027, 6, 17), calendar=dragon_boat) == "yellow"
    assert lights.light(deadline(D(2027, 7, 1)), [], D(2027, 6, 16), calendar=dragon_boat) == "green"
