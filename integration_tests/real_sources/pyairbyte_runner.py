"""Project-venv side of the real-source tests: makes sure .venv-pyairbyte exists, then runs the driver in it.

PyAirbyte and the published sources live in `.venv-pyairbyte` (scripts/pyairbyte_env.sh); this module only starts
processes, so the project's venv never imports PyAirbyte.

Environment:
- `REAL_SOURCES_SETUP=0`: do not run scripts/pyairbyte_env.sh; use .venv-pyairbyte as it is.
- `REAL_SOURCES_REQUIRED=1`: a missing or broken PyAirbyte environment fails the tests instead of skipping them.
- `REAL_SOURCES_DESTINATION=/path/to/executable`: the destination executable PyAirbyte runs (default: the
  project venv's `destination-unified-ats` console script).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_SCRIPT = ROOT / "scripts" / "pyairbyte_env.sh"
VENV = ROOT / ".venv-pyairbyte"
PYTHON = VENV / "bin" / "python"
DRIVER = Path(__file__).resolve().parent / "pyairbyte_driver.py"
SOURCES = {
    "source-faker": VENV / "connectors" / "source-faker" / "bin" / "source-faker",
    "source-file": VENV / "connectors" / "source-file" / "bin" / "source-file",
}
SETUP_TIMEOUT = 1200  # a fresh install downloads PyAirbyte and two sources from PyPI: about 3 minutes here
RUN_TIMEOUT = 300
DONE_MARKER = "@@pyairbyte-driver-done"  # pyairbyte_driver.DONE (that module runs in the other venv)


def destination_executable() -> str:
    override = os.environ.get("REAL_SOURCES_DESTINATION")
    return override or str(Path(sys.executable).parent / "destination-unified-ats")


def _unavailable(reason: str) -> None:
    message = f"REAL SOURCES NOT TESTED: {reason}"
    if os.environ.get("REAL_SOURCES_REQUIRED") == "1":
        pytest.fail(message, pytrace=False)
    warnings.warn(message, UserWarning, stacklevel=2)  # shown in the warnings summary even under -q
    pytest.skip(message)


@dataclass
class Environment:
    setup_seconds: float
    ready: bool
    problem: str = ""


_environment: Environment | None = None


def ensure_environment() -> Environment:
    """Runs scripts/pyairbyte_env.sh once per process (idempotent, ~0.1 s when already installed)."""
    global _environment
    if _environment is None:
        start = time.perf_counter()
        problem = ""
        if os.environ.get("REAL_SOURCES_SETUP", "1") != "0":
            try:
                proc = subprocess.run(
                    ["bash", str(ENV_SCRIPT)],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    timeout=SETUP_TIMEOUT,
                )
                if proc.returncode != 0:
                    tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
                    problem = f"scripts/pyairbyte_env.sh exited {proc.returncode}:\n{tail}"
            except subprocess.TimeoutExpired:
                problem = f"scripts/pyairbyte_env.sh did not finish within {SETUP_TIMEOUT} s"
        missing = [str(p.relative_to(ROOT)) for p in (PYTHON, *SOURCES.values()) if not p.exists()]
        if missing and not problem:
            how = "REAL_SOURCES_SETUP=0, so it was not run" if os.environ.get("REAL_SOURCES_SETUP") == "0" else "it ran"
            problem = f"missing: {', '.join(missing)} (scripts/pyairbyte_env.sh creates them; {how})"
        _environment = Environment(time.perf_counter() - start, not problem, problem)
    if not _environment.ready:
        _unavailable(_environment.problem)
    return _environment


@dataclass
class DriverResult:
    returncode: int
    seconds: float
    result: dict[str, Any]
    output: str
    logs: dict[str, str] = field(default_factory=dict)

    @property
    def records(self) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = self.result.get("records", [])
        return records

    def describe(self) -> str:
        parts = [f"driver exit {self.returncode} after {self.seconds:.1f} s; phases: {self.result.get('seconds')}"]
        if "error" in self.result:
            parts.append(f"{self.result.get('error_type')}: {self.result['error']}")
            parts.append(self.result.get("traceback", ""))
        parts.append(self.output[-4000:])
        for name, text in self.logs.items():
            parts.append(f"--- {name} (last lines) ---\n" + "\n".join(text.splitlines()[-40:]))
        return "\n".join(parts)


def make_job(
    source: str,
    source_config: dict[str, Any],
    streams: list[str],
    destination_config: dict[str, Any],
    result_path: Path,
    read_records: bool = True,
    write_strategy: str = "auto",
) -> dict[str, Any]:
    return {
        "source": {"name": source, "executable": str(SOURCES[source]), "config": source_config, "streams": streams},
        "destination": {
            "name": "destination-unified-ats",
            "executable": destination_executable(),
            "config": destination_config,
        },
        "read_records": read_records,
        "write_strategy": write_strategy,
        "result_path": str(result_path),
    }


def _driver_env(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "AIRBYTE_OFFLINE_MODE": "1",
        "DO_NOT_TRACK": "1",
        "NO_LIVE_PROGRESS": "1",
        "AIRBYTE_LOGGING_ROOT": str(tmp / "logs"),
        "AIRBYTE_CACHE_ROOT": str(tmp / "cache"),
        "AIRBYTE_TEMP_DIR": str(tmp),
        "PYTHONUNBUFFERED": "1",
        "PYTHONWARNINGS": "ignore::FutureWarning",
    }
    env.pop("VIRTUAL_ENV", None)
    return env


def _logs_since(root: Path, since: float) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(errors="replace")
        for p in sorted(root.rglob("*.log"))
        if p.stat().st_mtime >= since - 1 and ("destination" in p.name or "source" in p.name)
    }


class PyAirbyteDriver:
    """One long-lived `pyairbyte_driver.py --serve` process: `import airbyte` (seconds) is paid once."""

    def __init__(self) -> None:
        ensure_environment()
        self._tmp = Path(tempfile.mkdtemp(prefix="pyairbyte-"))
        self._stderr = (self._tmp / "driver.stderr").open("w+")
        self._proc = subprocess.Popen(
            [str(PYTHON), str(DRIVER), "--serve"],
            cwd=self._tmp,
            env=_driver_env(self._tmp),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._jobs = 0

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def run(
        self,
        source: str,
        source_config: dict[str, Any],
        streams: list[str],
        destination_config: dict[str, Any],
        *,
        read_records: bool = True,
        write_strategy: str = "auto",
    ) -> DriverResult:
        """Runs `source` into our destination with PyAirbyte (`destination.write(source, cache=False)`)."""
        self._jobs += 1
        job_dir = self._tmp / f"job-{self._jobs}"
        job_dir.mkdir()
        result_path = job_dir / "result.json"
        job_path = job_dir / "job.json"
        job_path.write_text(
            json.dumps(
                make_job(source, source_config, streams, destination_config, result_path, read_records, write_strategy)
            )
        )
        started, wall = time.perf_counter(), time.time()
        output: list[str] = []
        returncode = 0
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(f"{job_path}\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            returncode = self._proc.wait()
        deadline = started + RUN_TIMEOUT
        while returncode == 0:
            try:
                line = self._lines.get(timeout=max(deadline - time.perf_counter(), 0.01))
            except queue.Empty:
                output.append(f"timed out after {RUN_TIMEOUT} s; the driver was killed")
                returncode = -1
                self._proc.kill()
                break
            if line is None:
                returncode = self._proc.wait() or -2
                break
            if line.startswith(DONE_MARKER):
                break
            output.append(line)
        seconds = time.perf_counter() - started
        result: dict[str, Any] = json.loads(result_path.read_text()) if result_path.exists() else {}
        if returncode == 0 and "error" in result:
            returncode = 1
        if returncode != 0:
            self._stderr.flush()
            self._stderr.seek(0)
            output.append("--- driver stderr ---\n" + self._stderr.read()[-4000:])
            self._stderr.seek(0, os.SEEK_END)
        return DriverResult(returncode, seconds, result, "".join(output), _logs_since(self._tmp / "logs", wall))

    def close(self) -> None:
        if self._stderr.closed:
            return
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.close()
                self._proc.wait(timeout=30)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._stderr.close()
        shutil.rmtree(self._tmp, ignore_errors=True)
