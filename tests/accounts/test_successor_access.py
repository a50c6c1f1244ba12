"""Reforms: a unit's work follows its successor from the reform date; history keeps the old name."""

from __future__ import annotations

import datetime

import time_machine
from django.test import Client
from django.urls import reverse

from dudao.accounts import access
from dudao.accounts.models import User
from dudao.directory.models import Unit
from dudao.plans.models import Assignment
from dudao.reports import services
from tests.factories import make_task, make_unit, make_user


def _reform(people: dict) -> tuple[Unit, User, User, Assignment]:
    """2018: the task is 市政府法制办公室's; from 2019-01-01 市司法局 succeeds it."""
    old = make_unit("市政府法制办公室", parent=people["city"])
    new = make_unit("市司法局（改革后）", parent=people["city"])
    Unit.objects.filter(pk=old.pk).update(successor=new, successor_from=datetime.date(2019, 1, 1))
    task = make_task(people["plan"], number="(七)", title="积极推进政府法律顾问制度", lead=old)
    liaison = make_user("sifa_liaison", User.Role.LIAISON, new)
    head = make_user("sifa_head", User.Role.HEAD, new)
    return new, liaison, head, task.assignments.get(unit=old)


@time_machine.travel(datetime.datetime(2018, 11, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_before_the_reform_the_successor_sees_nothing_of_it(people: dict) -> None:
    _, liaison, _, assignment = _reform(people)

    assert assignment not in access.my_assignments_for(liaison)
    assert not access.can_write_unit_work(liaison, assignment.unit_id)


@time_machine.travel(datetime.datetime(2019, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_after_the_reform_the_successor_carries_the_task_under_its_old_name(
    people: dict, client: Client
) -> None:
    _, liaison, head, assignment = _reform(people)

    assert assignment in access.my_assignments_for(liaison)
    client.force_login(liaison)
    page = client.get(reverse("reports:my_tasks"))
    assert "积极推进政府法律顾问制度" in page.content.decode()

    report = services.save_report(
        assignment, milestone=None, body="已建立法律顾问制度。", evidence=[], by=liaison
    )
    services.submit_report(report, by=liaison, version=report.version)
    report.refresh_from_db()
    services.approve_report(report, by=head)
    report.refresh_from_db()
    assert report.status == "approved"
    assignment.refresh_from_db()
    assert assignment.printed_name == "市政府法制办公室"  # history keeps the name printed in 2018


@time_machine.travel(datetime.datetime(2019, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
def test_another_unit_never_inherits_it(people: dict) -> None:
    _, _, _, assignment = _reform(people)

    assert assignment not in access.my_assignments_for(people["liaison_b"])
    assert not access.can_write_unit_work(people["liaison_b"], assignment.unit_id)
