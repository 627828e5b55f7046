"""Runs the real connector process (`destination-unified-ats ...`) and parses what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
) -> RunResult:
    with tempfile.TemporaryDirectory() as tmp:
        args = [CONNECTOR, command]
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
        proc = subprocess.run(
            args,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    parsed = []
    for line in proc.stdout.splitlines():
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            parsed.append({"type": "_RAW", "line": line})
    return RunResult(proc.returncode, proc.stdout, proc.stderr, parsed)


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
