"""POST /notifications/remind/<assignment>/<milestone>/: the office's 催办 button."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from dudao.plans.models import Assignment
from dudao.reminders.models import Reminder

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def button(cast: dict) -> tuple[Assignment, str]:
    share = Assignment.objects.get(task=cast["task"], unit=cast["unit_b"])
    milestone = cast["task"].milestones.get()
    return share, reverse("reminders:remind", args=[share.pk, milestone.pk])


def test_the_office_presses_it_and_gets_the_button_back(client: Client, cast: dict, button: tuple) -> None:
    share, url = button
    client.force_login(cast["office_admin"])

    response = client.post(url, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "已催办市工商局。" in html and "disabled" in html
    assert Reminder.objects.get().assignment == share

    again = client.post(url, headers=HTMX).content.decode()
    assert "今天已经就该时间节点催办过市工商局，明天再催。" in again
    assert Reminder.objects.count() == 1


def test_without_htmx_it_goes_back_where_it_came_from(client: Client, cast: dict, button: tuple) -> None:
    share, url = button
    client.force_login(cast["office_admin"])

    back = client.post(url, {"next": "/supervision/"})
    assert back["Location"] == "/supervision/"
    elsewhere = client.post(url, {"next": "https://evil.example/"}, follow=True)
    assert elsewhere.redirect_chain[0][0] == reverse("reports:task_detail", args=[share.pk])
    assert "今天已经就该时间节点催办过市工商局" in elsewhere.content.decode()


@pytest.mark.parametrize("who", ["leader", "head_b", "liaison_b"])
def test_those_who_see_the_task_but_are_not_the_office_are_forbidden(
    client: Client, cast: dict, button: tuple, who: str
) -> None:
    client.force_login(cast[who])
    assert client.post(button[1]).status_code == 403
    assert not Reminder.objects.exists()


def test_the_include_shows_only_for_the_office(cast: dict, button: tuple) -> None:
    share, _ = button
    milestone = cast["task"].milestones.get()
    for who, shown in (("office_admin", True), ("leader", False), ("liaison_b", False)):
        request = RequestFactory().get("/supervision/")
        request.user = cast[who]
        html = render_to_string(
            "reminders/_remind_button.html", {"assignment": share, "milestone": milestone}, request=request
        )
        assert ("催办" in html) is shown, who
