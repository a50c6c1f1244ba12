"""The landing page: public, Chinese, and no database work; signed in, the role's workbench."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries


@pytest.mark.django_db
def test_anonymous_visitor_sees_the_chinese_landing_page(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert [template.name for template in response.templates] == ["web/home.html", "base.html"]
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "<title>法治政府建设网络督导平台</title>" in page
    assert "年度工作流程" in page


def test_home_is_served_at_the_site_root() -> None:
    assert reverse("web:home") == "/"


def test_home_refuses_post(client: Client) -> None:
    response = client.post(reverse("web:home"))

    assert response.status_code == 405


@pytest.fixture
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.usefixtures("fast_password_hashing")
def test_a_signed_in_office_administrator_gets_the_workbench_with_the_directory(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["office_admin"])

    response = client.get(reverse("web:home"))

    assert response.templates[0].name == "web/workbench.html"
    page = response.content.decode()
    assert "office_admin，您好" in page and "督导办管理员 · 市司法局" in page
    assert f'href="{reverse("directory:list")}"' in page
    assert "年度工作流程" not in page


@pytest.mark.usefixtures("fast_password_hashing")
@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_other_roles_get_a_workbench_without_the_directory(
    client: Client, people: dict[str, Any], who: str
) -> None:
    client.force_login(people[who])

    page = client.get(reverse("web:home")).content.decode()

    assert "您好" in page
    assert reverse("directory:import") not in page
