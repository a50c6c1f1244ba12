"""/directory/export.xlsx: the directory as the office's sheet, downloaded and audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.audit.models import AuditEvent
from tests.directory.sheets import read_back

URL = reverse("directory:export")


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "county_office", "leader", "auditor"])
def test_only_the_office_administrator_may_download(client: Client, people: dict[str, Any], who: str) -> None:
    client.force_login(people[who])

    assert client.get(URL).status_code == 403
    assert not AuditEvent.objects.filter(event="directory.export").exists()


def test_anonymous_visitors_are_sent_to_log_in(client: Client, db: None) -> None:
    assert client.get(URL).status_code == 302


def test_the_download_is_the_directory_sheet(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["office_admin"])

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith(
        "attachment; filename*=utf-8''%E5%8D%95%E4%BD%8D%E5%90%8D%E5%BD%95-"
    )
    title, rows = read_back(response.content)
    assert title == "单位名录"
    assert sorted(r[1] for r in rows[1:]) == sorted(
        ["驻马店市人民政府", "市司法局", "市编办", "市工商局", "西平县人民政府"]
    )
    event = AuditEvent.objects.get(event="directory.export")
    assert (event.actor, event.summary) == (people["office_admin"], "导出单位名录")
