"""SCENARIOS.md §2: 陈 (西平县) passes two of the tasks that fall to his county down to county departments.

The county office delegates its share to units directly under the county; their liaisons then find the
task in 我的任务. Another county's office does not even see the share; a liaison may not delegate; the
county takes a share back only while the department has not reported on it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from dudao.accounts.models import User
from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit
from dudao.plans.models import Assignment
from dudao.reports import services
from dudao.reports.delegation import delegate, withdraw
from tests.factories import make_unit, make_user


@pytest.fixture
def county_share(people: dict) -> Assignment:
    """西平县人民政府's share of the task: 县级政府按职责分工负责."""
    return Assignment.objects.create(
        task=people["task"],
        unit=people["county"],
        role=Assignment.Role.SUBORDINATE,
        printed_name="各县区政府",
    )


@pytest.fixture
def departments(people: dict) -> tuple[Unit, Unit]:
    return (
        make_unit("西平县司法局", parent=people["county"], level=Unit.Level.COUNTY),
        make_unit("西平县市场监管局", parent=people["county"], level=Unit.Level.COUNTY),
    )


def _page(client: Client, user: Any, assignment: Assignment) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(reverse("reports:task_detail", args=[assignment.pk]))
    return response.status_code, response.content.decode()


def test_the_county_office_delegates_to_two_departments_whose_liaison_sees_the_task(
    client: Client, people: dict, county_share: Assignment, departments: tuple[Unit, Unit]
) -> None:
    justice, market = departments
    status, html = _page(client, people["county_office"], county_share)
    assert status == 200
    assert "下派任务" in html and "西平县司法局" in html and "西平县市场监管局" in html

    response = client.post(
        reverse("reports:delegate", args=[county_share.pk]), {"units": [justice.pk, market.pk]}
    )

    assert response.status_code == 302
    shares = Assignment.objects.filter(parent=county_share).order_by("unit__name")
    assert {share.unit for share in shares} == {justice, market}
    assert all(share.task_id == county_share.task_id for share in shares)
    assert all(share.role == Assignment.Role.RESPONSIBLE for share in shares)
    assert all(share.printed_name == "西平县人民政府" for share in shares)
    event = AuditEvent.objects.get(event="assignment.delegate")
    assert event.object_id == str(county_share.pk)
    assert "西平县司法局" in event.summary and "西平县市场监管局" in event.summary

    liaison = make_user("justice_liaison", User.Role.LIAISON, justice)
    client.force_login(liaison)
    tasks = client.get(reverse("reports:my_tasks"), {"year": people["plan"].year}).content.decode()
    assert people["task"].title in tasks
    own = shares.get(unit=justice)
    assert client.get(reverse("reports:task_detail", args=[own.pk])).status_code == 200

    status, html = _page(client, people["county_office"], county_share)
    assert "西平县司法局" in html and "收回" in html


def test_a_unit_outside_the_county_is_refused_by_name(
    people: dict, county_share: Assignment, departments: tuple[Unit, Unit]
) -> None:
    with pytest.raises(ValidationError) as refusal:
        delegate(county_share, [departments[0], people["unit_b"]], by=people["county_office"])

    assert "“市工商局”不是西平县人民政府的下属单位" in refusal.value.message_dict["units"][0]
    assert not Assignment.objects.filter(parent=county_share).exists()
    assert not AuditEvent.objects.filter(event="assignment.delegate").exists()


def test_a_unit_already_on_the_task_is_refused(
    people: dict, county_share: Assignment, departments: tuple[Unit, Unit]
) -> None:
    delegate(county_share, [departments[0]], by=people["county_office"])

    with pytest.raises(ValidationError) as refusal:
        delegate(county_share, departments, by=people["county_office"])

    assert "西平县司法局已承担该任务" in refusal.value.message_dict["units"][0]
    assert Assignment.objects.filter(parent=county_share).count() == 1


def test_the_page_shows_a_refusal_beside_the_field(
    client: Client, people: dict, county_share: Assignment
) -> None:
    client.force_login(people["county_office"])

    response = client.post(reverse("reports:delegate", args=[county_share.pk]), {})

    assert response.status_code == 200
    assert "请选择要下派的单位。" in response.content.decode()


def test_another_countys_office_gets_404(
    client: Client, people: dict, county_share: Assignment, departments: tuple[Unit, Unit]
) -> None:
    other = make_unit(
        "上蔡县人民政府", kind=Unit.Kind.GOVERNMENT, level=Unit.Level.COUNTY, parent=people["city"]
    )
    client.force_login(make_user("shangcai", User.Role.COUNTY_OFFICE, other))

    assert client.get(reverse("reports:task_detail", args=[county_share.pk])).status_code == 404
    response = client.post(
        reverse("reports:delegate", args=[county_share.pk]), {"units": [departments[0].pk]}
    )
    assert response.status_code == 404
    assert not Assignment.objects.filter(parent=county_share).exists()


def test_a_liaison_cannot_delegate(client: Client, people: dict, departments: tuple[Unit, Unit]) -> None:
    lead_share = Assignment.objects.get(task=people["task"], unit=people["unit_a"])
    client.force_login(people["liaison_a"])

    response = client.post(reverse("reports:delegate", args=[lead_share.pk]), {"units": [departments[0].pk]})

    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        delegate(lead_share, [departments[0]], by=people["liaison_a"])
    assert not Assignment.objects.filter(parent__isnull=False).exists()


def test_withdraw_works_until_the_department_reports(
    client: Client, people: dict, county_share: Assignment, departments: tuple[Unit, Unit]
) -> None:
    justice = departments[0]
    kept, taken_back = delegate(county_share, departments, by=people["county_office"])
    client.force_login(people["county_office"])

    response = client.post(reverse("reports:withdraw", args=[taken_back.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:task_detail", args=[county_share.pk]))
    assert not Assignment.objects.filter(pk=taken_back.pk).exists()
    assert AuditEvent.objects.filter(event="assignment.withdraw", object_id=str(county_share.pk)).exists()

    liaison = make_user("justice_liaison", User.Role.LIAISON, justice)
    services.save_report(kept, milestone=None, body="已开展执法检查。", evidence=(), by=liaison)
    with pytest.raises(ValidationError) as refusal:
        withdraw(kept, by=people["county_office"])
    assert "西平县司法局已就该任务报送进展，不能收回。" in refusal.value.messages
    client.post(reverse("reports:withdraw", args=[kept.pk]))
    assert Assignment.objects.filter(pk=kept.pk).exists()


def test_only_the_county_office_withdraws(
    client: Client, people: dict, county_share: Assignment, departments: tuple[Unit, Unit]
) -> None:
    (share, _other) = delegate(county_share, departments, by=people["county_office"])
    client.force_login(make_user("justice_liaison", User.Role.LIAISON, departments[0]))

    assert client.post(reverse("reports:withdraw", args=[share.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        withdraw(county_share, by=people["county_office"])  # the county's own share is no delegation
    assert Assignment.objects.filter(pk=share.pk).exists()
