"""assignment_lights(): every milestone light for many assignments in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from pytest_django import DjangoAssertNumQueries

from dudao.plans.models import Assignment, Milestone
from dudao.reports.models import Occurrence
from dudao.reports.services import approve_report, save_report, submit_report
from dudao.supervision.lights import assignment_lights
from dudao.workdays.calendar import PACKAGE_ONLY
from tests.factories import make_task

D = datetime.date


@pytest.fixture
def shares(people: dict) -> tuple[Assignment, Assignment]:
    task = people["task"]
    return (
        Assignment.objects.get(task=task, unit=people["unit_a"]),
        Assignment.objects.get(task=task, unit=people["unit_b"]),
    )


def test_each_unit_gets_the_light_of_its_own_reports(
    people: dict, shares: tuple[Assignment, Assignment]
) -> None:
    share_a, share_b = shares
    milestone = people["task"].milestones.get()
    report = save_report(share_a, milestone=milestone, body="已完成", evidence=[], by=people["liaison_a"])
    approve_report(submit_report(report, by=people["liaison_a"]), by=people["head_a"])

    lights = assignment_lights([share_a, share_b], D(2018, 6, 15))

    assert [(item.milestone, item.light) for item in lights[share_a.pk]] == [(milestone, "done")]
    assert [(item.milestone, item.light) for item in lights[share_b.pk]] == [(milestone, "yellow")]


def test_occurrences_count_for_the_unit_that_held_them(
    people: dict, shares: tuple[Assignment, Assignment]
) -> None:
    share_a, share_b = shares
    quota = Milestone.objects.create(
        task=people["task"], kind=Milestone.Kind.QUOTA, text="全年不少于2次", label="2018年",
        period_start=D(2018, 1, 1), due=D(2018, 12, 31), min_count=2,
    )  # fmt: skip
    for day in (3, 10):
        held = Occurrence.objects.create(
            unit=people["unit_b"], kind=Occurrence.Kind.LECTURE, held_on=D(2018, 5, day), title="讲座",
            recorded_by=people["liaison_b"],
        )  # fmt: skip
        held.milestones.add(quota)

    lights = assignment_lights([share_a, share_b], D(2018, 6, 1))

    by_unit = {
        share.unit.name: {
            item.milestone.label: (item.light, item.occurrence_count) for item in lights[share.pk]
        }
        for share in shares
    }
    assert by_unit["市工商局"]["2018年"] == ("done", 2)
    assert by_unit["市编办"]["2018年"] == ("green", 0)


def test_the_number_of_queries_does_not_grow_with_the_assignments(
    people: dict, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for number in ("(二)", "(三)", "(四)", "(五)"):
        make_task(
            people["plan"],
            number=number,
            title=f"任务{number}",
            lead=people["unit_a"],
            others=(people["unit_b"],),
        )
    assignments = list(Assignment.objects.select_related("task"))
    assert len(assignments) == 10

    with django_assert_num_queries(3):
        lights = assignment_lights(assignments, D(2018, 6, 15), calendar=PACKAGE_ONLY)

    assert all(len(items) == 1 for items in lights.values())
    assignment_lights(assignments, D(2018, 6, 15))  # reads the office's calendar into the cache
    with django_assert_num_queries(4):  # and then one read of the cache
        assert assignment_lights(assignments, D(2018, 6, 15)) == lights


@pytest.mark.django_db
def test_no_assignments_need_no_queries(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(0):
        assert assignment_lights([], D(2018, 6, 15)) == {}
