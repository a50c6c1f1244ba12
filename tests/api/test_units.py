"""/api/v1/units: the directory, readable by everyone who works in the platform except auditors."""

import pytest
from pytest_django import DjangoAssertNumQueries

from tests.api.conftest import ApiAs
from tests.factories import make_unit


@pytest.mark.parametrize("person", ["office_admin", "liaison_a", "head_b", "county_office", "leader"])
def test_everyone_at_work_reads_the_directory(api: ApiAs, person: str) -> None:
    response = api(person).get("/api/v1/units/")

    assert response.status_code == 200
    names = {unit["name"] for unit in response.json()["items"]}
    assert {"市编办", "市工商局", "西平县人民政府"} <= names


def test_the_auditor_reads_no_units(api: ApiAs, people: dict) -> None:
    assert api("auditor").get("/api/v1/units/").json() == {"items": [], "count": 0}
    assert api("auditor").get(f"/api/v1/units/{people['unit_a'].code}").status_code == 404


def test_a_unit_is_read_by_its_code(api: ApiAs, people: dict) -> None:
    response = api("liaison_b").get(f"/api/v1/units/{people['unit_a'].code}")

    assert response.status_code == 200
    assert response.json() == {
        "code": people["unit_a"].code,
        "name": "市编办",
        "kind": "party",
        "kind_display": "党委机关",
        "level": "city",
        "parent": {"code": people["city"].code, "name": "驻马店市人民政府"},
        "contact_person": "",
        "contact_phone": "",
        "successor": None,
        "successor_from": None,
    }


def test_units_filter_by_parent(api: ApiAs, people: dict) -> None:
    make_unit("蔡沟乡", kind="township", level="township", parent=people["county"])

    response = api("liaison_a").get("/api/v1/units/", parent=people["county"].code)

    assert [unit["name"] for unit in response.json()["items"]] == ["蔡沟乡"]


def test_listing_units_takes_a_fixed_number_of_queries(
    api: ApiAs, people: dict, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(20):
        make_unit(f"测试单位{number}", parent=people["city"])
    client = api("liaison_a")
    with django_assert_max_num_queries(4):  # token, last-used update, count, page
        response = client.get("/api/v1/units/")
    assert response.json()["count"] == 25
