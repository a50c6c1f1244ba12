"""/supervision/calendar/: the office enters and corrects each year's holiday arrangement; leaders read
it; the warning for a year with no arrangement appears on the pages that depend on it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from dudao.workdays.models import HolidayDay, HolidayYear
from tests.factories import make_plan, make_task
from tests.workdays.conftest import NOTICE_2027

D = datetime.date
LIST = reverse("workdays:list")
WARNING = "2027年节假日安排尚未录入，工作日暂按周一至周五计算"
NOW = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)


def year_url(name: str, year: int = 2027) -> str:
    return reverse(f"workdays:{name}", args=[year])


@pytest.fixture
def office(client: Client, people: dict[str, Any]) -> Client:
    client.force_login(people["office_admin"])
    return client


@pytest.fixture(autouse=True)
def late_2026() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


# --- access -----------------------------------------------------------------------------------------


def test_the_calendar_lives_under_supervision() -> None:
    assert LIST == "/supervision/calendar/"
    assert year_url("year") == "/supervision/calendar/2027/"


@pytest.mark.parametrize("who", ["office_admin", "leader"])
def test_the_office_and_leaders_read_the_calendar(client: Client, people: dict[str, Any], who: str) -> None:
    client.force_login(people[who])

    assert client.get(LIST).status_code == 200
    assert client.get(year_url("year")).status_code == 200


@pytest.mark.parametrize("who", ["liaison_a", "head_b", "county_office", "auditor"])
def test_everyone_else_is_refused(client: Client, people: dict[str, Any], who: str) -> None:
    client.force_login(people[who])

    assert client.get(LIST).status_code == 403
    assert client.get(year_url("year")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_leader_reads_but_cannot_write(client: Client, people: dict[str, Any], entered_2027: Any) -> None:
    client.force_login(people["leader"])

    assert "录入通知" not in client.get(year_url("year")).content.decode()
    assert client.get(year_url("edit")).status_code == 403
    assert client.post(year_url("edit"), {"text": NOTICE_2027, "action": "save"}).status_code == 403
    assert (
        client.post(year_url("day_set"), {"date": "2027-03-01", "kind": "holiday", "name": "x"}).status_code
        == 403
    )
    assert client.post(year_url("day_remove"), {"date": "2027-02-08"}).status_code == 403
    assert client.post(year_url("delete")).status_code == 403
    assert HolidayDay.objects.count() == 33


def test_a_year_out_of_range_is_not_found(office: Client) -> None:
    assert office.get(year_url("year", 1999)).status_code == 404
    assert office.get(year_url("edit", 2101)).status_code == 404


# --- the list and the year page -----------------------------------------------------------------------


def test_the_list_shows_each_years_source(
    office: Client, entered_2027: Any, django_assert_max_num_queries: Any
) -> None:
    office.get(LIST)  # reads the calendar into the cache
    # session, user, unit, the entered years, the cached calendar (+ the nav's unread notifications)
    with django_assert_max_num_queries(6):
        page = office.get(LIST).content.decode()

    for year in (2025, 2026, 2027, 2028):
        assert f">{year}年</a>" in page
    assert page.count('<span class="badge">日历数据包</span>') == 2  # 2025, 2026
    assert "国办发明电〔2026〕9号" in page  # 2027, entered
    assert '<tr class="fallback">' in page and "未录入，按周一至周五计算" in page  # 2028


def test_the_year_page_shows_holidays_and_worked_weekends(office: Client, entered_2027: Any) -> None:
    page = office.get(year_url("year")).content.decode()

    assert "2月5日至2月13日" in page and "春节" in page
    assert "2月20日" in page and "春节调休上班" in page
    assert '<td class="workday" title="春节调休上班">20</td>' in page
    assert '<td class="holiday" title="春节">8</td>' in page


def test_a_package_year_shows_the_packages_days(office: Client) -> None:
    page = office.get(year_url("year", 2026)).content.decode()

    assert "来自日历数据包" in page
    assert "2月15日至2月23日" in page and "春节" in page
    assert '<td class="workday" title="春节调休上班">14</td>' in page


def test_a_year_not_entered_is_a_warning_not_an_error(office: Client) -> None:
    page = office.get(year_url("year", 2028)).content.decode()

    assert "2028年节假日安排尚未录入，工作日暂按周一至周五计算" in page


# --- entering the notice ------------------------------------------------------------------------------


def test_the_notice_is_previewed_then_saved(office: Client, people: dict[str, Any]) -> None:
    preview = office.post(
        year_url("edit"), {"text": NOTICE_2027, "action": "preview"}, headers={"HX-Request": "true"}
    )

    partial = preview.content.decode()
    assert "<html" not in partial  # htmx gets the form and its preview alone
    assert "确认保存（放假 29 天，调休上班 4 天）" in partial
    assert "2027-02-20" in partial and "第7行" in partial
    assert '<span class="run-dates">2月5日至2月13日</span>' in partial
    assert not HolidayYear.objects.exists()

    saved = office.post(year_url("edit"), {"text": NOTICE_2027, "action": "save"})

    assert saved.status_code == 302 and saved["Location"] == year_url("year")
    holiday_year = HolidayYear.objects.get(year=2027)
    assert holiday_year.doc_number == "国办发明电〔2026〕9号"
    assert holiday_year.entered_by == people["office_admin"]
    assert holiday_year.days.count() == 33
    assert AuditEvent.objects.filter(event="workdays.save", object_id=str(holiday_year.pk)).count() == 1


def test_htmx_gets_the_error_beside_the_field_too(office: Client) -> None:
    response = office.post(
        year_url("edit"),
        {"text": "二、春节：2月30日放假。", "action": "preview"},
        headers={"HX-Request": "true"},
    )

    partial = response.content.decode()
    assert "<html" not in partial
    assert 'class="field invalid"' in partial and "2月30日不是有效日期" in partial
    assert "确认保存" not in partial


def test_the_preview_without_htmx_is_the_whole_page(office: Client) -> None:
    page = office.post(year_url("edit"), {"text": NOTICE_2027, "action": "preview"}).content.decode()

    assert "<html" in page and "确认保存" in page


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "请粘贴通知全文。"),
        (NOTICE_2027.replace("2027年", "2026年"), "这是2026年的节假日安排，不是2027年的"),
        (NOTICE_2027.replace("共9天", "共8天"), "写明共8天，但2027年2月5日至2027年2月13日是9天"),
        (NOTICE_2027.replace("1月1日（周五）", "1月1日（周四）"), "第6行"),
        ("x" * 20_001, "文字过长"),
    ],
)
def test_a_bad_notice_is_refused_beside_the_field(office: Client, text: str, error: str) -> None:
    response = office.post(year_url("edit"), {"text": text, "action": "save"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="field invalid"' in page and error in page
    assert not HolidayYear.objects.exists()


def test_saving_again_replaces_the_year(office: Client, entered_2027: Any) -> None:
    text = "国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）放假1天。"

    office.post(year_url("edit"), {"text": text, "action": "save"})

    assert list(HolidayDay.objects.values_list("date", flat=True)) == [D(2027, 1, 1)]


# --- corrections ---------------------------------------------------------------------------------------


def test_a_day_is_added_changed_and_removed(office: Client, entered_2027: Any) -> None:
    office.post(year_url("day_set"), {"date": "2027-02-27", "kind": "workday", "name": "春节调休上班"})
    assert HolidayDay.objects.get(date=D(2027, 2, 27)).is_workday

    office.post(year_url("day_set"), {"date": "2027-02-27", "kind": "holiday", "name": "春节"})
    assert not HolidayDay.objects.get(date=D(2027, 2, 27)).is_workday

    office.post(year_url("day_remove"), {"date": "2027-02-27"})
    assert not HolidayDay.objects.filter(date=D(2027, 2, 27)).exists()
    assert HolidayDay.objects.count() == 33
    assert AuditEvent.objects.filter(event="workdays.save").count() == 4


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"date": "", "kind": "holiday", "name": "春节"}, "请填写日期。"),
        ({"date": "2027-13-01", "kind": "holiday", "name": "春节"}, "日期格式应为 2027-02-06。"),
        ({"date": "2028-01-01", "kind": "holiday", "name": "元旦"}, "日期应在2027年内。"),
        ({"date": "2027-03-01", "kind": "workday", "name": "调休"}, "本来就是工作日"),
        ({"date": "2027-03-01", "kind": "rest", "name": "调休"}, "请选择放假或调休上班。"),
        ({"date": "2027-03-06", "kind": "holiday", "name": ""}, "请填写名称。"),
    ],
)
def test_a_bad_day_is_refused_beside_its_field(
    office: Client, entered_2027: Any, data: dict, error: str
) -> None:
    response = office.post(year_url("day_set"), data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert HolidayDay.objects.count() == 33


def test_corrections_need_an_entered_year(office: Client) -> None:
    assert (
        office.post(year_url("day_set"), {"date": "2027-03-06", "kind": "holiday", "name": "x"}).status_code
        == 404
    )
    assert office.post(year_url("day_remove"), {"date": "2027-03-06"}).status_code == 404


def test_deleting_a_year_must_be_confirmed(office: Client, entered_2027: Any) -> None:
    response = office.post(year_url("delete"), follow=True)

    assert "请勾选“确认删除2027年的录入”后再删除。" in response.content.decode()
    assert HolidayYear.objects.filter(year=2027).exists()


def test_the_year_is_deleted(office: Client, entered_2027: Any) -> None:
    response = office.post(year_url("delete"), {"confirm": "yes"})

    assert response.status_code == 302
    assert not HolidayYear.objects.exists()
    assert AuditEvent.objects.filter(event="workdays.delete").count() == 1


# --- the warning on the pages that depend on the calendar ---------------------------------------------


@pytest.fixture
def plan_2027(people: dict[str, Any]) -> Any:
    plan = make_plan(people["office_admin"], year=2027, title="2027年度法治政府建设工作安排")
    make_task(plan, lead=people["unit_a"])
    return plan


def test_my_tasks_warns_of_a_2027_not_entered(client: Client, people: dict[str, Any], plan_2027: Any) -> None:
    client.force_login(people["liaison_a"])

    page = client.get(reverse("reports:my_tasks") + "?year=2027").content.decode()

    assert WARNING in page
    assert reverse("workdays:edit", args=[2027]) not in page  # the link is the office's


def test_the_warning_goes_once_2027_is_entered(
    client: Client, people: dict[str, Any], plan_2027: Any, entered_2027: Any
) -> None:
    client.force_login(people["liaison_a"])

    assert WARNING not in client.get(reverse("reports:my_tasks") + "?year=2027").content.decode()


def test_the_plan_page_warns_the_office_with_a_link(
    office: Client, plan_2027: Any, people: dict[str, Any]
) -> None:
    page = office.get(reverse("plans:detail", args=[plan_2027.pk])).content.decode()

    assert WARNING in page
    assert reverse("workdays:edit", args=[2027]) in page
    assert (
        WARNING not in office.get(reverse("plans:detail", args=[people["plan"].pk])).content.decode()
    )  # 2018


def test_the_dashboard_warns_the_leader_of_a_2027_not_entered(
    client: Client, plan_2027: Any, people: dict[str, Any]
) -> None:
    client.force_login(people["leader"])

    page = client.get(reverse("supervision:dashboard") + f"?plan={plan_2027.pk}").content.decode()

    assert WARNING in page
    assert reverse("workdays:edit", args=[2027]) not in page
    dashboard_2018 = reverse("supervision:dashboard") + f"?plan={people['plan'].pk}"
    assert WARNING not in client.get(dashboard_2018).content.decode()


def test_the_nav_links_the_calendar_for_the_office_only(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])
    assert f'href="{LIST}"' in client.get(LIST).content.decode()
    client.force_login(people["leader"])
    assert f'href="{LIST}"' not in client.get(reverse("plans:list")).content.decode()
