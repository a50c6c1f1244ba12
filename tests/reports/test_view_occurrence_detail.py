"""/my/occurrences/<occurrence>/: one logged occurrence."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dudao.reports.models import Occurrence


@pytest.fixture
def lecture(people: dict) -> Occurrence:
    return Occurrence.objects.create(
        unit=people["unit_a"], kind=Occurrence.Kind.LECTURE, held_on=datetime.date(2018, 5, 1),
        title="法治专题讲座：行政复议", participant_count=30, recorded_by=people["liaison_a"],
    )  # fmt: skip


def url(occurrence: Occurrence) -> str:
    return reverse("reports:occurrence_detail", args=[occurrence.pk])


@pytest.mark.parametrize("who", ["liaison_a", "head_a", "leader", "office_admin"])
def test_the_unit_and_the_readers_see_it(client: Client, people: dict, lecture: Occurrence, who: str) -> None:
    client.force_login(people[who])

    response = client.get(url(lecture))

    assert response.status_code == 200
    assert "法治专题讲座：行政复议" in response.content.decode()


@pytest.mark.parametrize("who", ["liaison_b", "head_b", "county_office", "auditor"])
def test_another_unit_cannot_find_it(client: Client, people: dict, lecture: Occurrence, who: str) -> None:
    client.force_login(people[who])

    assert client.get(url(lecture)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client: Client, lecture: Occurrence) -> None:
    assert client.get(url(lecture)).status_code == 302
