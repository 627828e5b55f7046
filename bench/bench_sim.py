"""The Unified ATS simulator as a separate process (its CPU is never counted as the connector's)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from types import TracebackType
from typing import Any, Self

import psutil


class SimulatorProcess:
    """`python -m unified_ats_simulator --latency-ms X --rate-limit-rps Y`, read its JSON line, stop on exit."""

    def __init__(
        self, latency_ms: float, rate_limit_rps: float, profile: str = "generic", synthetic_candidates: int = 0
    ) -> None:
        self.args = [
            sys.executable,
            "-m",
            "unified_ats_simulator",
            "--port",
            "0",
            "--profile",
            profile,
            "--latency-ms",
            str(latency_ms),
            "--rate-limit-rps",
            str(rate_limit_rps),
            "--request-log-cap",
            "0",
            "--synthetic-candidates",
            str(synthetic_candidates),
        ]
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""
        self.token = ""
        self.connection_id = ""

    def __enter__(self) -> Self:
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(timeout=5)
            raise RuntimeError(f"the simulator exited with {self.proc.returncode} before announcing itself")
        info = json.loads(line)
        self.base_url, self.token, self.connection_id = info["base_url"], info["token"], info["connection_id"]
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float:
        """User + system CPU the simulator process has used so far."""
        times = psutil.Process(self.pid).cpu_times()
        return float(times.user + times.system)

    def _get(self, path: str, auth: bool = False) -> Any:
        request = urllib.request.Request(self.base_url + path)
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        data = json.dumps(body).encode()
        request = urllib.request.Request(
            self.base_url + path, data=data, method="POST", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def open_job_ids(self) -> list[str]:
        """The seeded jobs whose status is OPEN, read through the ATS API (with the latency knob applied)."""
        jobs: list[dict[str, Any]] = []
        offset = 0
        while True:
            for attempt in range(20):
                try:
                    page = self._get(f"/ats/{self.connection_id}/job?limit=100&offset={offset}", auth=True)
                    break
                except urllib.error.HTTPError as exc:  # 429 under the rate limit
                    if exc.code != 429 or attempt == 19:
                        raise
                    time.sleep(float(exc.headers.get("Retry-After") or 1))
            jobs += page
            if len(page) < 100:
                break
            offset += 100
        return sorted(j["id"] for j in jobs if j.get("status") == "OPEN")

    def request_counts(self) -> dict[str, Any]:
        """`{"total", "counts": {"METHOD kind": n}, "status_counts": {"METHOD kind status": n}, "outcomes"}`."""
        body = self._get("/_admin/requests?limit=0")
        return {k: body[k] for k in ("total", "counts", "status_counts", "outcomes")}

    def reset(self) -> None:
        self._post("/_admin/reset", {})
