"""API authentication: a bearer token or the browser session; everything else is 401 in the one error shape."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client

from dudao.accounts.models import ApiToken
from tests.factories import make_task, make_unit

TASKS = "/api/v1/tasks/"
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_no_credentials_is_401_with_a_chinese_error(people: dict, client: Client) -> None:
    response = client.get(TASKS)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "未登录或令牌无效"}


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Token abc", "Basic bGlhaXNvbl9hOng="])
def test_a_wrong_or_malformed_token_is_401(people: dict, client: Client, header: str) -> None:
    response = client.get(TASKS, headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json() == {"error": "未登录或令牌无效"}


def test_a_valid_token_authenticates_and_records_its_use(people: dict, client: Client) -> None:
    token, key = ApiToken.issue(people["liaison_a"], "报送脚本")
    assert token.last_used_at is None

    response = client.get(TASKS, headers=_bearer(key))

    assert response.status_code == 200
    assert [task["title"] for task in response.json()["items"]] == ["深化行政审批制度改革"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(people: dict, client: Client) -> None:
    token, key = ApiToken.issue(people["liaison_a"], "报送脚本")
    start = datetime.datetime(2018, 6, 1, 9, 0, tzinfo=BEIJING)
    with time_machine.travel(start, tick=False):
        client.get(TASKS, headers=_bearer(key))
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        client.get(TASKS, headers=_bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == start

    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        client.get(TASKS, headers=_bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == start + datetime.timedelta(minutes=2)


def test_a_revoked_token_is_401(people: dict, client: Client) -> None:
    token, key = ApiToken.issue(people["liaison_a"], "报送脚本")
    token.delete()

    response = client.get(TASKS, headers=_bearer(key))

    assert response.status_code == 401
    assert response.json() == {"error": "未登录或令牌无效"}


def test_the_token_of_a_deactivated_user_is_401(people: dict, client: Client) -> None:
    _token, key = ApiToken.issue(people["liaison_a"], "报送脚本")
    people["liaison_a"].is_active = False
    people["liaison_a"].save()

    response = client.get(TASKS, headers=_bearer(key))

    assert response.status_code == 401


def test_a_wrong_token_is_401_even_beside_a_valid_session(people: dict, client: Client) -> None:
    client.force_login(people["liaison_a"])

    response = client.get(TASKS, headers=_bearer("stale-key"))

    assert response.status_code == 401


def test_the_token_acts_as_its_owner_not_as_the_session(people: dict, client: Client) -> None:
    make_task(people["plan"], number="(二)", title="推进政务公开", lead=make_unit("市财政局"))
    client.force_login(people["office_admin"])
    _token, key = ApiToken.issue(people["liaison_b"], "脚本")

    response = client.get(TASKS, headers=_bearer(key))

    assert [task["title"] for task in response.json()["items"]] == ["深化行政审批制度改革"]


def test_the_browser_session_authenticates_reads(people: dict, client: Client) -> None:
    client.force_login(people["liaison_a"])

    response = client.get(TASKS)

    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


def test_the_key_is_never_stored(people: dict) -> None:
    token, key = ApiToken.issue(people["liaison_a"], "报送脚本")

    assert token.key_hash == ApiToken.hash(key)
    assert key not in token.key_hash
    assert not ApiToken.objects.filter(key_hash=key).exists()
