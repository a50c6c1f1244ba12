"""Calling the API as one of the `people`: a bearer token per person, issued the way the token page does."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dudao.accounts.models import ApiToken, User


@pytest.fixture(autouse=True)
def evidence_dir(settings: Any, tmp_path: Path) -> Path:
    """Evidence goes to a fresh directory per test, through the same storage API as in production."""
    location = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class ApiClient:
    """A test client that speaks JSON and sends one user's bearer token."""

    def __init__(self, client: Client, user: User | None) -> None:
        self.client = client
        self.headers = {}
        if user is not None:
            _token, key = ApiToken.issue(user, "测试")
            self.headers = {"Authorization": f"Bearer {key}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(path, data or {}, content_type="application/json", headers=self.headers)

    def put(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.put(path, data or {}, content_type="application/json", headers=self.headers)

    def upload(self, path: str, files: dict[str, Any]) -> Any:
        return self.client.post(path, files, headers=self.headers)


ApiAs = Callable[[str | None], ApiClient]


@pytest.fixture
def api(people: dict, client: Client) -> ApiAs:
    """`api("liaison_a").get("/api/v1/tasks/")`; `api(None)` calls without a token."""

    def as_person(name: str | None) -> ApiClient:
        return ApiClient(client, people[name] if name else None)

    return as_person
