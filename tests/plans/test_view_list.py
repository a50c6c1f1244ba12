"""/plans/: the office's list of plans and of imports still under review; leaders see the published plans."""

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
    # session, user, the user's unit in the header, imports, plans, the nav's unread-notification badge
    with django_assert_num_queries(6):
        client.get(URL)
    services.start_import(sample_bytes, "b.txt", by=wang)
    with django_assert_num_queries(6):
        client.get(URL)


def test_a_leader_sees_the_published_plans_but_not_the_imports_under_review(
    client: Client, people: dict, sample_import, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client.force_login(people["leader"])

    # session, user, plans, the nav's unread badge: no imports, and a leader has no unit
    with django_assert_num_queries(4):
        response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("plans:detail", args=[people["plan"].pk]) in page
    assert reverse("plans:review", args=[sample_import.pk]) not in page
    assert "待审核的导入" not in page
    assert reverse("plans:import") not in page


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "liaison_b", "county_office", "auditor"])
def test_only_the_office_and_leaders_may_open_it(client: Client, people: dict, who: str) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["office_admin", "leader"])
def test_the_office_and_leaders_find_the_plans_in_their_menu_and_workbench(
    client: Client, people: dict, who: str
) -> None:
    client.force_login(people[who])

    page = client.get(reverse("web:home")).content.decode()

    assert page.count(f'href="{URL}"') == 2  # the menu's 工作安排 and the workbench card
    assert (reverse("plans:import") in page) == (who == "office_admin")


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "auditor"])
def test_other_roles_are_not_shown_the_plans(client: Client, people: dict, who: str) -> None:
    client.force_login(people[who])

    assert URL not in client.get(reverse("web:home")).content.decode()
