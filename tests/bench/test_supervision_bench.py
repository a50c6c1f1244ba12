"""The dashboard benchmark's parts, at a tiny scale, so that `make bench` cannot rot between runs.

No timings are asserted: what must hold is that the generator fills a migrated database with every
state the dashboard counts, the same way for the same seed; that the floor statement is the dashboard's
own aggregation (the same tallies as `plan_rollup`); and that the load client logs in through the real
form and gets the pages.
"""

from __future__ import annotations

import datetime
import os
import time
import urllib.parse

import pytest
from django.db import transaction

from bench.supervision import floor, generate, load
from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.plans.models import Assignment, Milestone
from dudao.reports.models import Occurrence, ProgressReport, ReportStatus
from dudao.supervision.lights import YELLOW_DAYS
from dudao.supervision.rollup import Tally, plan_rollup
from dudao.workdays.calendar import PACKAGE_ONLY

TODAY = datetime.date(2025, 11, 20)  # a year the calendar package knows: the plan runs January–December


@pytest.fixture
def data(db: None) -> generate.Generated:
    return generate.generate(seed=7, today=TODAY, scale=generate.Scale.tiny())


def test_the_plan_covers_the_twelve_months_around_today(data: generate.Generated) -> None:
    assert data.plan.year == 2025
    months = Milestone.objects.filter(task__plan=data.plan, text="每月").values_list("due", flat=True)
    assert sorted({due.month for due in months}) == list(range(1, 13))
    assert data.counts["tasks"] == 10 and data.counts["milestones"] > 10


def test_the_directory_has_a_province_its_cities_counties_and_departments(data: generate.Generated) -> None:
    levels = dict.fromkeys(Unit.Level.values, 0)
    for unit in Unit.objects.all():
        levels[unit.level] += 1
    assert levels == {"province": 7, "city": 2 + 2 * 3, "county": 4 + 4 * 3, "township": 0}
    assert Unit.objects.filter(kind=Unit.Kind.COMMITTEE).count() == 2  # a development zone per city
    assert data.counts["units"] == Unit.objects.count() == 31
    assert User.objects.get(username=generate.LEADER).role == User.Role.LEADER


def test_every_government_carries_the_subordinate_tasks_and_some_counties_pass_them_down(
    data: generate.Generated,
) -> None:
    governments = Unit.objects.filter(level__in=["city", "county"], kind__in=["government", "committee"])
    shares = Assignment.objects.filter(role=Assignment.Role.SUBORDINATE, parent__isnull=True)
    assert shares.count() == governments.count() * 9  # 9 of the 10 tasks carry the clause
    passed = Assignment.objects.filter(parent__isnull=False).select_related("unit", "parent__unit")
    assert passed.exists()
    assert all(share.unit.parent_id == share.parent.unit_id for share in passed)  # type: ignore[union-attr]
    assert Assignment.objects.filter(role=Assignment.Role.LEAD).count() == 10


def test_reports_come_in_every_state_with_dates_through_the_year(data: generate.Generated) -> None:
    statuses = set(ProgressReport.objects.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    approved = ProgressReport.objects.filter(status=ReportStatus.APPROVED, milestone__due__isnull=False)
    late = [r for r in approved.select_related("milestone") if r.decided_at.date() > r.milestone.due]  # type: ignore[union-attr]
    assert late and len(late) < approved.count()
    months = {r.created_at.month for r in ProgressReport.objects.all()}
    assert len(months) >= 8
    assert all(r.created_at.date() <= TODAY for r in ProgressReport.objects.all())
    assert Occurrence.objects.exists()


def test_the_same_seed_gives_the_same_data_set(db: None) -> None:
    def draw() -> tuple[dict[str, int], list[str]]:
        with transaction.atomic():
            result = generate.generate(seed=3, today=TODAY, scale=generate.Scale.tiny())
            found = (
                result.counts,
                sorted(str(pk) for pk in ProgressReport.objects.values_list("pk", flat=True)),
            )
            transaction.set_rollback(True)
        return found

    assert draw() == draw()


def test_the_floor_statement_counts_what_the_dashboard_counts(data: generate.Generated) -> None:
    until = PACKAGE_ONLY.yellow_until(TODAY, YELLOW_DAYS)
    rows = floor.run_django(data.plan.pk, TODAY, until)
    floor_sections = {key: Tally(*map(int, counts)) for kind, key, *counts in rows if kind == "section"}
    floor_units = {key: Tally(*map(int, counts)) for kind, key, *counts in rows if kind == "unit"}

    rollup = plan_rollup(data.plan, TODAY, calendar=PACKAGE_ONLY)

    # A section whose only task waits for an event counts nothing: the roll-up lists it empty.
    assert floor_sections == {section.pk: tally for section, tally in rollup.by_section if tally.total}
    assert floor_units == {unit.pk: tally for unit, tally in [*rollup.departments, *rollup.governments]}
    overall = rollup.overall
    assert min(overall.done, overall.red, overall.yellow, overall.green) > 0  # every light is exercised


def test_percentiles_are_nearest_rank() -> None:
    timings = load.Timings(latencies=[float(n) for n in range(100, 0, -1)], errors={}, elapsed=2.0)
    assert (timings.percentile(50), timings.percentile(95), timings.percentile(100)) == (50.0, 95.0, 100.0)
    assert timings.rate == 50.0
    assert load.Timings(latencies=[], errors={}, elapsed=0.0).percentile(95) == 0.0


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc")
def test_the_server_cpu_time_counts_the_process_and_grows_as_it_works() -> None:
    me = load.Server(port=0, description="", pid=os.getpid())
    before = me.cpu_seconds()
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    assert me.cpu_seconds() - before >= 0.05


@pytest.mark.django_db(transaction=True)
def test_the_clients_log_in_through_the_form_and_fetch_pages(live_server: object, settings: object) -> None:
    settings.ALLOWED_HOSTS = ["127.0.0.1"]  # type: ignore[attr-defined]  # the clients name the address
    generate.generate(seed=7, today=TODAY, scale=generate.Scale.tiny())
    port = urllib.parse.urlsplit(live_server.url).port  # type: ignore[attr-defined]
    assert port is not None

    cookie = load.login(port, generate.LEADER, generate.PASSWORD)
    timings = load.hammer(port, cookie, ["/"], clients=3, per_client=2, warmup=1, time_limit=30)

    assert "sessionid=" in cookie
    assert len(timings.latencies) == 6 and not timings.errors
    with pytest.raises(RuntimeError, match="logging in as leader failed"):
        load.login(port, generate.LEADER, "wrong")
