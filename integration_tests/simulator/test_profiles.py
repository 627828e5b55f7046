"""Provider profiles: document targets and formats, required fields, fields ignored on create, size limits."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from integration_tests.simulator.conftest import SimFactory
from integration_tests.simulator.helpers import ats, candidate_body, client_for, create
from unified_ats_simulator import PROFILES, SimulatorServer

PDF = base64.b64encode(b"%PDF-1.4 resume").decode()
URL = "https://storage.example.com/resumes/jane.pdf"


class Env:
    """A simulator with one profile, a candidate and an application to attach documents to."""

    def __init__(self, sim: SimulatorServer, client: httpx.Client) -> None:
        self.sim, self.client = sim, client
        self.candidate = create(client, sim, "candidate", candidate_body(name="Jane Doe"))
        application = {"candidate_id": self.candidate["id"], "job_id": "job_backend_sr"}
        self.application = create(client, sim, "application", application)

    def post(self, kind: str, body: dict[str, Any]) -> httpx.Response:
        return self.client.post(ats(self.sim, kind), json=body)

    def document(self, **fields: Any) -> httpx.Response:
        return self.post("document", {"filename": "resume.pdf", "type": "RESUME", **fields})

    def last_ignored(self) -> dict[str, str]:
        return self.sim.ignored_fields()[-1].fields


@pytest.fixture
def env(make_sim: SimFactory, request: pytest.FixtureRequest) -> Iterator[Env]:
    sim = make_sim(profile=request.param)
    with client_for(sim) as client:
        yield Env(sim, client)


def _rejected(response: httpx.Response, *words: str, status: int = 400) -> None:
    assert response.status_code == status, response.text
    message = response.json()["message"]
    assert response.json()["status"] == status
    for word in words:
        assert word in message, message


# ---- document rules (the seeds' table) ------------------------------------------------------------


@pytest.mark.parametrize("env", ["greenhouse"], indirect=True)
def test_greenhouse_documents_are_application_bound_url_only(env: Env) -> None:
    _rejected(env.document(application_id=env.application["id"], document_data=PDF), "greenhouse", "document_data")
    _rejected(env.document(candidate_id=env.candidate["id"], document_url=URL), "greenhouse", "application_id")
    _rejected(env.document(application_id=env.application["id"]), "document_url")
    ok = env.document(application_id=env.application["id"], document_url=URL)
    assert ok.status_code == 200, ok.text
    # an application's document also belongs to its candidate and job, as on read
    assert ok.json()["candidate_id"] == env.candidate["id"] and ok.json()["job_id"] == "job_backend_sr"


@pytest.mark.parametrize("env", ["lever"], indirect=True)
def test_lever_documents_are_candidate_bound_base64_with_filename(env: Env) -> None:
    _rejected(env.document(candidate_id=env.candidate["id"], document_url=URL), "lever", "document_url")
    _rejected(env.document(application_id=env.application["id"], document_data=PDF), "lever", "candidate_id")
    no_name = env.post("document", {"candidate_id": env.candidate["id"], "document_data": PDF})
    _rejected(no_name, "lever", "filename")
    ok = env.document(candidate_id=env.candidate["id"], application_id=env.application["id"], document_data=PDF)
    assert ok.status_code == 200, ok.text
    assert "application_id" not in ok.json()  # lever attaches to the candidate only
    assert env.last_ignored() == {"application_id": "lever attaches documents to candidates only"}


@pytest.mark.parametrize("env", ["workable"], indirect=True)
def test_workable_documents_need_application_filename_and_type(env: Env) -> None:
    _rejected(env.document(candidate_id=env.candidate["id"], document_data=PDF), "workable", "application_id")
    no_type = env.post(
        "document", {"application_id": env.application["id"], "filename": "cv.pdf", "document_data": PDF}
    )
    _rejected(no_type, "workable", "type")
    _rejected(env.document(application_id=env.application["id"], document_url=URL), "document_url")
    assert env.document(application_id=env.application["id"], document_data=PDF).status_code == 200


@pytest.mark.parametrize("env", ["smartrecruiters", "teamtailor"], indirect=True)
def test_url_only_candidate_bound_profiles(env: Env) -> None:
    _rejected(env.document(candidate_id=env.candidate["id"], document_data=PDF), "document_data")
    _rejected(env.document(application_id=env.application["id"], document_url=URL), "candidate_id")
    assert env.document(candidate_id=env.candidate["id"], document_url=URL).status_code == 200


@pytest.mark.parametrize("env", ["cats", "ashby", "bullhorn"], indirect=True)
def test_base64_only_candidate_bound_profiles(env: Env) -> None:
    _rejected(env.document(candidate_id=env.candidate["id"], document_url=URL), "document_url")
    _rejected(env.document(application_id=env.application["id"], document_data=PDF), "candidate_id")
    ok = env.document(candidate_id=env.candidate["id"], document_data=PDF)
    assert ok.status_code == 200, ok.text
    info = env.sim.store.document_info(ok.json()["id"])
    assert info is not None and info.content == b"%PDF-1.4 resume"


@pytest.mark.parametrize("env", ["generic"], indirect=True)
def test_generic_accepts_any_target_and_format(env: Env) -> None:
    assert env.document(job_id="job_frontend", document_url=URL).status_code == 200
    assert env.document(application_id=env.application["id"], document_data=PDF).status_code == 200
    assert env.document(candidate_id=env.candidate["id"], document_data=PDF, document_url=URL).status_code == 200
    _rejected(env.post("document", {"filename": "a.pdf", "document_url": URL}), "candidate_id")
    _rejected(env.document(candidate_id=env.candidate["id"]), "document_data or document_url")
    _rejected(env.document(candidate_id=env.candidate["id"], document_data="not base64!"), "base64")
    _rejected(env.document(candidate_id="cand_missing", document_url=URL), "candidate_id", "cand_missing")


@pytest.mark.parametrize("env", ["bullhorn"], indirect=True)
def test_upload_size_limit(env: Env) -> None:
    limit = PROFILES["bullhorn"].max_document_bytes or 0
    too_big = base64.b64encode(b"x" * (limit + 1)).decode()
    _rejected(env.document(candidate_id=env.candidate["id"], document_data=too_big), "bullhorn", "limit", status=413)
    _rejected(
        env.post("document", {"candidate_id": env.candidate["id"], "filename": "a.pdf", "document_data": PDF}), "type"
    )
    assert env.sim.documents() == []


# ---- required fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("env", ["vincere"], indirect=True)
def test_vincere_requires_emails_and_name_and_application_ids(env: Env) -> None:
    _rejected(env.post("candidate", {"name": "No Email"}), "vincere", "emails")
    _rejected(env.post("candidate", {"first_name": "Only", "emails": [{"email": "o@example.com"}]}), "vincere", "name")
    assert (
        env.post("candidate", {"first_name": "A", "last_name": "B", "emails": [{"email": "ab@x.io"}]}).status_code
        == 200
    )
    assert env.post("candidate", {"name": "C D", "emails": [{"email": "cd@x.io"}]}).status_code == 200
    _rejected(env.post("application", {"candidate_id": env.candidate["id"]}), "vincere", "job_id")
    _rejected(env.post("application", {"job_id": "job_frontend"}), "vincere", "candidate_id")


@pytest.mark.parametrize("env", ["ashby", "bullhorn"], indirect=True)
def test_profiles_requiring_a_name(env: Env) -> None:
    _rejected(env.post("candidate", {"emails": [{"email": "x@example.com"}]}), "name")


@pytest.mark.parametrize("env", ["teamtailor"], indirect=True)
def test_teamtailor_requires_an_email(env: Env) -> None:
    _rejected(env.post("candidate", {"name": "No Email"}), "teamtailor", "emails")


# ---- fields silently ignored on create (and read-only ones) ------------------------------------


@pytest.mark.parametrize("env", ["greenhouse"], indirect=True)
def test_greenhouse_ignores_application_status_on_create(env: Env) -> None:
    response = env.post(
        "application", {"candidate_id": env.candidate["id"], "job_id": "job_frontend", "status": "SCREENING"}
    )
    assert response.status_code == 200 and response.json()["status"] == "NEW"
    assert env.last_ignored() == {"status": "not writable on create in greenhouse"}
    moved = env.client.patch(ats(env.sim, "application", response.json()["id"]), json={"status": "SCREENING"})
    assert moved.json()["status"] == "SCREENING"


@pytest.mark.parametrize(
    ("env", "field", "value"),
    [
        ("smartrecruiters", "tags", ["sourced"]),
        ("cats", "tags", ["sourced"]),
        ("ashby", "tags", ["sourced"]),
        ("greenhouse", "origin", "SOURCED"),
        ("lever", "metadata", [{"slug": "match_score", "value": 0.8}]),
        ("teamtailor", "metadata", [{"slug": "match_score", "value": 0.8}]),
        ("workable", "origin", "SOURCED"),
        ("bullhorn", "sources", ["sourcer"]),
    ],
    indirect=["env"],
)
def test_candidate_fields_ignored_on_create_stick_on_update(env: Env, field: str, value: Any) -> None:
    created = env.post("candidate", candidate_body("late@example.com", name="Late Field", **{field: value}))
    assert created.status_code == 200, created.text
    assert field not in created.json()
    assert env.last_ignored() == {field: f"not writable on create in {env.sim.state.profile.name}"}
    updated = env.client.put(ats(env.sim, "candidate", created.json()["id"]), json={field: value})
    assert updated.json()[field] == value


@pytest.mark.parametrize("env", ["vincere"], indirect=True)
def test_readonly_fields_are_ignored_on_create_and_update(env: Env) -> None:
    body = {"candidate_id": env.candidate["id"], "job_id": "job_frontend", "source": "sourcer"}
    created = env.post("application", body)
    assert "source" not in created.json()
    env.client.put(ats(env.sim, "application", created.json()["id"]), json={"source": "again", "status": "REVIEWING"})
    stored = env.sim.store.find("application", created.json()["id"])
    assert stored is not None and "source" not in stored and stored["status"] == "REVIEWING"
    assert [i.fields for i in env.sim.ignored_fields()[-2:]] == [{"source": "not writable in vincere"}] * 2


@pytest.mark.parametrize("env", ["generic"], indirect=True)
def test_server_owned_and_unknown_fields_are_ignored(env: Env) -> None:
    body = candidate_body("own@example.com", id="mine", created_at="2020-01-01T00:00:00Z", favourite_color="teal")
    created = env.post("candidate", body).json()
    assert created["id"] != "mine" and "favourite_color" not in created
    assert env.last_ignored() == {"id": "read-only", "created_at": "read-only", "favourite_color": "unknown field"}
    application = env.post(
        "application", {"candidate_id": created["id"], "job_id": "job_frontend", "offers": [{"id": "x"}]}
    )
    assert "offers" not in application.json()


# ---- validation shared by all profiles -----------------------------------------------------------


@pytest.mark.parametrize("env", ["generic"], indirect=True)
def test_invalid_enums_and_references(env: Env) -> None:
    _rejected(env.post("candidate", candidate_body(origin="SCRAPED")), "origin")
    _rejected(env.post("candidate", {"emails": [{"email": "a@b.c", "type": "WORKISH"}]}), "emails[0].type")
    _rejected(env.post("candidate", {"emails": ["a@b.c"]}), "emails[0].email")
    _rejected(env.post("candidate", {"tags": "one"}), "tags")
    body = {"candidate_id": env.candidate["id"], "job_id": "job_frontend", "status": "INTERVIEWING"}
    _rejected(env.post("application", body), "status")
    _rejected(env.post("application", {"candidate_id": "cand_nope", "job_id": "job_frontend"}), "candidate_id")
    _rejected(env.post("application", {"candidate_id": env.candidate["id"], "job_id": "job_nope"}), "job_id")
    _rejected(env.post("application", {"candidate_id": env.candidate["id"]}), "job_id")
    _rejected(env.document(candidate_id=env.candidate["id"], document_url=URL, type="CV"), "type")
    patch = env.client.patch(ats(env.sim, "application", env.application["id"]), json={"status": "LIMBO"})
    _rejected(patch, "status")
    _rejected(env.client.post(ats(env.sim, "candidate"), content=b"{not json"), "JSON")
    _rejected(env.client.post(ats(env.sim, "candidate"), json=[1, 2]), "object")


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_integration_support_reflects_profile(make_sim: SimFactory, name: str) -> None:
    sim = make_sim(profile=name)
    profile = PROFILES[name]
    with client_for(sim) as client:
        integration = client.get("/unified/integration", params={"type": name}).json()[0]
        connection = client.get(f"/unified/connection/{sim.connection_id}").json()
    assert connection["integration_type"] == name
    support = integration["support"]
    candidate_fields = support["ats_candidate"]["outbound_fields"]
    application_fields = support["ats_application"]["outbound_fields"]
    document_fields = support["ats_document"]["outbound_fields"]
    assert not profile.candidate_readonly & candidate_fields.keys()
    assert not profile.application_readonly & application_fields.keys()
    assert profile.candidate_create_ignored <= candidate_fields.keys()  # writable, just not on create
    assert ("document_data" in document_fields) == profile.document_base64
    # Where URL support is undocumented, the metadata lists document_url whatever the provider then does.
    assert ("document_url" in document_fields) == (profile.document_url or not profile.document_url_documented)
    for required in profile.document_required:
        assert document_fields[required] == "supported-required"
    for required in profile.application_required:
        assert application_fields[required] == "supported-required"
    assert support["ats_applicationstatus"]["methods"]["create"] is False


@pytest.mark.parametrize("name", ["lever", "workable", "cats"])
def test_undocumented_document_urls_follow_the_knob_and_the_metadata_does_not_tell(
    make_sim: SimFactory, name: str
) -> None:
    sim = make_sim(profile=name)
    with client_for(sim) as client:
        env = Env(sim, client)
        binding = (
            {"candidate_id": env.candidate["id"]} if name != "workable" else {"application_id": env.application["id"]}
        )
        fields = client.get("/unified/integration", params={"type": name}).json()[0]["support"]["ats_document"]
        _rejected(env.document(**binding, document_url=URL), name, "document_url")
        sim.configure(undocumented_document_url="accept")
        accepted = env.document(**binding, document_url=URL)
        after = client.get("/unified/integration", params={"type": name}).json()[0]["support"]["ats_document"]
        with pytest.raises(ValueError, match="undocumented_document_url"):
            sim.configure(undocumented_document_url="maybe")
    assert accepted.status_code == 200, accepted.text
    assert sim.store.document_info(accepted.json()["id"]).source == "url"
    assert "document_url" in fields["outbound_fields"] and fields == after
