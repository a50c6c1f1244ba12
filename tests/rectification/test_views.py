"""The rectification pages: the office's list, record form and review; the unit's list and submission;
leaders read. Open items past their deadline show in red with the days late."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dudao.rectification import services
from dudao.rectification.models import Rectification, RectificationStatus
from dudao.reports.services import store_evidence
from tests.orders.conftest import at
from tests.rectification.conftest import DEADLINE, FOUND_ON, SOURCE, record
from tests.reports.files import pdf


def login(client: Client, people: dict, who: str) -> Client:
    client.force_login(people[who])
    return client


@pytest.mark.parametrize(
    ("who", "units"),
    [
        ("office_admin", ["市编办", "市工商局"]),
        ("leader", ["市编办", "市工商局"]),
        ("liaison_a", ["市编办"]),
        ("head_b", ["市工商局"]),
        ("county_office", []),
    ],
)
def test_each_role_lists_what_it_may_see(
    client: Client, people: dict, clock: object, who: str, units: list
) -> None:
    record(people)
    record(people, "unit_b", deadline=datetime.date(2018, 11, 30))

    page = login(client, people, who).get(reverse("rectification:list"))

    assert [item.unit.name for item, _late in page.context["rows"]] == units


def test_auditors_have_no_rectification_list(client: Client, people: dict) -> None:
    assert login(client, people, "auditor").get(reverse("rectification:list")).status_code == 403


def test_an_overdue_open_item_is_red_with_its_days_late(
    client: Client, people: dict, clock: time_machine.Coordinates
) -> None:
    record(people)
    record(people, "unit_b", deadline=datetime.date(2018, 11, 30))
    clock.move_to(at(datetime.date(2018, 11, 5)))

    page = login(client, people, "leader").get(reverse("rectification:list"))

    html = page.content.decode()
    assert [(item.unit.name, late) for item, late in page.context["rows"]] == [("市编办", 5), ("市工商局", 0)]
    assert '<tr class="overdue">' in html and "逾期 5 天" in html and "逾期未整改" in html
    assert page.context["counts"]["overdue"] == 1
    overdue_only = client.get(reverse("rectification:list"), {"state": "overdue"})
    assert len(overdue_only.context["rows"]) == 1
    by_unit = client.get(reverse("rectification:list"), {"unit": people["unit_b"].code})
    assert [item.unit.name for item, _late in by_unit.context["rows"]] == ["市工商局"]


def test_the_list_costs_the_same_queries_for_many_items(
    client: Client, people: dict, clock: object, django_assert_max_num_queries: Callable
) -> None:
    login(client, people, "office_admin")
    record(people)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("rectification:list"))
    for _ in range(15):
        record(people, "unit_b")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("rectification:list"))


def test_the_office_records_through_the_form(client: Client, people: dict, clock: object) -> None:
    data = {
        "unit": people["unit_a"].code, "source": SOURCE, "found_on": FOUND_ON.isoformat(),
        "problem": "未按规定公开权责清单。", "requirement": "", "deadline": DEADLINE.isoformat(),
    }  # fmt: skip
    response = login(client, people, "office_admin").post(reverse("rectification:record"), data, follow=True)

    item = Rectification.objects.get()
    assert response.redirect_chain[-1][0] == reverse("rectification:detail", args=[item.pk])
    assert "整改事项已登记，已通知市编办。" in response.content.decode()


def test_bad_dates_are_explained_in_chinese(client: Client, people: dict, clock: object) -> None:
    data = {
        "unit": people["unit_a"].code,
        "source": SOURCE,
        "found_on": "2018-09-28",
        "problem": "问题",
        "deadline": "明天",
    }

    page = login(client, people, "office_admin").post(reverse("rectification:record"), data)

    assert page.context["form"].errors == {"deadline": ["请按“年-月-日”填写日期。"]}


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "leader", "auditor"])
def test_nobody_but_the_office_records(client: Client, people: dict, who: str) -> None:
    assert login(client, people, who).get(reverse("rectification:record")).status_code == 403


@pytest.mark.parametrize(("who", "status"), [
    ("office_admin", 200), ("leader", 200), ("liaison_a", 200), ("head_a", 200),
    ("liaison_b", 404), ("county_office", 404), ("auditor", 404),
])  # fmt: skip
def test_who_may_read_a_rectification(
    client: Client, people: dict, clock: object, who: str, status: int
) -> None:
    item = record(people)
    assert (
        login(client, people, who).get(reverse("rectification:detail", args=[item.pk])).status_code == status
    )


def test_the_unit_cannot_submit_without_evidence_through_the_form(
    client: Client, people: dict, clock: object
) -> None:
    item = record(people)
    login(client, people, "liaison_a")

    page = client.post(reverse("rectification:submit", args=[item.pk]), {"response": "已整改。"})

    assert page.status_code == 200
    assert "请至少附一份整改佐证材料：整改须凭佐证材料销号。" in page.content.decode()
    item.refresh_from_db()
    assert item.status == RectificationStatus.OPEN


def test_the_unit_submits_and_the_office_closes(client: Client, people: dict, clock: object) -> None:
    item = record(people)
    receipt = store_evidence(
        SimpleUploadedFile("回执.pdf", pdf()), unit=people["unit_a"], by=people["liaison_a"]
    )

    submitted = login(client, people, "liaison_a").post(
        reverse("rectification:submit", args=[item.pk]),
        {"response": "已补报备案。", "evidence": [str(receipt.pk)]},
        follow=True,
    )
    office = login(Client(), people, "office_admin")
    review = office.get(reverse("rectification:detail", args=[item.pk]))
    closed = office.post(reverse("rectification:close", args=[item.pk]), {"note": "同意销号。"}, follow=True)

    assert "整改情况已报送督导办审核。" in submitted.content.decode()
    assert review.context["can_decide"] and "回执.pdf" in review.content.decode()
    assert office.get(reverse("reports:evidence_download", args=[receipt.pk])).status_code == 200
    assert "整改事项已销号。" in closed.content.decode()
    item.refresh_from_db()
    assert item.status == RectificationStatus.CLOSED


def test_closing_an_open_item_through_the_page_is_refused_with_a_message(
    client: Client, people: dict, clock: object
) -> None:
    item = record(people)

    response = login(client, people, "office_admin").post(
        reverse("rectification:close", args=[item.pk]), follow=True
    )

    assert "单位尚未提交整改情况和佐证材料，不能销号。" in response.content.decode()
    item.refresh_from_db()
    assert item.status == RectificationStatus.OPEN


def test_the_office_returns_with_a_reason(client: Client, people: dict, clock: object) -> None:
    item = record(people)
    services.submit_rectification(
        item, response="已补报。", uploads=[SimpleUploadedFile("a.pdf", pdf())], by=people["liaison_a"]
    )
    login(client, people, "office_admin")

    empty = client.post(reverse("rectification:return", args=[item.pk]), {"reason": ""})
    returned = client.post(
        reverse("rectification:return", args=[item.pk]), {"reason": "材料不全。"}, follow=True
    )

    assert empty.context["return_form"].errors == {"reason": ["请填写退回理由。"]}
    assert "整改情况已退回市编办。" in returned.content.decode()
    assert "材料不全。" in returned.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("office_admin", 403), ("leader", 403), ("liaison_b", 404), ("auditor", 404)]
)
def test_only_unit_a_opens_the_submit_form(
    client: Client, people: dict, clock: object, who: str, status: int
) -> None:
    item = record(people)
    assert (
        login(client, people, who).get(reverse("rectification:submit", args=[item.pk])).status_code == status
    )


@pytest.mark.parametrize("who", ["leader", "liaison_a", "head_a"])
def test_those_who_see_it_but_are_not_the_office_may_not_close_or_return(
    client: Client, people: dict, clock: object, who: str
) -> None:
    item = record(people)
    services.submit_rectification(
        item, response="已补报。", uploads=[SimpleUploadedFile("a.pdf", pdf())], by=people["liaison_a"]
    )
    login(client, people, who)

    assert client.post(reverse("rectification:close", args=[item.pk])).status_code == 403
    assert client.post(reverse("rectification:return", args=[item.pk]), {"reason": "x"}).status_code == 403
