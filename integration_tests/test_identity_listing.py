"""The recent-candidates listing that protects replays from search lag stays bounded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from destination_unified_ats.identity import CandidateDirectory
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient
from unified_ats_simulator import SimulatorServer


async def test_prime_stops_at_candidates_older_than_the_window() -> None:
    old = (datetime.now(UTC) - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    seeded = [
        {"id": f"old_{i}", "emails": [{"email": f"old{i}@x.io"}], "created_at": old, "updated_at": old}
        for i in range(250)
    ]
    with SimulatorServer(candidates=seeded) as sim:
        sim.state.store.create("candidate", {"emails": [{"email": "fresh@x.io"}]})
        settings = ClientSettings(base_url=sim.base_url, token=sim.token, connection_id=sim.connection_id)
        async with UnifiedClient(settings) as client:
            directory = CandidateDirectory(client, search_lag_seconds=60)
            assert await directory.prime() == 1
            assert await directory.find(["fresh@x.io"]) is not None
        # One page: the listing is sorted newest first, so the fresh candidate comes first and the old ones end it.
        assert sim.count("GET", "candidate") <= 2


async def test_created_candidates_are_found_by_id_after_leaving_the_bounded_cache() -> None:
    from destination_unified_ats.identity import CandidateEntry
    from destination_unified_ats.models import AtsCandidate

    with SimulatorServer(search_lag_seconds=600) as sim:
        settings = ClientSettings(base_url=sim.base_url, token=sim.token, connection_id=sim.connection_id)
        async with UnifiedClient(settings) as client:
            directory = CandidateDirectory(client, search_lag_seconds=600, max_cached=3)
            for i in range(10):
                created = await client.create_candidate({"emails": [{"email": f"c{i}@x.io"}]})
                directory.remember([f"c{i}@x.io"], CandidateEntry.from_candidate(created, created_here=True))
            assert directory.cached(["c0@x.io"]) is None  # evicted: memory stays bounded
            found = await directory.find(["c0@x.io"])
        assert isinstance(found, AtsCandidate) and found.emails is not None and found.emails[0].email == "c0@x.io"
        # Found by id (search still lags), not by a search that would have missed it.
        assert sim.count("GET", "candidate") == 1
