"""Request budget at scale (#14): the sync planner (`candidate_lookup: auto`) beside the per-record path (`search`).

    .venv/bin/python bench/planner_bench.py                    # every scenario (~15 min on 2 shared cores)
    .venv/bin/python bench/planner_bench.py --only first,tiny  # some of them
    .venv/bin/python bench/planner_bench.py --scale 0.1        # a smoke run at a tenth of the sizes

Scenarios (each strategy on its own simulator process; counts are the simulator's, setup requests included):
- first:  N new people (10,000) into an ATS holding 5,000 others -> requests per new person.
- resync: the same N records again, unchanged -> requests per record.
- tiny:   20 new records into an ATS holding 200,000 candidates -> total requests.
- rate:   R records (1,200) at 20 req/s, 50 ms latency -> achieved records/s / (20 / requests per record).
- memory: 10 new records with `candidate_lookup: index` into an ATS of 1,000,000 -> the connector's peak RSS.
The simulator's other candidates are generated on demand (`--synthetic-candidates`), never sent through the API.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from bench_data import catalog, write_input  # noqa: E402
from bench_proc import run_measured  # noqa: E402
from bench_sim import SimulatorProcess  # noqa: E402
from run_bench import connector_config  # noqa: E402

CONNECTOR = str(Path(sys.executable).parent / "destination-unified-ats")
MB = 1024 * 1024
STRATEGIES = ("search", "auto")
TARGET_FIRST = 3.1
TARGET_RESYNC = 0.05
TARGET_SHARE = 0.95
TARGET_RSS_MB = 200.0


def answered(sim: SimulatorProcess) -> tuple[int, int, dict[str, int]]:
    """(requests answered without a 429, 429s, by "METHOD kind") since the last reset."""
    counts = sim.request_counts()
    by_kind: dict[str, int] = {}
    limited = 0
    for key, n in counts["status_counts"].items():
        method, kind, status = key.rsplit(" ", 2)
        if status == "429":
            limited += n
            continue
        by_kind[f"{method} {kind}"] = by_kind.get(f"{method} {kind}", 0) + n
    return sum(by_kind.values()), limited, by_kind


def write(
    sim: SimulatorProcess, work: Path, input_path: Path, lookup: str, label: str, rps: float = 0, concurrency: int = 16
) -> dict[str, Any]:
    config = {**connector_config(sim, concurrency, rps), "candidate_lookup": lookup}
    config_path, catalog_path = work / f"{label}-config.json", work / "catalog.json"
    config_path.write_text(json.dumps(config))
    catalog_path.write_text(json.dumps(catalog()))
    args = [CONNECTOR, "write", "--config", str(config_path), "--catalog", str(catalog_path)]
    before, limited_before, kinds_before = answered(sim)
    run = run_measured(args, input_path, work / f"{label}.stderr", {**os.environ, "PYTHONUNBUFFERED": "1"})
    after, limited_after, kinds_after = answered(sim)
    logs = [m["log"].get("message", "") for _, m in run.of_type("LOG")]
    lookup_line = next((line.strip() for line in logs if "candidate lookup:" in line), "")
    errors = [m for _, m in run.of_type("TRACE") if m.get("trace", {}).get("type") == "ERROR"]
    kinds = {k: kinds_after.get(k, 0) - kinds_before.get(k, 0) for k in kinds_after}
    return {
        "requests": after - before,
        "rate_limited": limited_after - limited_before,
        "by_kind": {k: v for k, v in sorted(kinds.items()) if v},
        "wall_seconds": run.wall_seconds,
        "peak_rss_mb": run.peak_rss_bytes / MB,
        "ok": run.returncode == 0 and not errors,
        "summary": lookup_line,
    }


def records_file(work: Path, name: str, count: int, jobs: list[str], tag: str) -> Path:
    path = work / f"{name}.jsonl"
    if not path.exists():
        write_input(path, count, jobs, run_tag=tag)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="first,resync,tiny,rate,memory")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every size (smoke runs)")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    only = set(args.only.split(","))
    s = args.scale
    new, others, big, huge = int(10_000 * s), int(5_000 * s), int(200_000 * s), int(1_000_000 * s)
    rate_records = max(50, int(1_200 * s))
    results: dict[str, Any] = {"scale": s}
    work = args.keep or Path(tempfile.mkdtemp(prefix="planner-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    if only & {"first", "resync"}:
        say(f"== first sync of {new:,} new people into an ATS holding {others:,} others, then the same again ==")
        for lookup in STRATEGIES:
            with SimulatorProcess(0, 0, synthetic_candidates=others) as sim:
                path = records_file(work, f"new-{new}", new, sim.open_job_ids(), "n")
                first = write(sim, work, path, lookup, f"first-{lookup}")
                results[f"first-{lookup}"] = first
                say(f"  {lookup:6} first   {first['requests'] / new:6.3f} requests/new person  ({first['requests']:,} "
                    f"requests, {first['wall_seconds']:.0f}s) {first['summary']}")  # fmt: skip
                if "resync" in only:
                    again = write(sim, work, path, lookup, f"resync-{lookup}")
                    results[f"resync-{lookup}"] = again
                    say(
                        f"  {lookup:6} re-sync {again['requests'] / new:6.3f} requests/record      "
                        f"({again['requests']:,} requests, {again['wall_seconds']:.0f}s) {again['summary']}"
                    )
    if "tiny" in only:
        say(f"== 20 new records into an ATS holding {big:,} candidates ==")
        for lookup in STRATEGIES:
            with SimulatorProcess(0, 0, synthetic_candidates=big) as sim:
                path = records_file(work, "tiny-20", 20, sim.open_job_ids(), "t")
                tiny = write(sim, work, path, lookup, f"tiny-{lookup}")
                results[f"tiny-{lookup}"] = tiny
                say(f"  {lookup:6} {tiny['requests']:5,} requests  {tiny['by_kind']}  {tiny['summary']}")
    if "rate" in only:
        say(f"== {rate_records:,} new records at 20 req/s, 50 ms latency, ATS holding {others:,} others ==")
        for lookup in STRATEGIES:
            with SimulatorProcess(50, 20, synthetic_candidates=others) as sim:
                path = records_file(work, f"rate-{rate_records}", rate_records, sim.open_job_ids(), "r")
                sim.reset()
                rate = write(sim, work, path, lookup, f"rate-{lookup}", rps=20)
                per_record = rate["requests"] / rate_records
                bound = 20 / per_record
                achieved = rate_records / rate["wall_seconds"]
                rate["share"] = achieved / bound
                results[f"rate-{lookup}"] = rate
                say(
                    f"  {lookup:6} {per_record:.3f} requests/record, bound {bound:.2f} records/s, achieved "
                    f"{achieved:.2f} ({rate['wall_seconds']:.0f}s): share {rate['share']:.3f}, "
                    f"429s {rate['rate_limited']}"
                )
    if "memory" in only:
        say(f"== peak RSS with an index of {huge:,} candidates (candidate_lookup: index, 10 new records) ==")
        with SimulatorProcess(0, 0, synthetic_candidates=huge) as sim:
            path = records_file(work, "mem-10", 10, sim.open_job_ids(), "m")
            for lookup in ("search", "index"):
                mem = write(sim, work, path, lookup, f"memory-{lookup}")
                results[f"memory-{lookup}"] = mem
                say(f"  {lookup:6} peak RSS {mem['peak_rss_mb']:.1f} MB, {mem['requests']:,} requests, "
                    f"{mem['wall_seconds']:.0f}s {mem['summary']}")  # fmt: skip

    say("== targets (auto beside search) ==")

    def target(name: str, ok: bool, text: str) -> None:
        say(f"  {'PASS' if ok else 'MISS'}  {name:58} {text}")

    if "first-auto" in results:
        a, b = results["first-auto"]["requests"] / new, results["first-search"]["requests"] / new
        name = f"first sync <= {TARGET_FIRST} requests per new person"
        target(name, a <= TARGET_FIRST, f"auto {a:.3f}, search {b:.3f}")
    if "resync-auto" in results:
        a, b = results["resync-auto"]["requests"] / new, results["resync-search"]["requests"] / new
        name = f"re-sync unchanged <= {TARGET_RESYNC} requests per record"
        target(name, a <= TARGET_RESYNC, f"auto {a:.3f}, search {b:.3f}")
    if "tiny-auto" in results:
        a, b = results["tiny-auto"]["requests"], results["tiny-search"]["requests"]
        target("20 records vs a big ATS: no more requests than per-record", a <= b, f"auto {a}, search {b}")
    if "rate-auto" in results:
        a, b = results["rate-auto"]["share"], results["rate-search"]["share"]
        name = f"share of the rate-limit bound at 20 req/s >= {TARGET_SHARE}"
        target(name, a >= TARGET_SHARE, f"auto {a:.3f}, search {b:.3f}")
    if "memory-index" in results:
        a = results["memory-index"]["peak_rss_mb"]
        target(f"peak RSS with a {huge:,}-candidate index < {TARGET_RSS_MB:.0f} MB", a < TARGET_RSS_MB,
               f"{a:.1f} MB (search: {results['memory-search']['peak_rss_mb']:.1f} MB)")  # fmt: skip
    failed = [k for k, v in results.items() if isinstance(v, dict) and not v.get("ok", True)]
    if failed:
        say(f"  connector runs that failed: {', '.join(failed)} (stderr in {work})")
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    (out / "planner-latest.json").write_text(json.dumps({"results": results, "lines": lines}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
