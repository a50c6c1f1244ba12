"""Session limits: 30 minutes idle (15 for office administrators), 8 hours at most; a new session key
at sign-in, and sign-out ends the session."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent

NINE = datetime.datetime(2018, 6, 15, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
PAGE = reverse("reports:my_tasks")
LOGIN = reverse("accounts:login")

pytestmark = pytest.mark.django_db


def _signed_in(client: Client, person: object) -> Client:
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_a_liaison_idle_for_thirty_minutes_is_signed_out(client: Client, people: dict) -> None:
    with time_machine.travel(NINE, tick=False) as clock:
        _signed_in(client, people["liaison_a"])
        assert client.get(PAGE).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(PAGE).status_code == 200  # activity moves the idle limit on
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="auth.session_expired").count() == 1


def test_an_office_administrator_is_signed_out_after_fifteen_idle_minutes(
    client: Client, people: dict
) -> None:
    with time_machine.travel(NINE, tick=False) as clock:
        _signed_in(client, people["office_admin"])
        client.get(reverse("plans:list"))
        clock.shift(datetime.timedelta(minutes=16))
        response = client.get(reverse("plans:list"))

    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_absolute_limit_holds_even_with_steady_activity(client: Client, people: dict) -> None:
    with time_machine.travel(NINE, tick=False) as clock:
        _signed_in(client, people["liaison_a"])
        client.get(PAGE)
        statuses = []
        for _ in range(30):  # every 20 minutes for ten hours
            clock.shift(datetime.timedelta(minutes=20))
            statuses.append(client.get(PAGE).status_code)

    # 24 × 20 minutes = 8 hours: the 25th request, at 17:20, finds the session over.
    assert statuses[:24] == [200] * 24
    assert statuses[24] == 302


def test_an_htmx_request_is_sent_to_the_sign_in_page_whole(client: Client, people: dict) -> None:
    with time_machine.travel(NINE, tick=False) as clock:
        _signed_in(client, people["liaison_a"])
        client.get(PAGE)
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(PAGE, headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(LOGIN)


def test_sign_in_gives_a_new_session_key_and_sign_out_ends_the_session(client: Client, people: dict) -> None:
    client.get(LOGIN)
    anonymous_key = client.session.session_key
    client.post(LOGIN, {"username": "liaison_a", "password": "pass-Word-2018"})
    key = client.session.session_key
    assert key and key != anonymous_key
    assert client.get(PAGE).status_code == 200

    client.post(reverse("accounts:logout"))

    assert not Session.objects.filter(session_key=key).exists()
    stolen = Client()
    stolen.cookies["sessionid"] = key
    assert stolen.get(PAGE).status_code == 302
