"""JSON-lines files for rejected records and the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import orjson


class JsonlSink:
    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self._file: IO[bytes] | None = None
        self.written = 0

    def write(self, item: dict[str, Any]) -> None:
        if self.path is None:
            return
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("ab")
        self._file.write(orjson.dumps(item, default=str) + b"\n")
        self.written += 1

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
