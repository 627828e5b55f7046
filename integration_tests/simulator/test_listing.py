"""List parameters (limit/offset as floats, cap, sort, order, updated_gte, query, fields, filters),
updates (merge, updated_at, email index) and seeding."""

from __future__ import annotations

import time

import httpx
import pytest

from integration_tests.simulator.conftest import SimFactory
from integration_tests.simulator.helpers import ats, candidate_body, client_for, create
from unified_ats_simulator import SimulatorServer


def _ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [obj["id"] for obj in response.json()]


def test_limit_offset_floats_and_page_cap(sim: SimulatorServer, client: httpx.Client) -> None:
    candidates = [candidate_body(f"bulk{i:03d}@example.com") for i in range(120)]
    assert len(client.post("/_admin/seed", json={"candidates": candidates}).json()["candidates"]) == 120
    first = client.get(ats(sim, "candidate"), params={"limit": "500.0", "offset": "0.0"})
    assert len(first.json()) == 100 and first.headers["X-Total-Count"] == "120"
    last = client.get(ats(sim, "candidate"), params={"limit": 100, "offset": 100})
    assert len(last.json()) == 20
    assert client.get(ats(sim, "candidate"), params={"offset": 500}).json() == []
    for bad in ({"limit": "ten"}, {"offset": "-1"}, {"limit": "2.5"}):
        response = client.get(ats(sim, "candidate"), params=bad)
        assert response.status_code == 400 and next(iter(bad)) in response.json()["message"]


def test_sort_and_order(sim: SimulatorServer, client: httpx.Client) -> None:
    names = _names(client.get(ats(sim, "job"), params={"sort": "name", "order": "asc"}))
    assert names == sorted(names, key=str.lower)
    names_desc = _names(client.get(ats(sim, "job"), params={"sort": "name", "order": "desc"}))
    assert names_desc == list(reversed(names))
    created = client.get(ats(sim, "job"), params={"sort": "created_at", "order": "desc"}).json()
    assert [j["created_at"] for j in created] == sorted((j["created_at"] for j in created), reverse=True)
    assert client.get(ats(sim, "job"), params={"sort": "salary"}).status_code == 400
    assert client.get(ats(sim, "job"), params={"order": "sideways"}).status_code == 400


def _names(response: httpx.Response) -> list[str]:
    return [obj["name"] for obj in response.json()]


def test_updated_gte(sim: SimulatorServer, client: httpx.Client) -> None:
    old = create(client, sim, "candidate", candidate_body("old@example.com"))
    time.sleep(0.01)
    new = create(client, sim, "candidate", candidate_body("new@example.com"))
    assert _ids(client.get(ats(sim, "candidate"), params={"updated_gte": new["updated_at"]})) == [new["id"]]
    assert _ids(client.get(ats(sim, "candidate"), params={"updated_gte": "2000-01-01"})) == [old["id"], new["id"]]
    assert client.get(ats(sim, "candidate"), params={"updated_gte": "yesterday"}).status_code == 400


def test_fields_projection(sim: SimulatorServer, client: httpx.Client) -> None:
    repeated = client.get(ats(sim, "job"), params=[("fields", "id"), ("fields", "name"), ("limit", "2")]).json()
    assert [set(job) for job in repeated] == [{"id", "name"}] * 2
    comma = client.get(ats(sim, "job", "job_frontend"), params={"fields": "id,status"}).json()
    assert comma == {"id": "job_frontend", "status": "OPEN"}


def test_candidate_query_matches_email_or_name(sim: SimulatorServer, client: httpx.Client) -> None:
    ada = create(client, sim, "candidate", {"name": "Ada Lovelace", "emails": [{"email": "ada@math.org"}]})
    create(client, sim, "candidate", {"name": "Alan Turing", "emails": [{"email": "alan@math.org"}]})
    assert _ids(client.get(ats(sim, "candidate"), params={"query": "ADA@MATH.ORG"})) == [ada["id"]]
    assert _ids(client.get(ats(sim, "candidate"), params={"query": "lovel"})) == [ada["id"]]
    assert _ids(client.get(ats(sim, "candidate"), params={"query": "math.org@"})) == []
    assert _ids(client.get(ats(sim, "candidate"), params={"query": "nobody@math.org"})) == []


def test_update_merges_bumps_updated_at_and_reindexes_email(sim: SimulatorServer, client: httpx.Client) -> None:
    created = create(client, sim, "candidate", candidate_body("before@example.com", title="Dev", tags=["a"]))
    updated = client.put(
        ats(sim, "candidate", created["id"]), json={"emails": [{"email": "after@example.com", "type": "HOME"}]}
    ).json()
    assert updated["title"] == "Dev" and updated["tags"] == ["a"]
    assert updated["created_at"] == created["created_at"] and updated["updated_at"] > created["updated_at"]
    assert _ids(client.get(ats(sim, "candidate"), params={"query": "before@example.com"})) == []
    assert _ids(client.get(ats(sim, "candidate"), params={"query": "after@example.com"})) == [created["id"]]
    assert client.delete(ats(sim, "candidate", created["id"])).status_code == 200
    assert _ids(client.get(ats(sim, "candidate"), params={"query": "after@example.com"})) == []


def test_per_object_filters(sim: SimulatorServer, client: httpx.Client) -> None:
    jane = create(client, sim, "candidate", candidate_body("jane@example.com", company_id="acme"))
    john = create(client, sim, "candidate", candidate_body("john@example.com", job_ids=["job_sre"]))
    app = create(client, sim, "application", {"candidate_id": jane["id"], "job_id": "job_frontend"})
    doc = create(
        client,
        sim,
        "document",
        {
            "application_id": app["id"],
            "filename": "cv.pdf",
            "type": "RESUME",
            "document_url": "https://x.example/cv.pdf",
        },
    )
    create(
        client,
        sim,
        "document",
        {
            "candidate_id": john["id"],
            "filename": "cover.pdf",
            "type": "COVER_LETTER",
            "document_url": "https://x.example/cover.pdf",
        },
    )
    assert _ids(client.get(ats(sim, "candidate"), params={"job_id": "job_frontend"})) == [jane["id"]]
    assert _ids(client.get(ats(sim, "candidate"), params={"job_id": "job_sre"})) == [john["id"]]
    assert _ids(client.get(ats(sim, "candidate"), params={"company_id": "acme"})) == [jane["id"]]
    assert _ids(client.get(ats(sim, "application"), params={"job_id": "job_frontend", "status": "NEW"})) == [app["id"]]
    assert _ids(client.get(ats(sim, "application"), params={"candidate_id": john["id"]})) == []
    assert _ids(client.get(ats(sim, "document"), params={"application_id": app["id"]})) == [doc["id"]]
    assert _ids(client.get(ats(sim, "document"), params={"candidate_id": jane["id"], "type": "RESUME"})) == [doc["id"]]
    assert _ids(client.get(ats(sim, "document"), params={"job_id": "job_frontend"})) == [doc["id"]]
    assert client.get(ats(sim, "document"), params={"type": "CV"}).status_code == 400
    assert client.get(ats(sim, "application"), params={"status": "LIMBO"}).status_code == 400
    assert _ids(client.get(ats(sim, "job"), params={"company_id": "company_acme", "status": "DRAFT"})) == [
        "job_security"
    ]
    assert _ids(client.get(ats(sim, "job"), params={"user_id": "nobody"})) == []


def test_default_seed_has_realistic_jobs(sim: SimulatorServer) -> None:
    jobs = sim.jobs()
    assert len(jobs) >= 12
    assert {j["status"] for j in jobs} >= {"OPEN", "CLOSED", "DRAFT"}
    assert any(not j["skills"] for j in jobs if j["status"] == "OPEN")
    for job in jobs:
        assert job["name"] and job["description"] and job["employment_type"]
        assert "minimum_experience_years" in job and "questions" in job and "metadata" in job


def test_custom_seed(make_sim: SimFactory) -> None:
    sim = make_sim(
        jobs=[{"id": "j1", "name": "Welder", "status": "OPEN"}],
        candidates=[{"id": "c1", "name": "Pat", "emails": [{"email": "pat@example.com"}]}],
        applications=[{"id": "a1", "candidate_id": "c1", "job_id": "j1", "status": "SCREENING"}],
    )
    assert [j["id"] for j in sim.jobs()] == ["j1"]
    with client_for(sim) as client:
        assert _ids(client.get(ats(sim, "candidate"), params={"query": "pat@example.com"})) == ["c1"]
        assert client.get(ats(sim, "application", "a1")).json()["status"] == "SCREENING"
    sim.reset()
    assert [c["id"] for c in sim.candidates()] == ["c1"]


@pytest.mark.parametrize("kind", ["candidate", "application", "document", "job"])
def test_delete(sim: SimulatorServer, client: httpx.Client, kind: str) -> None:
    candidate = create(client, sim, "candidate", candidate_body())
    app = create(client, sim, "application", {"candidate_id": candidate["id"], "job_id": "job_frontend"})
    doc = create(client, sim, "document", {"candidate_id": candidate["id"], "document_url": "https://x/y.pdf"})
    object_id = {"candidate": candidate["id"], "application": app["id"], "document": doc["id"], "job": "job_sre"}[kind]
    assert client.delete(ats(sim, kind, object_id)).status_code == 200
    assert client.get(ats(sim, kind, object_id)).status_code == 404
