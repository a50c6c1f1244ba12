"""Screenshots of the browser tests: numbered full-page images, at desktop and at phone size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Camera:
    """Numbered full-page screenshots (`NN-name.png`) into one folder, in the order they were taken."""

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
