"""Who sees which bulletin: the office every one in every state; leaders and units issued ones of the
plans they read; drafts do not exist for anyone else (404); auditors read only the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.accounts.models import User
from dudao.bulletins.models import Bulletin
from tests.bulletins.conftest import issue
from tests.factories import make_unit, make_user

READERS = ("leader", "liaison_a", "head_a", "liaison_b", "head_b", "county_office")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def both(draft: Bulletin, people: dict) -> tuple[Bulletin, Bulletin]:
    """The Q3 bulletin issued, and a second one (first half-year) still a draft."""
    from dudao.bulletins import services

    issued = issue(draft, people["office_admin"])
    second = services.request_bulletin(people["plan"], *_h1(), by=people["office_admin"])
    services.generate(second.pk)
    second.refresh_from_db()
    return issued, second


def _h1() -> tuple[Any, Any]:
    import datetime

    return datetime.date(2018, 1, 1), datetime.date(2018, 6, 30)


def test_the_office_lists_every_bulletin_with_the_button_to_generate(both: tuple, people: dict) -> None:
    response = _client(people["office_admin"]).get(reverse("bulletins:list"))

    page = response.content.decode()
    assert "2018年第1期" in page and "2018年第2期" in page
    assert reverse("bulletins:create") in page


@pytest.mark.parametrize("who", READERS)
def test_leaders_and_units_list_and_read_issued_bulletins_only(who: str, both: tuple, people: dict) -> None:
    issued, draft = both
    client = _client(people[who])

    page = client.get(reverse("bulletins:list")).content.decode()
    assert "2018年第1期" in page
    assert "2018年第2期" not in page
    assert reverse("bulletins:create") not in page
    detail = client.get(reverse("bulletins:detail", args=[issued.pk]))
    assert detail.status_code == 200
    assert "三、逾期未完成任务的单位" in detail.content.decode()
    assert 'name="b0"' not in detail.content.decode()  # no editor
    assert client.get(reverse("bulletins:docx", args=[issued.pk])).status_code == 200
    for name in ("detail", "status", "docx"):
        assert client.get(reverse(f"bulletins:{name}", args=[draft.pk])).status_code == 404, name
    for name in ("edit", "issue", "retry"):
        response = client.post(reverse(f"bulletins:{name}", args=[draft.pk]), {"version": draft.version})
        assert response.status_code == 404, name


@pytest.mark.parametrize("who", READERS)
def test_nobody_but_the_office_changes_an_issued_bulletin_or_asks_for_one(
    who: str, both: tuple, people: dict
) -> None:
    issued, _draft = both
    client = _client(people[who])

    for name in ("edit", "issue", "retry"):
        response = client.post(reverse(f"bulletins:{name}", args=[issued.pk]), {"version": issued.version})
        assert response.status_code == 403, name
    assert client.get(reverse("bulletins:status", args=[issued.pk])).status_code == 403
    assert client.get(reverse("bulletins:create")).status_code == 403
    assert (
        client.post(reverse("bulletins:create"), {"plan": people["plan"].pk, "period": "q3"}).status_code
        == 403
    )
    assert Bulletin.objects.count() == 2


def test_auditors_read_no_bulletin(both: tuple, people: dict) -> None:
    issued, _draft = both
    client = _client(people["auditor"])

    assert client.get(reverse("bulletins:list")).status_code == 403
    assert client.get(reverse("bulletins:detail", args=[issued.pk])).status_code == 404
    assert client.get(reverse("bulletins:docx", args=[issued.pk])).status_code == 404


def test_a_unit_with_no_task_in_the_plan_does_not_see_its_bulletins(both: tuple, people: dict) -> None:
    issued, _draft = both
    outsider = make_user("liaison_c", User.Role.LIAISON, make_unit("市统计局", parent=people["city"]))
    client = _client(outsider)

    assert "2018年第1期" not in client.get(reverse("bulletins:list")).content.decode()
    assert client.get(reverse("bulletins:detail", args=[issued.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(both: tuple) -> None:
    issued, _draft = both
    response = Client().get(reverse("bulletins:docx", args=[issued.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
