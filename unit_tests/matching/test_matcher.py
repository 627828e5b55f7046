"""The public engine: open jobs only, ranking, top_k / min_score, bands, explanations, determinism."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from typing import Any

import pytest

from destination_unified_ats.matching import (
    CandidateProfile,
    ConfidenceBand,
    JobMatch,
    JobMatcher,
    JobMatchingSettings,
)
from unit_tests.matching.conftest import ROOT, SF, make_job

GO_DEV = CandidateProfile(
    title="Senior Backend Engineer",
    summary="Eight years building payment services in Go; gRPC APIs, Kafka pipelines, Postgres at scale.",
    skills=("Golang", "gRPC", "PostgreSQL", "Kafka", "Kubernetes"),
    years_experience=8,
    degree="BS Computer Science",
    location="San Francisco, CA",
)
PY_DEV = CandidateProfile(
    title="Python Developer",
    summary="Django REST APIs and Celery workers on Postgres and Redis.",
    skills=("Python", "Django", "PostgreSQL", "Redis"),
    years_experience=3,
    location="Lisbon, Portugal",
    remote=True,
)
NURSE = CandidateProfile(
    title="Registered Nurse",
    summary="ICU nurse, patient care and triage.",
    skills=("Patient Care", "Epic EHR"),
    years_experience=6,
)


def _ids(matches: list[JobMatch]) -> list[str]:
    return [m.job_id for m in matches]


def test_only_open_jobs_and_jobs_without_status_are_indexed(backend_jobs: list[dict[str, Any]]) -> None:
    jobs = [
        *backend_jobs,
        make_job("draft", "Backend Engineer (Go)", status="DRAFT"),
        make_job("unknown", "Backend Engineer (Go)", "Go services", status=None),
    ]
    matcher = JobMatcher(jobs, JobMatchingSettings(top_k=10, min_score=0.0))
    assert matcher.job_count == 5  # go, py, fe, ae, unknown
    found = _ids(matcher.match(GO_DEV))
    assert "closed" not in found and "draft" not in found and "unknown" in found


def test_best_job_first_among_near_duplicates(backend_jobs: list[dict[str, Any]]) -> None:
    matcher = JobMatcher(backend_jobs, JobMatchingSettings(top_k=3))
    assert _ids(matcher.match(GO_DEV))[0] == "go"
    assert _ids(matcher.match(PY_DEV))[0] == "py"
    frontend = CandidateProfile(
        title="Front-end Developer", skills=("React.js", "TypeScript", "CSS"), years_experience=4
    )
    assert _ids(matcher.match(frontend))[0] == "fe"


def test_top_k_and_min_score(backend_jobs: list[dict[str, Any]]) -> None:
    loose = JobMatcher(backend_jobs, JobMatchingSettings(top_k=10, min_score=0.0)).match(GO_DEV)
    assert len(loose) >= 3
    assert [m.score for m in loose] == sorted((m.score for m in loose), reverse=True)
    assert all(0.0 < m.score <= 1.0 for m in loose)
    assert _ids(JobMatcher(backend_jobs, JobMatchingSettings(top_k=2, min_score=0.0)).match(GO_DEV)) == _ids(loose)[:2]
    threshold = loose[1].score + 1e-4
    strict = JobMatcher(backend_jobs, JobMatchingSettings(top_k=10, min_score=threshold)).match(GO_DEV)
    assert _ids(strict) == _ids(loose)[:1]


def test_unrelated_candidate_matches_nothing(backend_jobs: list[dict[str, Any]]) -> None:
    matcher = JobMatcher(backend_jobs, JobMatchingSettings(top_k=3))
    assert matcher.match(NURSE) == []
    assert matcher.match(CandidateProfile()) == []


def test_hard_filters_beat_relevance(backend_jobs: list[dict[str, Any]]) -> None:
    junior = CandidateProfile(
        title="Backend Engineer", skills=("Go", "gRPC", "Kafka"), years_experience=1, location="San Francisco"
    )
    assert "go" not in _ids(JobMatcher(backend_jobs, JobMatchingSettings(top_k=5, min_score=0.0)).match(junior))


def test_explanation_says_what_passed_what_matched_and_why(backend_jobs: list[dict[str, Any]]) -> None:
    match = JobMatcher(backend_jobs, JobMatchingSettings()).match(GO_DEV)[0]
    text = match.explanation
    assert len(text) <= 300
    assert text.startswith(f"{match.band} {match.score:.2f} for Senior Backend Engineer (Go).")
    # The filters passed and the evidence each used (the record's fields here), in full or short form.
    passed = text.split("Passed: ")[1].split(" Matched: ")[0]
    assert passed in (
        "8y (field) >= 5y minimum; bachelor (field) >= bachelor; on-site in San Francisco, CA, US, same city (field).",
        "years (field), degree (field), location (field).",
    )
    matched = text.split("Matched: ")[1].split(".")[0].split(", ")
    assert len(matched) >= 3 and "go" in matched
    assert len({"grpc", "kafka", "kubernetes", "postgresql"} & set(matched)) >= 2
    assert "Why: title" in text and "level senior/senior" in text and "role software (title)/software" in text


def test_explanation_stays_short_with_long_inputs() -> None:
    long_name = "Principal Distributed Systems Engineer, Payments Ledger Reliability and Data Platform " * 3
    job = make_job("long", long_name.strip(), "Go Kafka gRPC " * 50, remote=False, addresses=[SF] * 3)
    profile = CandidateProfile(title="Distributed Systems Engineer", skills=("Go", "Kafka", "gRPC"), location="SF")
    matches = JobMatcher([job], JobMatchingSettings(min_score=0.0)).match(profile)
    assert matches and len(matches[0].explanation) <= 300


def test_bands_follow_settings(backend_jobs: list[dict[str, Any]]) -> None:
    default = JobMatchingSettings()
    assert [default.band_for(s) for s in (0.95, 0.8, 0.79, 0.6, 0.2)] == [
        "match-high",
        "match-high",
        "match-medium",
        "match-medium",
        "match-low",
    ]
    custom = JobMatchingSettings(
        min_score=0.0,
        top_k=5,
        confidence_bands=[ConfidenceBand(name="B", min_score=0.0), ConfidenceBand(name="A", min_score=0.5)],
    )
    for match in JobMatcher(backend_jobs, custom).match(GO_DEV):
        assert match.band == ("A" if match.score >= 0.5 else "B")


def test_results_do_not_depend_on_job_order(backend_jobs: list[dict[str, Any]]) -> None:
    settings = JobMatchingSettings(top_k=5, min_score=0.0)
    expected = JobMatcher(backend_jobs, settings).match(GO_DEV)
    shuffled = list(backend_jobs)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert JobMatcher(shuffled, settings).match(GO_DEV) == expected
    assert JobMatcher(backend_jobs, settings).match(GO_DEV) == expected  # and on repeat


def test_results_do_not_depend_on_hash_seed(backend_jobs: list[dict[str, Any]]) -> None:
    script = (
        "import json, sys\n"
        "from destination_unified_ats.matching import CandidateProfile, JobMatcher, JobMatchingSettings\n"
        "jobs, profile = json.loads(sys.stdin.read())\n"
        "matches = JobMatcher(jobs, JobMatchingSettings(top_k=5, min_score=0.0)).match(CandidateProfile.from_record(profile))\n"
        "print(json.dumps([[m.job_id, m.score, m.band, m.explanation] for m in matches]))\n"
    )
    record = {"title": GO_DEV.title, "summary": GO_DEV.summary, "skills": list(GO_DEV.skills), "years_experience": 8}
    payload = json.dumps([backend_jobs, record])
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            [sys.executable, "-c", script], input=payload, capture_output=True, text=True, env=env, check=True
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_from_record_reads_contract_fields() -> None:
    profile = CandidateProfile.from_record(
        {
            "email": "a@example.com",
            "title": "  Backend Engineer ",
            "summary": "",
            "skills": "Go, Kafka , ,gRPC",
            "experience": [{"title": "Engineer", "company": "Acme"}, "Go at Initech"],
            "years_experience": "7+ years",
            "degree": "BSc",
            "location": {"city": "Berlin", "country": "Germany"},
            "remote": "yes",
            "unrelated": 1,
        }
    )
    assert profile == CandidateProfile(
        title="Backend Engineer",
        summary=None,
        skills=("Go", "Kafka", "gRPC"),
        experience="Engineer ; Acme\nGo at Initech",
        years_experience=7.0,
        degree="BSc",
        location="Berlin, Germany",
        remote=True,
    )
    assert CandidateProfile.from_record({}) == CandidateProfile()
    assert CandidateProfile(skills=["Go", "Kafka"]).skills == ("Go", "Kafka")  # type: ignore[arg-type]


def test_no_jobs_no_matches() -> None:
    matcher = JobMatcher([], JobMatchingSettings())
    assert matcher.job_count == 0
    assert matcher.match(GO_DEV) == [] and matcher.explain_rejections(GO_DEV) == []


@pytest.mark.parametrize("bad", [{"id": None, "name": "x"}, "not a job", {"name": "no id"}])
def test_malformed_jobs_are_skipped(bad: Any) -> None:
    matcher = JobMatcher([bad, make_job("ok", "Backend Engineer (Go)", "Go")], JobMatchingSettings(min_score=0.0))
    assert matcher.job_count == 1


def test_equal_scores_are_ordered_by_job_id() -> None:
    twins = [make_job(job_id, "Backend Engineer (Go)", "Go, gRPC, Kafka") for job_id in ("b", "c", "a")]
    settings = JobMatchingSettings(top_k=3, min_score=0.0)
    matches = JobMatcher(twins, settings).match(GO_DEV)
    assert _ids(matches) == ["a", "b", "c"] and len({m.score for m in matches}) == 1
    assert _ids(JobMatcher(list(reversed(twins)), settings).match(GO_DEV)) == ["a", "b", "c"]
