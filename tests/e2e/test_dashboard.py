"""SCENARIOS.md §3 in a real browser: 赵 (leader) opens the dashboard on the demo year and clicks from
the red figure to the list of units behind it.

The data is what `manage.py load_demo` builds: the sample city, its people, and this year's copy of the
sample plan lived up to today (reports approved, returned and late, occurrences, orders). The test reads
the red figure, clicks it, and requires the overdue list to hold exactly that many rows, most days
late first; then follows one unit to its page. Screens go to var/screenshots/test_dashboard/ at
desktop and phone size; look at them after a change to any of these pages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from dudao.directory import demo, services
from dudao.web import demo_year
from tests.e2e.camera import Camera

PASSWORD = "dashboard-2018"


@pytest.fixture
def demo_data(settings: Any) -> None:
    """`load_demo`'s directory, people and demo year (the 2018 sample itself is not needed here)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    services.load_builtin_directory()
    people = demo.ensure_people(PASSWORD)
    office = next(user for user in people.users if user.is_office_admin)
    outcome = demo_year.publish_demo_year(office)
    assert outcome.plan is not None, outcome.message
    demo_year.live_the_year(outcome.plan, office=office)


def _number(text: str) -> int:
    found = re.search(r"\d+", text)
    assert found, text
    return int(found.group())


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Any:
    """Into var/screenshots/test_dashboard/ whatever the test function is called."""
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "var" / "screenshots" / "test_dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


def test_the_red_figure_leads_to_the_overdue_list(sign_in: Any, camera: Camera, demo_data: None) -> None:
    page = sign_in("zhao", PASSWORD)  # 赵峰, the leader
    page.get_by_role("link", name="督导总览").first.click()
    expect(page.get_by_role("heading", name="督导总览")).to_be_visible()
    expect(page.locator("#chart-sections canvas")).to_be_visible()  # ECharts drew the bars
    camera.shoot(page, "dashboard")
    camera.shoot_phone(page, "dashboard")

    red = _number(page.locator('[data-figure="red"]').inner_text())
    assert red > 0, "the demo year has units that fell behind"
    page.locator('[data-figure-link="red"]').click()

    expect(page.get_by_role("heading", name="红灯事项")).to_be_visible()
    assert _number(page.locator('[data-figure="items-total"]').inner_text()) == red
    rows = page.locator("table.items tbody tr")
    assert rows.count() == min(red, 50)
    late = [int(text) if text.isdigit() else 0 for text in rows.locator("td:nth-child(6)").all_inner_texts()]
    dated = [days for days in late if days]
    assert dated == sorted(dated, reverse=True), "most days late first"
    camera.shoot(page, "overdue-list")
    camera.shoot_phone(page, "overdue-list")

    unit = rows.first.locator("td").first.inner_text()
    rows.first.get_by_role("link", name=unit).click()
    expect(page.get_by_role("heading", name=re.compile(re.escape(unit)))).to_be_visible()
    expect(page.locator(".light.red").first).to_be_visible()
    camera.shoot(page, "unit")
    camera.shoot_phone(page, "unit")
