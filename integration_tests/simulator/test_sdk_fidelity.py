"""Drive the simulator with the official `unified-python-sdk` for every endpoint the connector uses:
the SDK builds the requests (paths, float limit/offset, exploded fields) and parses every response."""

from __future__ import annotations

import base64

import pytest
from unified_python_sdk import UnifiedTo
from unified_python_sdk.models import errors, shared

from integration_tests.simulator.conftest import SimFactory
from integration_tests.simulator.helpers import assert_fits_model, open_job_id, sdk_for
from unified_ats_simulator import SimulatorServer


def _candidate(sdk: UnifiedTo, sim: SimulatorServer, email: str, **extra: object) -> shared.AtsCandidate:
    body = {"first_name": "Ada", "last_name": "Lovelace", "emails": [{"email": email, "type": "WORK"}], **extra}
    response = sdk.ats.create_ats_candidate(request={"connection_id": sim.connection_id, "ats_candidate": body})
    assert response.status_code == 200
    assert_fits_model(response.raw_response.json(), shared.AtsCandidate)
    assert response.ats_candidate is not None
    return response.ats_candidate


def test_get_connection(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    response = sdk.unified.get_unified_connection(request={"id": sim.connection_id})
    assert_fits_model(response.raw_response.json(), shared.Connection)
    connection = response.connection
    assert connection is not None
    assert connection.id == sim.connection_id
    assert connection.integration_type == "generic"
    assert "ats" in connection.categories
    assert {"ats_candidate_write", "ats_application_write", "ats_document_write", "ats_job_read"} <= {
        p.value for p in connection.permissions
    }
    assert connection.is_paused is False
    assert connection.last_healthy_at is not None
    assert connection.auth is not None and connection.auth.access_token


def test_list_integrations_support_matches_profile(make_sim: SimFactory) -> None:
    sim = make_sim(profile="greenhouse")
    sdk = sdk_for(sim)
    response = sdk.unified.list_unified_integrations(request={"type": "greenhouse"})
    assert response.integrations is not None and len(response.integrations) == 1
    raw = response.raw_response.json()[0]
    assert_fits_model(raw, shared.Integration)
    for support in raw["support"].values():
        assert_fits_model(support, shared.IntegrationSupport)
    support = response.integrations[0].support
    assert support is not None
    document = support["ats_document"]
    assert document.methods == {"list": True, "get": True, "create": True, "update": False, "remove": False}
    assert document.outbound_fields is not None
    assert "document_data" not in document.outbound_fields  # URL only
    assert document.outbound_fields["application_id"] == "supported-required"
    assert "status" in (support["ats_application"].slow_fields or [])

    everything = sdk.unified.list_unified_integrations(request={"categories": ["ats"]})
    assert everything.integrations is not None
    assert {i.type for i in everything.integrations} >= {"greenhouse", "lever", "workable", "vincere", "generic"}


def test_list_jobs_status_filter_and_pagination(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    open_jobs = [j for j in sim.jobs() if j["status"] == "OPEN"]
    seen: list[str] = []
    offset = 0
    while True:
        response = sdk.ats.list_ats_jobs(
            request={
                "connection_id": sim.connection_id,
                "status": "OPEN",
                "limit": 4,
                "offset": offset,
                "sort": "updated_at",
                "order": "asc",
            }
        )
        assert response.raw_response.headers["X-Total-Count"] == str(len(open_jobs))
        page = response.ats_jobs or []
        for raw in response.raw_response.json():
            assert_fits_model(raw, shared.AtsJob)
        assert all(job.status == shared.AtsJobStatus.OPEN for job in page)
        seen += [job.id or "" for job in page]
        if len(page) < 4:
            break
        offset += 4
    assert sorted(seen) == sorted(j["id"] for j in open_jobs)
    closed = sdk.ats.list_ats_jobs(request={"connection_id": sim.connection_id, "status": "CLOSED"})
    assert closed.ats_jobs and all(job.status == shared.AtsJobStatus.CLOSED for job in closed.ats_jobs)


def test_get_job_has_matching_signals(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    job = sdk.ats.get_ats_job(request={"connection_id": sim.connection_id, "id": "job_backend_sr"}).ats_job
    assert job is not None
    assert job.name == "Senior Backend Engineer"
    assert job.minimum_experience_years == 5
    assert job.employment_type == shared.EmploymentType.FULL_TIME
    assert job.remote is True and job.addresses and job.questions and job.metadata


def test_candidate_query_by_email_and_paging(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    created = _candidate(sdk, sim, "Ada.Lovelace@Example.com", origin="SOURCED", tags=["sourced"])
    for i in range(5):
        _candidate(sdk, sim, f"other{i}@example.com")
    found = sdk.ats.list_ats_candidates(
        request={"connection_id": sim.connection_id, "query": "ada.lovelace@example.COM", "limit": 10, "offset": 0}
    ).ats_candidates
    assert [c.id for c in found or []] == [created.id]
    page_two = sdk.ats.list_ats_candidates(
        request={"connection_id": sim.connection_id, "limit": 4, "offset": 4, "sort": "created_at", "order": "asc"}
    )
    assert page_two.raw_response.headers["X-Total-Count"] == "6"
    assert len(page_two.ats_candidates or []) == 2


def test_create_get_update_patch_candidate(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    created = _candidate(sdk, sim, "grace@example.com", origin="SOURCED", metadata=[{"slug": "score", "value": 0.9}])
    assert created.id and created.created_at and created.updated_at
    assert created.origin == shared.Origin.SOURCED
    got = sdk.ats.get_ats_candidate(request={"connection_id": sim.connection_id, "id": created.id}).ats_candidate
    assert got is not None and got.emails and got.emails[0].email == "grace@example.com"

    updated = sdk.ats.update_ats_candidate(
        request={"connection_id": sim.connection_id, "id": created.id, "ats_candidate": {"tags": ["a", "b"]}}
    ).ats_candidate
    assert updated is not None and updated.tags == ["a", "b"] and updated.first_name == "Ada"
    assert updated.updated_at is not None and created.updated_at is not None
    assert updated.updated_at > created.updated_at

    patched = sdk.ats.patch_ats_candidate(
        request={"connection_id": sim.connection_id, "id": created.id, "ats_candidate": {"title": "Engineer"}}
    ).ats_candidate
    assert patched is not None and patched.title == "Engineer" and patched.tags == ["a", "b"]


def test_applications_create_list_update(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    candidate = _candidate(sdk, sim, "linus@example.com")
    job_id = open_job_id(sim)
    created = sdk.ats.create_ats_application(
        request={
            "connection_id": sim.connection_id,
            "ats_application": {"candidate_id": candidate.id, "job_id": job_id, "status": "NEW", "source": "sourcer"},
        }
    )
    assert_fits_model(created.raw_response.json(), shared.AtsApplication)
    application = created.ats_application
    assert application is not None and application.status == shared.AtsApplicationStatus.NEW

    listed = sdk.ats.list_ats_applications(
        request={"connection_id": sim.connection_id, "candidate_id": candidate.id or "", "job_id": job_id}
    ).ats_applications
    assert [a.id for a in listed or []] == [application.id]
    none = sdk.ats.list_ats_applications(
        request={"connection_id": sim.connection_id, "candidate_id": candidate.id or "", "job_id": "job_frontend"}
    ).ats_applications
    assert not none

    moved = sdk.ats.update_ats_application(
        request={
            "connection_id": sim.connection_id,
            "id": application.id or "",
            "ats_application": {"status": "REVIEWING"},
        }
    ).ats_application
    assert moved is not None and moved.status == shared.AtsApplicationStatus.REVIEWING
    by_status = sdk.ats.list_ats_applications(request={"connection_id": sim.connection_id, "status": "REVIEWING"})
    assert [a.id for a in by_status.ats_applications or []] == [application.id]


def test_documents_create_and_list(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    candidate = _candidate(sdk, sim, "marie@example.com")
    content = b"%PDF-1.4 resume"
    created = sdk.ats.create_ats_document(
        request={
            "connection_id": sim.connection_id,
            "ats_document": {
                "candidate_id": candidate.id,
                "filename": "resume.pdf",
                "type": "RESUME",
                "document_data": base64.b64encode(content).decode(),
            },
        }
    )
    assert_fits_model(created.raw_response.json(), shared.AtsDocument)
    document = created.ats_document
    assert document is not None and document.id and document.document_url
    assert document.document_data is None  # never echoed back
    info = sim.store.document_info(document.id)
    assert info is not None and info.content == content

    listed = sdk.ats.list_ats_documents(
        request={"connection_id": sim.connection_id, "candidate_id": candidate.id or "", "type": "RESUME"}
    ).ats_documents
    assert [d.id for d in listed or []] == [document.id]


def test_application_statuses(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    statuses = sdk.ats.list_ats_applicationstatuses(request={"connection_id": sim.connection_id}).ats_statuses
    assert statuses and {s.status.value for s in statuses if s.status} >= {"NEW", "REVIEWING", "HIRED"}
    one = sdk.ats.get_ats_applicationstatus(request={"connection_id": sim.connection_id, "id": statuses[0].id or ""})
    assert one.ats_status is not None and one.ats_status.id == statuses[0].id


def test_remove_and_missing_objects_raise_sdk_errors(sdk: UnifiedTo, sim: SimulatorServer) -> None:
    candidate = _candidate(sdk, sim, "gone@example.com")
    removed = sdk.ats.remove_ats_candidate(request={"connection_id": sim.connection_id, "id": candidate.id or ""})
    assert removed.status_code == 200
    with pytest.raises(errors.SDKError) as excinfo:
        sdk.ats.get_ats_candidate(request={"connection_id": sim.connection_id, "id": candidate.id or ""})
    assert excinfo.value.status_code == 404
