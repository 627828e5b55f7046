"""The optional write ledger covers a provider whose search lags longer than the configured window."""

from __future__ import annotations

from pathlib import Path

from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, record, run_connector
from unified_ats_simulator import SimulatorServer

ROWS = [record("people", {"name": "Test Person", "email": f"l{i}@x.io", "job_id": "job_backend_sr"}) for i in range(4)]


def test_without_ledger_a_too_small_lag_window_duplicates_and_with_it_nothing_does(tmp_path: Path) -> None:
    # The provider's search lags 10 minutes; the connector is told 0 s, so only the ledger can help.
    with SimulatorServer(search_lag_seconds=600) as sim:
        config = connector_config(sim, search_lag_seconds=0, candidate_lookup="search")
        run_connector("write", config, catalog("people"), ROWS)
        run_connector("write", config, catalog("people"), ROWS)
        unprotected = len(sim.candidates())
        # The bulk listing does not lag like search: the same runs with the planner on duplicate nothing.
        sim.reset()
        config = connector_config(sim, search_lag_seconds=0, candidate_lookup="auto")
        run_connector("write", config, catalog("people"), ROWS)
        run_connector("write", config, catalog("people"), ROWS)
        listed = len(sim.candidates())
    with SimulatorServer(search_lag_seconds=600) as sim:
        config = connector_config(
            sim, search_lag_seconds=0, write_ledger_path=str(tmp_path / "ledger.sqlite"), candidate_lookup="search"
        )
        run_connector("write", config, catalog("people"), ROWS)
        second = run_connector("write", config, catalog("people"), ROWS)
        assert second.returncode == 0
        protected = len(sim.candidates())
        applications = len(sim.applications())
    assert unprotected == 8  # the honest limit of search alone, documented in the README
    assert listed == 4
    assert protected == 4 and applications == 4


def test_a_candidate_deleted_in_the_ats_is_looked_up_afresh(tmp_path: Path) -> None:
    with SimulatorServer() as sim:
        config = connector_config(sim, write_ledger_path=str(tmp_path / "ledger.sqlite"))
        run_connector("write", config, catalog("people"), ROWS[:1])
        [candidate] = sim.candidates()
        sim.state.store.delete("candidate", candidate["id"])
        result = run_connector("write", config, catalog("people"), ROWS[:1])
        assert result.returncode == 0
        [again] = sim.candidates()
    assert again["id"] != candidate["id"]
