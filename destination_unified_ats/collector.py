"""The cyclic garbage collector around start-up and the sync.

Start-up imports some 130,000 objects that live as long as the process and makes almost no garbage, yet the
collector walked them ~800 times on the way (a sixth of start-up's CPU); during a sync every older-generation
collection walked them again. So: no collection while importing, and for the sync what exists before it is
frozen out of every collection (`gc.freeze`, as CPython's documentation suggests for long-lived state).
Measured with gc callbacks over 2,000 records at 50 ms: 0.79-0.84 s of collection before, 0.50-0.52 s after.

The young generation keeps CPython's threshold: collecting it every 10,000 allocations instead of 700 saved
another 0.2 s, but a sync's cyclic garbage (a record's line, payloads and resume among it) then lived long
enough to add 15 MB of peak RSS at 30,000 records and to keep growing with the input.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def imports_without_gc() -> Iterator[None]:
    """Collection off while importing, and back on (if it was) afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def tuned_for_sync() -> Iterator[None]:
    """What exists before the sync is frozen out of collections until it ends (then thawed: the in-process test
    harness runs many syncs in one interpreter)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
