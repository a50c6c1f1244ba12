"""Fixtures and hooks shared by the whole test suite."""

import pytest


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Name the database the run uses, so a CI log shows whether SQLite or PostgreSQL was tested."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    vendor = database["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return ["database: sqlite3 (in-memory test database)"]
    where = f"{database['HOST']}:{database['PORT']}"
    return [f"database: {vendor} at {where} (test database test_{database['NAME']})"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """PBKDF2 at its production strength costs ~0.5 s a user; tests need no real hashing strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def people(db: None) -> dict:
    """The cast of every access test: an office administrator, two units' liaisons and heads, a county
    office, a leader, an auditor, and a published plan whose one task unit A leads and unit B shares."""
    from dudao.accounts.models import User
    from dudao.directory.models import Unit
    from tests.factories import make_plan, make_task, make_unit, make_user

    city = make_unit("驻马店市人民政府", kind=Unit.Kind.GOVERNMENT)
    office = make_unit("市司法局", parent=city)
    unit_a = make_unit("市编办", parent=city, kind=Unit.Kind.PARTY)
    unit_b = make_unit("市工商局", parent=city)
    county = make_unit("西平县人民政府", kind=Unit.Kind.GOVERNMENT, level=Unit.Level.COUNTY, parent=city)
    cast = {
        "office_admin": make_user("office_admin", User.Role.OFFICE_ADMIN, office),
        "liaison_a": make_user("liaison_a", User.Role.LIAISON, unit_a),
        "head_a": make_user("head_a", User.Role.HEAD, unit_a),
        "liaison_b": make_user("liaison_b", User.Role.LIAISON, unit_b),
        "head_b": make_user("head_b", User.Role.HEAD, unit_b),
        "county_office": make_user("county_office", User.Role.COUNTY_OFFICE, county),
        "leader": make_user("leader", User.Role.LEADER),
        "auditor": make_user("auditor", User.Role.AUDITOR),
    }
    plan = make_plan(cast["office_admin"])
    task = make_task(plan, lead=unit_a, others=(unit_b,))
    return {
        **cast,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "county": county,
        "city": city,
        "plan": plan,
        "task": task,
    }
