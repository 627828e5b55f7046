"""How long the connector takes to stop once a full outage starts mid-sync (issue #12, defect 10).

    .venv/bin/python scripts/measure_outage_stop.py [--code DIR] [--budget S] [--outage 503|hang] [--timeout S]

Starts `write` against the simulator with 3000 records (stdin kept open, as the platform does), waits for
the first STATE, then makes every request fail (503) or hang, and prints the seconds from the outage's
start to the process's exit, with the failure type. `--code DIR` runs another checkout's package (e.g. a
`git archive main` extracted there) for a before/after comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from integration_tests.harness import catalog, record, stream_state  # noqa: E402
from unified_ats_simulator import SimulatorServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default=str(ROOT), help="directory holding the destination_unified_ats package")
    parser.add_argument("--budget", type=float, default=10.0, help="max_retry_seconds")
    parser.add_argument("--outage", choices=["503", "hang"], default="503")
    parser.add_argument("--timeout", type=float, default=5.0, help="request_timeout_seconds")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": args.code}
    with SimulatorServer(latency_ms=20) as sim, tempfile.TemporaryDirectory() as tmp:
        config = {
            "api_token": sim.token,
            "connection_id": sim.connection_id,
            "base_url": sim.base_url,
            "max_retry_seconds": args.budget,
            "request_timeout_seconds": args.timeout,
            "search_lag_seconds": 0,
        }
        Path(tmp, "config.json").write_text(json.dumps(config))
        Path(tmp, "catalog.json").write_text(json.dumps(catalog("people")))
        command = [sys.executable, "-c", "from destination_unified_ats.run import run; run()", "write"]
        command += ["--config", f"{tmp}/config.json", "--catalog", f"{tmp}/catalog.json"]
        proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=tmp,
        )
        out: list[dict[str, object]] = []
        assert proc.stdout is not None and proc.stdin is not None
        stdout, stdin = proc.stdout, proc.stdin
        threading.Thread(target=lambda: out.extend(json.loads(line) for line in stdout), daemon=True).start()
        lines = []
        for i in range(3000):
            data = {"email": f"p{i}@x.io", "name": f"Person {i}", "job_id": "job_backend_sr"}
            lines.append(json.dumps(record("people", data)))
            if i % 10 == 9:
                lines.append(json.dumps(stream_state("people", i, state_id=i)))

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError, ValueError):
                stdin.write("\n".join(lines) + "\n")
                stdin.flush()

        threading.Thread(target=feed, daemon=True).start()
        while not any(m["type"] == "STATE" for m in out):
            time.sleep(0.05)
        time.sleep(1.0)
        if args.outage == "503":
            sim.configure(error_rate=1.0, error_statuses=[503])
        else:
            sim.configure(latency_ms=600_000)
        started = time.monotonic()
        code = proc.wait(900)
        elapsed = time.monotonic() - started
        time.sleep(0.2)
        errors = [m["trace"]["error"] for m in out if m["type"] == "TRACE"]  # type: ignore[index]
        print(
            json.dumps(
                {
                    "budget_s": args.budget,
                    "outage": args.outage,
                    "request_timeout_s": args.timeout,
                    "exit_code": code,
                    "seconds_from_outage_to_exit": round(elapsed, 1),
                    "failure_type": errors[0]["failure_type"] if errors else None,
                }
            )
        )


if __name__ == "__main__":
    main()
