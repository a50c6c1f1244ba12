"""The health check asks the real database (SQLite or PostgreSQL, whichever the run uses)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthy_database_answers_ok(client: Client) -> None:
    response = client.get(reverse("web:healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_failing_database_answers_503(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    def refuse(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get(reverse("web:healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert "connection refused" not in response.content.decode()
    assert "the database did not answer" in caplog.text


@pytest.mark.django_db
def test_head_is_allowed_for_monitors(client: Client) -> None:
    response = client.head(reverse("web:healthz"))

    assert response.status_code == 200


def test_healthz_has_no_trailing_slash() -> None:
    assert reverse("web:healthz") == "/healthz"
