"""Job-matching benchmark: 10,000 synthetic candidates against 200 open jobs, on one core.

    python bench/matching_bench.py                      # defaults: 200 jobs, 10,000 candidates, top_k 3
    python bench/matching_bench.py --jobs 500 --candidates 20000 --top-k 1

Jobs are variations of the evaluation set's postings (other cities, levels, teams and minimums);
candidates are rendered by the evaluation generator from random archetypes. Generating them is not
timed; indexing and matching (CandidateProfile.from_record + JobMatcher.match) are.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval" / "job_matching"
for path in (ROOT, EVAL):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from archetypes import ARCHETYPES, NO_FIT  # noqa: E402
from generate_dataset import ALL_CITIES, Generator, Truth  # noqa: E402
from jobs_spec import ADDRESSES, JOBS  # noqa: E402

from destination_unified_ats.matching import CandidateProfile, JobMatcher, JobMatchingSettings  # noqa: E402

TEAMS = ("Payments", "Platform", "Growth", "Risk", "Core", "Billing", "Identity", "Data", "Mobile", "Search")
LEVELS = ("", "Senior ", "Staff ", "Junior ", "")


def synthetic_jobs(count: int, rng: random.Random) -> list[dict[str, Any]]:
    jobs: list[dict[str, Any]] = []
    cities = list(ADDRESSES)
    for index in range(count):
        spec = JOBS[index % len(JOBS)]
        job = spec.ats_job()
        level = rng.choice(LEVELS)
        job["id"] = f"bench_job_{index:04d}"
        job["name"] = f"{level}{spec.name}, {rng.choice(TEAMS)}"
        job["status"] = "OPEN" if rng.random() < 0.9 else "CLOSED"
        job["minimum_experience_years"] = rng.choice((None, 1, 2, 3, 4, 5, 6, 8))
        job["remote"] = rng.random() < 0.35
        job["addresses"] = [] if job["remote"] else [dict(ADDRESSES[rng.choice(cities)])]
        jobs.append(job)
    return jobs


def synthetic_records(count: int, rng: random.Random) -> list[dict[str, Any]]:
    generator = Generator(seed=rng.randrange(1 << 30))
    generator.used_names = set()
    kinds = ARCHETYPES + NO_FIT
    records: list[dict[str, Any]] = []
    for _ in range(count):
        archetype = rng.choice(kinds)
        truth = Truth(rng.randint(0, 15), rng.choice((None, 1, 2, 3, 4, 5)), rng.choice(ALL_CITIES), rng.random() < 0.3)
        generator.used_names.clear()  # names repeat in a large run; they are not matching signals
        records.append(generator.record(archetype, truth))
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--top-k", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rng = random.Random(args.seed)
    jobs = synthetic_jobs(args.jobs, rng)
    records = synthetic_records(args.candidates, rng)
    settings = JobMatchingSettings(enabled=True, top_k=args.top_k)

    cpu_started = time.process_time()
    started = time.perf_counter()
    matcher = JobMatcher(jobs, settings)
    indexed = time.perf_counter()
    cpu_indexed = time.process_time()
    matched = 0
    for record in records:
        if matcher.match(CandidateProfile.from_record(record)):
            matched += 1
    finished = time.perf_counter()
    cpu_finished = time.process_time()
    cpu_seconds = cpu_finished - cpu_started

    match_seconds = finished - indexed
    print(f"jobs: {args.jobs} ({matcher.job_count} open, indexed in {(indexed - started) * 1000:.1f} ms)")
    print(f"candidates: {args.candidates} ({matched} with at least one match, top_k={args.top_k})")
    print(f"total seconds: {finished - started:.2f} (CPU {cpu_seconds:.2f}; wall time suffers from other load)")
    per_candidate_cpu = (cpu_finished - cpu_indexed) * 1000 / max(1, args.candidates)
    print(f"per-candidate ms: {match_seconds * 1000 / max(1, args.candidates):.3f} wall, {per_candidate_cpu:.3f} CPU")
    print(f"target: under 2 ms per candidate ({'met' if per_candidate_cpu < 2.0 else 'MISSED'} on CPU time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
