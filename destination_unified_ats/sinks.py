"""Where rejected records and audit lines go: JSON lines in a local file and/or object storage.

A sink never blocks the event loop on I/O that can wait: `write` buffers, `seal` cuts what was written so far
and starts making it durable in a worker thread (fsync, an upload), returning the futures that settle when it
is. The state emitter seals every sink once per batch of released states and emits them only when those
futures settle, so each line is durable before the state that covers its record (and fsync is batched per
state, not paid per line).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Protocol

import orjson
from airbyte_cdk.models import FailureType


class SinkError(Exception):
    """Lines could not be made durable; no state covering them may be emitted."""

    def __init__(self, message: str, *, config_problem: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.config_problem = config_problem

    @property
    def failure_type(self) -> FailureType:
        return FailureType.config_error if self.config_problem else FailureType.system_error


class Sink(Protocol):
    @property
    def enabled(self) -> bool: ...

    def write(self, item: dict[str, Any]) -> None: ...

    def seal(self) -> list[Future[None]]:
        """Everything written so far becomes durable when the returned futures settle (they raise SinkError)."""
        ...

    def close(self) -> None:
        """Blocking: makes the rest durable and releases the sink; raises SinkError when it cannot."""
        ...


def json_line(item: dict[str, Any]) -> bytes:
    return orjson.dumps(item, default=str) + b"\n"


class NullSink:
    enabled = False

    def write(self, item: dict[str, Any]) -> None:
        return None

    def seal(self) -> list[Future[None]]:
        return []

    def close(self) -> None:
        return None


class JsonlSink:
    """A local JSON-lines file, appended to. `seal` flushes in the caller's thread and fsyncs in a worker."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self._file: IO[bytes] | None = None
        self._dirty = False
        self._new_file = False
        self._worker: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        self.written = 0

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def write(self, item: dict[str, Any]) -> None:
        if self.path is None:
            return
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._new_file = not self.path.exists()
            self._file = self.path.open("ab")
        self._file.write(json_line(item))
        self._dirty = True
        self.written += 1

    def seal(self) -> list[Future[None]]:
        if self._file is None or not self._dirty or self.path is None:
            return []
        try:
            self._file.flush()
        except OSError as exc:
            raise SinkError(f"Could not write {self.path}: {exc}") from None
        self._dirty = False
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sink-fsync")
        directory = self.path.parent if self._new_file else None
        self._new_file = False
        future = self._worker.submit(_fsync, self._file.fileno(), self.path, directory)
        self._pending = [f for f in self._pending if not f.done()] + [future]
        return [future]

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is None:
            return
        try:
            self.seal()
            for future in self._pending:
                future.result()
        finally:
            self._pending = []
            if self._worker is not None:
                self._worker.shutdown(wait=True)
                self._worker = None
            self._file.close()
            self._file = None


def _fsync(fd: int, path: Path, directory: Path | None) -> None:
    try:
        os.fsync(fd)
        if directory is not None:  # a new file's name is durable only once its directory is
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        raise SinkError(f"Could not make {path} durable (fsync): {exc}") from None


class FanoutSink:
    """The same lines into several sinks (a local file and object storage)."""

    def __init__(self, sinks: Sequence[Sink]) -> None:
        self.sinks = [s for s in sinks if s.enabled]

    @property
    def enabled(self) -> bool:
        return bool(self.sinks)

    def write(self, item: dict[str, Any]) -> None:
        for sink in self.sinks:
            sink.write(item)

    def seal(self) -> list[Future[None]]:
        return [future for sink in self.sinks for future in sink.seal()]

    def close(self) -> None:
        first: BaseException | None = None
        for sink in self.sinks:
            try:
                sink.close()
            except BaseException as exc:  # close every sink, then report the first failure
                first = first or exc
        if first is not None:
            raise first
