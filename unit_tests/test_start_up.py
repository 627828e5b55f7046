"""Start-up: each command imports only what it needs, and the `spec` fast path prints exactly what the
CDK's `spec` command prints."""

from __future__ import annotations

import gc
import json
import logging
import subprocess
import sys

import pytest

from destination_unified_ats import run as entry
from destination_unified_ats.destination import DestinationUnifiedAts

WRITE_PATH = [
    "destination_unified_ats.sync",
    "destination_unified_ats.pipeline",
    "destination_unified_ats.workflow",
    "destination_unified_ats.identity",
    "destination_unified_ats.input_reader",
]


@pytest.fixture(autouse=True)
def _restore_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry point sets up logging and the CDK's excepthook for a process; undo that after each test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    for logger in (logging.getLogger(), logging.getLogger("httpx"), logging.getLogger("httpcore")):
        monkeypatch.setattr(logger, "handlers", list(logger.handlers))
        monkeypatch.setattr(logger, "level", logger.level)


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code` (which may print to stdout)."""
    probe = f"{code}\nimport sys, json\nsys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_spec_fast_path_prints_the_same_bytes_as_the_cdk_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["destination-unified-ats", "spec"])
    entry.run()
    fast = capsys.readouterr().out
    DestinationUnifiedAts().run(["spec"])  # the CDK's argument parsing and run_cmd, our serialisation
    cdk = capsys.readouterr().out
    assert fast == cdk
    assert fast.endswith("\n") and fast.count("\n") == 1
    message = json.loads(fast)
    assert message["type"] == "SPEC"
    assert message["spec"]["connectionSpecification"]["required"] == ["api_token", "connection_id"]


@pytest.mark.process  # a fresh interpreter: what the command imports
def test_spec_imports_neither_airbyte_cdk_nor_the_write_path() -> None:
    loaded = _modules_after("import sys; sys.argv = ['x', 'spec']\nfrom destination_unified_ats.run import run; run()")
    assert "airbyte_cdk" not in loaded
    assert not loaded & set(WRITE_PATH)


@pytest.mark.process  # a fresh interpreter: what the command imports
def test_check_does_not_import_the_write_path() -> None:
    loaded = _modules_after("import destination_unified_ats.destination")
    assert "airbyte_cdk" in loaded  # check and write keep the CDK's argument parsing
    assert not loaded & set(WRITE_PATH)


def test_other_arguments_go_through_the_cdk_parser(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["destination-unified-ats", "spec", "--unknown-flag"])
    with pytest.raises(SystemExit) as exit_info:
        entry.run()
    assert exit_info.value.code == 2  # argparse's usage error: only the exact `spec` takes the fast path
    assert "unrecognized arguments" in capsys.readouterr().err


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_collector_is_off_while_importing_and_as_before_for_the_command(
    monkeypatch: pytest.MonkeyPatch, enabled_before: bool
) -> None:
    seen: dict[str, bool] = {}

    def init_logging() -> None:
        seen["importing"] = gc.isenabled()

    def command(self: DestinationUnifiedAts, args: list[str]) -> None:
        seen["command"] = gc.isenabled()

    monkeypatch.setattr(entry, "_init_logging", init_logging)
    monkeypatch.setattr(DestinationUnifiedAts, "run", command)
    monkeypatch.setattr(sys, "argv", ["destination-unified-ats", "check", "--config", "c.json"])
    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        entry.run()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == {"importing": False, "command": enabled_before}
