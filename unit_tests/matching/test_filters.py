"""Each hard filter: pass or fail, with its reason; the fast path agrees with the detailed one."""

from __future__ import annotations

import itertools

from destination_unified_ats.matching import CandidateProfile, JobMatcher, JobMatchingSettings
from destination_unified_ats.matching.candidate import candidate_signals
from destination_unified_ats.matching.filters import (
    DEGREE,
    LOCATION,
    MINIMUM_YEARS,
    REQUIRED_TERMS,
    compile_required_terms,
    job_filter_results,
    job_filters_pass,
    missing_required_terms,
)
from destination_unified_ats.matching.jobs import index_job
from unit_tests.matching.conftest import BERLIN, NYC, SF, make_job

ON_SITE_SF = make_job("sf", "Backend Engineer", remote=False, addresses=[SF])


def _results(profile: CandidateProfile, job: dict[str, object], **settings: object) -> dict[str, tuple[bool, str]]:
    results = job_filter_results(
        candidate_signals(profile), index_job(job), JobMatchingSettings.model_validate(settings)
    )
    return {r.filter: (r.passed, r.reason) for r in results}


def test_minimum_years_with_tolerance() -> None:
    job = make_job("j", "Backend Engineer", minimum_experience_years=5)
    assert _results(CandidateProfile(years_experience=4.0), job)[MINIMUM_YEARS] == (True, "4y (field) >= 5y minimum")
    passed, reason = _results(CandidateProfile(years_experience=3.0), job)[MINIMUM_YEARS]
    assert not passed and reason == "3y (field) experience, job requires 5y (tolerance 1y)"
    assert not _results(CandidateProfile(years_experience=4.0), job, years_tolerance=0)[MINIMUM_YEARS][0]
    assert _results(CandidateProfile(years_experience=1.0), job, enforce_minimum_years=False)[MINIMUM_YEARS][0]


def test_minimum_years_read_from_prose_and_unknown() -> None:
    job = make_job("j", "Backend Engineer", minimum_experience_years=5)
    prose = CandidateProfile(summary="Backend engineer with 7+ years of experience in Go.")
    assert _results(prose, job)[MINIMUM_YEARS][0]
    unknown = CandidateProfile(title="Backend Engineer")
    assert _results(unknown, job)[MINIMUM_YEARS] == (True, "years of experience unknown (job asks 5y)")
    assert not _results(unknown, job, allow_unknown=False)[MINIMUM_YEARS][0]


def test_degree_ladder_filter() -> None:
    job = make_job("j", "ML Engineer", minimum_degree="Master's")
    assert _results(CandidateProfile(degree="PhD, Statistics"), job)[DEGREE] == (True, "doctorate (field) >= master")
    passed, reason = _results(CandidateProfile(degree="B.S. Computer Science"), job)[DEGREE]
    assert not passed and reason == "bachelor (field) below the required master"
    assert _results(CandidateProfile(degree="BS"), job, enforce_degree=False)[DEGREE][0]
    waived = make_job("w", "Staff Engineer", minimum_degree="BS in Computer Science or equivalent experience")
    assert _results(CandidateProfile(degree="High school"), waived)[DEGREE] == (True, "degree or equivalent experience")
    assert not _results(CandidateProfile(), job, allow_unknown=False)[DEGREE][0]


def test_location_on_site_job() -> None:
    assert _results(CandidateProfile(location="San Francisco, CA"), ON_SITE_SF)[LOCATION] == (
        True,
        "on-site in San Francisco, CA, US, same city (field)",
    )
    passed, reason = _results(CandidateProfile(location="Los Angeles, CA"), ON_SITE_SF)[LOCATION]
    assert not passed and reason == "candidate in Los Angeles, CA, US; job is on-site in San Francisco, CA, US"
    # Without require_location_match any location is fine, but remote-only candidates still are not.
    assert _results(CandidateProfile(location="Los Angeles, CA"), ON_SITE_SF, require_location_match=False)[LOCATION][0]


def test_remote_only_candidate_fails_on_site_jobs_only() -> None:
    remote_only = CandidateProfile(location="San Francisco, CA", remote=True)
    passed, reason = _results(remote_only, ON_SITE_SF)[LOCATION]
    assert not passed and reason == "candidate wants remote only; job is on-site in San Francisco, CA, US"
    assert not _results(remote_only, ON_SITE_SF, require_location_match=False)[LOCATION][0]
    assert not _results(CandidateProfile(location="Remote - US"), ON_SITE_SF)[LOCATION][0]
    remote_job = make_job("r", "Backend Engineer", remote=True, addresses=[NYC])
    assert _results(remote_only, remote_job)[LOCATION] == (True, "remote job")


def test_job_with_unknown_remote_flag_and_an_address_is_on_site() -> None:
    hybrid = make_job("h", "SRE", remote=None, addresses=[BERLIN])
    assert _results(CandidateProfile(location="Berlin, Germany"), hybrid)[LOCATION][0]
    assert not _results(CandidateProfile(location="Munich, Germany"), hybrid)[LOCATION][0]
    nowhere = make_job("n", "SRE", remote=None, addresses=[])
    assert _results(CandidateProfile(location="Munich", remote=True), nowhere)[LOCATION] == (
        True,
        "job states no location",
    )


def test_vague_location_follows_allow_unknown() -> None:
    vague = CandidateProfile(location="California")
    assert _results(vague, ON_SITE_SF)[LOCATION][0]
    assert not _results(vague, ON_SITE_SF, allow_unknown=False)[LOCATION][0]
    assert not _results(CandidateProfile(), ON_SITE_SF, allow_unknown=False)[LOCATION][0]


def test_required_terms_use_synonyms_and_verbatim_text() -> None:
    settings = JobMatchingSettings(extra_required_terms=["kubernetes", "security clearance", "Go"])
    required = compile_required_terms(settings)
    fits = candidate_signals(CandidateProfile(skills=("K8s", "Golang"), summary="Holds an active Security Clearance."))
    assert missing_required_terms(fits, required) == []
    lacks = candidate_signals(CandidateProfile(skills=("Docker",), summary="Go developer"))
    assert missing_required_terms(lacks, required) == ["kubernetes", "security clearance"]


def test_required_terms_reject_every_job_with_the_reason(backend_jobs: list[dict[str, object]]) -> None:
    matcher = JobMatcher(backend_jobs, JobMatchingSettings(extra_required_terms=["rust"]))
    profile = CandidateProfile(title="Backend Engineer", skills=("Python", "Django"), years_experience=4)
    assert matcher.match(profile) == []
    rejections = matcher.explain_rejections(profile)
    assert {r.job_id for r in rejections} == {"go", "py", "fe", "ae"}
    assert all(r.filter == REQUIRED_TERMS and "rust" in r.reason for r in rejections)


def test_explain_rejections_lists_every_failed_filter(backend_jobs: list[dict[str, object]]) -> None:
    matcher = JobMatcher(backend_jobs, JobMatchingSettings())
    profile = CandidateProfile(
        title="Go Developer", years_experience=2, degree="Associate degree", location="Denver, CO"
    )
    rejections = {r.job_id: r for r in matcher.explain_rejections(profile)}
    assert set(rejections) == {"go"}  # closed jobs are not indexed; the others have no failing filter
    assert rejections["go"].filters == (MINIMUM_YEARS, DEGREE, LOCATION)
    assert rejections["go"].filter == MINIMUM_YEARS
    assert "job requires 5y" in rejections["go"].reason and "Denver" in rejections["go"].reason


def test_fast_path_agrees_with_the_detailed_filters() -> None:
    jobs = [
        index_job(make_job("a", "A", minimum_experience_years=y, minimum_degree=d, remote=r, addresses=a))
        for y, d, r, a in itertools.product(
            (None, 0, 3, 8), (None, "Bachelor's", "Master's or equivalent experience"), (True, False, None), ([], [SF])
        )
    ]
    profiles = [
        CandidateProfile(years_experience=y, degree=d, location=loc, remote=remote)
        for y, d, loc, remote in itertools.product(
            (None, 2.0, 9.0),
            (None, "High school", "MSc"),
            (None, "San Francisco", "Remote", "California"),
            (None, True),
        )
    ]
    settings_grid = [
        JobMatchingSettings(),
        JobMatchingSettings(allow_unknown=False),
        JobMatchingSettings(require_location_match=False, enforce_degree=False),
        JobMatchingSettings(enforce_minimum_years=False, years_tolerance=0),
    ]
    for settings in settings_grid:
        for profile in profiles:
            signals = candidate_signals(profile)
            cache: dict[str, bool] = {}
            for job in jobs:
                expected = all(r.passed for r in job_filter_results(signals, job, settings))
                assert job_filters_pass(signals, job, settings) == expected
                assert job_filters_pass(signals, job, settings, cache) == expected
