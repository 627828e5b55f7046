"""`destination-unified-ats write` as a process against the simulator: CONTRACT.md's record → ATS rules."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, global_state, legacy_state, record, run_connector, stream_state
from unified_ats_simulator import ScriptedFault, SimulatorServer

PDF = base64.b64encode(b"%PDF-1.4\n% a resume\n").decode()
OPEN_JOB, OTHER_OPEN_JOB, CLOSED_JOB = "job_backend_sr", "job_sre", "job_eng_manager"


def write(sim: SimulatorServer, messages: list[Any], streams: tuple[str, ...] = ("people",), **config: Any):
    result = run_connector("write", connector_config(sim, **config), catalog(*streams), messages)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def by_email(sim: SimulatorServer, email: str) -> list[dict[str, Any]]:
    return [c for c in sim.candidates() if email in {e["email"].strip().lower() for e in c.get("emails", [])}]


def test_new_candidate_gets_everything(sim: SimulatorServer) -> None:
    data = {
        "email": "Ada.Lovelace@Example.com",
        "name": "Ada Lovelace",
        "title": "Principal Engineer",
        "company_name": "Analytical Engines",
        "summary": "Wrote the first program.",
        "phone": "+44 20 7946 0000",
        "link_urls": ["https://www.linkedin.com/in/ada"],
        "skills": ["math", "python"],
        "tags": ["pioneer"],
        "metadata": {"talent_pool": "EMEA"},
        "match_score": 0.93,
        "match_explanation": "Strong backend fit",
        "resume_base64": PDF,
        "resume_filename": "ada.pdf",
        "job_id": OPEN_JOB,
    }
    result = write(
        sim,
        [record("people", data), stream_state("people", 1, state_id=11)],
        application_status="REVIEWING",
        tags=["sourced"],
        source_name="Talent DB",
    )
    [candidate] = sim.candidates()
    assert candidate["first_name"] == "Ada" and candidate["last_name"] == "Lovelace"
    assert candidate["origin"] == "SOURCED"
    assert candidate["emails"] == [{"email": "Ada.Lovelace@Example.com", "type": "WORK"}]
    assert candidate["telephones"] == [{"telephone": "+44 20 7946 0000"}]
    assert candidate["title"] == "Principal Engineer" and candidate["company_name"] == "Analytical Engines"
    assert candidate["link_urls"] == ["https://www.linkedin.com/in/ada"] and candidate["skills"] == ["math", "python"]
    assert candidate["tags"] == ["sourced", "pioneer"]
    assert candidate["sources"] == ["Talent DB"]
    metadata = {m["slug"]: m["value"] for m in candidate["metadata"]}
    assert metadata == {
        "source_system": "Talent DB",
        "source_stream": "people",
        "match_score": 0.93,
        "match_explanation": "Strong backend fit",
        "talent_pool": "EMEA",
    }
    [application] = sim.applications()
    assert application["candidate_id"] == candidate["id"] and application["job_id"] == OPEN_JOB
    assert application["status"] == "REVIEWING" and application["source"] == "Talent DB"
    [document] = sim.documents()
    assert document["filename"] == "ada.pdf" and document["type"] == "RESUME"
    assert document["candidate_id"] == candidate["id"]
    assert result.states == [
        {
            "type": "STREAM",
            "id": 11,
            "stream": {"stream_descriptor": {"name": "people"}, "stream_state": {"cursor": 1}},
            "destinationStats": {"recordCount": 1.0, "rejectedRecordCount": 0.0},
        }
    ]
    counts = sim.state.log.counts()
    # search, create candidate, create application (with status), create document; jobs read once.
    assert counts[("POST", "candidate")] == 1 and counts[("POST", "application")] == 1
    assert counts[("POST", "document")] == 1 and counts.get(("PUT", "application"), 0) == 0
    assert counts[("GET", "job")] == 1


def test_existing_candidate_is_reused_and_merged(sim: SimulatorServer) -> None:
    sim.state.store.create(
        "candidate",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "emails": [{"email": "grace@navy.mil", "type": "WORK"}],
            "tags": ["VIP"],
            "metadata": [{"slug": "owner", "value": "recruiter-1"}],
        },
    )
    [existing] = sim.candidates()
    sim.state.store.create("application", {"candidate_id": existing["id"], "job_id": OPEN_JOB, "status": "NEW"})
    write(
        sim,
        [
            record(
                "people",
                {"email": "GRACE@navy.mil ", "name": "G. Hopper", "tags": ["vip", "cobol"], "job_id": OPEN_JOB},
            )
        ],
        application_status="SCREENING",
        source_name="Talent DB",
    )
    [candidate] = sim.candidates()
    assert candidate["id"] == existing["id"] and candidate["first_name"] == "Grace"
    assert candidate["tags"] == ["VIP", "cobol"]
    assert {m["slug"]: m["value"] for m in candidate["metadata"]} == {
        "owner": "recruiter-1",
        "source_system": "Talent DB",
        "source_stream": "people",
    }
    [application] = sim.applications()
    assert application["status"] == "SCREENING"


def test_duplicates_and_case_different_emails_make_one_candidate(sim: SimulatorServer) -> None:
    messages = [
        record("people", {"email": "linus@kernel.org", "name": "Linus T", "job_id": OPEN_JOB}),
        record(
            "people", {"name": "Test Person", "email": "  LINUS@Kernel.org", "job_id": OTHER_OPEN_JOB, "tags": ["git"]}
        ),
        record("alumni", {"name": "Test Person", "emails": [{"email": "Linus@kernel.ORG"}], "resume_base64": PDF}),
        record(
            "people", {"name": "Test Person", "email": "linus@kernel.org", "job_id": OPEN_JOB, "resume_base64": PDF}
        ),
    ]
    write(sim, messages, streams=("people", "alumni"))
    [candidate] = sim.candidates()
    assert "git" in candidate["tags"]
    assert sorted(a["job_id"] for a in sim.applications()) == sorted([OPEN_JOB, OTHER_OPEN_JOB])
    assert len(sim.documents()) == 1


def test_rerun_creates_nothing_and_only_reads(sim: SimulatorServer) -> None:
    messages = [
        record("people", {"email": f"p{i}@x.io", "name": f"P {i}", "job_id": OPEN_JOB, "resume_base64": PDF})
        for i in range(5)
    ] + [stream_state("people", 5, state_id=1)]
    write(sim, messages, application_status="REVIEWING", tags=["t"])
    before = (len(sim.candidates()), len(sim.applications()), len(sim.documents()))
    assert before == (5, 5, 5)
    sim.state.log.clear()
    result = write(sim, messages, application_status="REVIEWING", tags=["t"])
    assert (len(sim.candidates()), len(sim.applications()), len(sim.documents())) == before
    writes = {k: v for k, v in sim.state.log.counts().items() if k[0] != "GET"}
    assert writes == {}
    assert result.states[0]["destinationStats"] == {"recordCount": 5.0, "rejectedRecordCount": 0.0}


def test_unknown_and_closed_jobs_reject_the_application_but_keep_the_candidate(sim: SimulatorServer) -> None:
    result = write(
        sim,
        [
            record("people", {"name": "Test Person", "email": "a@x.io", "job_id": "job_does_not_exist"}),
            record("people", {"name": "Test Person", "email": "b@x.io", "job_id": CLOSED_JOB}),
            record("people", {"name": "Test Person", "email": "c@x.io", "job_id": OPEN_JOB}),
        ],
    )
    assert len(sim.candidates()) == 3
    assert [a["job_id"] for a in sim.applications()] == [OPEN_JOB]
    text = result.log_text()
    assert (
        "record #1 of stream 'people' rejected: application: job_id: job_id 'job_does_not_exist' does not exist" in text
    )
    assert (
        f"record #2 of stream 'people' rejected: application: job_id: job 'Engineering Manager, Integrations' ({CLOSED_JOB}) is CLOSED"
        in text
    )
    assert "application: job unknown" in text and "application: job not open" in text


@pytest.mark.parametrize("status", [400, 422])
def test_a_job_id_the_provider_refuses_rejects_that_application_and_the_sync_goes_on(
    sim: SimulatorServer, status: int
) -> None:
    # Providers with numeric ids answer a malformed one with a 4xx other than 404: one record's bad job_id
    # must not end the sync, and the refusal is remembered (one read per bad id).
    sim.script(ScriptedFault.error("GET", "job", status=status, object_id="0x1F-not-numeric"))
    result = write(
        sim,
        [
            record("people", {"name": "Test Person", "email": "a@x.io", "job_id": "0x1F-not-numeric"}),
            record("people", {"name": "Test Person", "email": "b@x.io", "job_id": "0x1F-not-numeric"}),
            record("people", {"name": "Test Person", "email": "c@x.io", "job_id": OPEN_JOB}),
        ],
        max_concurrency=1,
    )
    assert len(sim.candidates()) == 3
    assert [a["job_id"] for a in sim.applications()] == [OPEN_JOB]
    assert sim.state.log.status_counts().get(("GET", "job", status)) == 1
    text = result.log_text()
    for n in (1, 2):
        assert (
            f"record #{n} of stream 'people' rejected: application: job_id: job_id '0x1F-not-numeric' was refused "
            f"by the ATS (the provider answered {status}:"
        ) in text
    assert not result.errors


def test_each_state_type_is_echoed_in_order_with_id_and_counts(sim: SimulatorServer) -> None:
    messages = [
        record("people", {"name": "Test Person", "email": "s1@x.io"}),
        record("people", {"name": "Test Person", "email": "s2@x.io"}),
        stream_state("people", 2, state_id=101),
        record("alumni", {"name": "Test Person", "email": "s3@x.io"}),
        stream_state("alumni", 1, state_id=102),
        stream_state("people", 2, state_id=103),
    ]
    result = write(sim, messages, streams=("people", "alumni"))
    assert [(s["id"], s["destinationStats"]["recordCount"]) for s in result.states] == [
        (101, 2.0),
        (102, 1.0),
        (103, 0.0),
    ]
    sim.reset()
    result = write(
        sim,
        [
            record("people", {"name": "Test Person", "email": "g@x.io"}),
            global_state(1, state_id=201),
            record("people", {"name": "Test Person", "email": "h@x.io"}),
            global_state(2, state_id=202),
        ],
    )
    assert [(s["id"], s["type"], s["destinationStats"]["recordCount"]) for s in result.states] == [
        (201, "GLOBAL", 1.0),
        (202, "GLOBAL", 1.0),
    ]
    result = write(sim, [record("people", {"name": "Test Person", "email": "l@x.io"}), legacy_state(9, state_id=301)])
    assert result.states == [
        {
            "type": "LEGACY",
            "data": {"cursor": 9},
            "id": 301,
            "destinationStats": {"recordCount": 1.0, "rejectedRecordCount": 0.0},
        }
    ]


def test_bad_record_between_good_ones_is_rejected_and_counted(sim: SimulatorServer, tmp_path) -> None:
    rejected_path = tmp_path / "rejected.jsonl"
    messages = [
        record("people", {"name": "Test Person", "email": "good1@x.io"}),
        record("people", {"email": "not-an-email", "name": "Bad"}),
        "this line is not json",
        record("people", {"name": "Test Person", "email": "good2@x.io"}),
        stream_state("people", 3, state_id=5),
    ]
    result = write(sim, messages, rejected_records_path=str(rejected_path))
    assert sorted(c["emails"][0]["email"] for c in sim.candidates()) == ["good1@x.io", "good2@x.io"]
    assert (
        "record #2 of stream 'people' rejected: record: email: no valid email address: 'not-an-email'"
        in result.log_text()
    )
    assert "input line 3 is not JSON" in result.log_text()
    assert result.states[0]["destinationStats"] == {"recordCount": 3.0, "rejectedRecordCount": 1.0}
    lines = rejected_path.read_text().splitlines()
    assert len(lines) == 2 and '"not-an-email"' in lines[0]


def test_fail_policy_stops_at_the_first_invalid_record(sim: SimulatorServer) -> None:
    messages = [
        record("people", {"name": "Test Person", "email": "first@x.io"}),
        stream_state("people", 1, state_id=1),
        record("people", {"name": "Test Person", "email": "broken"}),
        stream_state("people", 2, state_id=2),
        record("people", {"name": "Test Person", "email": "after@x.io"}),
    ]
    result = run_connector("write", connector_config(sim, on_invalid_record="fail"), catalog("people"), messages)
    assert result.returncode == 1
    assert [s["id"] for s in result.states] == [1]
    [error] = result.errors
    assert error["failure_type"] == "config_error" and "on_invalid_record is 'fail'" in error["message"]
    assert [c["emails"][0]["email"] for c in sim.candidates()] == ["first@x.io"]
