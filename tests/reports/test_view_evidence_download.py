"""/my/evidence/<evidence>/download/: evidence is served only to those who may see it, as an attachment,
after its digest is checked again."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import Evidence
from tests.reports import files
from tests.reports.builders import evidence_of, report_of


def url(item: Evidence) -> str:
    return reverse("reports:evidence_download", args=[item.pk])


def test_liaison_a_downloads_her_units_file_as_an_attachment(client: Client, people: dict) -> None:
    data = files.pdf("minutes")
    item = evidence_of(people, name="会议纪要.pdf", data=data)
    client.force_login(people["liaison_a"])

    response = client.get(url(item))

    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "leader", "office_admin", "auditor"])
def test_a_file_only_in_a_draft_is_the_units_alone(client: Client, people: dict, who: str) -> None:
    item = evidence_of(people)
    report_of(people, evidence=(item,))
    client.force_login(people[who])

    assert client.get(url(item)).status_code == 404


@pytest.mark.parametrize("who", ["leader", "office_admin"])
def test_readers_download_files_of_submitted_reports(client: Client, people: dict, who: str) -> None:
    item = evidence_of(people)
    report_of(people, status="submitted", evidence=(item,))
    client.force_login(people[who])

    assert client.get(url(item)).status_code == 200


def test_the_lead_unit_downloads_a_co_units_file_once_its_report_is_approved(
    client: Client, people: dict
) -> None:
    item = evidence_of(people, "liaison_b")
    report = report_of(people, "liaison_b", "submitted", evidence=(item,))
    client.force_login(people["liaison_a"])
    assert client.get(url(item)).status_code == 404

    from dudao.reports.services import approve_report

    approve_report(report, by=people["head_b"])

    assert client.get(url(item)).status_code == 200


def test_a_tampered_file_is_not_served(client: Client, people: dict, evidence_dir: Path) -> None:
    item = evidence_of(people)
    (evidence_dir / item.file.storage_name).write_bytes(b"%PDF-1.4 something else")
    client.force_login(people["liaison_a"])

    response = client.get(url(item))

    assert response.status_code == 500
    assert "文件校验失败" in response.content.decode()
    assert "something else" not in response.content.decode()


def test_a_missing_file_is_explained(client: Client, people: dict, evidence_dir: Path) -> None:
    item = evidence_of(people)
    (evidence_dir / item.file.storage_name).unlink()
    client.force_login(people["liaison_a"])

    response = client.get(url(item))

    assert response.status_code == 500
    assert "文件内容缺失" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client: Client, people: dict) -> None:
    assert client.get(url(evidence_of(people))).status_code == 302
