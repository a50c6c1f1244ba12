"""`manage.py load_demo`'s demo year: the sample notice re-dated to this year and published in April,
and a year of work on it up to yesterday — the same on every machine for a given day, and loaded once.

The clock is frozen at Friday 27 November 2026, 10:00 in 驻马店, so every count below is exact.
"""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from dudao.accounts.models import User
from dudao.audit.models import AuditEvent
from dudao.orders.models import SupervisionOrder
from dudao.plans.models import Assignment, Milestone, Plan
from dudao.rectification.models import Rectification
from dudao.reminders.models import Reminder
from dudao.reports.models import ConsolidatedReport, Occurrence, ProgressReport, ReportAction
from dudao.supervision.rollup import overdue_items, plan_rollup
from dudao.web.demo_year import demo_notice

pytestmark = pytest.mark.django_db

ZHUMADIAN = ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 11, 27)
DEMO_TITLE = "驻马店市2026年度法治政府建设工作安排（演示）"


@pytest.fixture(autouse=True)
def demo_settings(settings: Any) -> None:
    """Development settings, and evidence kept in memory rather than under var/."""
    settings.DEBUG = True
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def load_demo(on: datetime.datetime = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZHUMADIAN)) -> str:
    out, err = StringIO(), StringIO()
    with time_machine.travel(on, tick=False):
        call_command("load_demo", stdout=out, stderr=err)
    assert err.getvalue() == ""
    return out.getvalue()


def by_status(plan: Plan) -> dict[str, int]:
    return dict(
        Counter(ProgressReport.objects.filter(assignment__task__plan=plan).values_list("status", flat=True))
    )


def test_the_notice_is_redated_marked_and_keeps_what_it_cites() -> None:
    text = demo_notice(2026).decode("utf-8")

    assert "关于印发《驻马店市2026年度法治政府建设工作安排（演示）》的通知" in text
    assert "文 号 | 驻政办演示〔2026〕46号 |" in text
    assert "\n2026年4月11日\n" in text
    assert "2018" not in text and "2019" not in text
    # The documents it cites keep their own numbers; only the years 2018 and 2019 move.
    assert "(中发〔2015〕36号" in text and "(2015—2020年)" in text
    assert "(驻政办〔2026〕1号)" in text


def test_the_demo_plan_is_the_sample_published_in_april_beside_the_untouched_2018_plan() -> None:
    out = load_demo()

    sample, demo = Plan.objects.get(year=2018), Plan.objects.get(year=2026)
    assert (demo.title, demo.doc_number, demo.issued_on) == (
        DEMO_TITLE,
        "驻政办演示〔2026〕46号",
        datetime.date(2026, 4, 11),
    )
    assert timezone.localtime(demo.published_at).date() == datetime.date(2026, 4, 13)
    assert demo.tasks.count() == 38
    due_years = Counter(m.due.year for m in Milestone.objects.filter(task__plan=demo, due__isnull=False))
    # As the 2018 plan has its annual report due in Q1 2019: three 2027 items, everything else this year.
    assert due_years == {2026: 26, 2027: 3}
    assert sorted(Milestone.objects.filter(task__plan=demo).values_list("kind", "due")) == sorted(
        (kind, due.replace(year=due.year + 8) if due else None)
        for kind, due in Milestone.objects.filter(task__plan=sample).values_list("kind", "due")
    )
    # The 2018 plan is as the acceptance scenarios expect it: published, nobody has touched it.
    assert (sample.title, sample.tasks.count(), Assignment.objects.filter(task__plan=sample).count()) == (
        "驻马店市2018年度法治政府建设工作安排",
        38,
        1090,
    )
    assert not ProgressReport.objects.filter(assignment__task__plan=sample).exists()
    assert not Occurrence.objects.filter(milestones__task__plan=sample).exists()
    assert not Assignment.objects.filter(task__plan=sample, parent__isnull=False).exists()
    assert f"演示年度工作安排已发布：《{DEMO_TITLE}》，38 项任务；演示年度活动已生成：" in out


def test_a_year_of_work_up_to_yesterday_in_exact_counts() -> None:
    out = load_demo()

    demo = Plan.objects.get(year=2026)
    assert by_status(demo) == {"approved": 183, "submitted": 5, "returned": 2, "draft": 2}
    assert Occurrence.objects.filter(milestones__task__plan=demo).distinct().count() == 287
    assert ConsolidatedReport.objects.filter(task__plan=demo, status="submitted").count() == 2
    # 西平县 passed (十七) down to 西平县司法局, whose liaison reports on it.
    delegated = Assignment.objects.get(task__plan=demo, parent__isnull=False)
    assert (delegated.unit.name, delegated.parent.unit.name, delegated.task.number) == (
        "西平县司法局",
        "西平县人民政府",
        "(十七)",
    )
    assert delegated.reports.filter(status="approved").count() == 4
    # Every report's history is dated in the replayed year, never after today.
    actions = ReportAction.objects.filter(report__assignment__task__plan=demo)
    assert {timezone.localtime(a.at).date() for a in actions} <= {
        TODAY - datetime.timedelta(days=n) for n in range(1, 230)
    }
    assert actions.filter(action="return").count() == 7
    # Supervision: one order answered, one left unanswered past its deadline and escalated.
    orders = {o.number: o for o in SupervisionOrder.objects.filter(year=2026)}
    assert [(orders[n].status, bool(orders[n].escalated_at)) for n in (1, 2)] == [
        ("answered", False),
        ("issued", True),
    ]
    assert sorted(Rectification.objects.values_list("status", flat=True)) == ["closed", "open"]
    assert Rectification.objects.get(status="closed").evidence.count() == 1
    # The reminder scan ran once, on Thursday 26 November, for what was overdue then.
    assert set(Reminder.objects.values_list("sent_on", "kind")) == {(datetime.date(2026, 11, 26), "overdue")}
    assert Reminder.objects.count() == 9
    assert (
        "进展报告 192 份（草稿 2、待审核 5、已审核 183、已退回 2）；活动记录 287 次；汇总报告 2 份；"
        "督办单 2 份（待答复 1、已答复 1，其中逾期未答复 1 份）；整改 2 项（整改中 1、已销号 1）；催办 9 次"
    ) in out
    # What the leaders' dashboard makes of it: a believable year, a handful of units behind.
    rollup = plan_rollup(demo, TODAY)
    assert (rollup.overall.total, rollup.overall.done) == (683, 496)
    assert 0.70 <= rollup.overall.rate <= 0.80
    # Nothing is due within ten working days of today, so nothing is yellow.
    assert (rollup.overall.red, rollup.overall.yellow) == (10, 0)
    assert len({item.unit for item in overdue_items(demo, TODAY)}) == 5
    liaison = User.objects.get(username="li")
    assert liaison.unit is not None and liaison.unit.name == "市编办"
    assert set(ProgressReport.objects.filter(author=liaison).values_list("status", flat=True)) == {
        "approved",
        "submitted",
        "draft",
    }


def test_running_twice_creates_nothing_twice() -> None:
    load_demo()
    counts = {
        model.__name__: model.objects.count()
        for model in (Plan, Assignment, ProgressReport, Occurrence, ConsolidatedReport, User)
    } | {"orders": SupervisionOrder.objects.count(), "reminders": Reminder.objects.count()}
    replayed = AuditEvent.objects.exclude(event__in=["directory.load", "demo.people"]).count()

    out = load_demo(datetime.datetime(2026, 11, 27, 15, 0, tzinfo=ZHUMADIAN))

    assert {
        model.__name__: model.objects.count()
        for model in (Plan, Assignment, ProgressReport, Occurrence, ConsolidatedReport, User)
    } | {"orders": SupervisionOrder.objects.count(), "reminders": Reminder.objects.count()} == counts
    assert AuditEvent.objects.exclude(event__in=["directory.load", "demo.people"]).count() == replayed
    assert f"演示年度工作安排已发布过：《{DEMO_TITLE}》；演示年度活动已有：进展报告 192 份" in out


def test_a_run_in_a_later_year_adds_that_years_demo_plan() -> None:
    load_demo()
    before = by_status(Plan.objects.get(year=2026))

    out = load_demo(datetime.datetime(2027, 5, 20, 9, 0, tzinfo=ZHUMADIAN))

    assert sorted(Plan.objects.values_list("year", flat=True)) == [2018, 2026, 2027]
    assert by_status(Plan.objects.get(year=2026)) == before
    later = Plan.objects.get(year=2027)
    assert later.title == "驻马店市2027年度法治政府建设工作安排（演示）"
    assert by_status(later).get("approved", 0) > 0
    assert "演示年度工作安排已发布：《驻马店市2027年度法治政府建设工作安排（演示）》" in out


def test_no_demo_data_when_debug_is_off(settings: Any) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="只在开发环境"):
        load_demo()
    assert not Plan.objects.exists() and not User.objects.exists()


def test_a_replay_that_fails_leaves_nothing_behind_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from dudao.reports import services as reports

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ValueError("occurrences are switched off")

    monkeypatch.setattr(reports, "log_occurrence", refuse)
    out, err = StringIO(), StringIO()
    with time_machine.travel(datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZHUMADIAN), tick=False):
        call_command("load_demo", stdout=out, stderr=err)

    assert "演示年度活动未能生成：ValueError('occurrences are switched off')" in err.getvalue()
    demo = Plan.objects.get(year=2026)
    assert not ProgressReport.objects.filter(assignment__task__plan=demo).exists()
    assert "密码（所有演示账号）" in out.getvalue()  # the logins are printed all the same
