"""/directory/<code>/edit/: the office corrects a unit; every error in Chinese next to its field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from dudao.directory.models import Unit


def url(unit: Unit) -> str:
    return reverse("directory:edit", args=[unit.code])


def form_data(unit: Unit, **changes: Any) -> dict[str, Any]:
    data = {
        "name": unit.name,
        "kind": unit.kind,
        "level": unit.level,
        "parent": unit.parent_id or "",
        "contact_person": unit.contact_person,
        "contact_phone": unit.contact_phone,
    }
    return {**data, **changes}


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_only_the_office_administrator_may_edit(client: Client, people: dict[str, Any], who: str) -> None:
    client.force_login(people[who])
    unit_a = people["unit_a"]

    assert client.get(url(unit_a)).status_code == 403
    assert client.post(url(unit_a), form_data(unit_a, name="改名")).status_code == 403
    assert Unit.objects.get(pk=unit_a.pk).name == "市编办"


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict[str, Any]) -> None:
    assert client.post(url(people["unit_a"]), {}).status_code == 302


def test_the_form_shows_the_units_current_values(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    page = client.get(url(people["unit_a"])).content.decode()

    assert 'value="市编办"' in page
    assert '<option value="party" selected>党委机关</option>' in page
    assert f'<option value="{people["city"].pk}" selected>驻马店市人民政府（市级）</option>' in page


def test_saving_redirects_to_the_unit_and_is_audited(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])
    unit_a = people["unit_a"]

    response = client.post(
        url(unit_a), form_data(unit_a, contact_person="李明", contact_phone="0396-2345678")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:detail", args=[unit_a.code])
    assert Unit.objects.get(pk=unit_a.pk).contact_person == "李明"
    assert AuditEvent.objects.get(event="unit.update").actor == people["office_admin"]
    assert "已保存单位“市编办”的修改。" in client.get(response["Location"]).content.decode()


def test_errors_are_chinese_and_next_to_their_field(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])
    city = people["city"]

    response = client.post(
        url(city), form_data(city, name="市工商局", parent=people["county"].pk, level="nowhere")
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["“市工商局”已是单位“市工商局”的名称"],
        "level": ["选择一个有效的选项。 nowhere 不在可用的选项中。"],
        "parent": ["上级单位不能是本单位的下级单位（会形成循环）"],
    }
    page = response.content.decode()
    name_field = page[page.index('for="id_name"') : page.index('for="id_kind"')]
    assert "“市工商局”已是单位“市工商局”的名称" in name_field
    assert not AuditEvent.objects.filter(event="unit.update").exists()


def test_a_missing_name_is_asked_for(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.post(url(people["unit_a"]), form_data(people["unit_a"], name=""))

    assert response.context["form"].errors == {"name": ["请填写单位名称"]}
