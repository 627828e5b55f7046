"""Runs real sources into the destination through PyAirbyte. Executed by the .venv-pyairbyte interpreter.

    .venv-pyairbyte/bin/python pyairbyte_driver.py JOB.json     # one job; exit status 0 or 1
    .venv-pyairbyte/bin/python pyairbyte_driver.py --serve      # one job path per stdin line, until EOF

`import airbyte` alone takes several seconds, so the tests keep one `--serve` process per test module. After each
job it prints `@@pyairbyte-driver-done <job path>` on stdout.

JOB.json:
    {"source": {"name": "source-faker", "executable": "/.../bin/source-faker", "config": {...}, "streams": ["users"]},
     "destination": {"name": "destination-unified-ats", "executable": "/.../bin/destination-unified-ats",
                     "config": {...}},
     "read_records": true,              # also read the source's records (to compute what must land)
     "result_path": "/tmp/.../result.json"}

The result file receives {"airbyte_version", "records" (when asked), "processed_records", "seconds": {...}}, or
{"error", "error_type", "traceback"} when PyAirbyte raised. Nothing here imports the project: the project's venv
and PyAirbyte's stay apart.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from importlib.metadata import version
from pathlib import Path
from typing import Any

os.environ.setdefault("AIRBYTE_OFFLINE_MODE", "1")  # no connector registry
os.environ.setdefault("DO_NOT_TRACK", "1")  # no telemetry
os.environ.setdefault("NO_LIVE_PROGRESS", "1")  # plain log lines, not a live terminal display

import airbyte as ab  # after the environment above: PyAirbyte reads it on import
from airbyte.strategies import WriteStrategy

DONE = "@@pyairbyte-driver-done"


def run_job(job_path: str) -> bool:
    job: dict[str, Any] = json.loads(Path(job_path).read_text())
    result: dict[str, Any] = {"airbyte_version": version("airbyte"), "seconds": {}}
    seconds: dict[str, float] = result["seconds"]
    ok = True
    try:
        start = time.perf_counter()
        spec = job["source"]
        source = ab.get_source(
            spec["name"],
            config=spec["config"],
            streams=spec["streams"],
            local_executable=spec["executable"],
        )
        seconds["source_setup"] = time.perf_counter() - start
        if job.get("read_records"):
            start = time.perf_counter()
            records: list[dict[str, Any]] = []
            for stream in spec["streams"]:
                # Keep the dataset referenced while iterating: a LazyDataset that is garbage-collected cancels
                # its read, and the loop ends early with no error (`for r in source.get_records(s)` does that).
                dataset = source.get_records(stream)
                records.extend({k: v for k, v in record.items() if not k.startswith("_airbyte_")} for record in dataset)
                del dataset
            result["records"] = records
            seconds["source_read"] = time.perf_counter() - start
        start = time.perf_counter()
        dest_spec = job["destination"]
        destination = ab.get_destination(
            dest_spec["name"],
            config=dest_spec["config"],
            local_executable=dest_spec["executable"],
        )
        destination.check()
        seconds["destination_check"] = time.perf_counter() - start
        start = time.perf_counter()
        # cache=False streams the source straight into the destination; state_cache=False keeps PyAirbyte from
        # creating its default DuckDB cache just to remember state.
        write_result = destination.write(
            source, cache=False, state_cache=False, write_strategy=WriteStrategy(job.get("write_strategy", "auto"))
        )
        seconds["write"] = time.perf_counter() - start
        result["processed_records"] = write_result.processed_records
    except Exception as exc:  # reported to the test, which shows it
        result["error"] = str(exc)
        result["error_type"] = type(exc).__name__
        result["traceback"] = traceback.format_exc()
        ok = False
    Path(job["result_path"]).write_text(json.dumps(result, default=str))
    return ok


def main(argv: list[str]) -> int:
    if argv[1:] == ["--serve"]:
        for line in sys.stdin:
            job_path = line.strip()
            if job_path:
                run_job(job_path)
                print(f"{DONE} {job_path}", flush=True)
        return 0
    return 0 if run_job(argv[1]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
