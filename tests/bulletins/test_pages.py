"""The office's pages: 「生成通报」 with a quarter or dates (Chinese errors), the page that polls while
the bulletin generates, the failure with its retry button, and a list whose queries do not grow."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from dudao.bulletins import services
from dudao.bulletins.models import Bulletin
from tests.bulletins.conftest import GENERATED_ON, Q3

D = datetime.date


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(GENERATED_ON, tick=False):
        yield


@pytest.fixture
def office(people: dict) -> Client:
    client = Client()
    client.force_login(people["office_admin"])
    return client


def test_the_quarter_picker_asks_for_the_quarters_bulletin(
    office: Client, people: dict, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = office.post(reverse("bulletins:create"), {"plan": people["plan"].pk, "period": "q3"})

    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bulletins:detail", args=[bulletin.pk])
    assert (bulletin.period_start, bulletin.period_end) == Q3
    assert len(callbacks) == 1


def test_dates_may_be_given_instead_of_a_quarter(office: Client, people: dict) -> None:
    office.post(
        reverse("bulletins:create"), {"plan": people["plan"].pk, "start": "2018-08-01", "end": "2018-09-15"}
    )

    bulletin = Bulletin.objects.get()
    assert (bulletin.period_start, bulletin.period_end) == (D(2018, 8, 1), D(2018, 9, 15))
    assert bulletin.title == "关于2018年8月1日至9月15日法治政府建设工作推进情况的通报"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2018-09-30", "end": "2018-07-01"}, "统计截止日不能早于统计起始日。"),
        ({"start": "2018-07-01"}, "请填写统计截止日，或选择一个季度。"),
        ({"start": "2018-07-01", "end": "2018-13-01"}, "请输入有效的日期，例如 2018-09-30。"),
        ({"start": "2018-10-01", "end": "2018-12-31"}, "统计截止日不能晚于今天"),
        ({"period": "q9"}, "请选择列表中的统计期间。"),
    ],
)
def test_a_bad_period_is_refused_in_chinese(office: Client, people: dict, data: dict, message: str) -> None:
    response = office.post(reverse("bulletins:create"), {"plan": people["plan"].pk, **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Bulletin.objects.exists()


def test_a_plan_must_be_chosen(office: Client) -> None:
    response = office.post(reverse("bulletins:create"), {"period": "q3"})

    assert response.status_code == 400
    assert "请选择工作安排。" in response.content.decode()


def test_the_page_polls_every_two_seconds_while_generating_and_stops_with_the_draft(
    office: Client, people: dict
) -> None:
    bulletin = services.request_bulletin(people["plan"], *Q3, by=people["office_admin"])
    status_url = reverse("bulletins:status", args=[bulletin.pk])

    page = office.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert "正在根据统计截止日的数据生成通报" in page

    services.generate(bulletin.pk)
    partial = office.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert 'id="bulletin-body"' in partial
    assert "hx-trigger" not in partial
    assert 'name="b0"' in partial  # the editor replaced the waiting notice
    assert reverse("bulletins:issue", args=[bulletin.pk]) in partial


def test_a_failed_generation_shows_the_reason_and_a_retry_button(
    office: Client, people: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulletin = services.request_bulletin(people["plan"], *Q3, by=people["office_admin"])
    monkeypatch.setattr("dudao.bulletins.figures.gather", lambda *a: 1 / 0)
    services.generate(bulletin.pk)

    page = office.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()

    assert "通报生成失败" in page
    assert "ZeroDivisionError" in page
    assert "hx-trigger" not in page
    assert reverse("bulletins:retry", args=[bulletin.pk]) in page


def test_a_generation_that_never_ran_offers_to_start_again(office: Client, people: dict) -> None:
    bulletin = services.request_bulletin(people["plan"], *Q3, by=people["office_admin"])

    with time_machine.travel(GENERATED_ON + datetime.timedelta(minutes=15), tick=False):
        page = office.get(reverse("bulletins:detail", args=[bulletin.pk])).content.decode()

    assert "后台任务可能没有运行" in page
    assert "hx-trigger" not in page
    assert reverse("bulletins:retry", args=[bulletin.pk]) in page


def test_the_list_takes_the_same_queries_however_many_bulletins(
    office: Client, people: dict, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(2):
        services.request_bulletin(people["plan"], *Q3, by=people["office_admin"])
    with django_assert_max_num_queries(6) as few:
        office.get(reverse("bulletins:list"))
    for _ in range(8):
        services.request_bulletin(people["plan"], *Q3, by=people["office_admin"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = office.get(reverse("bulletins:list"))
    assert response.content.decode().count("期</td>") == 10
