"""The daily reminder scan (催办) walks SCENARIOS §3 on working days.

Task (一) is due Sunday 1 July 2018; 市编办 (unit A) leads it and 市工商局 (unit B) shares it. Ten working
days before the due date, counting both ends, the Dragon Boat holiday (16–18 June) pushes the first
reminder back to Friday 15 June.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from dudao.plans.models import Assignment, Milestone
from dudao.reminders.models import Notification, Reminder
from dudao.reminders.services import send_reminders
from dudao.reports.models import ProgressReport
from dudao.reports.services import approve_report, save_report, submit_report
from dudao.workdays.calendar import PACKAGE_ONLY
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db

Scan = Callable[[str], object]


def kinds(unit_name: str) -> list[tuple[str, str]]:
    return [
        (r.sent_on.isoformat(), r.kind)
        for r in Reminder.objects.filter(assignment__unit__name=unit_name).order_by("sent_on", "kind")
    ]


def report(cast: dict, who: str, status: str) -> ProgressReport:
    liaison = cast[who]
    assignment = Assignment.objects.get(task=cast["task"], unit=liaison.unit)
    draft = save_report(
        assignment, milestone=cast["task"].milestones.get(), body="已完成。", evidence=(), by=liaison
    )
    submitted = submit_report(draft, by=liaison)
    if status == "approved":
        return approve_report(submitted, by=cast[who.replace("liaison", "head")])
    return submitted


def test_no_reminder_before_the_yellow_window(cast: dict, scan: Scan) -> None:
    summary = scan("2018-06-14")

    assert str(summary) == "2018-06-14：临期提醒 0 条，逾期催办 0 条，通知 0 人次。"
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()


def test_due_soon_on_friday_15_june_reaches_liaison_and_head_in_app_and_by_mail(
    cast: dict, scan: Scan
) -> None:
    summary = scan("2018-06-15")

    assert str(summary) == "2018-06-15：临期提醒 2 条，逾期催办 0 条，通知 4 人次。"
    assert kinds("市编办") == [("2018-06-15", "due_soon")]
    assert kinds("市工商局") == [("2018-06-15", "due_soon")]
    reminder = Reminder.objects.get(assignment__unit__name="市编办")
    assert reminder.by is None
    assert reminder.recipients == "liaison_a（单位联络员）、head_a（单位负责人）"
    inbox = Notification.objects.get(recipient=cast["liaison_a"])
    assert inbox.kind == "reminder.due_soon"
    assert inbox.subject == "【临期提醒】(一)深化行政审批制度改革：2018-07-01"
    assignment = Assignment.objects.get(task=cast["task"], unit=cast["unit_a"])
    assert inbox.url == reverse("reports:task_detail", args=[assignment.pk])
    assert sorted(message.to[0] for message in mail.outbox) == [
        "head_a@example.gov.cn",
        "head_b@example.gov.cn",
        "liaison_a@example.gov.cn",
        "liaison_b@example.gov.cn",
    ]
    letter = next(m for m in mail.outbox if m.to == ["liaison_a@example.gov.cn"])
    assert letter.subject == inbox.subject
    assert "市编办：" in letter.body
    assert "《驻马店市2018年度法治政府建设工作安排》第(一)项任务“深化行政审批制度改革”" in letter.body
    assert "时间节点“2018-07-01”截止于2018年7月1日" in letter.body
    assert "距截止还有 16 天（含今日 10 个工作日），尚未报送进展" in letter.body
    assert f"http://127.0.0.1:8000{inbox.url}" in letter.body


def test_the_task_page_link_works_for_the_recipient(cast: dict, scan: Scan, client: object) -> None:
    scan("2018-06-15")
    client.force_login(cast["liaison_a"])  # type: ignore[attr-defined]

    response = client.get(Notification.objects.get(recipient=cast["liaison_a"]).url)  # type: ignore[attr-defined]

    assert response.status_code == 200


def test_holiday_scans_send_nothing_and_the_due_soon_is_not_repeated(cast: dict, scan: Scan) -> None:
    scan("2018-06-15")
    for day in ("2018-06-16", "2018-06-17", "2018-06-18"):  # Dragon Boat Festival
        assert str(scan(day)) == f"{day} 不是工作日，未发送催办。"
    assert str(scan("2018-06-19")) == "2018-06-19：临期提醒 0 条，逾期催办 0 条，通知 0 人次。"

    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 4


def test_running_twice_on_one_day_sends_nothing_new(cast: dict, scan: Scan) -> None:
    scan("2018-06-15")
    mail.outbox.clear()

    again = scan("2018-06-15")

    assert (again.due_soon, again.overdue, again.people) == (0, 0, 0)
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 4
    assert mail.outbox == []


def test_a_unit_that_submitted_gets_no_due_soon(cast: dict, scan: Scan) -> None:
    report(cast, "liaison_a", "submitted")

    scan("2018-06-15")

    assert kinds("市编办") == []
    assert kinds("市工商局") == [("2018-06-15", "due_soon")]


def test_dry_run_counts_without_sending(cast: dict) -> None:
    summary = send_reminders(datetime.date(2018, 6, 15), dry_run=True)

    assert str(summary) == "（试运行，未发送）2018-06-15：临期提醒 2 条，逾期催办 0 条，通知 4 人次。"
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()


def test_overdue_on_monday_2_july_then_every_five_working_days(cast: dict, scan: Scan) -> None:
    scan("2018-06-15")
    report(cast, "liaison_b", "approved")  # unit B finishes in time
    scan("2018-06-29")
    assert str(scan("2018-07-01")) == "2018-07-01 不是工作日，未发送催办。"  # the due date, a Sunday

    assert scan("2018-07-02").overdue == 1  # type: ignore[attr-defined]
    for day in ("2018-07-03", "2018-07-04", "2018-07-05", "2018-07-06"):
        assert scan(day).overdue == 0  # type: ignore[attr-defined]
    assert scan("2018-07-09").overdue == 1  # type: ignore[attr-defined]  # fifth working day since

    assert kinds("市编办") == [
        ("2018-06-15", "due_soon"),
        ("2018-07-02", "overdue"),
        ("2018-07-09", "overdue"),
    ]
    assert kinds("市工商局") == [("2018-06-15", "due_soon")]
    letter = Notification.objects.filter(recipient=cast["head_a"], kind="reminder.overdue").first()
    assert letter is not None
    assert letter.subject == "【逾期催办】(一)深化行政审批制度改革：2018-07-01"
    assert "已逾期 8 天，尚未完成" in letter.body


@override_settings(DUDAO_REMINDER_REPEAT_WORKING_DAYS=2)
def test_the_repeat_interval_is_a_setting(cast: dict, scan: Scan) -> None:
    for day in ("2018-07-02", "2018-07-03", "2018-07-04", "2018-07-05"):
        scan(day)

    assert [day for day, kind in kinds("市编办") if kind == "overdue"] == ["2018-07-02", "2018-07-04"]


def test_a_unit_without_contacts_is_still_logged(cast: dict, scan: Scan) -> None:
    cast["liaison_b"].is_active = False
    cast["liaison_b"].save()
    cast["head_b"].is_active = False
    cast["head_b"].save()

    scan("2018-06-15")

    assert Reminder.objects.get(assignment__unit=cast["unit_b"]).recipients == ""
    assert not Notification.objects.filter(recipient__unit=cast["unit_b"]).exists()


def test_a_share_passed_down_reminds_the_department_that_holds_it(cast: dict, scan: Scan) -> None:
    county_share = Assignment.objects.create(
        task=cast["task"], unit=cast["county"], role=Assignment.Role.SUBORDINATE
    )
    justice = make_unit("西平县司法局", parent=cast["county"])
    Assignment.objects.create(
        task=cast["task"], unit=justice, role=Assignment.Role.RESPONSIBLE, parent=county_share
    )
    make_user("liaison_justice", "liaison", justice)

    scan("2018-06-15")

    assert kinds("西平县司法局") == [("2018-06-15", "due_soon")]
    assert kinds("西平县人民政府") == []
    assert Notification.objects.filter(recipient__username="liaison_justice").count() == 1
    assert not Notification.objects.filter(recipient=cast["county_office"]).exists()


def test_a_county_share_not_passed_down_reminds_the_county_office(cast: dict, scan: Scan) -> None:
    Assignment.objects.create(task=cast["task"], unit=cast["county"], role=Assignment.Role.SUBORDINATE)

    scan("2018-06-15")

    assert Notification.objects.filter(recipient=cast["county_office"]).count() == 1


def test_last_years_plans_are_scanned_older_ones_are_not(cast: dict, scan: Scan) -> None:
    """A 2018 milestone still open in 2020 no longer nags: a plan two years old is history."""
    scan("2019-01-02")
    assert Reminder.objects.filter(sent_on="2019-01-02", kind="overdue").count() == 2
    scan("2020-01-02")
    assert not Reminder.objects.filter(sent_on="2020-01-02").exists()


def test_scan_queries_do_not_grow_with_assignments(
    cast: dict, django_assert_max_num_queries: Callable
) -> None:
    for n in range(6):
        unit = make_unit(f"市第{n}局")
        Assignment.objects.create(task=cast["task"], unit=unit, role=Assignment.Role.COOPERATING)
    with django_assert_max_num_queries(7):  # assignments, log, milestones, reports, occurrences, people
        summary = send_reminders(datetime.date(2018, 6, 15), calendar=PACKAGE_ONLY, dry_run=True)
    assert summary.due_soon == 8


def test_an_inactive_milestone_is_never_reminded(cast: dict, scan: Scan) -> None:
    Milestone.objects.update(active=False)

    scan("2018-07-02")

    assert not Reminder.objects.exists()


def test_a_reformed_units_share_is_reminded_to_its_successor(cast: dict, scan: Scan) -> None:
    """From 2019 市司法局 carries the 2018 work of 市政府法制办公室, whose own logins are gone."""
    legal_office = make_unit("市政府法制办公室")
    justice = cast["office_admin"].unit  # 市司法局
    legal_office.successor, legal_office.successor_from = justice, datetime.date(2019, 1, 1)
    legal_office.save()
    Assignment.objects.create(task=cast["task"], unit=legal_office, role=Assignment.Role.COOPERATING)
    make_user("liaison_legal", "liaison", legal_office)
    make_user("liaison_justice", "liaison", justice)

    scan("2018-07-02")
    scan("2019-01-02")

    july, january = Reminder.objects.filter(assignment__unit=legal_office).order_by("sent_on")
    assert (july.recipients, january.recipients) == (
        "liaison_legal（单位联络员）",
        "liaison_justice（单位联络员）",
    )
    letter = Notification.objects.get(recipient__username="liaison_justice")
    assert letter.body.startswith("市司法局：")
