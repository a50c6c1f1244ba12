"""Login-failure lockout: five wrong passwords within fifteen minutes lock the account for thirty,
per account and not per address, each failure, lock and refusal audited."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from dudao.accounts.models import LoginFailure
from dudao.audit.models import AuditEvent

LOGIN = reverse("accounts:login")
RIGHT = "pass-Word-2018"
NINE = datetime.datetime(2018, 6, 15, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

pytestmark = pytest.mark.django_db


def _try(password: str, *, who: str = "liaison_a", address: str = "10.0.0.1") -> Any:
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": who, "password": password})


def _signed_in(response: Any) -> bool:
    return response.status_code == 302


def _events(name: str) -> int:
    return AuditEvent.objects.filter(event=name).count()


def test_the_fifth_wrong_password_within_fifteen_minutes_locks_the_account(people: dict) -> None:
    with time_machine.travel(NINE, tick=False) as clock:
        for _ in range(4):
            assert "请输入一个正确的用户名和密码" in _try("wrong").content.decode()
            clock.shift(datetime.timedelta(minutes=3))
        fifth = _try("wrong").content.decode()

    assert "密码连续错误 5 次，账号已锁定，请于 09:42 后再试。" in fifth
    assert (_events("auth.login_failed"), _events("auth.lock")) == (5, 1)
    people["liaison_a"].refresh_from_db()
    assert people["liaison_a"].locked_until == NINE + datetime.timedelta(minutes=42)


def test_a_locked_account_is_refused_even_with_the_right_password_until_the_lock_ends(people: dict) -> None:
    with time_machine.travel(NINE, tick=False) as clock:
        for _ in range(5):
            _try("wrong")
        clock.shift(datetime.timedelta(minutes=29))
        refused = _try(RIGHT)
        clock.shift(datetime.timedelta(minutes=2))
        later = _try(RIGHT)

    assert not _signed_in(refused)
    assert "该账号因连续登录失败已被锁定，请于 09:30 后再试" in refused.content.decode()
    assert _events("auth.login_refused") == 1
    assert _signed_in(later)
    assert not LoginFailure.objects.exists()  # the right password ends the run


def test_failures_older_than_the_window_do_not_count(people: dict) -> None:
    with time_machine.travel(NINE, tick=False) as clock:
        for _ in range(4):
            _try("wrong")
        clock.shift(datetime.timedelta(minutes=16))
        _try("wrong")
        assert _signed_in(_try(RIGHT))


def test_failures_count_per_account_whatever_the_address(people: dict) -> None:
    """Many units share one outgoing address: it must not lock them all, nor hide a guesser who moves."""
    with time_machine.travel(NINE, tick=False):
        for number in range(5):
            _try("wrong", address=f"10.0.0.{number}")
        assert not _signed_in(_try(RIGHT))
        assert _signed_in(_try(RIGHT, who="liaison_b", address="10.0.0.4"))


def test_an_unknown_name_locks_nobody_and_says_nothing_more(people: dict) -> None:
    with time_machine.travel(NINE, tick=False):
        for _ in range(6):
            response = _try("wrong", who="nobody")

    assert "请输入一个正确的用户名和密码" in response.content.decode()
    assert not LoginFailure.objects.exists()
    assert _events("auth.lock") == 0


def test_a_right_password_ends_the_run_of_failures(people: dict) -> None:
    with time_machine.travel(NINE, tick=False):
        for _ in range(4):
            _try("wrong")
        assert _signed_in(_try(RIGHT))
        for _ in range(4):
            _try("wrong")
        assert _signed_in(_try(RIGHT))
