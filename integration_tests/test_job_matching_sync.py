"""A sync with job matching on: records without a job_id are applied to the right OPEN jobs, with the score,
an explanation and a confidence-band tag written to the candidate."""

from __future__ import annotations

from typing import Any

from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, record, run_connector
from unified_ats_simulator import SimulatorServer

PEOPLE: list[tuple[dict[str, Any], str | None]] = [
    (
        {
            "email": "go.dev@x.io",
            "name": "Gopher Dev",
            "title": "Senior Backend Engineer",
            "summary": "Builds Go and Python services, APIs, queues and Postgres at scale; on-call veteran.",
            "skills": ["go", "python", "postgres", "kafka"],
            "years_experience": 7,
            "degree": "BS Computer Science",
            "location": "San Francisco, CA",
        },
        "job_backend_sr",
    ),
    (
        {
            "email": "sre@x.io",
            "name": "Ops Person",
            "title": "Site Reliability Engineer",
            "summary": "Observability, incident response and capacity planning for a large platform.",
            "skills": ["kubernetes", "prometheus", "terraform"],
            "years_experience": 6,
            "degree": "Bachelor of Science",
            "location": "Toronto, Canada",
        },
        "job_sre",
    ),
    (
        {
            "email": "ui@x.io",
            "name": "React Builder",
            "title": "Frontend Engineer",
            "summary": "React and TypeScript product work with designers and PMs.",
            "skills": ["react", "typescript", "css"],
            "years_experience": 4,
            "location": "Berlin",
        },
        "job_frontend",
    ),
    (
        {
            "email": "junior@x.io",
            "name": "Too Junior",
            "title": "Site Reliability Engineer",
            "summary": "Observability and incident response.",
            "skills": ["kubernetes"],
            "years_experience": 1,
            "degree": "BS",
            "location": "Toronto",
        },
        None,
    ),
]


def test_matching_applies_to_the_right_jobs_with_scores_and_explanations() -> None:
    with SimulatorServer() as sim:
        config = connector_config(sim, application_status="REVIEWING", job_matching={"enabled": True, "top_k": 1})
        result = run_connector("write", config, catalog("people"), [record("people", p) for p, _ in PEOPLE])
        assert result.returncode == 0, result.stdout[-3000:]
        candidates = {c["emails"][0]["email"]: c for c in sim.candidates()}
        applications = {a["candidate_id"]: a for a in sim.applications()}
    for person, job in PEOPLE:
        candidate = candidates[person["email"]]
        metadata = {m["slug"]: m["value"] for m in candidate["metadata"]}
        if job is None:
            assert candidate["id"] not in applications
            assert "match_score" not in metadata
            continue
        application = applications[candidate["id"]]
        assert application["job_id"] == job and application["status"] == "REVIEWING"
        assert 0.5 <= metadata["match_score"] <= 1.0
        assert "Passed:" in metadata["match_explanation"] and len(metadata["match_explanation"]) <= 300
        assert any(tag.startswith("match-") for tag in candidate["tags"])


def test_an_upstream_match_score_is_written_as_is() -> None:
    person = {**PEOPLE[0][0], "match_score": 0.42, "match_explanation": "Upstream ranker v3"}
    with SimulatorServer() as sim:
        config = connector_config(sim, job_matching={"enabled": True})
        run_connector("write", config, catalog("people"), [record("people", person)])
        [candidate] = sim.candidates()
        [application] = sim.applications()
    metadata = {m["slug"]: m["value"] for m in candidate["metadata"]}
    assert metadata["match_score"] == 0.42 and metadata["match_explanation"] == "Upstream ranker v3"
    assert application["job_id"] == "job_backend_sr" and "Senior Backend Engineer" in metadata["matched_jobs"]
