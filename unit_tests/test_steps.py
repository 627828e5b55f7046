"""The workflow's steps, each against the simulator over real HTTP: what each writes, and the one way each
fails a record (`StepFailed` naming the step, the field and the reason), including the provider refusing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, cast

import pytest

from destination_unified_ats.application_step import ApplicationStep
from destination_unified_ats.candidate_step import NOT_CREATED_BY_UPDATE, CandidateStep
from destination_unified_ats.errors import AuthError, BadRequestError, NotFoundError
from destination_unified_ats.identity import CandidateDirectory
from destination_unified_ats.job_step import JobStep
from destination_unified_ats.jobs import JobCatalog
from destination_unified_ats.mapping import WriteDefaults
from destination_unified_ats.models import ApplicationStatus, AtsApplication
from destination_unified_ats.operations import StreamOperation
from destination_unified_ats.outcomes import ApplicationOutcome, RecordOutcome, RecordRef
from destination_unified_ats.providers import profile_for
from destination_unified_ats.records import SourcedCandidate, parse_record
from destination_unified_ats.stage import StageStep
from destination_unified_ats.steps import StepContext, StepFailed, provider_refusals
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient
from destination_unified_ats.workflow import RecordWriter, WorkflowSettings
from unified_ats_simulator import ScriptedFault, SimulatorServer

REF = RecordRef("candidates", None, 1)
JOBS = [
    {"id": "job_open", "name": "Open role", "status": "OPEN"},
    {"id": "job_other", "name": "Other role", "status": "OPEN"},
    {"id": "job_closed", "name": "Closed role", "status": "CLOSED"},
]
EXISTING = {"id": "cand-1", "first_name": "Old", "last_name": "Timer", "emails": [{"email": "old@example.com"}]}
DEFAULTS = WriteDefaults(tags=("sourced",), source_name="unit")


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(jobs=JOBS, candidates=[EXISTING]) as server:
        yield server


@pytest.fixture
async def client(sim: SimulatorServer) -> AsyncIterator[UnifiedClient]:
    settings = ClientSettings(
        base_url=sim.base_url, token=sim.token, connection_id=sim.connection_id, max_retry_seconds=5
    )
    async with UnifiedClient(settings) as client:
        yield client


def record(**fields: Any) -> SourcedCandidate:
    return parse_record({"first_name": "Jane", "last_name": "Doe", "email": "jane@example.com", **fields})


def outcome() -> RecordOutcome:
    return RecordOutcome(ref=REF)


def directory(client: UnifiedClient) -> CandidateDirectory:
    return CandidateDirectory(client, search_lag_seconds=0)


def context(client: UnifiedClient) -> StepContext:
    """A fresh context: a new directory, so nothing found by an earlier step is cached."""
    return StepContext(client, directory(client), profile_for(None), DEFAULTS)


# --- steps --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error", [BadRequestError(422, "bad email", "POST", "/c"), NotFoundError(404, "gone", "GET", "/c")]
)
def test_a_provider_refusal_becomes_the_steps_failure(error: Exception) -> None:
    with pytest.raises(StepFailed) as info, provider_refusals("application", "job j1: "):
        raise error
    assert info.value.step == "application" and info.value.field is None
    assert info.value.reason == f"job j1: the provider answered {error.status}: {error.provider_message}"  # type: ignore[attr-defined]


def test_auth_errors_are_not_a_records_failure() -> None:
    with pytest.raises(AuthError), provider_refusals("candidate"):
        raise AuthError(401, "bad token", "GET", "/c")


def test_a_failure_is_recorded_with_step_field_and_reason() -> None:
    result = outcome()
    StepFailed("document", "too large", "resume").record_on(result)
    assert [r.describe() for r in result.rejections] == ["document: resume: too large"]


# --- job_step -------------------------------------------------------------------------------------------


async def test_job_step_fails_a_closed_or_unknown_job_and_keeps_an_open_one(client: UnifiedClient) -> None:
    step = JobStep(JobCatalog(client), None, None)
    assert await step.choose(record(job_id="job_open"), outcome()) == (["job_open"], [])
    with pytest.raises(StepFailed) as closed:
        await step.choose(record(job_id="job_closed"), outcome())
    assert (closed.value.step, closed.value.field) == ("application", "job_id")
    assert "CLOSED" in closed.value.reason and "applications go only to OPEN" in closed.value.reason
    with pytest.raises(StepFailed) as unknown:
        await step.choose(record(job_id="job_nope"), outcome())
    assert unknown.value.reason == "job_id 'job_nope' does not exist in the ATS"


async def test_job_step_uses_the_default_job_and_nothing_without_one(client: UnifiedClient) -> None:
    assert await JobStep(JobCatalog(client), "job_other", None).choose(record(), outcome()) == (["job_other"], [])
    assert await JobStep(JobCatalog(client), None, None).choose(record(), outcome()) == ([], [])


# --- candidate_step -------------------------------------------------------------------------------------


async def test_candidate_step_creates_then_reuses(sim: SimulatorServer, client: UnifiedClient) -> None:
    step = CandidateStep(context(client))
    first = outcome()
    entry = await step.write(record(), REF, first, [])
    assert first.candidate_action == "created" and first.candidate_id == entry.id
    second = outcome()
    again = await CandidateStep(context(client)).write(record(), REF, second, [])
    assert again.id == entry.id and second.candidate_action == "reused"
    [stored] = [c for c in sim.candidates() if c["id"] == entry.id]
    assert "sourced" in stored["tags"]


async def test_candidate_step_updates_an_existing_candidate_it_adds_to(
    sim: SimulatorServer, client: UnifiedClient
) -> None:
    result = outcome()
    entry = await CandidateStep(context(client)).write(record(email="old@example.com"), REF, result, [])
    assert entry.id == "cand-1" and result.candidate_action == "updated"
    [stored] = [c for c in sim.candidates() if c["id"] == "cand-1"]
    assert "sourced" in stored["tags"]


async def test_candidate_step_in_update_mode_creates_nobody(sim: SimulatorServer, client: UnifiedClient) -> None:
    before = len(sim.candidates())
    with pytest.raises(StepFailed) as info:
        await CandidateStep(context(client)).write(record(), REF, outcome(), [], create=False)
    assert (info.value.step, info.value.reason) == ("candidate", NOT_CREATED_BY_UPDATE)
    assert len(sim.candidates()) == before


async def test_candidate_step_fails_with_the_providers_answer(sim: SimulatorServer, client: UnifiedClient) -> None:
    sim.script(ScriptedFault("error", "POST", "candidate", status=422, message="Email domain is blocked"))
    result = outcome()
    with pytest.raises(StepFailed) as info:
        await CandidateStep(context(client)).write(record(), REF, result, [])
    assert info.value.step == "candidate"
    assert info.value.reason == "the provider answered 422: Email domain is blocked"
    assert result.candidate_id is None


def test_candidate_step_needs_a_name_where_the_provider_does() -> None:
    named = CandidateStep(StepContext(cast(Any, None), cast(Any, None), profile_for(None), DEFAULTS))
    named.check_required(parse_record({"email": "x@example.com"}))  # the generic profile needs none
    needs_name = [
        p for p in ("greenhouse", "lever", "workable", "ashby") if "name" in profile_for(p).candidate_required
    ]
    assert needs_name, "no profile requires a name"
    step = CandidateStep(StepContext(cast(Any, None), cast(Any, None), profile_for(needs_name[0]), DEFAULTS))
    with pytest.raises(StepFailed) as info:
        step.check_required(parse_record({"email": "x@example.com"}))
    assert (info.value.step, info.value.field) == ("record", "name")


# --- application_step and stage -------------------------------------------------------------------------


def steps(client: UnifiedClient, policy: str = "forward_only") -> ApplicationStep:
    profile = profile_for(None)
    return ApplicationStep(context(client), StageStep(client, profile, policy))


async def test_one_refused_job_does_not_stop_the_others(sim: SimulatorServer, client: UnifiedClient) -> None:
    result = outcome()
    entry = await CandidateStep(context(client)).write(record(), REF, result, [])
    sim.script(ScriptedFault("error", "POST", "application", status=422, message="job is full"))
    first = await steps(client).write(entry, record(), ["job_open", "job_other"], [], result)
    assert first is not None and first.job_id == "job_other"
    assert [(a.job_id, a.action) for a in result.applications] == [("job_open", None), ("job_other", "created")]
    assert [r.describe() for r in result.rejections] == [
        "application: job job_open: the provider answered 422: job is full"
    ]
    assert [a["job_id"] for a in sim.applications()] == ["job_other"]


async def test_an_existing_application_moves_forward(sim: SimulatorServer, client: UnifiedClient) -> None:
    result = outcome()
    entry = await CandidateStep(context(client)).write(record(), REF, result, [])
    await steps(client).write(entry, record(), ["job_open"], [], result)
    moved = outcome()
    application = await steps(client).write(entry, record(application_status="SCREENING"), ["job_open"], [], moved)
    assert application is not None and application.status == "SCREENING"
    assert (moved.application_action, moved.stage, moved.stage_action) == ("existing", "SCREENING", "set")
    assert not moved.rejections


async def test_a_refused_stage_keeps_the_application(sim: SimulatorServer, client: UnifiedClient) -> None:
    result = outcome()
    entry = await CandidateStep(context(client)).write(record(), REF, result, [])
    await steps(client).write(entry, record(), ["job_open"], [], result)
    sim.script(ScriptedFault("error", "PATCH", "application", status=422, message="stage locked"))
    sim.script(ScriptedFault("error", "PUT", "application", status=422, message="stage locked"))
    refused = outcome()
    application = await steps(client).write(entry, record(application_status="SCREENING"), ["job_open"], [], refused)
    assert application is not None and refused.application_action == "existing"
    assert [r.describe() for r in refused.rejections] == ["stage: the provider answered 422: stage locked"]
    assert [a["status"] for a in sim.applications()] != ["SCREENING"]


async def test_the_stage_policy_keeps_a_later_stage(client: UnifiedClient) -> None:
    application = AtsApplication(id="app-x", candidate_id="c", job_id="job_open", status="FIRST_INTERVIEW")
    applied, result = ApplicationOutcome(job_id="job_open"), outcome()
    await StageStep(client, profile_for(None), "forward_only").move(
        application, ApplicationStatus.SCREENING, applied, result
    )
    assert (applied.stage, applied.stage_action) == ("FIRST_INTERVIEW", "kept")
    assert result.warnings and "forward_only does not move it to SCREENING" in result.warnings[0]


# --- the orchestration ----------------------------------------------------------------------------------


async def test_a_closed_job_leaves_the_person_written(sim: SimulatorServer, client: UnifiedClient) -> None:
    writer = RecordWriter(client, directory(client), JobCatalog(client), profile_for(None), WorkflowSettings(DEFAULTS))
    result = await writer.write(record(job_id="job_closed"), REF, StreamOperation())
    assert result.candidate_action == "created" and result.applications == []
    assert [r.step for r in result.rejections] == ["application"] and result.rejections[0].field == "job_id"
    assert sim.applications() == []
