"""Browser tests: Playwright driving Debian's Chromium against a live server.

Screenshots of every screen go to var/screenshots/<test name>/NN-name.png so a person can look at them;
the folder is emptied when the test starts, so what is there is what the last run saw.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.e2e.camera import DESKTOP, Camera

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Playwright waits up to 30 s by default; a page of this product answers in well under a second, so a
# step that waits longer than this has failed, and the run should say so while it is still short.
TIMEOUT_MS = 10_000
_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread for as long as it is open, and Django refuses
    # ORM calls while a loop runs; the tests' own ORM calls (fixtures, assertions) are plain synchronous
    # code, so allow them for the browser's lifetime only. Package scope closes the browser, its loop and
    # this allowance once the browser tests are done: the rest of the suite keeps Django's check.
    before = os.environ.get(_ASYNC_UNSAFE)
    os.environ[_ASYNC_UNSAFE] = "true"
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop(_ASYNC_UNSAFE, None)
        else:
            os.environ[_ASYNC_UNSAFE] = before


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Path:
    folder = Path(settings.BASE_DIR) / "var" / "screenshots" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):  # a screen the test no longer visits must not linger
        old.unlink()
    return folder


@pytest.fixture
def camera(screenshots: Path) -> Camera:
    return Camera(screenshots)


@pytest.fixture
def evidence_dir(settings: Any, tmp_path: Path) -> Path:
    """Evidence files go to a fresh directory, through the same storage API as in production; the live
    server runs in this process, so it sees the changed setting."""
    location = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": None},
        },
    }
    return location


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test, so a fixture can tell at teardown whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def sign_in(
    request: pytest.FixtureRequest, browser: Any, live_server: Any, screenshots: Path
) -> Iterator[Any]:
    """`sign_in("li", password)` → a desktop page of a fresh browser context, signed in through the login
    form. One context per person, as if each sat at their own computer."""
    contexts: list[tuple[str, Any]] = []

    def open_as(username: str, password: str, *, camera: Camera | None = None) -> Any:
        from playwright.sync_api import expect

        context = browser.new_context(
            base_url=live_server.url,
            viewport=DESKTOP,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append((username, context))
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        if camera is not None:
            camera.shoot(page, "login")
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("button", name="退出")).to_be_visible()
        return page

    yield open_as
    call = getattr(request.node, "report_call", None)
    for username, context in contexts:
        if call is not None and call.failed:
            # What each person's screen showed when the test failed.
            for page in context.pages:
                page.screenshot(path=str(screenshots / f"failed-{username}.png"), full_page=True)
        context.close()
