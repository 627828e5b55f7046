"""The sync planner end to end: a re-sync of unchanged records costs listings only; a change is still written."""

from __future__ import annotations

import base64

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, record, run_connector, stream_state
from unified_ats_simulator import SimulatorServer

PDF = base64.b64encode(b"%PDF-1.4\n% planner test resume\n%%EOF\n").decode()


def rows(extra_tag_for: int | None = None) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for i in range(30):
        data = {
            "email": f"Planner{i}@Example.com",
            "first_name": "P",
            "last_name": f"N{i}",
            "job_id": "job_backend_sr",
            "application_status": "REVIEWING",
            "tags": ["sourced", *(["hot"] if i == extra_tag_for else [])],
            "resume_base64": PDF,
            "resume_filename": f"p{i}.pdf",
        }
        out.append(record("people", data))
    return [*out, stream_state("people", 30)]


@pytest.mark.parametrize("lookup", ["index", "auto"])
def test_a_resync_of_unchanged_records_only_lists_and_a_changed_one_is_updated(lookup: str) -> None:
    with SimulatorServer(synthetic_candidates=250) as sim:
        config = connector_config(sim, candidate_lookup=lookup, source_name="planner-test")
        first = run_connector("write", config, catalog("people"), rows())
        assert first.returncode == 0, first.stderr[-2000:]
        assert len(sim.state.store.candidates()) == 30
        sim.state.log.clear()
        again = run_connector("write", config, catalog("people"), rows())
        assert again.returncode == 0 and len(again.states) == 1
        writes = {k: sim.count(m, k) for m in ("POST", "PUT") for k in ("candidate", "application", "document")}
        assert not any(writes.values()), writes
        assert sim.count("GET", "candidate") <= 4  # 280 candidates: three pages and the first (the priming)
        assert "candidate lookup: index" in again.log_text()
        sim.state.log.clear()
        changed = run_connector("write", config, catalog("people"), rows(extra_tag_for=7))
        assert changed.returncode == 0
        assert sim.count("PUT", "candidate") == 1 and sim.count("POST", "candidate") == 0
        [person] = [c for c in sim.state.store.candidates() if c["emails"][0]["email"] == "Planner7@Example.com"]
        assert "hot" in person["tags"] and "sourced" in person["tags"]
        assert len(sim.state.store.applications()) == 30 and len(sim.state.store.documents()) == 30
