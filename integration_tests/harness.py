"""Runs the connector (`destination-unified-ats ...`, in-process or as the real process) and parses what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from integration_tests.in_process import can_run_in_process, run_entry_point

CONNECTOR = str(Path(sys.executable).parent / "destination-unified-ats")


@dataclass
class RunResult:
    returncode: int
    stdout: str
    stderr: str
    messages: list[dict[str, Any]] = field(default_factory=list)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("type") == kind]

    @property
    def states(self) -> list[dict[str, Any]]:
        return [m["state"] for m in self.of_type("STATE")]

    @property
    def logs(self) -> list[str]:
        return [m["log"]["message"] for m in self.of_type("LOG")]

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [m["trace"]["error"] for m in self.of_type("TRACE") if m["trace"].get("type") == "ERROR"]

    def log_text(self) -> str:
        return "\n".join(self.logs)


def run_connector(
    command: str,
    config: dict[str, Any] | None = None,
    catalog: dict[str, Any] | None = None,
    messages: list[dict[str, Any] | str] | None = None,
    timeout: float = 120,
    extra_args: list[str] | None = None,
    *,
    process: bool | None = None,
) -> RunResult:
    """`destination-unified-ats <command> --config ... --catalog ...` with `messages` on stdin.

    By default the console entry point runs inside the test process (see `in_process`), which spares each
    test the seconds a new interpreter spends importing airbyte-cdk. `process=True` starts the real process
    for tests where the process is the point (real pipes, exit status, signals); `CONNECTOR_TESTS_PROCESS=1`
    in the environment does so for every call (to check that both ways agree), and so does a call from a
    thread other than the main one (only the main thread may set signal handlers).
    """
    if process is None:
        process = os.environ.get("CONNECTOR_TESTS_PROCESS") == "1" or not can_run_in_process()
    with tempfile.TemporaryDirectory() as tmp:
        args = [command]
        if config is not None:
            path = Path(tmp, "config.json")
            path.write_text(json.dumps(config))
            args += ["--config", str(path)]
        if catalog is not None:
            path = Path(tmp, "catalog.json")
            path.write_text(json.dumps(catalog))
            args += ["--catalog", str(path)]
        args += extra_args or []
        stdin = "".join((m if isinstance(m, str) else json.dumps(m)) + "\n" for m in messages or [])
        if process:
            proc = subprocess.run(
                [CONNECTOR, *args],
                input=stdin,
                capture_output=True,
                text=True,
                timeout=timeout,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            returncode, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        else:
            returncode, stdout, stderr = run_entry_point(args, stdin.encode(), timeout)
    return RunResult(returncode, stdout, stderr, parse_messages(stdout))


def parse_messages(stdout: str) -> list[dict[str, Any]]:
    parsed = []
    for line in stdout.splitlines():
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            parsed.append({"type": "_RAW", "line": line})
    return parsed


def catalog(*streams: str, namespace: str | None = None, sync_mode: str = "append_dedup") -> dict[str, Any]:
    return {
        "streams": [
            {
                "stream": {
                    "name": name,
                    **({"namespace": namespace} if namespace else {}),
                    "json_schema": {"type": "object"},
                    "supported_sync_modes": ["full_refresh", "incremental"],
                },
                "sync_mode": "incremental",
                "destination_sync_mode": sync_mode,
                "primary_key": [["email"]],
            }
            for name in streams
        ]
    }


def record(stream: str, data: dict[str, Any], namespace: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"stream": stream, "data": data, "emitted_at": 1_700_000_000_000}
    if namespace:
        body["namespace"] = namespace
    return {"type": "RECORD", "record": body}


def stream_state(stream: str, cursor: Any, state_id: int | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {
        "type": "STREAM",
        "stream": {"stream_descriptor": {"name": stream}, "stream_state": {"cursor": cursor}},
    }
    if state_id is not None:
        state["id"] = state_id
    return {"type": "STATE", "state": state}


def global_state(cursor: Any, state_id: int | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {"type": "GLOBAL", "global": {"shared_state": {"cursor": cursor}, "stream_states": []}}
    if state_id is not None:
        state["id"] = state_id
    return {"type": "STATE", "state": state}


def legacy_state(cursor: Any, state_id: int | None = None) -> dict[str, Any]:
    state: dict[str, Any] = {"type": "LEGACY", "data": {"cursor": cursor}}
    if state_id is not None:
        state["id"] = state_id
    return {"type": "STATE", "state": state}
