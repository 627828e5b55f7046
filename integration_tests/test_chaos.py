"""Exactly-once under faults, at a size CI can afford (scripts/chaos.py runs it at 2,000+ records)."""

from __future__ import annotations

import pytest

from integration_tests.chaos import ChaosSettings, run_chaos


@pytest.mark.slow
@pytest.mark.parametrize("lookup", ["auto", "index", "search"])
def test_chaos_run_lands_every_record_exactly_once(lookup: str) -> None:
    report = run_chaos(ChaosSettings(records=300, kills=3, candidate_lookup=lookup))
    summary = report.summary()
    assert report.kills >= 1, summary
    # The faults really happened: the simulator answered errors, applied-then-failed and dropped writes.
    outcomes = report.server_outcomes
    assert sum(v for k, v in outcomes.items() if k != "ok") > 0, outcomes
    assert report.clean, summary
