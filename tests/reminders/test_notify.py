"""`notify()` and `unit_contacts()`: the one way any app tells a unit's people something."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.db import transaction

from dudao.reminders.models import Notification
from dudao.reminders.services import notify, unit_contacts

pytestmark = pytest.mark.django_db


def test_unit_contacts_are_the_active_liaisons_and_heads(cast: dict) -> None:
    assert unit_contacts(cast["unit_a"]) == [cast["liaison_a"], cast["head_a"]]
    cast["head_a"].is_active = False
    cast["head_a"].save()
    assert unit_contacts(cast["unit_a"]) == [cast["liaison_a"]]


def test_a_county_governments_contact_is_its_county_office(cast: dict) -> None:
    assert unit_contacts(cast["county"]) == [cast["county_office"]]


def test_the_office_and_leaders_are_nobodys_contacts(cast: dict) -> None:
    assert unit_contacts(cast["office_admin"].unit) == []


def test_notify_leaves_one_row_each_and_mails_after_commit(
    cast: dict, django_capture_on_commit_callbacks: Callable
) -> None:
    people = [cast["liaison_a"], cast["head_a"], cast["liaison_a"], cast["county_office"]]
    with django_capture_on_commit_callbacks() as callbacks:
        rows = notify(
            people, kind="order.issued", subject="督办单〔2018〕第1号", body="请于5日内答复。", url="/x/"
        )
        assert mail.outbox == []  # nothing leaves before the write commits
    for callback in callbacks:
        callback()

    assert [row.recipient.username for row in rows] == ["liaison_a", "head_a", "county_office"]
    assert Notification.objects.filter(read_at__isnull=True).count() == 3
    # county_office has no address: in the app only
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@example.gov.cn", "liaison_a@example.gov.cn"]
    assert mail.outbox[0].subject == "督办单〔2018〕第1号"
    assert mail.outbox[0].body == "请于5日内答复。\n\nhttp://127.0.0.1:8000/x/"
    assert mail.outbox[0].from_email == "督导平台 <dudao@localhost>"


def test_a_rolled_back_write_mails_nobody(cast: dict) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([cast["liaison_a"]], kind="test", subject="不应发出", body="")
        raise RuntimeError

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_one_failing_address_does_not_lose_the_others(
    cast: dict, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable
) -> None:
    from django.core.mail import EmailMessage

    send = EmailMessage.send

    def flaky(message: EmailMessage, fail_silently: bool = False) -> int:
        if message.to == ["liaison_a@example.gov.cn"]:
            raise ConnectionError("mailbox unavailable")
        return send(message, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        notify([cast["liaison_a"], cast["head_a"]], kind="test", subject="通知", body="正文")

    assert [m.to for m in mail.outbox] == [["head_a@example.gov.cn"]]
    assert Notification.objects.count() == 2
