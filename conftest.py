"""Suite-wide ordering: slow tests (container, real sources, chaos) run last, so the environments that
scripts/test.sh prepares in the background are ready by the time they start."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("slow") is not None)
