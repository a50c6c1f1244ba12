"""IDOR: every URL that takes an object id, asked for unit A's object by everyone who must not have it.

The suite walks the project's whole URLconf (pages, downloads and the JSON API alike). Each pattern
with a parameter must appear in `CASES`, which says how to fill it with one of unit A's objects and
who must be refused; a new id-taking URL that is not in the table fails `test_every_id_url_is_covered`
and its own parametrised case, so nobody can add one untested. Parameters that name no object (the
rest of an unknown API path) are listed in `NOT_OBJECTS`, with the reason.

Every outsider's request must answer 403 or 404 (405 is accepted for a method the view does not
serve, as long as some method reached the access check); anonymous visitors get the same or a
redirect to the login page (401 from the API). Nothing may change in the database either.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dudao.accounts.models import ApiToken, User
from dudao.plans.models import Assignment, Milestone, NoticeImport, Plan, Task
from dudao.reports import services
from dudao.reports.models import ConsolidatedReport, Evidence, Occurrence, ProgressReport
from tests.factories import make_plan, make_task

# Who must be refused, by the kind of object.
OTHER_UNITS = ("liaison_b", "head_b", "county_office", "auditor")
# A unit's drafts and unattached uploads are its own: not even the office or a leader reads them.
UNIT_PRIVATE = (*OTHER_UNITS, "office_admin", "leader")
# The office's own work (notice imports, the directory, plan amendments).
NON_ADMINS = ("liaison_a", "head_a", "liaison_b", "head_b", "county_office", "leader", "auditor")
# A published plan's pages, for those who do not read everything (leaders read them, without the forms).
NON_READERS = tuple(who for who in NON_ADMINS if who != "leader")

PAGE_METHODS = ("get", "post")
API_METHODS = ("get", "post", "put", "patch", "delete")
REFUSED = frozenset({403, 404})
NOT_SERVED = 405

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class World:
    """The shared cast plus one of each kind of object that belongs to unit A (市编办) alone."""

    people: dict[str, Any]
    plan: Plan
    task: Task
    assignment: Assignment
    milestone: Milestone
    event: Milestone
    draft: ProgressReport
    consolidated: ConsolidatedReport
    occurrence: Occurrence
    evidence: Evidence
    notice_import: NoticeImport
    tokens: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """How to point one URL at unit A's object, and who must not get it."""

    kwargs: Callable[[World], dict[str, Any]]
    outsiders: tuple[str, ...] = OTHER_UNITS
    # A JSON body for the API's writes, valid enough that validation passes and the access check decides.
    json: Callable[[World], dict[str, Any]] = lambda world: {}
    why: str = ""


def _assignment(w: World) -> dict[str, Any]:
    return {"assignment_id": w.assignment.pk}


def _draft(w: World) -> dict[str, Any]:
    return {"report_id": w.draft.pk}


def _import(w: World) -> dict[str, Any]:
    return {"import_id": w.notice_import.pk}


def _unit(w: World) -> dict[str, Any]:
    return {"code": w.people["unit_a"].code}


def _plan(w: World) -> dict[str, Any]:
    return {"plan_id": w.plan.pk}


def _report_edit(w: World) -> dict[str, Any]:
    return {"version": 1, "body": "越权修改"}


def _notification(w: World) -> dict[str, Any]:
    """liaison_a's own notification (made here, before the snapshot, so the world stays as it was)."""
    from dudao.reminders.models import Notification

    note, _ = Notification.objects.get_or_create(recipient=w.people["liaison_a"], kind="test", subject="通知")
    return {"notification_id": note.pk}


# Everyone's inbox is their own: even the same unit's head does not read the liaison's notifications.
NOT_RECIPIENT = ("head_a", "liaison_b", "head_b", "county_office", "office_admin", "leader", "auditor")


def _order(w: World) -> dict[str, Any]:
    """A supervision order addressed to unit A (issued here, before the snapshot); office and leaders read it."""
    from django.utils import timezone

    from dudao.orders.services import issue_order

    due = timezone.localdate() + datetime.timedelta(days=10)
    order = issue_order(
        w.people["unit_a"], task=w.task, reason="督办", response_due=due, by=w.people["office_admin"]
    )
    return {"order_id": order.pk}


def _rectification(w: World) -> dict[str, Any]:
    """A problem an inspection found at unit A (recorded here, before the snapshot)."""
    from django.utils import timezone

    from dudao.rectification.services import record_rectification

    today = timezone.localdate()
    item = record_rectification(
        w.people["unit_a"], source="督察", found_on=today, problem="问题", deadline=today,
        by=w.people["office_admin"],
    )  # fmt: skip
    return {"rectification_id": item.pk}


def _bulletin(w: World) -> dict[str, Any]:
    """A draft bulletin on unit A's plan (generated here, before the snapshot): the office's alone."""
    from dudao.bulletins import services as bulletins

    bulletin = bulletins.request_bulletin(
        w.plan, datetime.date(2019, 1, 1), datetime.date(2019, 3, 31), by=w.people["office_admin"]
    )
    bulletins.generate(bulletin.pk)
    return {"bulletin_id": bulletin.pk}


CASES: dict[str, Case] = {
    # Pages: a unit's work.
    "reports:task_detail": Case(_assignment),
    "reports:report_create": Case(_assignment),
    "reports:delegate": Case(_assignment),
    "reports:withdraw": Case(_assignment),
    "reports:consolidated_save": Case(_assignment),
    "reports:consolidated_submit": Case(_assignment),
    "reports:report_detail": Case(_draft, UNIT_PRIVATE),
    "reports:report_edit": Case(_draft, UNIT_PRIVATE),
    "reports:report_submit": Case(_draft, UNIT_PRIVATE),
    "reports:report_approve": Case(_draft, UNIT_PRIVATE),
    "reports:report_return": Case(_draft, UNIT_PRIVATE),
    "reports:occurrence_detail": Case(lambda w: {"occurrence_id": w.occurrence.pk}),
    "reports:evidence_download": Case(lambda w: {"evidence_id": w.evidence.pk}, UNIT_PRIVATE),
    "reports:evidence_preview": Case(lambda w: {"evidence_id": w.evidence.pk}, UNIT_PRIVATE),
    # Pages: the office's directory, imports and plans.
    "directory:detail": Case(_unit, NON_ADMINS),
    "directory:edit": Case(_unit, NON_ADMINS),
    "directory:alias_add": Case(_unit, NON_ADMINS),
    "directory:alias_remove": Case(_unit, NON_ADMINS),
    "directory:successor": Case(_unit, NON_ADMINS),
    "plans:review": Case(_import, NON_ADMINS),
    "plans:resolve_unit": Case(_import, NON_ADMINS),
    "plans:expand_placeholder": Case(_import, NON_ADMINS),
    "plans:task_placeholders": Case(lambda w: {**_import(w), "index": 0}, NON_ADMINS),
    "plans:confirm_lead": Case(_import, NON_ADMINS),
    "plans:confirm_subordinate": Case(_import, NON_ADMINS),
    "plans:publish": Case(_import, NON_ADMINS),
    "plans:discard": Case(_import, NON_ADMINS),
    "plans:detail": Case(_plan, NON_READERS, why="leaders read every published plan's ledger"),
    "plans:add_task": Case(_plan, NON_ADMINS),
    "plans:amend_task": Case(lambda w: {**_plan(w), "task_id": w.task.pk}, NON_ADMINS),
    "plans:activate_event": Case(lambda w: {**_plan(w), "milestone_id": w.event.pk}, NON_ADMINS),
    # Pages: the holiday arrangement (a year is no secret, but only the office writes it; leaders read).
    "workdays:year": Case(lambda w: {"year": 2027}, NON_READERS, why="leaders read the calendar"),
    "workdays:edit": Case(lambda w: {"year": 2027}, NON_ADMINS),
    "workdays:day_set": Case(lambda w: {"year": 2027}, NON_ADMINS),
    "workdays:day_remove": Case(lambda w: {"year": 2027}, NON_ADMINS),
    "workdays:delete": Case(lambda w: {"year": 2027}, NON_ADMINS),
    # Notifications and the office's 催办.
    "reminders:read": Case(_notification, NOT_RECIPIENT),
    "reminders:remind": Case(lambda w: {**_assignment(w), "milestone_id": w.milestone.pk}, NON_ADMINS),
    # Pages: supervision orders and rectification addressed to unit A (the office and leaders read them).
    "orders:detail": Case(_order),
    "orders:print": Case(_order),
    "orders:answer": Case(_order),
    "orders:close": Case(_order),
    "orders:return": Case(_order),
    "rectification:detail": Case(_rectification),
    "rectification:submit": Case(_rectification),
    "rectification:close": Case(_rectification),
    "rectification:return": Case(_rectification),
    # Pages: bulletins (drafts are the office's; leaders and units read only issued ones).
    "bulletins:detail": Case(_bulletin, NON_ADMINS),
    "bulletins:status": Case(_bulletin, NON_ADMINS),
    "bulletins:edit": Case(_bulletin, NON_ADMINS),
    "bulletins:issue": Case(_bulletin, NON_ADMINS),
    "bulletins:retry": Case(_bulletin, NON_ADMINS),
    "bulletins:docx": Case(_bulletin, NON_ADMINS),
    # The supervision dashboard: a unit's page is its own (the office and leaders read every one).
    "supervision:unit": Case(_unit),
    # Downloads.
    "exports:plan_ledger": Case(_plan),
    # The JSON API.
    "api:unit_detail": Case(_unit, ("auditor",), why="the directory is shared by everyone at work"),
    "api:plan_detail": Case(_plan),
    "api:task_detail": Case(lambda w: {"task_id": w.task.pk}),
    "api:report_detail": Case(_draft, UNIT_PRIVATE, json=_report_edit),
    "api:report_update": Case(_draft, UNIT_PRIVATE, json=_report_edit),
    "api:report_submit": Case(_draft, UNIT_PRIVATE, json=lambda w: {"version": 1}),
    "api:report_approve": Case(_draft, UNIT_PRIVATE),
    "api:report_return": Case(_draft, UNIT_PRIVATE, json=lambda w: {"reason": "越权退回"}),
    "api:consolidated_detail": Case(lambda w: {"consolidated_id": w.consolidated.pk}, UNIT_PRIVATE),
    "api:consolidated_submit": Case(
        lambda w: {"consolidated_id": w.consolidated.pk}, UNIT_PRIVATE, json=lambda w: {"version": 1}
    ),
    "api:plan_rollup": Case(_plan, NON_READERS, why="the dashboard's figures: office and leaders only"),
    "api:order_detail": Case(_order),
    "api:occurrence_detail": Case(lambda w: {"occurrence_id": w.occurrence.pk}),
    "api:evidence_detail": Case(lambda w: {"evidence_id": w.evidence.pk}, UNIT_PRIVATE),
    "api:evidence_download": Case(lambda w: {"evidence_id": w.evidence.pk}, UNIT_PRIVATE),
}

# URL parameters that name no object, so there is nothing to take from another unit.
NOT_OBJECTS: dict[str, str] = {
    "api_not_found": "the rest of an unknown /api/ path; answers 404 to everyone",
}


# --- walking the URLconf ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. reports:report_detail
    route: str
    params: tuple[str, ...]
    is_api: bool


def _params(pattern: URLPattern | URLResolver) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern.pattern, "regex", None)  # re_path() patterns name their groups instead
    return tuple(regex.groupindex) if regex is not None and not converters else ()


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", inherited: tuple[str, ...] = ()
) -> Iterator[Route]:
    for pattern in patterns:
        params = inherited + _params(pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner, params)
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            route = prefix + str(pattern.pattern)
            yield Route(name or f"<unnamed {route}>", route, params, route.startswith("api/"))


ROUTES = list(_walk(get_resolver().url_patterns))
ID_ROUTES = [route for route in ROUTES if route.params]


def test_the_walk_finds_the_projects_urls() -> None:
    names = {route.name for route in ROUTES}
    assert {"web:home", "api:report_detail", "exports:plan_ledger"} <= names


def test_every_id_url_is_covered() -> None:
    """A URL taking an id must be in CASES (or NOT_OBJECTS with a reason): add it there with its object."""
    uncovered = sorted(
        f"{route.name} (/{route.route})"
        for route in ID_ROUTES
        if route.name not in CASES and route.name not in NOT_OBJECTS
    )
    assert uncovered == [], "id-taking URLs without an IDOR case in tests/test_idor.py: " + ", ".join(
        uncovered
    )


def test_the_table_names_only_urls_that_exist() -> None:
    existing = {route.name for route in ID_ROUTES}
    assert sorted(set(CASES) - existing) == []
    assert sorted(set(NOT_OBJECTS) - existing) == []


# --- unit A's objects --------------------------------------------------------------------------------


@pytest.fixture
def world(people: dict[str, Any], settings: Any, tmp_path: Path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence", "base_url": None},
        },
    }
    liaison_a, unit_a = people["liaison_a"], people["unit_a"]
    # A plan in which unit A alone carries a task, so that no other unit has a share to see.
    plan = make_plan(people["office_admin"], year=2019, title="2019年度法治政府建设工作安排")
    task = make_task(plan, title="推进机构编制法定化", lead=unit_a)
    assignment = task.assignments.get()
    milestone = task.milestones.get()
    event = Milestone.objects.create(
        task=task, kind=Milestone.Kind.EVENT, text="待《条例》出台后", label="条例出台", active=False
    )
    evidence = services.store_evidence(SimpleUploadedFile("编办材料.pdf", PDF), unit=unit_a, by=liaison_a)
    draft = services.save_report(
        assignment, milestone=milestone, body="市编办的草稿", evidence=[evidence], by=liaison_a
    )
    consolidated = services.save_consolidated(task, by=liaison_a, body="汇总草稿", sources=(), version=None)
    occurrence = services.log_occurrence(
        unit_a, by=liaison_a, kind="study_session", held_on=datetime.date(2019, 3, 1), title="编办学法"
    )
    notice_import = NoticeImport.objects.create(
        original_name="通知.txt", sha256="0" * 64, source_format="txt", source_text="通知原文",
        parsed={"meta": {"title": "通知"}, "tasks": []}, uploaded_by=people["office_admin"],
    )  # fmt: skip
    world = World(
        people,
        plan,
        task,
        assignment,
        milestone,
        event,
        draft,
        consolidated,
        occurrence,
        evidence,
        notice_import,
    )
    for name, person in people.items():
        if isinstance(person, User):
            world.tokens[name] = ApiToken.issue(person, "IDOR")[1]
    return world


def _snapshot() -> dict[str, list[str]]:
    """Every row of the project's own tables, minus the timestamps that reading itself updates."""
    skip = {"last_login", "last_used_at"}
    state = {}
    for model in apps.get_models():
        if not model.__module__.startswith("dudao."):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in skip]
        state[model._meta.label] = sorted(map(repr, model._default_manager.values_list(*fields)))
    return state


# --- the requests ------------------------------------------------------------------------------------


def _request(
    client: Client, method: str, url: str, body: dict[str, Any], *, api: bool, token: str | None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, headers=headers)
    if api:
        return getattr(client, method)(url, body, content_type="application/json", headers=headers)
    return getattr(client, method)(url, {}, headers=headers)


def _login_url() -> str:
    return str(resolve_url(settings.LOGIN_URL))


def _check(responses: dict[str, Any], who: str, *, anonymous: bool, api: bool) -> list[str]:
    """The problems with one person's responses to every method on one URL (empty when all refused)."""
    problems = []
    for method, response in responses.items():
        status = response.status_code
        if status in REFUSED or status == NOT_SERVED:
            continue
        if anonymous and api and status == 401:
            continue
        if anonymous and not api and status == 302 and response["Location"].startswith(_login_url()):
            continue
        problems.append(f"{who} {method.upper()} → {status}")
    reached = [
        m for m, r in responses.items()
        if r.status_code in REFUSED or (anonymous and r.status_code in (302, 401))
    ]  # fmt: skip
    if not problems and not reached:
        problems.append(f"{who}: every method answered 405, so no request reached the access check")
    return problems


@pytest.mark.parametrize("route", ID_ROUTES, ids=[route.name for route in ID_ROUTES])
def test_other_units_and_anonymous_visitors_are_refused(route: Route, world: World) -> None:
    if route.name in NOT_OBJECTS:
        pytest.skip(NOT_OBJECTS[route.name])
    case = CASES.get(route.name)
    assert case is not None, f"{route.name} takes {route.params} but tests/test_idor.py has no case for it"
    url = reverse(route.name, kwargs=case.kwargs(world))
    body = case.json(world)
    methods = API_METHODS if route.is_api else PAGE_METHODS
    before = _snapshot()

    problems = []
    for who in (*case.outsiders, None):
        client = Client()
        token = None
        if who is not None:
            if route.is_api:
                token = world.tokens[who]
            else:
                client.force_login(world.people[who])
        responses = {
            method: _request(client, method, url, body, api=route.is_api, token=token) for method in methods
        }
        problems += _check(responses, who or "anonymous", anonymous=who is None, api=route.is_api)

    assert problems == [], f"{url}: " + "; ".join(problems)
    assert _snapshot() == before, f"{url}: a refused request changed the database"


def test_the_owners_do_reach_their_objects(world: World) -> None:
    """The cases point at objects that exist: unit A's own people get them, so the refusals mean something."""
    client = Client()
    client.force_login(world.people["liaison_a"])
    for name in (
        "reports:report_detail",
        "reports:task_detail",
        "reports:evidence_download",
        "exports:plan_ledger",
    ):
        url = reverse(name, kwargs=CASES[name].kwargs(world))
        assert client.get(url).status_code == 200, name
    token = {"Authorization": f"Bearer {world.tokens['liaison_a']}"}
    for name in ("api:report_detail", "api:consolidated_detail", "api:evidence_download", "api:task_detail"):
        url = reverse(name, kwargs=CASES[name].kwargs(world))
        assert client.get(url, headers=token).status_code == 200, name
    admin = Client()
    admin.force_login(world.people["office_admin"])
    for name in ("plans:detail", "directory:detail", "plans:review", "bulletins:detail"):
        url = reverse(name, kwargs=CASES[name].kwargs(world))
        assert admin.get(url).status_code == 200, name
    leader = Client()
    leader.force_login(world.people["leader"])
    for name in ("plans:detail", "exports:plan_ledger"):
        url = reverse(name, kwargs=CASES[name].kwargs(world))
        assert leader.get(url).status_code == 200, name


def test_unit_a_and_the_office_reach_unit_as_orders_and_rectifications(world: World) -> None:
    """The order and rectification cases point at objects that exist: unit A and the office get them."""
    for who in ("liaison_a", "office_admin", "leader"):
        client = Client()
        client.force_login(world.people[who])
        for name in ("orders:detail", "orders:print", "rectification:detail"):
            url = reverse(name, kwargs=CASES[name].kwargs(world))
            assert client.get(url).status_code == 200, (who, name)
