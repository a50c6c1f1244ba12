"""plan_rollup(), light_items(), overdue_items(), finished_early() and trend() on a hand-built plan.

The plan is `plan` in tests/supervision/conftest.py.
"""

from __future__ import annotations

import datetime

from pytest_django import DjangoAssertNumQueries

from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Task
from dudao.supervision.rollup import Tally, finished_early, light_items, overdue_items, plan_rollup, trend
from dudao.workdays.calendar import PACKAGE_ONLY
from tests.factories import make_plan, make_unit

D = datetime.date


def test_the_plan_counts_every_top_level_pair_once(plan: dict) -> None:
    rollup = plan_rollup(plan["plan"], D(2018, 6, 20))

    assert rollup.overall == Tally(total=6, done=3, red=1, yellow=1, green=1)
    assert rollup.overall.rate == 0.5
    assert [(section.number, tally) for section, tally in rollup.by_section] == [
        ("一", Tally(total=2, done=1, red=1)),
        ("二", Tally(total=4, done=2, yellow=1, green=1)),
    ]
    assert rollup.by_task == {
        plan["first"].pk: Tally(total=2, done=1, red=1),
        plan["second"].pk: Tally(total=4, done=2, yellow=1, green=1),
    }


def test_departments_and_subordinate_governments_are_ranked_apart_best_first(plan: dict) -> None:
    rollup = plan_rollup(plan["plan"], D(2018, 6, 20))

    assert [(unit.name, tally) for unit, tally in rollup.departments] == [
        ("市编办", Tally(total=1, done=1)),
        ("市工商局", Tally(total=3, done=1, red=1, green=1)),
    ]
    assert [(unit.name, tally) for unit, tally in rollup.governments] == [
        ("西平县人民政府", Tally(total=2, done=1, yellow=1)),
    ]


def test_in_a_province_cities_and_counties_alike_rank_with_the_governments(plan: dict) -> None:
    """A province's directory nests counties under cities: both are subordinate governments, and a
    county is not ranked among the departments because its parent is not the top government."""
    county = Unit.objects.get(name="西平县人民政府")
    city = county.parent
    province = make_unit("河南省人民政府", kind=Unit.Kind.GOVERNMENT, level=Unit.Level.PROVINCE)
    city.parent = province
    city.save(update_fields=["parent"])
    Assignment.objects.create(task=plan["second"], unit=city, role="subordinate")

    rollup = plan_rollup(plan["plan"], D(2018, 6, 20))

    assert {unit.name for unit, _ in rollup.governments} == {"西平县人民政府", "驻马店市人民政府"}
    assert {unit.name for unit, _ in rollup.departments} == {"市编办", "市工商局"}


def test_as_of_a_past_day_only_what_was_done_by_then_counts(plan: dict) -> None:
    """西平县's second lecture (10 June) met its quota of two; 市编办's report was approved on 10 May.
    Read back to a day before either, they are not done; read as things stand, they are."""
    now_june_7 = plan_rollup(plan["plan"], D(2018, 6, 7)).by_task[plan["second"].pk]
    back_june_7 = plan_rollup(plan["plan"], D(2018, 6, 7), as_of_day=True).by_task[plan["second"].pk]
    back_may_9 = plan_rollup(plan["plan"], D(2018, 5, 9), as_of_day=True).by_task[plan["first"].pk]

    assert (now_june_7.done, back_june_7.done) == (2, 1)
    assert back_may_9.done == 0
    assert plan_rollup(plan["plan"], D(2018, 5, 10), as_of_day=True).by_task[plan["first"].pk].done == 1


def test_the_rollup_takes_a_fixed_number_of_queries(
    plan: dict, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(3):  # the calendar given: reading the office's costs a cache read
        plan_rollup(plan["plan"], D(2018, 6, 20), calendar=PACKAGE_ONLY)


def test_a_plan_without_milestones_rolls_up_to_nothing(people: dict) -> None:
    empty = make_plan(people["office_admin"], year=2019, title="2019年度工作安排")
    task = Task.objects.create(plan=empty, number="(一)", order=1, title="任务")
    Assignment.objects.create(task=task, unit=people["unit_a"], role="lead")

    rollup = plan_rollup(empty, D(2019, 6, 20))

    assert rollup.overall == Tally()
    assert rollup.overall.rate == 0.0
    assert rollup.departments == []


def test_a_returned_report_is_red_before_its_due_date_with_no_days_late(plan: dict) -> None:
    items = overdue_items(plan["plan"], D(2018, 6, 20))

    assert [(item.unit.name, item.milestone.label, item.days_late) for item in items] == [
        ("市工商局", "2018-07-01", 0)
    ]


def test_overdue_items_come_most_days_late_first(plan: dict) -> None:
    items = overdue_items(plan["plan"], D(2018, 7, 3))

    assert [(item.unit.name, item.milestone.label, item.days_late) for item in items] == [
        ("西平县人民政府", "第二季度", 3),
        ("市工商局", "2018-07-01", 2),
    ]
    assert overdue_items(plan["plan"], D(2018, 7, 3), unit=plan["unit_b"])[0].task == plan["first"]
    section_two = plan["second"].section
    assert [item.unit.name for item in overdue_items(plan["plan"], D(2018, 7, 3), section=section_two)] == [
        "西平县人民政府"
    ]


def test_light_items_page_through_the_pairs_of_a_light(plan: dict) -> None:
    today = D(2018, 6, 20)

    done = light_items(plan["plan"], today, light="done")
    page = light_items(plan["plan"], today, limit=4, offset=4)
    beyond = light_items(plan["plan"], today, limit=4, offset=40)

    assert done.total == 3
    assert {item.unit.name for item in done.items} == {"市编办", "市工商局", "西平县人民政府"}
    assert (page.total, len(page.items)) == (6, 2)
    assert (beyond.total, beyond.items) == (6, [])


def test_light_items_take_a_fixed_number_of_queries(
    plan: dict, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(4):
        light_items(plan["plan"], D(2018, 6, 20), calendar=PACKAGE_ONLY)


def test_finished_early_lists_what_was_done_before_its_due_date_within_the_period(plan: dict) -> None:
    items = finished_early(plan["plan"], D(2018, 6, 1), D(2018, 6, 30))

    assert [(item.unit.name, item.milestone.label, item.done_on, item.due) for item in items] == [
        ("市工商局", "第二季度", D(2018, 6, 5), D(2018, 6, 30)),
        ("西平县人民政府", "2018年", D(2018, 6, 10), D(2018, 12, 31)),
    ]
    assert [item.unit.name for item in finished_early(plan["plan"], D(2018, 5, 1), D(2018, 5, 31))] == [
        "市编办"
    ]


def test_the_trend_counts_what_was_done_by_each_month_end(plan: dict) -> None:
    points = trend(plan["plan"], D(2018, 7, 3))

    assert [day for day, _ in points] == [
        D(2018, 1, 31), D(2018, 2, 28), D(2018, 3, 31), D(2018, 4, 30), D(2018, 5, 31), D(2018, 6, 30),
        D(2018, 7, 3),
    ]  # fmt: skip
    assert [round(rate * 6) for _, rate in points] == [0, 0, 0, 0, 1, 3, 3]
    assert points[-1][1] == plan_rollup(plan["plan"], D(2018, 7, 3)).overall.rate


def test_the_trend_of_a_year_not_begun_is_empty(plan: dict) -> None:
    assert trend(plan["plan"], D(2017, 12, 1)) == []
