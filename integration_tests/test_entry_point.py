"""The connector as a process, and the in-process harness the behavioural suites use instead.

These tests keep the real process (`run_connector(..., process=True)`): the protocol on real pipes, exit
statuses, the console script. Each scenario also runs in-process and the two must agree, which is what
lets every other integration test run in-process. They also check the in-process runs leave the test
interpreter as they found it.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import threading
from typing import Any

import pytest

from destination_unified_ats.destination import DestinationUnifiedAts
from integration_tests.conftest import connector_config
from integration_tests.harness import RunResult, catalog, parse_messages, record, run_connector, stream_state
from unified_ats_simulator import SimulatorServer

PEOPLE = [
    record("people", {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"}),
    record("people", {"email": "grace@example.com", "name": "Grace Hopper"}),
    stream_state("people", 1, state_id=11),
    record("people", {"email": "not-an-email"}),
    record("people", {"email": "ADA@example.com"}),
    stream_state("people", 2, state_id=12),
]


def _protocol(result: RunResult) -> list[dict[str, Any]]:
    """Everything but the log lines (which carry timings): states, traces, anything unparsed. A trace's
    time and its stack's outer frames (the console script's or the harness's) differ by nature; the
    exception the stack ends with must not."""
    return [_comparable(m) for m in result.messages if m.get("type") != "LOG"]


def _comparable(message: dict[str, Any]) -> dict[str, Any]:
    if message.get("type") != "TRACE":
        return message
    trace = {k: v for k, v in message["trace"].items() if k != "emitted_at"}
    error = trace.get("error")
    if isinstance(error, dict) and isinstance(error.get("stack_trace"), str):
        trace["error"] = {**error, "stack_trace": error["stack_trace"].strip().splitlines()[-1]}
    return {**message, "trace": trace}


def _warnings(result: RunResult) -> list[str]:
    return [m["log"]["message"] for m in result.of_type("LOG") if m["log"]["level"] in ("WARN", "ERROR", "FATAL")]


def _both(scenario: Any) -> tuple[RunResult, RunResult]:
    """The scenario (a function of `process`) run as a process and in-process."""
    return scenario(process=True), scenario(process=False)


@pytest.mark.process
def test_a_write_gives_the_same_messages_on_real_pipes_and_in_process() -> None:
    stores = []

    def scenario(process: bool) -> RunResult:
        with SimulatorServer() as sim:
            result = run_connector("write", connector_config(sim), catalog("people"), PEOPLE, process=process)
            stores.append(sorted(c["emails"][0]["email"] for c in sim.store.candidates()))
        return result

    real, in_process = _both(scenario)
    assert real.returncode == in_process.returncode == 0, real.stdout[-2000:] + in_process.stdout[-2000:]
    assert [s["id"] for s in real.states] == [11, 12]
    assert _protocol(in_process) == _protocol(real)
    assert _warnings(in_process) == _warnings(real)
    assert stores[0] == stores[1] == ["ada@example.com", "grace@example.com"]


@pytest.mark.process
def test_a_config_error_exits_1_with_the_same_trace() -> None:
    def scenario(process: bool) -> RunResult:
        with SimulatorServer(is_paused=True) as sim:
            return run_connector("write", connector_config(sim), catalog("people"), PEOPLE, process=process)

    real, in_process = _both(scenario)
    assert real.returncode == in_process.returncode == 1
    assert [e["failure_type"] for e in real.errors] == ["config_error"]
    assert _protocol(in_process) == _protocol(real)


@pytest.mark.process
def test_an_uncaught_exception_is_a_trace_and_exit_1_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug (injected: argument parsing raises) goes through the CDK's excepthook in both ways."""

    def parse_args(self: DestinationUnifiedAts, args: list[str]) -> Any:
        raise RuntimeError("injected bug")

    inject = (
        "from destination_unified_ats.destination import DestinationUnifiedAts\n"
        "def parse_args(self, args): raise RuntimeError('injected bug')\n"
        "DestinationUnifiedAts.parse_args = parse_args\n"
        "from destination_unified_ats.run import run\n"
        "run()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", inject, "check", "--config", "unused.json"], capture_output=True, text=True, timeout=120
    )
    real = RunResult(proc.returncode, proc.stdout, proc.stderr, parse_messages(proc.stdout))
    monkeypatch.setattr(DestinationUnifiedAts, "parse_args", parse_args)
    in_process = run_connector("check", extra_args=["--config", "unused.json"])

    assert real.returncode == in_process.returncode == 1
    assert [e["failure_type"] for e in real.errors] == ["system_error"]
    assert real.errors[0]["internal_message"] == "injected bug"
    assert _protocol(in_process) == _protocol(real)
    assert any("injected bug" in line for line in in_process.logs)


@pytest.mark.process
def test_a_usage_error_exits_2_both_ways() -> None:
    real, in_process = _both(lambda process: run_connector("write", {"api_token": "x"}, process=process))
    assert real.returncode == in_process.returncode == 2
    assert "--catalog" in real.stderr and "--catalog" in in_process.stderr
    assert real.stdout == in_process.stdout == ""


@pytest.mark.process
def test_spec_and_check_through_the_console_script(sim: SimulatorServer) -> None:
    spec_real, spec_in_process = _both(lambda process: run_connector("spec", process=process))
    assert spec_real.returncode == 0 and spec_real.stdout == spec_in_process.stdout
    assert json.loads(spec_real.stdout)["type"] == "SPEC"
    check = run_connector("check", connector_config(sim), process=True)
    assert check.returncode == 0
    assert check.of_type("CONNECTION_STATUS")[0]["connectionStatus"]["status"] == "SUCCEEDED"


def _interpreter() -> dict[str, Any]:
    root = logging.getLogger()
    secrets = sys.modules.get("airbyte_cdk.utils.airbyte_secrets_utils")
    return {
        "root_handlers": list(root.handlers),
        "root_level": root.level,
        "httpx_level": logging.getLogger("httpx").level,
        "excepthook": sys.excepthook,
        "streams": (sys.stdin, sys.stdout, sys.stderr),
        "argv": list(sys.argv),
        "signals": {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)},
        "secrets": list(getattr(secrets, "__SECRETS_FROM_CONFIG", [])) if secrets else [],
        "threads": set(threading.enumerate()),
    }


@pytest.mark.parametrize("paused", [False, True], ids=["ok", "exits-1"])
def test_an_in_process_run_leaves_the_interpreter_as_it_found_it(paused: bool) -> None:
    with SimulatorServer(is_paused=paused) as sim:
        before = _interpreter()
        result = run_connector("write", connector_config(sim), catalog("people"), PEOPLE)
        after = _interpreter()
    assert result.returncode == (1 if paused else 0)
    assert after == before
    assert sim.token not in result.stdout  # the CDK's secret filter was active during the run


def test_an_in_process_run_that_overstays_its_timeout_is_stopped_and_cleaned_up() -> None:
    with SimulatorServer(latency_ms=5000) as sim:
        before = _interpreter()
        with pytest.raises(subprocess.TimeoutExpired):
            run_connector("write", connector_config(sim), catalog("people"), PEOPLE, timeout=1)
        assert _interpreter() == before
    # The next run is not affected.
    with SimulatorServer() as sim:
        assert run_connector("write", connector_config(sim), catalog("people"), PEOPLE).returncode == 0
