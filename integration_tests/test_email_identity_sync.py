"""A person the ATS already holds under another spelling of the same address is reused, never duplicated."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, record, run_connector, stream_state
from unified_ats_simulator import SimulatorServer

NFC = "renée.müller@example.com"
OLD = (datetime.now(UTC) - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _seeded(email: str) -> dict[str, object]:
    # Changed long ago: outside the recent-changes window, so only search (or the bulk index) can find it.
    return {"id": "cand_old", "first_name": "Renée", "last_name": "Müller", "emails": [{"email": email}],
            "created_at": OLD, "updated_at": OLD}  # fmt: skip


@pytest.mark.parametrize(
    ("stored", "lookup"),
    [
        (unicodedata.normalize("NFD", NFC), "search"),  # found by searching the decomposed spelling
        (unicodedata.normalize("NFD", NFC).upper(), "search"),
        ("renée.müller@xn--exmple-cua.com", "search"),  # punycode domain (its own address: ä)
        (unicodedata.normalize("NFD", NFC), "index"),
        (f"Renée Müller <{unicodedata.normalize('NFD', NFC)}>", "index"),
        (f" mailto:{NFC.upper()} ", "index"),
    ],
)
def test_an_address_stored_in_another_spelling_is_reused(stored: str, lookup: str) -> None:
    wanted = "renée.müller@exämple.com" if "xn--" in stored else NFC
    with SimulatorServer(candidates=[_seeded(stored)]) as sim:
        result = run_connector(
            "write",
            connector_config(sim, candidate_lookup=lookup),
            catalog("people"),
            [
                record("people", {"email": wanted, "first_name": "Renée", "last_name": "Müller"}),
                stream_state("people", 1),
            ],
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert len(result.states) == 1
        candidates = sim.state.store.candidates()
    assert [c["id"] for c in candidates] == ["cand_old"]
