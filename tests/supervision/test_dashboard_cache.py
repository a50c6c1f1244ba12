"""The dashboard's cache: new figures after every write that can change a light, computed by one request
at a time, and never served past a write that committed late."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dudao.orders.models import SupervisionOrder
from dudao.plans.models import Assignment, Milestone
from dudao.plans.services import activate_event, add_task, amend_task
from dudao.reports.models import Occurrence, ProgressReport
from dudao.reports.services import approve_report, log_occurrence, return_report, save_report, submit_report
from dudao.supervision import dashboard
from dudao.supervision.dashboard import SETTLE_SECONDS, Stamp, dashboard_figures, data_stamp

JUNE_20 = datetime.datetime(2018, 6, 20, 9, tzinfo=datetime.UTC)
TODAY = datetime.date(2018, 6, 20)
URL = reverse("supervision:dashboard")


def _share_b(plan: dict) -> tuple[Assignment, Milestone]:
    return Assignment.objects.get(task=plan["first"], unit=plan["unit_b"]), plan["first"].milestones.get()


def test_the_stamp_changes_with_every_write_that_can_change_a_light(plan: dict) -> None:
    share, milestone = _share_b(plan)
    liaison, head, office = plan["liaison_b"], plan["head_b"], plan["office_admin"]
    event = plan["second"].milestones.get(kind=Milestone.Kind.EVENT)
    stamps = []
    with time_machine.travel(JUNE_20):
        stamps.append(data_stamp().digest)
        writes = [
            lambda: save_report(share, milestone=milestone, body="补报", evidence=[], by=liaison),
            lambda: submit_report(ProgressReport.objects.get(body="补报"), by=liaison),
            lambda: return_report(ProgressReport.objects.get(body="补报"), by=head, reason="请补充。"),
            lambda: save_report(
                share, milestone=milestone, body="再报", evidence=[], by=liaison,
                report=ProgressReport.objects.get(body="补报"),
            ),
            lambda: submit_report(ProgressReport.objects.get(body="再报"), by=liaison),
            lambda: approve_report(ProgressReport.objects.get(body="再报"), by=head),
            lambda: log_occurrence(
                plan["unit_b"], by=liaison, kind=Occurrence.Kind.LECTURE, held_on=TODAY, title="讲座",
                milestones=[plan["quota"]],
            ),
            lambda: amend_task(plan["first"], by=office, reason="调整", title="深化行政审批改革"),
            lambda: add_task(
                plan["plan"], None, by=office, reason="新增", number="(三)", title="新任务", lead=plan["unit_a"]
            ),
            lambda: activate_event(event, by=office, due=datetime.date(2018, 9, 30), reason="条例出台"),
        ]  # fmt: skip
        for write in writes:
            write()
            stamps.append(data_stamp().digest)

    assert len(set(stamps)) == len(stamps)


def test_the_stamp_reads_the_newest_rows_through_indexes(plan: dict) -> None:
    """O(log n) whatever the tables hold: each MAX is one end of an index, never a scan of the table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables would be scanned anyway
            cursor.execute(f"EXPLAIN {dashboard.stamp_sql()}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {dashboard.stamp_sql()}")
        plan_text = "\n".join(str(row) for row in cursor.fetchall())

    assert "report_updated" in plan_text
    assert "occurrence_recorded" in plan_text


def test_while_one_request_computes_new_figures_the_others_serve_the_previous(
    plan: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    share, milestone = _share_b(plan)
    with time_machine.travel(JUNE_20):
        assert dashboard_figures(plan["plan"], TODAY).overall.red == 1
        report = save_report(share, milestone=milestone, body="补报", evidence=[], by=plan["liaison_b"])
        approve_report(submit_report(report, by=plan["liaison_b"]), by=plan["head_b"])

        with monkeypatch.context() as busy:
            busy.setattr(
                dashboard.cache, "add", lambda *args, **kwargs: False
            )  # another request holds the lock
            served_meanwhile = dashboard_figures(plan["plan"], TODAY).overall.red
        computed = dashboard_figures(plan["plan"], TODAY).overall.red
        cache.clear()
        with monkeypatch.context() as busy:
            busy.setattr(dashboard.cache, "add", lambda *args, **kwargs: False)
            without_previous = dashboard_figures(plan["plan"], TODAY).overall.red

    assert (served_meanwhile, computed, without_previous) == (1, 0, 0)


def test_each_write_is_computed_by_the_next_request(plan: dict) -> None:
    """The lock is freed once the figures are computed: the next write's figures are not held back."""
    share, milestone = _share_b(plan)
    done = []
    with time_machine.travel(JUNE_20):
        done.append(dashboard_figures(plan["plan"], TODAY).overall.done)
        report = save_report(share, milestone=milestone, body="补报", evidence=[], by=plan["liaison_b"])
        approve_report(submit_report(report, by=plan["liaison_b"]), by=plan["head_b"])
        done.append(dashboard_figures(plan["plan"], TODAY).overall.done)
        log_occurrence(
            plan["unit_b"], by=plan["liaison_b"], kind=Occurrence.Kind.LECTURE, held_on=TODAY, title="讲座",
            milestones=[plan["quota"]],
        )  # fmt: skip  # 市工商局's second lecture of two
        done.append(dashboard_figures(plan["plan"], TODAY).overall.done)

    assert done == [3, 4, 5]


def test_a_write_that_commits_after_a_newer_one_shows_once_the_figures_settle(plan: dict) -> None:
    """A transaction that took its timestamp before another's but committed after the figures were
    computed leaves the stamp unchanged: young figures are computed again after SETTLE_SECONDS."""
    share, milestone = _share_b(plan)
    with time_machine.travel(JUNE_20, tick=False) as clock:
        late = submit_report(
            save_report(share, milestone=milestone, body="补报", evidence=[], by=plan["liaison_b"]),
            by=plan["liaison_b"],
        )
        clock.shift(10)
        save_report(share, milestone=None, body="草稿", evidence=[], by=plan["liaison_b"])  # the newest write
        clock.shift(1)
        assert dashboard_figures(plan["plan"], TODAY).overall.done == 3
        clock.shift(1)
        approve_report(late, by=plan["head_b"])  # its transaction began before the draft's ...
        ProgressReport.objects.filter(pk=late.pk).update(updated_at=JUNE_20 + datetime.timedelta(seconds=5))
        clock.shift(10)
        within_the_window = dashboard_figures(plan["plan"], TODAY).overall.done
        clock.shift(SETTLE_SECONDS)
        settled = dashboard_figures(plan["plan"], TODAY).overall.done

    assert (within_the_window, settled) == (3, 4)


def test_figures_are_held_briefly_after_a_write_and_longer_once_it_is_old() -> None:
    now = timezone.now()
    young = Stamp(digest="a", newest=now - datetime.timedelta(seconds=5))
    old = Stamp(digest="a", newest=now - datetime.timedelta(seconds=SETTLE_SECONDS + 1))

    assert young.fresh_until(now) == now + datetime.timedelta(seconds=SETTLE_SECONDS)
    assert old.fresh_until(now) == now + datetime.timedelta(seconds=dashboard.CACHE_SECONDS)
    assert Stamp(digest="a", newest=None).fresh_until(now) == old.fresh_until(now)


def _templates(response: object) -> list[str]:
    return [template.name for template in response.templates]  # type: ignore[attr-defined]


def test_the_figures_are_rendered_once_for_every_leader_until_they_change(plan: dict) -> None:
    leader, office = Client(), Client()
    leader.force_login(plan["leader"])
    office.force_login(plan["office_admin"])
    with time_machine.travel(JUNE_20):
        first = leader.get(URL)
        again = office.get(URL)
        SupervisionOrder.objects.create(
            year=2018, number=1, unit=plan["unit_b"], task=plan["first"], reason="逾期未报",
            issued_by=plan["office_admin"], issued_at=timezone.now(), response_due=datetime.date(2018, 6, 15),
        )  # fmt: skip
        escalated = leader.get(URL)

    assert "supervision/_figures.html" in _templates(first)
    assert "supervision/_figures.html" not in _templates(again)
    assert 'data-figure="red">1<' in again.text and 'data-figure="escalated">0<' in again.text
    assert "supervision/_figures.html" in _templates(escalated)  # the count of escalated orders changed
    assert 'data-figure="escalated">1<' in escalated.text
