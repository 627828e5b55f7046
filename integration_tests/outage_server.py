"""Unified.to during an outage: every request gets the same failure, over real HTTP on loopback.

The simulator models one connection's ATS; an outage is simpler and total (the `/unified/...` endpoints
included), so it is a server of its own: `status` answers each request with that status (and Retry-After
for a 429), `hang` reads requests and never answers, `refused()` is a port nobody listens on.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from types import TracebackType

from aiohttp import web


def refused_url() -> str:
    """A loopback URL whose connections are refused (the port was free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class OutageServer:
    def __init__(self, status: int | None = 503, *, retry_after: float | None = None, hang: bool = False) -> None:
        self.status = status
        self.retry_after = retry_after
        self.hang = hang
        self.requests = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="outage-server", daemon=True)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        await request.read()
        if self.hang:
            await asyncio.sleep(3600)
        headers = {"Retry-After": f"{self.retry_after:g}"} if self.retry_after is not None else {}
        return web.json_response(
            {"message": f"simulated outage ({self.status})"}, status=self.status or 503, headers=headers
        )

    async def _start(self) -> int:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._answer)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        await web.SockSite(self._runner, sock).start()
        return int(sock.getsockname()[1])

    def __enter__(self) -> OutageServer:
        self._thread.start()
        port = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
