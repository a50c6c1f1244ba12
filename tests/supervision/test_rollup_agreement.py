"""The roll-up's SQL and `lights.light()` agree on every (assignment, milestone) pair.

`rollup.py` restates the light rules as a SQL CASE for speed; `lights.py` stays their definition. These
tests build many random states — milestone kinds, due dates, counts, applicability, reports in every
status, occurrences, shares passed down — and require the same light for every pair from both, and
the same tallies per task and per unit as a roll-up done in Python from `assignment_lights()`.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone, Plan, Task
from dudao.reports.models import Occurrence, ProgressReport
from dudao.supervision.lights import assignment_lights
from dudao.supervision.rollup import Tally, light_items, plan_rollup
from dudao.workdays.calendar import PACKAGE_ONLY, WorkCalendar
from tests.factories import make_plan, make_unit, make_user

D = datetime.date
KINDS = ("deadline", "start", "periodic", "quota", "event", "ongoing")
STATUSES = ("draft", "submitted", "approved", "returned")
COUNTED = ("done", "red", "yellow", "green")


def python_rollup(plan: Plan, today: datetime.date, calendar: WorkCalendar) -> tuple[dict, dict, dict]:
    """The roll-up the slow way: every pair's light from lights.py, counted in Python."""
    shares = list(Assignment.objects.filter(task__plan=plan, parent__isnull=True).select_related("task"))
    lights = assignment_lights(shares, today, calendar=calendar)
    pairs, by_task, by_unit = {}, defaultdict(Counter), defaultdict(Counter)
    for share in shares:
        for entry in lights[share.pk]:
            pairs[(share.pk, entry.milestone.pk)] = entry.light
            if entry.light in COUNTED:
                for counter in (by_task[share.task_id], by_unit[share.unit_id]):
                    counter[entry.light] += 1
    return pairs, _tallies(by_task), _tallies(by_unit)


def _tallies(counters: dict) -> dict:
    return {
        key: Tally(total=sum(c.values()), **{light: c[light] for light in COUNTED})
        for key, c in counters.items()
    }


def sql_rollup(plan: Plan, today: datetime.date, calendar: WorkCalendar) -> tuple[dict, dict, dict]:
    rollup = plan_rollup(plan, today, calendar=calendar)
    items = light_items(plan, today, calendar=calendar).items
    pairs = {(item.assignment_id, item.milestone.pk): item.light for item in items}
    by_unit = {unit.pk: tally for unit, tally in [*rollup.departments, *rollup.governments]}
    return pairs, {k: v for k, v in rollup.by_task.items() if v.total}, by_unit


def assert_agree(plan: Plan, today: datetime.date, calendar: WorkCalendar = PACKAGE_ONLY) -> None:
    slow_pairs, slow_tasks, slow_units = python_rollup(plan, today, calendar)
    fast_pairs, fast_tasks, fast_units = sql_rollup(plan, today, calendar)
    assert fast_pairs == {pair: light for pair, light in slow_pairs.items() if light in COUNTED}, today
    assert fast_tasks == slow_tasks, today
    assert fast_units == slow_units, today


# An office-entered 2018 unlike the package's: a week off in May, two Saturdays worked in November.
OFFICE_CALENDAR = WorkCalendar(
    entered={
        2018: {
            **{D(2018, 5, day): False for day in range(7, 12)},
            D(2018, 11, 3): True,
            D(2018, 11, 10): True,
        }
    }
)


class World:
    """A plan with a few units and tasks, filled from a stream of random choices."""

    def __init__(self, draw: random.Random) -> None:
        self.draw = draw
        self.office = make_user(f"office-{uuid.uuid4().hex[:8]}", "office_admin")
        self.plan = make_plan(self.office)
        city = make_unit(f"市政府{uuid.uuid4().hex[:6]}", kind=Unit.Kind.GOVERNMENT)
        self.units = [make_unit(f"部门{uuid.uuid4().hex[:6]}", parent=city) for _ in range(3)]
        self.units.append(make_unit(f"县{uuid.uuid4().hex[:6]}", kind=Unit.Kind.GOVERNMENT, parent=city))

    def fill(self, tasks: int, milestones: int) -> None:
        pick = self.draw
        for order in range(1, tasks + 1):
            task = Task.objects.create(plan=self.plan, number=f"({order})", order=order, title=f"任务{order}")
            shares = [
                Assignment.objects.create(task=task, unit=unit, role="responsible")
                for unit in pick.sample(self.units, pick.randint(1, len(self.units)))
            ]
            if pick.random() < 0.3:  # a county passes its share down: counted nowhere
                below = make_unit(f"县属{uuid.uuid4().hex[:6]}", parent=self.units[-1])
                shares.append(
                    Assignment.objects.create(task=task, unit=below, role="cooperating", parent=shares[0])
                )
            for index in range(pick.randint(0, milestones)):
                milestone = Milestone.objects.create(
                    task=task,
                    kind=pick.choice(KINDS),
                    text="原文",
                    label=f"节点{index}",
                    due=None
                    if pick.random() < 0.15
                    else D(2018, 1, 1) + datetime.timedelta(pick.randint(0, 364)),
                    min_count=None if pick.random() < 0.5 else pick.randint(0, 3),
                    applicable=pick.random() > 0.1,
                    active=pick.random() > 0.1,
                )
                for share in shares:
                    self.reports(share, milestone)
                    self.occurrences(share.unit, milestone)

    def reports(self, share: Assignment, milestone: Milestone) -> None:
        for _ in range(self.draw.choice((0, 0, 1, 1, 2, 3))):
            ProgressReport.objects.create(
                assignment=share,
                milestone=milestone,
                body="进展",
                status=self.draw.choice(STATUSES),
                author=self.office,
                decided_at=datetime.datetime(2018, 3, 1, tzinfo=datetime.UTC),
            )

    def occurrences(self, unit: Unit, milestone: Milestone) -> None:
        for _ in range(self.draw.choice((0, 0, 0, 1, 2, 3))):
            held = Occurrence.objects.create(
                unit=unit, kind="lecture", held_on=D(2018, 5, 1), title="讲座", recorded_by=self.office
            )
            held.milestones.add(milestone)


@pytest.mark.django_db
def test_sql_and_python_agree_on_a_large_random_plan_all_year_round() -> None:
    world = World(random.Random(20181001))
    world.fill(tasks=12, milestones=6)
    assert Milestone.objects.count() > 30

    day = D(2017, 12, 25)
    while day <= D(2019, 1, 10):
        assert_agree(world.plan, day)
        assert_agree(world.plan, day, OFFICE_CALENDAR)
        day += datetime.timedelta(days=5)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    today=st.dates(min_value=D(2017, 12, 20), max_value=D(2019, 1, 10)),
)
def test_sql_and_python_agree_on_any_small_plan(seed: int, today: datetime.date) -> None:
    with transaction.atomic():
        world = World(random.Random(seed))
        world.fill(tasks=2, milestones=3)
        assert_agree(world.plan, today, OFFICE_CALENDAR if seed % 2 else PACKAGE_ONLY)
        transaction.set_rollback(True)
