"""Chaos run at scale: `scripts/chaos.sh --records 2000` prints the figures (see integration_tests/chaos.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from integration_tests.chaos import ChaosSettings, run_chaos


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    defaults = ChaosSettings()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--search-lag-seconds", type=float, default=defaults.search_lag_seconds)
    parser.add_argument("--rate-limit-rps", type=float, default=defaults.rate_limit_rps)
    args = parser.parse_args()
    settings = ChaosSettings(
        records=args.records,
        kills=args.kills,
        seed=args.seed,
        search_lag_seconds=args.search_lag_seconds,
        rate_limit_rps=args.rate_limit_rps,
        state_every=max(25, args.records // 40),
    )
    print(
        f"Chaos run: {settings.records} records, {settings.duplicate_share:.0%} duplicate emails, "
        f"{settings.error_rate:.0%} 5xx, {settings.applied_then_error_rate:.0%} applied-then-failed, "
        f"{settings.drop_rate:.0%} dropped connections, {settings.rate_limit_rps:g} req/s limit with Retry-After, "
        f"{settings.search_lag_seconds:g}s search lag, {settings.kills} kill -9 with replay"
    )
    report = run_chaos(settings)
    print(json.dumps(report.summary(), indent=2))
    print("RESULT:", "exactly once, nothing missing, no token in any output" if report.clean else "FAILED")
    sys.exit(0 if report.clean else 1)


if __name__ == "__main__":
    main()
