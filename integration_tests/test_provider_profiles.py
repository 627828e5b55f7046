"""Each named provider profile, end to end against the simulator enforcing that provider's rules."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.file_server import PDF_BYTES, file_server
from integration_tests.harness import catalog, record, run_connector
from unified_ats_simulator import SimulatorServer
from unified_ats_simulator import profiles as sim_profiles

PROFILES = ["greenhouse", "lever", "workable", "smartrecruiters", "cats", "vincere", "ashby", "bullhorn", "teamtailor"]
JOB = "job_backend_sr"


@pytest.fixture(scope="module")
def files() -> Iterator[str]:
    with file_server() as base:
        yield base


def write(sim: SimulatorServer, data: dict[str, Any], **config: Any):
    settings = {
        "application_status": "REVIEWING",
        "tags": ["sourced"],
        "allow_http_resume_urls": True,
        "allow_private_resume_hosts": True,
        **config,
    }
    result = run_connector("write", connector_config(sim, **settings), catalog("people"), [record("people", data)])
    assert result.returncode == 0, result.stdout[-3000:]
    return result


@pytest.mark.parametrize("profile", PROFILES)
def test_full_workflow_lands_correctly(profile: str, files: str) -> None:
    rules = sim_profiles.get_profile(profile)
    data = {
        "email": f"ada@{profile}.example",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "title": "Engineer",
        "job_id": JOB,
        "tags": ["analytical"],
        "resume_url": f"{files}/resume.pdf",
        "resume_filename": "ada.pdf",
    }
    with SimulatorServer(profile=profile) as sim:
        result = write(sim, data, source_name="Talent DB")
        [candidate] = sim.candidates()
        [application] = sim.applications()
        [document] = sim.documents()
        ignored = [i for i in sim.ignored_fields() if i.method in ("POST", "PUT", "PATCH")]
        info = sim.store.document_info(document["id"])
    assert " rejected: " not in result.log_text(), result.log_text()
    assert candidate["tags"] == ["sourced", "analytical"]
    assert application["job_id"] == JOB and application["candidate_id"] == candidate["id"]
    assert application["status"] == "REVIEWING"
    assert document["filename"] == "ada.pdf" and document["type"] == "RESUME"
    if rules.document_target == "application":
        assert document["application_id"] == application["id"]
    else:
        assert document["candidate_id"] == candidate["id"] and not document.get("application_id")
    # URL-only providers get the URL; base64-only ones get the downloaded file's contents.
    assert info is not None
    if rules.document_url:
        assert info.source == "url"
    else:
        assert info.source == "base64" and info.content == PDF_BYTES
    # Only fields the integration can write were sent: the provider silently dropped nothing.
    assert ignored == [], ignored


@pytest.mark.parametrize("profile", ["greenhouse", "smartrecruiters", "teamtailor"])
def test_base64_resume_for_a_url_only_provider_is_rejected_but_the_rest_lands(profile: str) -> None:
    data = {"email": "b@x.io", "name": "Bo Base", "job_id": JOB, "resume_base64": base64.b64encode(PDF_BYTES).decode()}
    with SimulatorServer(profile=profile) as sim:
        result = write(sim, data)
        assert len(sim.candidates()) == 1 and len(sim.applications()) == 1 and sim.documents() == []
    assert f"document: resume: {profile} accepts resumes only as URLs" in result.log_text()


def test_vincere_without_a_name_is_rejected_before_any_request() -> None:
    with SimulatorServer(profile="vincere") as sim:
        result = write(sim, {"email": "nameless@x.io", "job_id": JOB})
        writes = {k: v for k, v in sim.request_counts().items() if k[0] != "GET"}
    assert "vincere requires a name to create a candidate" in result.log_text()
    assert writes == {}


def test_oversize_resume_for_the_provider_limit_is_rejected(files: str) -> None:
    big = b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)
    with file_server({"/big.pdf": ("application/pdf", big)}) as base, SimulatorServer(profile="bullhorn") as sim:
        result = write(
            sim,
            {"email": "big@x.io", "name": "Big File", "job_id": JOB, "resume_url": f"{base}/big.pdf"},
            max_resume_bytes=20 * 1024 * 1024,
        )
        assert sim.documents() == [] and len(sim.applications()) == 1
    assert "over bullhorn's limit of 5,242,880 bytes" in result.log_text()


def test_user_override_forces_the_target(files: str) -> None:
    with SimulatorServer(profile="generic") as sim:
        write(
            sim,
            {"email": "o@x.io", "name": "Over Ride", "job_id": JOB, "resume_url": f"{files}/resume.pdf"},
            document_target="application",
            document_upload="base64",
        )
        [document] = sim.documents()
        [application] = sim.applications()
        assert document["application_id"] == application["id"]
        assert sim.store.document_info(document["id"]).source == "base64"


def test_unknown_integration_learns_the_binding_after_one_refusal(files: str) -> None:
    """An ATS the connector has no profile for, taking application-bound base64 documents only."""
    sim_profiles.PROFILES["hirebridge"] = sim_profiles.ProviderProfile(
        name="hirebridge",
        display_name="HireBridge",
        document_target="application",
        document_base64=True,
        document_url=False,
        document_required=("application_id", "filename"),
    )
    try:
        with SimulatorServer(profile="hirebridge") as sim:
            records = [
                {
                    "email": f"u{i}@x.io",
                    "name": f"U {i}",
                    "job_id": JOB,
                    "resume_base64": base64.b64encode(PDF_BYTES).decode(),
                }
                for i in range(3)
            ]
            result = run_connector(
                "write", connector_config(sim), catalog("people"), [record("people", r) for r in records]
            )
            assert result.returncode == 0
            documents = sim.documents()
            refused = sim.state.log.status_counts().get(("POST", "document", 400), 0)
    finally:
        del sim_profiles.PROFILES["hirebridge"]
    assert len(documents) == 3 and all(d.get("application_id") for d in documents)
    assert refused == 1  # tried candidate-bound once, then remembered application-bound
    assert "refused a resume as file contents on the candidate" in result.log_text()
    assert "trying file contents on the application" in result.log_text()


def test_resume_url_on_a_private_address_is_refused_by_default(files: str) -> None:
    with SimulatorServer(profile="lever") as sim:
        result = write(
            sim,
            {"email": "p@x.io", "name": "Pri Vate", "job_id": JOB, "resume_url": f"{files}/resume.pdf"},
            allow_private_resume_hosts=False,
        )
        assert sim.documents() == [] and len(sim.applications()) == 1
    line = next(line for line in result.logs if " rejected: " in line)
    # Neither handed to Lever (whose URL support is untested) nor downloaded: one set of URL rules for both.
    assert "document: resume_url: Refused to pass the resume URL to the ATS (127.0.0.1)" in line
    assert "loopback" in line and sim.request_counts().get(("POST", "document"), 0) == 0


def test_an_unknown_integration_keeps_every_form_it_did_not_refuse(files: str) -> None:
    """Learning the binding from a base64 upload must not rule out URLs (regression: the demo lost a resume)."""
    pdf = base64.b64encode(PDF_BYTES).decode()
    rows = [
        {"email": "b1@x.io", "name": "Bee One", "job_id": JOB, "resume_base64": pdf},
        {"email": "u1@x.io", "name": "You One", "job_id": JOB, "resume_url": f"{files}/resume.pdf"},
        {"email": "b2@x.io", "name": "Bee Two", "job_id": JOB, "resume_base64": pdf},
    ]
    with SimulatorServer(profile="generic") as sim:
        config = connector_config(sim, max_concurrency=1, allow_http_resume_urls=True, allow_private_resume_hosts=True)
        first = run_connector("write", config, catalog("people"), [record("people", r) for r in rows])
        assert " rejected: " not in first.log_text(), first.log_text()
        assert len(sim.documents()) == 3
        sim.state.log.clear()
        run_connector("write", config, catalog("people"), [record("people", r) for r in rows])
        assert len(sim.documents()) == 3
        assert {k: v for k, v in sim.request_counts().items() if k[0] != "GET"} == {}


def test_an_unknown_integrations_metadata_rules_out_a_form_before_any_request(files: str) -> None:
    """Unified's integration metadata (outbound_fields without document_data) says URLs only."""
    sim_profiles.PROFILES["urlonly"] = sim_profiles.ProviderProfile(
        name="urlonly", display_name="URL only", document_target="any", document_base64=False, document_url=True
    )
    pdf = base64.b64encode(PDF_BYTES).decode()
    rows = [{"email": f"r{i}@x.io", "name": f"R {i}", "job_id": JOB, "resume_base64": pdf} for i in range(3)]
    rows.append({"email": "url@x.io", "name": "U", "job_id": JOB, "resume_url": f"{files}/resume.pdf"})
    try:
        with SimulatorServer(profile="urlonly") as sim:
            result = run_connector(
                "write",
                connector_config(sim, max_concurrency=1, allow_http_resume_urls=True, allow_private_resume_hosts=True),
                catalog("people"),
                [record("people", r) for r in rows],
            )
            refused = sim.state.log.status_counts().get(("POST", "document", 400), 0)
            documents = sim.documents()
    finally:
        del sim_profiles.PROFILES["urlonly"]
    assert refused == 0
    assert [d["filename"] for d in documents] == ["resume.pdf"] and documents[0]["candidate_id"]
    assert result.log_text().count("urlonly accepts resumes only as URLs (document_url)") == 3
