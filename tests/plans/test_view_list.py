"""/plans/: the office's list of plans and of imports still under review."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from dudao.plans import services

pytestmark = pytest.mark.django_db
URL = reverse("plans:list")


def test_wang_sees_imports_under_review_and_published_plans(
    client: Client, wang, sample_import, people
) -> None:
    client.force_login(wang)

    page = client.get(URL).content.decode()

    assert reverse("plans:review", args=[sample_import.pk]) in page
    assert reverse("plans:detail", args=[people["plan"].pk]) in page
    assert "导入通知" in page


def test_a_published_import_leaves_the_review_list(client: Client, wang, sample_import) -> None:
    services.apply_default_resolutions(sample_import, by=wang)
    plan = services.publish(sample_import, by=wang)
    client.force_login(wang)

    page = client.get(URL).content.decode()

    assert reverse("plans:review", args=[sample_import.pk]) not in page
    assert reverse("plans:detail", args=[plan.pk]) in page
    assert "没有待审核的通知" in page


def test_the_list_takes_the_same_queries_however_many_imports(
    client: Client, wang, sample_bytes: bytes, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(wang)
    services.start_import(sample_bytes, "a.txt", by=wang)
    with django_assert_num_queries(5):  # session, user, the user's unit in the header, imports, plans
        client.get(URL)
    services.start_import(sample_bytes, "b.txt", by=wang)
    with django_assert_num_queries(5):
        client.get(URL)


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b", "county_office", "leader", "auditor"])
def test_only_the_office_may_open_it(client: Client, people: dict, who: str) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
