"""/notifications/: every signed-in user's inbox, unread first; mark one or all read (htmx or not)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dudao.reminders.models import Notification
from dudao.reminders.services import notify, send_reminders
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def notes(cast: dict, who: str, *subjects: str) -> list[Notification]:
    rows = []
    for n, subject in enumerate(subjects):
        with time_machine.travel(at(datetime.date(2018, 6, 1 + n)), tick=False):
            rows += notify([cast[who]], kind="test", subject=subject, body="正文", url="/my/tasks/")
    return rows


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("reminders:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["office_admin", "liaison_a", "head_b", "county_office", "leader", "auditor"])
def test_every_role_has_an_inbox(client: Client, cast: dict, who: str) -> None:
    client.force_login(cast[who])
    response = client.get(reverse("reminders:inbox"))
    assert response.status_code == 200
    assert "暂无通知。" in response.content.decode()


def test_unread_first_newest_first_and_only_ones_own(client: Client, cast: dict) -> None:
    _, _, third = notes(cast, "liaison_a", "一号通知", "二号通知", "三号通知")
    notes(cast, "liaison_b", "别人的通知")
    third.read_at = third.created_at
    third.save()
    client.force_login(cast["liaison_a"])

    html = client.get(reverse("reminders:inbox")).content.decode()

    assert html.index("二号通知") < html.index("一号通知") < html.index("三号通知")
    assert "别人的通知" not in html
    assert "2 条未读" in html


def test_the_nav_badge_counts_unread(client: Client, cast: dict) -> None:
    notes(cast, "liaison_a", "一号通知", "二号通知")
    client.force_login(cast["liaison_a"])

    html = client.get(reverse("reports:my_tasks")).content.decode()

    assert '<span id="nav-badge" class="nav-badge" title="未读通知">2</span>' in html


def test_mark_one_read_with_htmx_returns_the_list(client: Client, cast: dict) -> None:
    first, _ = notes(cast, "liaison_a", "一号通知", "二号通知")
    client.force_login(cast["liaison_a"])

    response = client.post(reverse("reminders:read", args=[first.pk]), headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 条未读" in html
    assert "<html" not in html
    # the nav badge follows, out of band
    assert '<span id="nav-badge" class="nav-badge" title="未读通知" hx-swap-oob="true">1</span>' in html
    first.refresh_from_db()
    assert first.read_at is not None


def test_open_marks_read_and_follows_the_link(client: Client, cast: dict) -> None:
    (note,) = notes(cast, "liaison_a", "一号通知")
    client.force_login(cast["liaison_a"])

    response = client.post(reverse("reminders:read", args=[note.pk]), {"open": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/my/tasks/"
    assert Notification.objects.get().read_at is not None


def test_mark_all_read_with_htmx_hides_the_badge(client: Client, cast: dict) -> None:
    notes(cast, "liaison_a", "一号通知", "二号通知")
    client.force_login(cast["liaison_a"])

    html = client.post(reverse("reminders:read_all"), headers=HTMX).content.decode()

    assert "0 条未读" in html and "全部标为已读" not in html
    assert 'hx-swap-oob="true" hidden>0</span>' in html


def test_mark_all_read_touches_only_ones_own(client: Client, cast: dict) -> None:
    notes(cast, "liaison_a", "一号通知", "二号通知")
    notes(cast, "head_a", "负责人的通知")
    client.force_login(cast["liaison_a"])

    response = client.post(reverse("reminders:read_all"), follow=True)

    assert "已将 2 条通知标为已读。" in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).get().recipient == cast["head_a"]


def test_someone_elses_notification_is_not_found(client: Client, cast: dict) -> None:
    (note,) = notes(cast, "head_a", "负责人的通知")
    client.force_login(cast["liaison_a"])

    assert client.post(reverse("reminders:read", args=[note.pk])).status_code == 404
    assert Notification.objects.get().read_at is None


def test_reading_is_post_only(client: Client, cast: dict) -> None:
    (note,) = notes(cast, "liaison_a", "一号通知")
    client.force_login(cast["liaison_a"])
    assert client.get(reverse("reminders:read", args=[note.pk])).status_code == 405


def test_inbox_queries_do_not_grow(
    client: Client, cast: dict, django_assert_max_num_queries: Callable
) -> None:
    with time_machine.travel(at(datetime.date(2018, 6, 15)), tick=False):
        send_reminders(datetime.date(2018, 6, 15))
    notes(cast, "liaison_a", *(f"通知{n}" for n in range(25)))
    client.force_login(cast["liaison_a"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reminders:inbox"))
    assert response.content.decode().count('class="card note') == 26


def test_open_never_leaves_the_site(client: Client, cast: dict) -> None:
    (note,) = notify([cast["liaison_a"]], kind="test", subject="外链", body="", url="//evil.example/")
    client.force_login(cast["liaison_a"])

    response = client.post(reverse("reminders:read", args=[note.pk]), {"open": "1"})

    assert response["Location"] == reverse("reminders:inbox")
