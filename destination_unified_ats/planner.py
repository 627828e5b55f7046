"""Per sync, how to learn what the ATS already holds: a bulk listing into a compact index, or a search per record.

`search`: one search per record (and reads of an existing candidate's applications and documents).
`index`: list candidates (then the applications and documents the records need) before resolving any record.
`auto`: the first candidate page is read at start (it doubles as the recent-changes priming) and tells the
total (`X-Total-Count`). Records then wait while the listing is undecided; it is listed in full as soon as the
records seen would each have cost at least a request for every page left. When records stop arriving with the
question still open (a small batch, or every slot waiting), the listing is made only if the pages left are at most
OPTIMISM requests for each record seen; otherwise nothing more is listed and every record is searched, so a small
batch costs what the per-record path costs. Where the provider reports no total, pages are spent at most one per
record seen while the records go through search, and the index takes over once complete.
Applications and documents follow the same rule, counting the records that met an existing candidate.

The index is a snapshot: before creating a candidate the index does not know, it is refreshed with a delta listing
(`updated_gte` since the last refresh) when that is older than `refresh_seconds`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from destination_unified_ats.candidate_index import CandidateIndex
from destination_unified_ats.errors import RetryBudgetExceeded, TransportError, UnifiedApiError
from destination_unified_ats.timestamps import iso, parse_time
from destination_unified_ats.unified_client import PAGE_SIZE, UnifiedClient

logger = logging.getLogger("airbyte")
STALL_SECONDS = 0.3
OPTIMISM = 3  # a record meeting an existing candidate saves a search and two reads
# Delta listings start this long before the newest change the provider has shown (its own clock, no skew with ours);
# without one yet, this long before our clock's start of the listing.
PROVIDER_MARGIN = timedelta(seconds=10)
REFRESH_MARGIN = timedelta(seconds=60)
CANDIDATE_FIELDS = "id,emails,tags,metadata,sources,updated_at"


class LookupMode(StrEnum):
    AUTO = "auto"
    INDEX = "index"
    SEARCH = "search"


class BulkListing:
    """One kind, listed in full once the planner commits to it; records ask `ready()` and may wait."""

    def __init__(
        self,
        client: UnifiedClient,
        kind: str,
        params: Mapping[str, Any],
        add: Callable[[Mapping[str, Any]], Any],
        *,
        mode: LookupMode,
        concurrency: int,
        reserve: Callable[[str, int], None] | None = None,
    ) -> None:
        self.reserve = reserve
        self.client = client
        self.kind = kind
        self.params = dict(params)
        self.add = add
        self.mode = mode
        self.concurrency = max(1, concurrency)
        self.state = "idle"  # idle | undecided | listing | complete | abandoned | budgeted | failed
        self.total: int | None = None
        self.pages = 0
        self.items = 0
        self.asked = 0
        self._waiting = 0
        self._last_ask = time.monotonic()
        self._decided = asyncio.Event()
        self._done = asyncio.Event()
        self._start_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_log = time.monotonic()  # the first progress line 10 s into the listing
        self.started_at: datetime | None = None
        self.unsure = False  # the listing may have missed some: a miss is confirmed by search

    @property
    def complete(self) -> bool:
        return self.state == "complete"

    def pages_left(self) -> int | None:
        if self.total is None:
            return None
        return max(0, math.ceil((self.total - self.pages * PAGE_SIZE) / PAGE_SIZE))

    async def first_page(self) -> list[dict[str, Any]]:
        self.started_at = datetime.now(UTC)
        items, total = await self.client.list_page_counted(self.kind, {**self.params, "limit": PAGE_SIZE, "offset": 0})
        self._absorb(items)
        self.total = total
        if len(items) < PAGE_SIZE:
            self._finish("complete")
        else:
            self.state = "undecided"
            if self.mode == LookupMode.INDEX:
                self._commit()
            elif total is None:
                self._budgeted()
        return items

    async def ready(self) -> bool:
        """Called once by each record needing this kind: True when the index holds all of it."""
        if self.state == "idle":
            async with self._start_lock:
                if self.state == "idle":
                    try:
                        await self.first_page()
                    except (UnifiedApiError, TransportError, RetryBudgetExceeded) as exc:
                        self._fail(exc)
        self.asked += 1
        self._last_ask = time.monotonic()
        if self.state == "undecided":
            left = self.pages_left()
            if left is not None and left <= self.asked:
                self._commit()
            else:
                self._waiting += 1
                self._watch()
                try:
                    await self._decided.wait()
                finally:
                    self._waiting -= 1
        if self.state == "listing":
            await self._done.wait()
        return self.complete

    def _watch(self) -> None:
        if any(t.get_name() == "watch" for t in self._tasks):
            return
        self._spawn(self._stall_watch(), "watch")

    async def _stall_watch(self) -> None:
        while self.state == "undecided":
            await asyncio.sleep(STALL_SECONDS / 3)
            if self._waiting and time.monotonic() - self._last_ask > STALL_SECONDS:
                left = self.pages_left()
                if left is not None and left <= OPTIMISM * self.asked:
                    self._commit()
                else:
                    logger.info(
                        f"Candidate lookup: listing all {self.kind}s ({left} more pages) would cost more than "
                        f"{self.asked} record(s) looked up one by one; looking them up one by one."
                    )
                    self._finish("abandoned")

    def _commit(self) -> None:
        self.state = "listing"
        if self.reserve is not None and self.total is not None:
            self.reserve(self.kind, self.total)
        self._decided.set()
        left = self.pages_left()
        logger.info(f"Candidate lookup: listing {self.kind}s ({self.total:,} in the ATS, {left} more pages).")
        self._spawn(self._list_known_total(), "list")

    def _budgeted(self) -> None:
        """No total: records are searched; pages are spent at most one per record asked so far."""
        self.state = "budgeted"
        self._decided.set()
        self._spawn(self._list_budgeted(), "list")

    async def _list_known_total(self) -> None:
        assert self.total is not None
        offsets = iter(range(self.pages * PAGE_SIZE, self.total, PAGE_SIZE))
        short = False

        async def worker() -> None:
            # A few workers taking the next offset: not a task per page (10,000 of them for a million people).
            nonlocal short
            for offset in offsets:
                items = await self.client.list_page(self.kind, {**self.params, "limit": PAGE_SIZE, "offset": offset})
                self._absorb(items)
                short = short or len(items) < PAGE_SIZE

        try:
            await asyncio.gather(*(worker() for _ in range(self.concurrency)))
            # Read on from the first total until a short page (the ATS may have grown while listed), and take the
            # total then: fewer items listed than it says means deletions shifted pages past a candidate.
            offset, end_total = self.total, None
            while True:
                params = {**self.params, "limit": PAGE_SIZE, "offset": offset}
                items, end_total = await self.client.list_page_counted(self.kind, params)
                self._absorb(items)
                if len(items) < PAGE_SIZE:
                    break
                offset += PAGE_SIZE
            if end_total is not None and self.items < end_total:
                self.unsure = True
                logger.warning(
                    f"Candidate lookup: the ATS changed while its {self.kind}s were listed ({self.items:,} listed, "
                    f"{end_total:,} there now); an address the index does not know is searched before a create."
                )
        except (UnifiedApiError, TransportError, RetryBudgetExceeded) as exc:
            self._fail(exc)
            return
        self._finish("complete")

    async def _list_budgeted(self) -> None:
        offset = self.pages * PAGE_SIZE
        try:
            while True:
                while self.pages >= self.asked:
                    await asyncio.sleep(0.05)
                items = await self.client.list_page(self.kind, {**self.params, "limit": PAGE_SIZE, "offset": offset})
                self._absorb(items)
                offset += PAGE_SIZE
                if len(items) < PAGE_SIZE:
                    break
        except (UnifiedApiError, TransportError, RetryBudgetExceeded) as exc:
            self._fail(exc)
            return
        self._finish("complete")

    def _absorb(self, items: list[dict[str, Any]]) -> None:
        self.pages += 1
        for item in items:
            self.add(item)
        self.items += len(items)
        now = time.monotonic()
        if now - self._last_log >= 10:
            self._last_log = now
            of = f" of {self.total:,}" if self.total is not None else ""
            logger.info(f"Candidate lookup: listed {self.items:,}{of} {self.kind}s ({self.pages:,} pages).")

    def _fail(self, exc: BaseException) -> None:
        logger.warning(f"Candidate lookup: listing {self.kind}s failed ({exc}); looking records up one by one.")
        self._finish("failed")

    def _finish(self, state: str) -> None:
        self.state = state
        self._decided.set()
        self._done.set()

    def _spawn(self, work: Any, name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


class SyncPlanner:
    def __init__(
        self, client: UnifiedClient, mode: LookupMode, *, concurrency: int, refresh_seconds: float = 30.0
    ) -> None:
        self.client = client
        self.mode = mode
        self.index = CandidateIndex()
        self.refresh_seconds = refresh_seconds
        common = {"mode": mode, "concurrency": concurrency, "reserve": self.index.reserve}
        self.candidates = BulkListing(
            client,
            "candidate",
            {"sort": "updated_at", "order": "desc", "fields": CANDIDATE_FIELDS},
            self.index.add_candidate,
            **common,  # type: ignore[arg-type]
        )
        self.applications = BulkListing(client, "application", {}, self.index.add_application, **common)  # type: ignore[arg-type]
        self.documents = BulkListing(client, "document", {}, self.index.add_document, **common)  # type: ignore[arg-type]
        self._refreshed_at = time.monotonic()
        self._refresh_since: datetime = datetime.now(UTC)
        self._refresh_lock = asyncio.Lock()
        self.refreshes = 0
        self.refresh_pages = 0

    @property
    def enabled(self) -> bool:
        return self.mode != LookupMode.SEARCH

    async def start(self) -> list[dict[str, Any]]:
        """The first page of the candidate listing (newest first); also the recent-changes priming."""
        self._refresh_since = datetime.now(UTC) - REFRESH_MARGIN
        self._refreshed_at = time.monotonic()
        try:
            page = await self.candidates.first_page()
        except (UnifiedApiError, TransportError) as exc:  # e.g. a provider refusing `sort` or `fields`
            self.candidates._fail(exc)
            return []
        self._saw(page)
        return page

    def _saw(self, newest_first: list[dict[str, Any]]) -> None:
        """Start the next delta listing shortly before the newest change seen (its first item, newest first), by
        the provider's clock; at first, a minute before the listing began by ours."""
        for item in newest_first[:1]:
            changed = parse_time(item.get("updated_at"))
            if changed is not None:
                self._refresh_since = max(self._refresh_since, changed - PROVIDER_MARGIN)

    def strategy(self) -> str:
        if self.mode == LookupMode.SEARCH:
            return "search (per record)"
        used = "index" if self.candidates.complete else "search (per record)"
        return f"{used} ({self.mode.value}; candidate listing {self.candidates.state})"

    def refresh_due(self) -> bool:
        return time.monotonic() - self._refreshed_at > self.refresh_seconds

    async def refresh(self) -> None:
        """Delta listing: candidates (and applications) changed since the last refresh, newest first."""
        async with self._refresh_lock:
            if not self.refresh_due():
                return
            started, since = time.monotonic(), self._refresh_since
            self.refreshes += 1
            for kind, add, listing in (
                ("candidate", self.index.add_candidate, self.candidates),
                ("application", self.index.add_application, self.applications),
            ):
                if not listing.complete:
                    continue
                params = {"updated_gte": iso(since), "sort": "updated_at", "order": "desc"}
                offset = 0
                while True:
                    page = await self.client.list_page(kind, {**params, "limit": PAGE_SIZE, "offset": offset})
                    self.refresh_pages += 1
                    if offset == 0:
                        self._saw(page)
                    fresh = [item for item in page if (parse_time(item.get("updated_at")) or since) >= since]
                    for item in fresh:
                        add(item)
                    if len(page) < PAGE_SIZE or len(fresh) < len(page):
                        break
                    offset += PAGE_SIZE
            self._refreshed_at = started

    @property
    def pages_listed(self) -> int:
        return self.candidates.pages + self.applications.pages + self.documents.pages + self.refresh_pages

    async def aclose(self) -> None:
        for listing in (self.candidates, self.applications, self.documents):
            await listing.aclose()
