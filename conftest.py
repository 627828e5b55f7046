"""Suite-wide ordering and markers.

Slow tests (container, real sources, chaos) run last, so the environments that scripts/test.sh prepares in
the background are ready by the time they start.

Most integration tests run the connector in-process (`integration_tests/harness.run_connector`). The
tests that start a real process, because the process is the point, carry the `process` marker: the ones
listed here (by test id prefix or name), and those marked in their own module
(`integration_tests/test_entry_point.py`, `unit_tests/test_start_up.py`).
"""

from __future__ import annotations

import pytest

PROCESS_TESTS = {
    "integration_tests/test_chaos.py": "kill -9 and replay of the real connector process",
    "integration_tests/container/": "the image built with podman, run as `podman run -i`",
    "integration_tests/real_sources/": "PyAirbyte runs the console script behind real sources",
    "integration_tests/simulator/test_admin_and_cli.py::test_cli_": "the simulator's own command line and SIGTERM",
}
PROCESS_TEST_NAMES = {
    "::test_docker_image_": "the CDK's standard tests run against the image (integration_tests/standard_tests/)",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "process: starts a real process (the connector's or the simulator's)")


def pytest_itemcollected(item: pytest.Item) -> None:
    if any(item.nodeid.startswith(p) for p in PROCESS_TESTS) or any(n in item.nodeid for n in PROCESS_TEST_NAMES):
        item.add_marker(pytest.mark.process)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("slow") is not None)
