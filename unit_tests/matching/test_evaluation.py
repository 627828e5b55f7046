"""The committed evaluation sets: shape, reproducibility, labels with rationales, and the engine meeting its
targets (the held-out split is asserted like the others, but nothing is ever tuned on it)."""

from __future__ import annotations

import collections
from dataclasses import replace
from typing import Any

import pytest

from destination_unified_ats.matching.settings import CALIBRATED_MIN_SCORE
from unit_tests.matching.conftest import EVAL_DIR, load_eval_module

NEW_KINDS = {
    "years_text",
    "degree_text",
    "neighbour_role",
    "title_synonym",
    "abbreviation",
    "metro",
    "relocation",
    "licensure",
    "no_fit",
}


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


def test_hand_written_cases_cover_every_kind_in_both_splits_with_a_rationale() -> None:
    evaluate = load_eval_module("evaluate")
    splits = {name: evaluate.load(EVAL_DIR, evaluate.SETS[name][0]) for name in ("tune", "heldout")}
    assert sum(len(cases) for _, cases in splits.values()) >= 60
    ids: set[str] = set()
    emails: set[str] = set()
    for jobs, cases in splits.values():
        open_ids = {job["id"] for job in jobs if job["status"] == "OPEN"}
        assert {c["kind"] for c in cases} == NEW_KINDS
        for case in cases:
            assert case["id"] not in ids and case["record"]["email"] not in emails
            ids.add(case["id"])
            emails.add(case["record"]["email"])
            assert len(case["rationale"]) >= 20
            assert set(case["expected_job_ids"]) <= open_ids  # never a closed job
            assert {r["job_id"] for r in case["rejections"]} <= {job["id"] for job in jobs}
            assert not (case["kind"] == "no_fit" and case["expected_job_ids"])
    heldout_no_fit = sum(1 for c in splits["heldout"][1] if not c["expected_job_ids"])
    assert heldout_no_fit >= 15  # enough to measure a 10% false-application rate


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
    assert metrics["precision_at_1"] >= 0.90, metrics
    assert metrics["recall_at_1"] >= 0.80, metrics
    assert metrics["false_application_rate"] <= 0.10, metrics
    assert metrics["non_open_applications"] == 0, metrics
    assert metrics["distractor_rejection_accuracy"] >= 0.95, metrics
    assert metrics["good_fit_pass_rate"] >= 0.95, metrics
    assert report.misses() == []


@pytest.mark.parametrize("name", ["heldout", "tune", "generated", "holdout_v1"])
def test_engine_meets_targets(name: str) -> None:
    evaluate = load_eval_module("evaluate")
    report = evaluate.evaluate(candidates_file=evaluate.SETS[name][0])
    assert report.candidates >= 30
    _assert_targets(report)


def test_default_min_score_is_what_the_calibration_chooses() -> None:
    calibrate = load_eval_module("calibrate")
    result = calibrate.calibrate(0.05)
    assert result.min_score == CALIBRATED_MIN_SCORE
    assert result.false_application_rate(result.min_score) <= 0.05
    assert calibrate.threshold_for([0.9, 0.5, 0.3, 0.1], 0.25) == 0.51  # one of four may pass: stop 0.5
    assert calibrate.threshold_for([0.2, 0.1], 0.0) == 0.21
