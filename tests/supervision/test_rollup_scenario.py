"""SCENARIOS.md §3 on the published 2018 sample, as the dashboard counts it: the units of (七), with
nothing submitted, turn yellow on Friday 15 June 2018 (the Dragon Boat holiday on 18 June skipped) and
red on Monday 2 July; the red list behind the figure names them, most days late first."""

from __future__ import annotations

import datetime

import pytest

from dudao.directory import demo, services
from dudao.plans.models import Assignment, Plan
from dudao.supervision.rollup import light_items, plan_rollup

D = datetime.date


@pytest.fixture
def sample(db: None) -> Plan:
    services.load_builtin_directory()
    people = demo.ensure_people("scenario-2018")
    office = next(user for user in people.users if user.is_office_admin)
    outcome = demo.publish_sample(office)
    assert outcome.status == "published", outcome.message
    return Plan.objects.get(year=2018)


def _seven(plan: Plan, today: datetime.date, light: str) -> set[str]:
    return {
        item.unit.name
        for item in light_items(plan, today, light=light).items  # type: ignore[arg-type]
        if item.task.number == "(七)" and item.due == D(2018, 7, 1)
    }


def test_the_units_of_seven_turn_yellow_on_15_june_and_red_on_2_july(sample: Plan) -> None:
    units = set(
        Assignment.objects.filter(task__plan=sample, task__number="(七)", parent__isnull=True).values_list(
            "unit__name", flat=True
        )
    )
    assert units

    assert _seven(sample, D(2018, 6, 14), "yellow") == set()
    assert _seven(sample, D(2018, 6, 14), "green") == units
    assert _seven(sample, D(2018, 6, 15), "yellow") == units
    assert _seven(sample, D(2018, 7, 1), "yellow") == units
    assert _seven(sample, D(2018, 7, 2), "red") == units


def test_on_2_july_every_red_figure_is_a_row_of_the_list(sample: Plan) -> None:
    today = D(2018, 7, 2)

    rollup = plan_rollup(sample, today)
    red = light_items(sample, today, light="red")

    assert rollup.overall.red == red.total > 0
    assert sum(tally.red for _, tally in rollup.by_section) == red.total
    assert sum(tally.red for _, tally in [*rollup.departments, *rollup.governments]) == red.total
    late = [item.days_late for item in red.items]
    assert late == sorted(late, reverse=True)
