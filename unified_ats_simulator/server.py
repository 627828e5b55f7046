"""Run the simulator: `start_site` (inside a running loop) and `SimulatorServer` (a background thread with
its own event loop, for synchronous test code)."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from unified_ats_simulator.app import build_app
from unified_ats_simulator.faults import ScriptedFault
from unified_ats_simulator.knobs import Knobs
from unified_ats_simulator.requestlog import DEFAULT_ENTRY_CAP, IgnoredFields, RequestRecord
from unified_ats_simulator.seeding import SeedData
from unified_ats_simulator.state import SimulatorState
from unified_ats_simulator.store import JsonObject, Store
from unified_ats_simulator.unified_objects import DEFAULT_CONNECTION_ID, DEFAULT_TOKEN, ConnectionSettings
from unified_ats_simulator.vocab import ALL_ATS_PERMISSIONS

T = TypeVar("T")
SHUTDOWN_TIMEOUT = 1.0


async def start_site(state: SimulatorState, host: str = "127.0.0.1", port: int = 0) -> tuple[web.AppRunner, int]:
    """Serve `state` on host:port (0 = an ephemeral port) in the running loop; returns the runner and port."""
    runner = web.AppRunner(build_app(state), access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    await web.SockSite(runner, sock, backlog=1024).start()
    return runner, int(sock.getsockname()[1])


def make_state(
    *,
    profile: str = "generic",
    token: str = DEFAULT_TOKEN,
    connection_id: str = DEFAULT_CONNECTION_ID,
    permissions: Sequence[str] | None = None,
    categories: Sequence[str] = ("ats",),
    is_paused: bool = False,
    jobs: Sequence[JsonObject] | None = None,
    candidates: Sequence[JsonObject] = (),
    applications: Sequence[JsonObject] = (),
    documents: Sequence[JsonObject] = (),
    synthetic_candidates: int = 0,
    request_log_cap: int = DEFAULT_ENTRY_CAP,
    **knobs: Any,
) -> SimulatorState:
    """A SimulatorState from keyword settings; `knobs` are Knobs fields (latency_ms=50, ...)."""
    connection = ConnectionSettings().with_changes(
        {
            "integration_type": profile,
            "token": token,
            "connection_id": connection_id,
            "permissions": tuple(ALL_ATS_PERMISSIONS if permissions is None else permissions),
            "categories": tuple(categories),
            "is_paused": is_paused,
        }
    )
    return SimulatorState(
        knobs=Knobs().with_changes(knobs),
        connection=connection,
        seed=SeedData(
            jobs=jobs,
            candidates=candidates,
            applications=applications,
            documents=documents,
            synthetic_candidates=synthetic_candidates,
        ),
        request_log_cap=request_log_cap,
    )


class SimulatorServer:
    """The simulator on 127.0.0.1:<ephemeral port>, served from a background thread.

    with SimulatorServer(profile="lever", latency_ms=5) as sim:
        sim.base_url, sim.token, sim.connection_id, sim.store.candidates()
        sim.configure(error_rate=0.2); sim.script(ScriptedFault.drop("POST", "candidate"))
    Keyword arguments are those of `make_state` (profile, token, connection_id, permissions, categories,
    is_paused, jobs, candidates, applications, documents, request_log_cap, and any knob).
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, **settings: Any) -> None:
        self.host = host
        self.port = port
        self.state = make_state(**settings)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._startup_error: BaseException | None = None

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> SimulatorServer:
        if self._thread is not None:
            return self
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, args=(ready,), name="unified-ats-simulator", daemon=True)
        self._thread.start()
        ready.wait(timeout=30)
        if self._startup_error is not None:
            self._thread.join(timeout=5)
            self._thread = None
            raise RuntimeError("the Unified ATS simulator failed to start") from self._startup_error
        return self

    def stop(self) -> None:
        if self._thread is None or self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._thread = None

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _serve(self, ready: threading.Event) -> None:
        loop = self._loop
        assert loop is not None
        asyncio.set_event_loop(loop)
        try:
            self._runner, self.port = loop.run_until_complete(start_site(self.state, self.host, self.port))
        except BaseException as exc:  # reported to start()
            self._startup_error = exc
            ready.set()
            loop.close()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._runner.cleanup())
            loop.close()

    # ---- connection details ------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"  # ignore-https-check: plain HTTP on loopback, for tests

    @property
    def token(self) -> str:
        return self.state.connection.token

    @property
    def connection_id(self) -> str:
        return self.state.connection.connection_id

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def store(self) -> Store:
        return self.state.store

    # ---- steering (runs on the server loop, so it never races a request) ---------------------

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Change knobs, `profile`, connection settings or enqueue `faults`; see SimulatorState.configure."""
        return self._call(lambda: self.state.configure(changes))

    def reset(self, config: bool = False) -> None:
        self._call(lambda: self.state.reset(config=config))

    def script(self, *faults: ScriptedFault) -> None:
        """Enqueue scripted faults, used in order by the next matching /ats requests."""
        self._call(lambda: self.state.faults.push(*faults))

    def clear_faults(self) -> None:
        self._call(self.state.faults.clear)

    def pending_faults(self) -> list[ScriptedFault]:
        return self._call(self.state.faults.pending)

    @property
    def config(self) -> dict[str, Any]:
        return self._call(self.state.config_dict)

    # ---- inspection ----------------------------------------------------------------------------

    def candidates(self) -> list[JsonObject]:
        return self.store.candidates()

    def applications(self) -> list[JsonObject]:
        return self.store.applications()

    def documents(self) -> list[JsonObject]:
        return self.store.documents()

    def jobs(self) -> list[JsonObject]:
        return self.store.jobs()

    def requests(self) -> list[RequestRecord]:
        return self.state.log.entries()

    def request_counts(self) -> dict[tuple[str, str], int]:
        return self.state.log.counts()

    def count(self, method: str, kind: str) -> int:
        return self.state.log.count(method, kind)

    def ignored_fields(self) -> list[IgnoredFields]:
        return self.state.log.ignored_fields()

    def clear_requests(self) -> None:
        self.state.log.clear()

    def _call(self, fn: Callable[[], T]) -> T:
        if self._loop is None or self._thread is None:
            return fn()

        async def run() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=30)
