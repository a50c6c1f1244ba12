"""The landing page: public, Chinese, and no database work."""

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
