"""/accounts/tokens/: a signed-in user creates personal API tokens (the key shown once) and revokes them."""

from django.test import Client
from django.urls import reverse

from dudao.accounts.models import ApiToken
from dudao.api.tokens import MAX_TOKENS_PER_USER
from dudao.audit.models import AuditEvent

PAGE = "/accounts/tokens/"


def test_the_page_is_at_accounts_tokens() -> None:
    assert reverse("accounts:tokens") == PAGE


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_creating_a_token_shows_its_key_once_and_stores_only_the_hash(people: dict, client: Client) -> None:
    client.force_login(people["liaison_a"])

    response = client.post(PAGE, {"name": "季度报送脚本"})

    assert response.status_code == 200
    key = response.context["new_key"]
    assert key and key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=people["liaison_a"])
    assert token.name == "季度报送脚本"
    assert token.key_hash == ApiToken.hash(key)
    assert AuditEvent.objects.filter(event="token.create", object_id=str(token.pk)).exists()
    assert key not in str(AuditEvent.objects.values_list("summary", "changes"))

    again = client.get(PAGE).content.decode()
    assert "季度报送脚本" in again
    assert key not in again
    assert client.get("/api/v1/tasks/", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_a_token_needs_a_name(people: dict, client: Client) -> None:
    client.force_login(people["liaison_a"])

    response = client.post(PAGE, {"name": ""})

    assert "请填写令牌的用途。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_number_of_tokens_is_capped(people: dict, client: Client) -> None:
    for number in range(MAX_TOKENS_PER_USER):
        ApiToken.issue(people["liaison_a"], f"令牌{number}")
    client.force_login(people["liaison_a"])

    response = client.post(PAGE, {"name": "再来一个"})

    assert "每人最多持有 20 个令牌" in response.content.decode()
    assert ApiToken.objects.count() == MAX_TOKENS_PER_USER


def test_a_user_sees_only_their_own_tokens(people: dict, client: Client) -> None:
    ApiToken.issue(people["liaison_b"], "工商局的脚本")
    client.force_login(people["liaison_a"])

    assert "工商局的脚本" not in client.get(PAGE).content.decode()


def test_revoking_a_token_ends_its_access(people: dict, client: Client) -> None:
    token, key = ApiToken.issue(people["liaison_a"], "旧脚本")
    client.force_login(people["liaison_a"])

    response = client.post(reverse("accounts:token_revoke"), {"token": token.pk}, follow=True)

    assert "令牌“旧脚本”已吊销" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.filter(event="token.revoke", object_id=str(token.pk)).exists()
    client.logout()
    assert client.get("/api/v1/tasks/", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_nobody_revokes_another_users_token(people: dict, client: Client) -> None:
    token, _key = ApiToken.issue(people["liaison_b"], "工商局的脚本")
    for person in ("liaison_a", "office_admin"):
        client.force_login(people[person])

        response = client.post(reverse("accounts:token_revoke"), {"token": token.pk})

        assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoke_accepts_post_only(people: dict, client: Client) -> None:
    client.force_login(people["liaison_a"])

    assert client.get(reverse("accounts:token_revoke")).status_code == 405
