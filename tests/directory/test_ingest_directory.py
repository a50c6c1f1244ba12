"""`ingest_directory()`: the office's directory as the notice parser sees it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoAssertNumQueries

from dudao.directory.models import Unit
from dudao.directory.services import add_alias, ingest_directory
from dudao.ingest import parse_file

pytestmark = pytest.mark.django_db


def test_the_parser_resolves_an_alias_to_its_unit_code(zhumadian: dict[str, Unit]) -> None:
    ref = ingest_directory().resolve("市政府法制办")

    assert (ref.unit, ref.canonical, ref.match) == ("zmd-fazhiban", "市政府法制办公室", "alias")


def test_parents_and_successors_travel_as_codes(zhumadian: dict[str, Unit]) -> None:
    directory = ingest_directory()

    office = directory.get("zmd-fazhiban")
    assert office is not None
    assert office.parent == "zmd-gov"
    assert (office.successor, office.successor_from) == ("zmd-sifa", datetime.date(2019, 1, 1))
    assert directory.get("zmd-xiping").parent == "zmd-gov"  # type: ignore[union-attr]


def test_the_sample_notice_names_22_units_of_the_directory(zhumadian: dict[str, Unit]) -> None:
    notice = parse_file("samples/zhumadian-2018.txt", directory=ingest_directory())

    named = {ref.unit for task in notice.tasks for ref in task.unit_refs if ref.unit}
    assert len(named) == 22
    assert {"zmd-fazhiban", "zmd-bianban", "zmd-gongshang"} <= named


def test_reads_one_query_per_table(
    zhumadian: dict[str, Unit], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):
        directory = ingest_directory()

    assert len(directory.units()) == 40


def test_an_alias_added_today_resolves_at_once(zhumadian: dict[str, Unit]) -> None:
    assert ingest_directory().resolve("驻马店市编委办").match != "alias"

    add_alias(zhumadian["zmd-bianban"], "驻马店市编委办", by=AnonymousUser())

    assert ingest_directory().resolve("驻马店市编委办").unit == "zmd-bianban"


def test_an_empty_directory_resolves_nothing() -> None:
    assert ingest_directory().resolve("市编办").match == "unresolved"
