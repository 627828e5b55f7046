"""`python -m unified_ats_simulator`: serve until SIGTERM or SIGINT.

Prints one JSON line on start: {"base_url": ..., "token": ..., "connection_id": ..., "profile": ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unified_ats_simulator.profiles import PROFILES
from unified_ats_simulator.server import make_state, start_site
from unified_ats_simulator.unified_objects import DEFAULT_CONNECTION_ID, DEFAULT_TOKEN


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="unified_ats_simulator", description="A local Unified.to ATS API simulator.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 (default) picks a free port; read base_url from stdout")
    p.add_argument("--token", default=DEFAULT_TOKEN)
    p.add_argument("--connection-id", default=DEFAULT_CONNECTION_ID)
    p.add_argument("--profile", default="generic", choices=sorted(PROFILES))
    p.add_argument("--latency-ms", type=float, default=0.0)
    p.add_argument("--rate-limit-rps", type=float, default=0.0, help="0 disables rate limiting")
    p.add_argument("--rate-limit-burst", type=int, default=None)
    p.add_argument("--retry-after-format", choices=("seconds", "http-date"), default="seconds")
    p.add_argument("--error-rate", type=float, default=0.0)
    p.add_argument("--applied-then-error-rate", type=float, default=0.0)
    p.add_argument("--drop-rate", type=float, default=0.0)
    p.add_argument("--search-lag-seconds", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=None, help="seed for the random faults")
    p.add_argument(
        "--undocumented-document-url",
        choices=("refuse", "accept"),
        default="refuse",
        help="what Lever/Workable/CATS (URL support undocumented) do with a document_url",
    )
    p.add_argument("--paused", action="store_true", help="serve a paused connection")
    p.add_argument("--permissions", default=None, help="comma-separated connection permissions")
    p.add_argument("--seed-file", type=Path, default=None, help="JSON {jobs, candidates, applications, documents}")
    p.add_argument("--no-default-jobs", action="store_true", help="start without the default jobs")
    p.add_argument("--synthetic-candidates", type=int, default=0, help="N generated read-only candidates (bench scale)")
    p.add_argument("--request-log-cap", type=int, default=10_000)
    return p


def settings_from_args(args: argparse.Namespace) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "profile": args.profile,
        "token": args.token,
        "connection_id": args.connection_id,
        "is_paused": args.paused,
        "request_log_cap": args.request_log_cap,
        "latency_ms": args.latency_ms,
        "rate_limit_rps": args.rate_limit_rps,
        "rate_limit_burst": args.rate_limit_burst,
        "retry_after_format": args.retry_after_format,
        "error_rate": args.error_rate,
        "applied_then_error_rate": args.applied_then_error_rate,
        "drop_rate": args.drop_rate,
        "search_lag_seconds": args.search_lag_seconds,
        "seed": args.seed,
        "undocumented_document_url": args.undocumented_document_url,
        "synthetic_candidates": args.synthetic_candidates,
    }
    if args.permissions is not None:
        settings["permissions"] = [p.strip() for p in args.permissions.split(",") if p.strip()]
    if args.no_default_jobs:
        settings["jobs"] = []
    if args.seed_file is not None:
        seed = json.loads(args.seed_file.read_text())
        settings.update({k: seed[k] for k in ("jobs", "candidates", "applications", "documents") if k in seed})
    return settings


async def serve(args: argparse.Namespace) -> None:
    state = make_state(**settings_from_args(args))
    runner, port = await start_site(state, args.host, args.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    announcement = {
        "base_url": f"http://{args.host}:{port}",  # ignore-https-check: plain HTTP on loopback, for tests
        "token": state.connection.token,
        "connection_id": state.connection.connection_id,
        "profile": state.connection.integration_type,
    }
    print(json.dumps(announcement), flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        asyncio.run(serve(args))
    except (ValueError, OSError) as exc:
        print(f"unified-ats-simulator: {exc}", file=sys.stderr)
        return 2
    return 0
