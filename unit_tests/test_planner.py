"""The planner's choice between listing the ATS and searching per record, and the index's freshness."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from destination_unified_ats.identity import CandidateDirectory, CandidateEntry
from destination_unified_ats.planner import BulkListing, LookupMode, SyncPlanner
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient
from unified_ats_simulator import SimulatorServer


def _client(sim: SimulatorServer) -> UnifiedClient:
    return UnifiedClient(ClientSettings(base_url=sim.base_url, token=sim.token, connection_id=sim.connection_id))


async def _ask(listing: BulkListing, records: int) -> list[bool]:
    return list(await asyncio.gather(*(listing.ready() for _ in range(records))))


async def test_a_small_batch_against_a_large_ats_lists_one_page_and_searches() -> None:
    with SimulatorServer(synthetic_candidates=20_000) as sim:
        async with _client(sim) as client:
            planner = SyncPlanner(client, LookupMode.AUTO, concurrency=4)
            await planner.start()
            assert planner.candidates.total == 20_000
            assert await _ask(planner.candidates, 20) == [False] * 20
            assert planner.candidates.state == "abandoned"
            await planner.aclose()
        assert sim.count("GET", "candidate") == 1


async def test_enough_records_pay_for_the_listing_and_then_nothing_is_searched() -> None:
    with SimulatorServer(synthetic_candidates=1_000) as sim:
        async with _client(sim) as client:
            planner = SyncPlanner(client, LookupMode.AUTO, concurrency=4)
            await planner.start()
            assert await _ask(planner.candidates, 12) == [True] * 12  # 9 pages left <= 12 records
            assert planner.index.lookup(["person999@bulk.example"]) is not None
            assert planner.index.lookup(["person1000@bulk.example"]) is None
            await planner.aclose()
        assert sim.count("GET", "candidate") == 11  # 10 pages and the empty one that proves the end


async def test_a_stall_commits_when_records_may_save_a_search_and_two_reads_each() -> None:
    with SimulatorServer(synthetic_candidates=1_000) as sim:
        async with _client(sim) as client:
            planner = SyncPlanner(client, LookupMode.AUTO, concurrency=4)
            await planner.start()
            assert await _ask(planner.candidates, 3) == [True] * 3  # 9 pages left <= 3 x 3, decided at the stall
            await planner.aclose()


async def test_index_mode_lists_whatever_the_batch() -> None:
    with SimulatorServer(synthetic_candidates=2_000) as sim:
        async with _client(sim) as client:
            planner = SyncPlanner(client, LookupMode.INDEX, concurrency=4)
            await planner.start()
            assert await _ask(planner.candidates, 1) == [True]
            assert planner.index.lookup(["person1999@bulk.example"]) is not None
            await planner.aclose()


class NoTotalClient:
    """A provider that reports no X-Total-Count: pages of synthetic ids."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pages = 0

    def _page(self, offset: int) -> list[dict[str, Any]]:
        self.pages += 1
        return [
            {"id": f"c{i}", "emails": [{"email": f"p{i}@x.io"}]} for i in range(offset, min(self.count, offset + 100))
        ]

    async def list_page_counted(self, kind: str, params: Mapping[str, Any]) -> tuple[list[dict[str, Any]], None]:
        return self._page(int(params["offset"])), None

    async def list_page(self, kind: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        await asyncio.sleep(0)
        return self._page(int(params["offset"]))


async def test_without_a_total_pages_are_spent_at_most_one_per_record_while_records_are_searched() -> None:
    client = NoTotalClient(5_000)
    seen: list[str] = []
    listing = BulkListing(
        client, "candidate", {}, lambda item: seen.append(item["id"]), mode=LookupMode.AUTO, concurrency=2
    )  # type: ignore[arg-type]
    await listing.first_page()
    assert listing.state == "budgeted"
    assert await _ask(listing, 10) == [False] * 10
    await asyncio.sleep(0.3)
    assert client.pages <= 11  # the first page, then one per record asked
    assert await _ask(listing, 60) == [False] * 60 or listing.complete
    for _ in range(100):
        if listing.complete:
            break
        await asyncio.sleep(0.05)
    assert listing.complete and len(seen) == 5_000 and client.pages <= 71
    await listing.aclose()


async def test_a_candidate_created_elsewhere_after_the_listing_is_found_before_a_create() -> None:
    with SimulatorServer() as sim:
        async with _client(sim) as client:
            planner = SyncPlanner(client, LookupMode.INDEX, concurrency=2, refresh_seconds=0.0)
            directory = CandidateDirectory(client, search_lag_seconds=0, planner=planner)
            await directory.prime()
            sim.state.store.create("candidate", {"emails": [{"email": "Late@X.io"}]})
            found = await directory.find(["late@x.io"])
            assert isinstance(found, CandidateEntry) and found.id.startswith("cand_")
            assert planner.refreshes == 1
            searches_before = sim.count("GET", "candidate")
            assert await directory.find(["never@x.io"]) is None
            await planner.aclose()
        assert directory.searches == 0 and sim.count("GET", "candidate") == searches_before + 1  # one delta page


async def test_an_application_made_elsewhere_after_the_listing_is_seen_after_a_refresh() -> None:
    seeded = [{"id": "c1", "emails": [{"email": "a@x.io"}]}]
    with SimulatorServer(candidates=seeded) as sim:
        async with _client(sim) as client:
            planner = SyncPlanner(client, LookupMode.INDEX, concurrency=2, refresh_seconds=0.0)
            directory = CandidateDirectory(client, search_lag_seconds=0, planner=planner)
            await directory.prime()
            entry = await directory.find(["a@x.io"], applications=True)
            assert isinstance(entry, CandidateEntry) and entry.applications is not None
            assert entry.applications.get("job_backend_sr") is None
            sim.state.store.create("application", {"candidate_id": "c1", "job_id": "job_backend_sr", "status": "NEW"})
            assert await directory.refresh_if_due()
            found = entry.applications.get("job_backend_sr")
            assert found is not None and found.status == "NEW"
            await planner.aclose()


async def test_a_provider_refusing_the_listing_falls_back_to_search() -> None:
    from unified_ats_simulator.faults import ScriptedFault

    seeded = [{"id": "c1", "emails": [{"email": "a@x.io"}]}]
    with SimulatorServer(candidates=seeded) as sim:
        sim.script(ScriptedFault.error("GET", "candidate", status=400))
        async with _client(sim) as client:
            planner = SyncPlanner(client, LookupMode.INDEX, concurrency=2)
            directory = CandidateDirectory(client, search_lag_seconds=0, planner=planner)
            await directory.prime()
            assert planner.candidates.state == "failed"
            found = await directory.find(["a@x.io"])
            assert found is not None and not isinstance(found, CandidateEntry) and directory.searches == 1
            await planner.aclose()


class ShrinkingClient(NoTotalClient):
    """Reports 300 at the first page; 50 are deleted while the listing runs (as a recruiter may)."""

    async def list_page_counted(self, kind: str, params: Mapping[str, Any]) -> tuple[list[dict[str, Any]], int]:  # type: ignore[override]
        first = int(params["offset"]) == 0
        if not first:
            self.count = 250
        return self._page(int(params["offset"])), 300 if first else self.count + 20

    async def list_page(self, kind: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        self.count = 250
        return self._page(int(params["offset"]))


async def test_a_listing_that_saw_fewer_candidates_than_the_ats_reports_confirms_misses_by_search() -> None:
    client = ShrinkingClient(300)
    listing = BulkListing(client, "candidate", {}, lambda item: None, mode=LookupMode.INDEX, concurrency=2)  # type: ignore[arg-type]
    await listing.first_page()
    assert await listing.ready()
    assert listing.unsure  # 250 listed, 270 there now: some were shifted past
    await listing.aclose()
