"""The engine on the kinds of case of issue #15: requirements in text, neighbouring roles, wording, places."""

from __future__ import annotations

from datetime import date
from typing import Any

from destination_unified_ats.matching import CandidateProfile, JobMatch, JobMatcher, JobMatchingSettings
from unit_tests.matching.conftest import make_job

TODAY = date(2026, 11, 30)
BOSTON = {"city": "Boston", "region": "Massachusetts", "region_code": "MA", "country_code": "US"}
SEATTLE = {"city": "Seattle", "region_code": "WA", "country_code": "US"}
CHICAGO = {"city": "Chicago", "region_code": "IL", "country_code": "US"}
BERLIN = {"city": "Berlin", "country_code": "DE"}

JOBS: list[dict[str, Any]] = [
    make_job(
        "icu",
        "Registered Nurse, ICU",
        "Critically ill adults on mechanical ventilation; titrate drips; ACLS; chart in Epic. 2+ years as an RN.",
        minimum_experience_years=2,
        remote=False,
        addresses=[BOSTON],
    ),
    make_job(
        "ae",
        "Account Executive",
        "Own a quota, run discovery and demos, close mid-market SaaS deals, forecast in Salesforce.",
        minimum_experience_years=2,
        remote=False,
        addresses=[CHICAGO],
    ),
    make_job("sdr", "Sales Development Representative", "Outbound prospecting; book meetings for AEs in Outreach."),
    make_job(
        "sre",
        "Site Reliability Engineer",
        "Kubernetes on AWS with Terraform, Prometheus alerting, on-call and incident response.",
        minimum_experience_years=4,
        remote=False,
        addresses=[BERLIN],
    ),
    make_job(
        "se",
        "Solutions Engineer (Pre-Sales)",
        "Discovery calls, product demos and proofs of concept with our REST APIs alongside Account Executives.",
        minimum_experience_years=3,
    ),
    make_job(
        "ds",
        "Data Scientist",
        "A/B tests, causal inference and statistics for product teams. 3+ years.",
        minimum_experience_years=3,
        minimum_degree="Master's",
        remote=False,
        addresses=[SEATTLE],
    ),
    make_job("fs", "Full Stack Engineer", "React UIs and a Node.js TypeScript GraphQL API on Postgres."),
]


def _match(settings: JobMatchingSettings | None = None, **profile: Any) -> list[JobMatch]:
    matcher = JobMatcher(JOBS, settings or JobMatchingSettings(top_k=3), today=TODAY)
    return matcher.match(CandidateProfile(**profile))


def _ids(matches: list[JobMatch]) -> list[str]:
    return [m.job_id for m in matches]


def test_respiratory_therapist_is_not_applied_to_the_icu_nurse_job() -> None:
    therapist = {
        "title": "Respiratory Therapist",
        "summary": "ICU ventilator management, ABGs, ACLS, airway clearance for critically ill adults.",
        "skills": ("Mechanical Ventilation", "ACLS", "Critical Care"),
        "years_experience": 5,
        "location": "Boston, MA",
    }
    assert _match(**therapist) == []
    nurse = {**therapist, "title": "ICU Registered Nurse"}
    assert _ids(_match(**nurse))[:1] == ["icu"]
    # The penalty is in the score, not a filter: with no threshold the job is still listed, lower.
    loose = JobMatchingSettings(top_k=3, min_score=0.0)
    assert _match(loose, **therapist)[0].score < _match(loose, **nurse)[0].score * 0.8


def test_sdr_goes_to_the_sdr_job_not_the_account_executive_one() -> None:
    matches = _match(
        title="Sales Development Representative",
        summary="Outbound prospecting and cold calling; booked 40 meetings a month for AEs.",
        skills=("Prospecting", "Outreach", "Salesforce"),
        years_experience=3,
        location="Chicago, IL",
    )
    assert _ids(matches) == ["sdr"]
    assert "role sales_development (title)/sales_development" in matches[0].explanation


def test_pre_sales_solutions_engineer_is_not_an_sre() -> None:
    matches = _match(
        title="Pre-Sales Solutions Engineer",
        summary="Demos and proofs of concept for a Kubernetes observability product; AWS, Terraform examples.",
        skills=("Demos", "Kubernetes", "REST APIs"),
        years_experience=6,
        location="Berlin, Germany",
    )
    assert _ids(matches) == ["se"]


def test_years_in_text_feed_the_filter_and_the_explanation_names_the_text() -> None:
    junior = {
        "title": "SRE",
        "summary": "~1 year on an SRE team: Kubernetes, Terraform, Prometheus.",
        "location": "Berlin",
    }
    assert "sre" not in _ids(_match(JobMatchingSettings(top_k=3, min_score=0.0), **junior))
    [rejection] = [
        r
        for r in JobMatcher(JOBS, JobMatchingSettings(), today=TODAY).explain_rejections(CandidateProfile(**junior))
        if r.job_id == "sre"
    ]
    assert rejection.filter == "minimum_years" and "1y (text '~1 year')" in rejection.reason
    # The field is trusted unless the text says fewer years.
    [match] = _match(title="SRE", summary="Kubernetes, Terraform, Prometheus.", years_experience=6, location="Berlin")
    assert "6y (field) >= 4y minimum" in match.explanation


def test_since_is_read_against_the_reference_date() -> None:
    profile = CandidateProfile(
        title="Data Scientist",
        summary="Data scientist since 2023: A/B tests, causal inference, statistics.",
        degree="MSc Statistics",
        location="Seattle, WA",
    )
    settings = JobMatchingSettings(top_k=3)
    assert _ids(JobMatcher(JOBS, settings, today=date(2024, 6, 1)).match(profile)) == []
    assert _ids(JobMatcher(JOBS, settings, today=TODAY).match(profile)) == ["ds"]


def test_degree_in_text_feeds_the_filter() -> None:
    base = {
        "title": "Data Scientist",
        "skills": ("A/B Testing", "Statistics"),
        "years_experience": 5,
        "location": "Seattle",
    }
    assert _match(**base, summary="BSc in Statistics; experiments and causal inference.") == []
    [match] = _match(**base, summary="PhD in Physics; experiments and causal inference.")
    assert match.job_id == "ds" and "doctorate (text 'phd') >= master" in match.explanation


def test_a_suburb_fits_the_citys_on_site_job() -> None:
    [match] = _match(
        title="Critical Care RN",
        summary="Medical ICU nurse.",
        skills=("ACLS",),
        years_experience=3,
        location="Cambridge, MA",
    )
    assert match.job_id == "icu" and "Cambridge, MA, US is in its metro area (field)" in match.explanation


def test_relocation_moves_the_candidate() -> None:
    scientist = {
        "title": "Data Scientist",
        "summary": "A/B tests and causal inference. Relocating to Seattle in January.",
        "years_experience": 4,
        "degree": "MS Statistics",
        "location": "Portland, OR",
    }
    [match] = _match(**scientist)
    assert match.job_id == "ds" and "on-site in Seattle, WA, US; relocating to seattle (text)" in match.explanation
    leaving = {**scientist, "summary": "A/B tests and causal inference. Relocating to Denver.", "location": "Seattle"}
    assert _match(**leaving) == []


def test_licensure_by_endorsement_counts_as_intent_to_work_in_that_state() -> None:
    nurse = {
        "title": "ICU Registered Nurse",
        "summary": "Rhode Island RN in a cardiac ICU; applying for Massachusetts licensure by endorsement.",
        "years_experience": 5,
        "location": "Providence, RI",
    }
    assert _ids(_match(**nurse)) == ["icu"]
    assert _match(**{**nurse, "summary": "Rhode Island RN in a cardiac ICU."}) == []


def test_a_founder_is_judged_by_what_they_built() -> None:
    founder = {
        "title": "Founder",
        "summary": "Built a B2B invoicing product: the React front end and a Node.js TypeScript GraphQL API on Postgres.",
        "skills": ("React", "Node.js", "TypeScript", "GraphQL"),
        "years_experience": 5,
    }
    assert _ids(_match(**founder))[:1] == ["fs"]
