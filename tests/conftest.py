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
