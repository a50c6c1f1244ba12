"""The order pages: list, issue form, detail, printable notice, answer, close and return — for every role."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dudao.orders import services
from dudao.orders.models import OrderStatus, SupervisionOrder
from dudao.reports.services import store_evidence
from tests.orders.conftest import DUE, issue
from tests.reports.files import pdf


def login(client: Client, people: dict, who: str) -> Client:
    client.force_login(people[who])
    return client


# The list -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("office_admin", ["〔2018〕第2号", "〔2018〕第1号"]),
        ("leader", ["〔2018〕第2号", "〔2018〕第1号"]),
        ("liaison_a", ["〔2018〕第1号"]),
        ("head_a", ["〔2018〕第1号"]),
        ("liaison_b", ["〔2018〕第2号"]),
        ("county_office", []),
    ],
)
def test_each_role_lists_the_orders_it_may_see(
    client: Client, people: dict, clock: object, who: str, sees: list
) -> None:
    issue(people)
    issue(people, "unit_b")

    page = login(client, people, who).get(reverse("orders:list"))

    assert page.status_code == 200
    assert [order.label for order, _days in page.context["rows"]] == sees


def test_auditors_have_no_order_list(client: Client, people: dict) -> None:
    assert login(client, people, "auditor").get(reverse("orders:list")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(reverse("orders:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_office_filters_by_state_unit_and_year(client: Client, people: dict, clock: object) -> None:
    first = issue(people)
    issue(people, "unit_b")
    services.answer_order(first, body="已完成。", by=people["liaison_a"])
    login(client, people, "office_admin")

    answered = client.get(reverse("orders:list"), {"state": "answered"})
    of_b = client.get(reverse("orders:list"), {"unit": people["unit_b"].code, "year": "2018"})
    of_2019 = client.get(reverse("orders:list"), {"year": "2019"})

    assert [o.label for o, _d in answered.context["rows"]] == ["〔2018〕第1号"]
    assert [o.label for o, _d in of_b.context["rows"]] == ["〔2018〕第2号"]
    assert of_b.context["counts"] == {
        "all": 1,
        "open": 1,
        "escalated": 0,
        "issued": 1,
        "answered": 0,
        "closed": 0,
    }
    assert of_2019.context["rows"] == []


def test_an_unknown_unit_code_is_said_and_ignored(client: Client, people: dict, clock: object) -> None:
    issue(people)

    page = login(client, people, "office_admin").get(
        reverse("orders:list"), {"unit": "no-such-unit", "state": "bogus"}
    )

    assert len(page.context["rows"]) == 1
    assert "未找到编码为“no-such-unit”的单位" in page.content.decode()


def test_the_list_costs_the_same_queries_for_many_orders(
    client: Client, people: dict, clock: object, django_assert_max_num_queries: Callable
) -> None:
    login(client, people, "office_admin")
    issue(people)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("orders:list"))
    for _ in range(15):
        issue(people, "unit_b")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("orders:list"))


# Issuing ------------------------------------------------------------------------------------------------


def test_the_form_is_prefilled_from_a_red_light(client: Client, people: dict, clock: object) -> None:
    task = people["task"]

    page = login(client, people, "office_admin").get(
        reverse("orders:issue"), {"unit": people["unit_a"].code, "task": str(task.pk)}
    )

    html = page.content.decode()
    assert f'<option value="{people["unit_a"].code}" selected>市编办</option>' in html
    assert f'<option value="{task.pk}" selected>' in html
    assert "本单将编为〔2018〕第1号" in html
    assert page.context["form"].initial["response_due"] == datetime.date(2018, 6, 27)  # 5 working days on


def test_choosing_a_unit_refreshes_only_the_task_choices(client: Client, people: dict, clock: object) -> None:
    page = login(client, people, "office_admin").get(
        reverse("orders:issue"), {"unit": people["county"].code}, headers={"HX-Request": "true"}
    )

    html = page.content.decode()
    assert 'id="order-target"' in html
    assert "<form" not in html
    assert people["task"].title not in html  # the county carries no share of it


def _post(people: dict, **changes: str) -> dict:
    data = {
        "unit": people["unit_a"].code,
        "task": str(people["task"].pk),
        "reason": "时间节点临近，未报送进展。",
        "requirement": "请书面答复。",
        "response_due": DUE.isoformat(),
    }
    return {**data, **changes}


def test_the_office_issues_an_order(client: Client, people: dict, clock: object) -> None:
    response = login(client, people, "office_admin").post(reverse("orders:issue"), _post(people), follow=True)

    order = SupervisionOrder.objects.get()
    assert response.redirect_chain[-1][0] == reverse("orders:detail", args=[order.pk])
    assert "督办单〔2018〕第1号已签发，已通知市编办。" in response.content.decode()
    assert order.task == people["task"]


def test_a_deadline_today_or_earlier_is_refused(client: Client, people: dict, clock: object) -> None:
    page = login(client, people, "office_admin").post(
        reverse("orders:issue"), _post(people, response_due="2018-06-20")
    )

    assert page.status_code == 200
    assert page.context["form"].errors == {"response_due": ["办理时限须晚于今天。"]}
    assert not SupervisionOrder.objects.exists()


def test_a_saturday_deadline_is_warned_about_and_may_be_confirmed(
    client: Client, people: dict, clock: object
) -> None:
    login(client, people, "office_admin")

    warned = client.post(reverse("orders:issue"), _post(people, response_due="2018-06-30"))
    confirmed = client.post(
        reverse("orders:issue"), _post(people, response_due="2018-06-30", accept_non_working="on")
    )

    assert warned.status_code == 200
    [message] = warned.context["form"].errors["response_due"]
    assert "2018-06-30不是工作日" in message and "2018-07-02" in message
    assert "仍以该非工作日为办理时限" in warned.content.decode()
    assert confirmed.status_code == 302
    assert SupervisionOrder.objects.get().response_due == datetime.date(2018, 6, 30)


def test_a_task_the_unit_does_not_carry_is_an_invalid_choice(
    client: Client, people: dict, clock: object
) -> None:
    page = login(client, people, "office_admin").post(
        reverse("orders:issue"), _post(people, unit=people["county"].code)
    )

    assert "task" in page.context["form"].errors
    assert not SupervisionOrder.objects.exists()


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_nobody_but_the_office_may_issue(client: Client, people: dict, clock: object, who: str) -> None:
    login(client, people, who)
    assert client.get(reverse("orders:issue")).status_code == 403
    assert client.post(reverse("orders:issue"), _post(people)).status_code == 403
    assert not SupervisionOrder.objects.exists()


# The order's page and its printable notice ----------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [
    ("office_admin", 200), ("leader", 200), ("liaison_a", 200), ("head_a", 200),
    ("liaison_b", 404), ("head_b", 404), ("county_office", 404), ("auditor", 404),
])  # fmt: skip
@pytest.mark.parametrize("name", ["orders:detail", "orders:print"])
def test_who_may_read_an_order(
    client: Client, people: dict, clock: object, who: str, status: int, name: str
) -> None:
    order = issue(people)
    assert login(client, people, who).get(reverse(name, args=[order.pk])).status_code == status


def test_the_printable_notice_has_the_official_layout(client: Client, people: dict, clock: object) -> None:
    order = issue(people)

    html = (
        login(client, people, "office_admin").get(reverse("orders:print", args=[order.pk])).content.decode()
    )

    for part in (
        '<h1 class="sheet-title">督办通知单</h1>',
        "〔2018〕第1号",
        "受文单位</th><td>市编办",
        "督办事项</th><td>2018年度工作安排 (一)深化行政审批制度改革",
        "督办理由与要求",
        "“今年7月1日前”的时间节点临近，至今未报送进展情况。",
        "请于2018年6月29日前将办理情况书面报送督导办。",
        "驻马店市法治政府建设领导小组办公室<br>2018年6月20日",
        "办理情况反馈",
        "单位负责人（签字）",
        'class="print-page"',
    ):
        assert part in html, part


def test_the_notice_prints_the_answer_once_it_is_in(client: Client, people: dict, clock: object) -> None:
    order = services.answer_order(issue(people), body="已于6月25日完成。", by=people["head_a"])

    html = login(client, people, "liaison_a").get(reverse("orders:print", args=[order.pk])).content.decode()

    assert "已于6月25日完成。" in html


def test_the_unit_sees_the_answer_button_and_the_office_the_review_once_answered(
    client: Client, people: dict, clock: object
) -> None:
    order = issue(people)
    unit_page = login(client, people, "liaison_a").get(reverse("orders:detail", args=[order.pk]))
    services.answer_order(order, body="已完成。", by=people["liaison_a"])
    office_page = login(Client(), people, "office_admin").get(reverse("orders:detail", args=[order.pk]))
    leader_page = login(Client(), people, "leader").get(reverse("orders:detail", args=[order.pk]))

    assert (
        unit_page.context["can_answer"]
        and reverse("orders:answer", args=[order.pk]) in unit_page.content.decode()
    )
    assert office_page.context["can_decide"]
    assert not leader_page.context["can_decide"] and not leader_page.context["can_answer"]
    assert reverse("orders:close", args=[order.pk]) not in leader_page.content.decode()


# Answering, closing, returning ------------------------------------------------------------------------------


def test_liaison_a_answers_through_the_form_with_evidence(
    client: Client, people: dict, clock: object
) -> None:
    order = issue(people)
    kept = store_evidence(
        SimpleUploadedFile("纪要.pdf", pdf()), unit=people["unit_a"], by=people["liaison_a"]
    )
    login(client, people, "liaison_a")

    form_page = client.get(reverse("orders:answer", args=[order.pk]))
    response = client.post(
        reverse("orders:answer", args=[order.pk]),
        {
            "body": "已部署落实。",
            "evidence": [str(kept.pk)],
            "new_files": [SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)],
        },
        follow=True,
    )

    assert 'id="evidence-picker"' in form_page.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.ANSWERED
    assert sorted(order.evidence.values_list("original_name", flat=True)) == ["照片.png", "纪要.pdf"]
    assert "答复已报送督导办。" in response.content.decode()


def test_the_office_downloads_the_answer_evidence(client: Client, people: dict, clock: object) -> None:
    kept = store_evidence(
        SimpleUploadedFile("纪要.pdf", pdf()), unit=people["unit_a"], by=people["liaison_a"]
    )
    services.answer_order(issue(people), body="已完成。", evidence=[kept], by=people["liaison_a"])

    response = login(client, people, "office_admin").get(reverse("reports:evidence_download", args=[kept.pk]))

    assert response.status_code == 200


def test_an_empty_answer_is_shown_beside_the_field(client: Client, people: dict, clock: object) -> None:
    order = issue(people)

    page = login(client, people, "liaison_a").post(reverse("orders:answer", args=[order.pk]), {"body": ""})

    assert page.context["form"].errors["body"] == ["请填写办理情况。"]


@pytest.mark.parametrize(
    ("who", "status"), [("office_admin", 403), ("leader", 403), ("liaison_b", 404), ("auditor", 404)]
)
def test_only_unit_a_may_open_the_answer_form(
    client: Client, people: dict, clock: object, who: str, status: int
) -> None:
    order = issue(people)
    assert login(client, people, who).get(reverse("orders:answer", args=[order.pk])).status_code == status


def test_the_office_closes_and_returns_through_the_page(client: Client, people: dict, clock: object) -> None:
    first = services.answer_order(issue(people), body="已完成。", by=people["liaison_a"])
    second = services.answer_order(issue(people, "unit_b"), body="推进中。", by=people["liaison_b"])
    login(client, people, "office_admin")

    closed = client.post(reverse("orders:close", args=[first.pk]), {"note": "同意办结。"}, follow=True)
    no_reason = client.post(reverse("orders:return", args=[second.pk]), {"reason": ""})
    returned = client.post(
        reverse("orders:return", args=[second.pk]), {"reason": "请补充佐证。"}, follow=True
    )

    assert "督办单〔2018〕第1号已办结。" in closed.content.decode()
    assert no_reason.context["return_form"].errors == {"reason": ["请填写退回理由。"]}
    assert "答复已退回市工商局重新办理。" in returned.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (OrderStatus.CLOSED, OrderStatus.ISSUED)


@pytest.mark.parametrize("who", ["leader", "liaison_a", "head_a"])
def test_those_who_see_the_order_but_are_not_the_office_may_not_close_it(
    client: Client, people: dict, clock: object, who: str
) -> None:
    order = services.answer_order(issue(people), body="已完成。", by=people["liaison_a"])
    login(client, people, who)

    assert client.post(reverse("orders:close", args=[order.pk])).status_code == 403
    assert client.post(reverse("orders:return", args=[order.pk]), {"reason": "x"}).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.ANSWERED


def test_garbled_prefills_and_ids_are_ignored_or_explained_never_a_traceback(
    client: Client, people: dict, clock: object
) -> None:
    login(client, people, "office_admin")

    page = client.get(
        reverse("orders:issue"), {"unit": "no-such-unit", "task": "not-a-uuid", "milestone": "x"}
    )
    posted = client.post(reverse("orders:issue"), _post(people, task="not-a-uuid", response_due="2018/13/45"))

    assert page.status_code == 200
    assert posted.status_code == 200
    assert posted.context["form"].errors == {
        "task": ["所选项目不存在或已失效，请重新选择。"],
        "response_due": ["请按“年-月-日”填写日期。"],
    }
