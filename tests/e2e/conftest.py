"""Browser tests: Playwright driving Debian's Chromium against a live server.

Screenshots of every screen go to var/screenshots/<test name>/NN-name.png so a person can look at them;
the folder is emptied when the test starts, so what is there is what the last run saw.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Playwright waits up to 30 s by default; a page of this product answers in well under a second, so a
# step that waits longer than this has failed, and the run should say so while it is still short.
TIMEOUT_MS = 10_000
_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls while a loop
    # runs; the test's own ORM calls (fixtures, assertions) are plain synchronous code, so allow them for
    # the browser's lifetime only — the rest of the suite keeps Django's check.
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
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


class Camera:
    """Numbered full-page screenshots (`NN-name.png`), at desktop size or at phone size too."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.taken: list[Path] = []

    def shoot(self, page: Any, name: str) -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path

    def shoot_phone(self, page: Any, name: str) -> Path:
        """The page at 390×844: nothing may stick out sideways (a phone would scroll the whole page)."""
        page.set_viewport_size(PHONE)
        try:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{page.url} is {overflow}px wider than a 390px phone screen"
            return self.shoot(page, f"{name}-phone")
        finally:
            page.set_viewport_size(DESKTOP)


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


@pytest.fixture
def sign_in(browser: Any, live_server: Any) -> Iterator[Any]:
    """`sign_in("li", password)` → a desktop page of a fresh browser context, signed in through the login
    form. One context per person, as if each sat at their own computer."""
    contexts: list[Any] = []

    def open_as(username: str, password: str, *, camera: Camera | None = None) -> Any:
        from playwright.sync_api import expect

        context = browser.new_context(
            base_url=live_server.url,
            viewport=DESKTOP,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
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
    for context in contexts:
        context.close()
