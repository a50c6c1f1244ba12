"""/my/occurrences/: the unit's logged study sessions, lectures and meetings, and the form to log one."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dudao.plans.models import Milestone
from dudao.reports.models import Occurrence
from tests.reports import files

URL = reverse("reports:occurrences")


@pytest.fixture
def study_quota(people: dict) -> Milestone:
    return Milestone.objects.create(
        task=people["task"], kind=Milestone.Kind.QUOTA, text="全年不少于4次", label="2018年领导干部学法",
        period_start=datetime.date(2018, 1, 1), due=datetime.date(2018, 12, 31), min_count=4,
    )  # fmt: skip


@time_machine.travel("2018-05-20 10:00 +0800")
def test_liaison_a_logs_a_session_that_counts_against_the_quota(
    client: Client, people: dict, study_quota: Milestone
) -> None:
    client.force_login(people["liaison_a"])
    assert "已开展 0/4 次" in client.get(URL).content.decode()

    response = client.post(
        URL,
        {
            "kind": "study_session",
            "held_on": "2018-05-18",
            "title": "学习《行政诉讼法》",
            "participants": "班子成员",
            "participant_count": "9",
            "milestones": [study_quota.pk],
            "new_files": [files.upload("签到表.pdf", files.pdf("sign-in"))],
        },
        follow=True,
    )

    html = response.content.decode()
    assert "活动已登记。" in html
    assert "学习《行政诉讼法》" in html
    assert "已开展 1/4 次" in html
    occurrence = Occurrence.objects.get()
    assert [e.original_name for e in occurrence.evidence.all()] == ["签到表.pdf"]


@time_machine.travel("2018-05-20 10:00 +0800")
def test_errors_appear_in_chinese_beside_their_fields(
    client: Client, people: dict, study_quota: Milestone
) -> None:
    client.force_login(people["liaison_a"])

    response = client.post(
        URL, {"kind": "lecture", "held_on": "2018-13-01", "title": "", "participant_count": "-1"}
    )

    errors = response.context["form"].errors
    assert errors["held_on"] == ["请按“年-月-日”填写日期。"]
    assert errors["title"] == ["请填写活动主题。"]
    assert errors["participant_count"] == ["参加人数不能为负数。"]
    assert not Occurrence.objects.exists()


@time_machine.travel("2018-05-20 10:00 +0800")
def test_a_future_date_is_refused_by_the_service_beside_the_field(client: Client, people: dict) -> None:
    client.force_login(people["liaison_a"])

    response = client.post(URL, {"kind": "lecture", "held_on": "2018-06-01", "title": "未来的讲座"})

    assert response.context["form"].errors == {"held_on": ["活动日期不能晚于今天。"]}


@time_machine.travel("2018-05-20 10:00 +0800")
def test_liaison_b_sees_only_her_units_occurrences(client: Client, people: dict) -> None:
    Occurrence.objects.create(
        unit=people["unit_a"], kind="lecture", held_on=datetime.date(2018, 5, 1), title="编办的讲座",
        recorded_by=people["liaison_a"],
    )  # fmt: skip
    client.force_login(people["liaison_b"])

    assert "编办的讲座" not in client.get(URL).content.decode()


@pytest.mark.parametrize("who", ["leader", "office_admin", "auditor"])
def test_only_unit_roles_have_this_page(client: Client, people: dict, who: str) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": "lecture", "held_on": "2018-05-01", "title": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    assert client.get(URL).status_code == 302
