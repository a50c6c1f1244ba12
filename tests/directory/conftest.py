"""Fixtures for the directory tests: the sample city's directory as the demo loads it."""

from __future__ import annotations

import pytest

from dudao.directory.models import Unit


@pytest.fixture
def zhumadian(db: None) -> dict[str, Unit]:
    """The built-in directory (40 units, codes zmd-…), loaded through the service under test elsewhere."""
    from dudao.directory.services import load_builtin_directory

    load_builtin_directory()
    return {unit.code: unit for unit in Unit.objects.all()}
