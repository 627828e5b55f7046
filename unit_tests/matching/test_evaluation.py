"""The committed evaluation set: its shape, its reproducibility, and the engine meeting its targets."""

from __future__ import annotations

import collections
from dataclasses import replace
from typing import Any

from unit_tests.matching.conftest import EVAL_DIR, load_eval_module


def test_dataset_shape() -> None:
    evaluate = load_eval_module("evaluate")
    jobs, candidates = evaluate.load(EVAL_DIR)
    assert len(jobs) >= 15 and len(candidates) >= 170
    statuses = collections.Counter(job["status"] for job in jobs)
    assert 1 <= statuses["CLOSED"] <= 2 and statuses["OPEN"] >= 15
    job_ids = {job["id"] for job in jobs}
    kinds = collections.Counter(c["kind"] for c in candidates)
    assert kinds["fit"] >= 100 and kinds["distractor"] >= 30 and kinds["no_fit"] >= 10 and kinds["closed_fit"] >= 3
    filters = collections.Counter(r["filter"] for c in candidates for r in c["rejections"])
    assert set(filters) == {"minimum_years", "degree", "location"} and min(filters.values()) >= 8
    for candidate in candidates:
        assert set(candidate["expected_job_ids"]) <= job_ids
        assert {r["job_id"] for r in candidate["rejections"]} <= job_ids
        assert candidate["record"]["email"]
    closed = {job["id"] for job in jobs if job["status"] == "CLOSED"}
    assert not any(set(c["expected_job_ids"]) & closed for c in candidates)


def test_generator_reproduces_the_committed_files() -> None:
    generator = load_eval_module("generate_dataset")
    jobs_text, candidates_text = generator.render(*generator.build())
    assert (EVAL_DIR / "jobs.json").read_text() == jobs_text
    assert (EVAL_DIR / "candidates.jsonl").read_text() == candidates_text


def test_labels_come_from_requirements_not_the_engine() -> None:
    generator = load_eval_module("generate_dataset")
    senior_go = generator.JOBS_BY_ID["job_sr_backend_go"]
    fits = generator.Truth(years=6, degree=3, city="san_francisco", wants_remote=False)
    assert generator.failing_filter(senior_go, fits) is None
    assert generator.failing_filter(senior_go, replace(fits, years=3)) == "minimum_years"
    assert generator.failing_filter(senior_go, replace(fits, degree=2)) == "degree"
    assert generator.failing_filter(senior_go, replace(fits, wants_remote=True)) == "location"
    assert generator.failing_filter(senior_go, replace(fits, city="boston")) == "location"
    staff = generator.JOBS_BY_ID["job_staff_backend_python"]  # "BS ... or equivalent experience"
    assert generator.failing_filter(staff, generator.Truth(9, 0, "new_york", False)) is None


def _assert_targets(report: Any) -> None:
    metrics = report.metrics()
    assert metrics["precision_at_1"] >= 0.85, metrics
    assert metrics["recall_at_3"] >= 0.90, metrics
    assert metrics["distractor_rejection_accuracy"] >= 0.95, metrics
    assert metrics["good_fit_pass_rate"] >= 0.95, metrics
    assert metrics["closed_job_leaks"] == 0, metrics
    assert report.misses() == []


def test_engine_meets_targets_on_the_generated_set() -> None:
    _assert_targets(load_eval_module("evaluate").evaluate())


def test_engine_meets_targets_on_the_hand_written_holdout() -> None:
    report = load_eval_module("evaluate").evaluate(candidates_file="holdout.jsonl")
    assert report.candidates >= 30
    _assert_targets(report)
