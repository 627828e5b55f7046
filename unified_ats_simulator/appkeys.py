"""Typed keys for what the aiohttp application carries, and the per-request notes handlers leave for
the request log (a context variable: the middleware and the handler run in the same task)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from aiohttp import web

from unified_ats_simulator.state import SimulatorState

STATE: web.AppKey[SimulatorState] = web.AppKey("unified_ats_simulator_state", SimulatorState)


@dataclass
class RequestNotes:
    object_id: str | None = None
    ignored_fields: dict[str, str] = field(default_factory=dict)


_NOTES: ContextVar[RequestNotes | None] = ContextVar("unified_ats_simulator_notes", default=None)


def state_of(request: web.Request) -> SimulatorState:
    return request.app[STATE]


def begin_notes() -> RequestNotes:
    notes = RequestNotes()
    _NOTES.set(notes)
    return notes


def notes() -> RequestNotes:
    """This request's notes (a throwaway object outside the logged pipeline)."""
    return _NOTES.get() or RequestNotes()
