"""Runs the connector's console entry point inside the test process, isolated as a process would be.

`run_entry_point(argv, stdin)` calls `destination_unified_ats.run.run()` with `sys.argv`, `sys.stdin`,
`sys.stdout` and `sys.stderr` swapped for in-memory files, and gives back (exit code, stdout, stderr) the
way the process would: `sys.exit(n)` is exit code n, an uncaught exception goes through the connector's
own `sys.excepthook` (the CDK's, which prints a TRACE message) and is exit code 1.

What one run may change in the interpreter is put back afterwards: logging (the connector replaces the
root handlers), logger levels, `sys.excepthook`, signal handlers, the CDK's registered secrets and the
warning filters. Each run gets a fresh event loop (the connector calls `asyncio.run`). A thread the run
started and left running is an error: a process would have hidden it by exiting.
"""

from __future__ import annotations

import contextlib
import io
import logging
import signal
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

# The signals a connector may take over; their handlers are restored after each run.
_SIGNALS = tuple(
    s for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE, signal.SIGALRM) if s is not None
)
THREAD_GRACE_SECONDS = 5.0


class LeakedThreads(RuntimeError):
    pass


class _Deadline(BaseException):
    """Raised in the main thread when a run overstays its timeout (a BaseException: no `except Exception`
    in the connector can swallow it)."""


def can_run_in_process() -> bool:
    """Signal handlers (the connector's and the timeout's) can only be set from the main thread."""
    return threading.current_thread() is threading.main_thread()


def run_entry_point(argv: list[str], stdin: bytes, timeout: float) -> tuple[int, str, str]:
    from destination_unified_ats import run as entry  # imported once per test process, not per run

    stdout_bytes, stderr_bytes = io.BytesIO(), io.BytesIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    fake_stdout = io.TextIOWrapper(stdout_bytes, encoding="utf-8", write_through=True)
    fake_stderr = io.TextIOWrapper(stderr_bytes, encoding="utf-8", errors="backslashreplace", write_through=True)
    threads_before = set(threading.enumerate())
    saved = _Interpreter.snapshot()
    returncode = 0
    timed_out = False
    try:
        sys.argv = ["destination-unified-ats", *argv]
        sys.stdin, sys.stdout, sys.stderr = fake_stdin, fake_stdout, fake_stderr
        with warnings.catch_warnings(), _deadline(timeout):
            try:
                entry.run()
            except SystemExit as exc:
                returncode = _exit_code(exc.code)
            except _Deadline:
                raise
            except BaseException as exc:  # as the interpreter does for an uncaught exception
                sys.excepthook(type(exc), exc, exc.__traceback__)
                returncode = 1
    except _Deadline:
        timed_out = True
    finally:
        for stream in (fake_stdout, fake_stderr):
            with contextlib.suppress(ValueError):
                stream.flush()
        saved.restore()
    leaked = _join_new_threads(threads_before)
    stdout = stdout_bytes.getvalue().decode("utf-8", errors="replace")
    stderr = stderr_bytes.getvalue().decode("utf-8", errors="replace")
    if timed_out:
        raise subprocess.TimeoutExpired(sys.argv[:1] + argv, timeout, output=stdout, stderr=stderr)
    if leaked:
        names = ", ".join(sorted(t.name for t in leaked))
        raise LeakedThreads(f"the connector run left thread(s) running: {names}")
    return returncode, stdout, stderr


def _exit_code(code: object) -> int:
    """`sys.exit(code)` as the interpreter maps it to a process exit status."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _join_new_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    started = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in started:
        thread.join(THREAD_GRACE_SECONDS)
    return [t for t in started if t.is_alive()]


@dataclass
class _LoggerState:
    level: int
    handlers: list[logging.Handler]
    propagate: bool
    disabled: bool


@dataclass
class _Interpreter:
    """The process-wide state one connector run may change."""

    argv: list[str]
    streams: tuple[Any, Any, Any]
    excepthook: Any
    root: _LoggerState
    loggers: dict[str, _LoggerState]
    logging_disabled: int
    signal_handlers: dict[int, Any]
    secrets: list[str]

    @classmethod
    def snapshot(cls) -> _Interpreter:
        manager = logging.Logger.manager
        return cls(
            argv=list(sys.argv),
            streams=(sys.stdin, sys.stdout, sys.stderr),
            excepthook=sys.excepthook,
            root=_logger_state(logging.getLogger()),
            loggers={
                name: _logger_state(logger)
                for name, logger in manager.loggerDict.items()
                if isinstance(logger, logging.Logger)
            },
            logging_disabled=manager.disable,
            signal_handlers={s: signal.getsignal(s) for s in _SIGNALS},
            secrets=_registered_secrets(),
        )

    def restore(self) -> None:
        sys.argv = self.argv
        sys.stdin, sys.stdout, sys.stderr = self.streams
        sys.excepthook = self.excepthook
        _set_logger_state(logging.getLogger(), self.root)
        for name, logger in list(logging.Logger.manager.loggerDict.items()):
            if not isinstance(logger, logging.Logger):
                continue
            state = self.loggers.get(name)
            if state is not None:  # a logger first created during the run is left as its module set it up
                _set_logger_state(logger, state)
        logging.disable(self.logging_disabled)
        for signum, handler in self.signal_handlers.items():
            if handler is not None:
                signal.signal(signum, handler)
        _set_registered_secrets(self.secrets)


def _logger_state(logger: logging.Logger) -> _LoggerState:
    return _LoggerState(logger.level, list(logger.handlers), logger.propagate, logger.disabled)


def _set_logger_state(logger: logging.Logger, state: _LoggerState) -> None:
    for handler in logger.handlers:
        if handler not in state.handlers:
            with contextlib.suppress(Exception):
                handler.flush()
    logger.setLevel(state.level)
    logger.handlers[:] = state.handlers
    logger.propagate = state.propagate
    logger.disabled = state.disabled


def _registered_secrets() -> list[str]:
    """The CDK's module-level list of config secrets that its log filter masks."""
    module = sys.modules.get("airbyte_cdk.utils.airbyte_secrets_utils")
    return list(getattr(module, "__SECRETS_FROM_CONFIG", [])) if module else []


def _set_registered_secrets(secrets: list[str]) -> None:
    module = sys.modules.get("airbyte_cdk.utils.airbyte_secrets_utils")
    if module is not None:
        module.update_secrets(list(secrets))
