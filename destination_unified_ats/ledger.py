"""An optional durable ledger of the candidates this connector created, keyed by email.

Airbyte runs each attempt in a fresh container, so correctness never depends on it: the ATS itself is the
durable memory (see identity.py). Where a volume is mounted (`write_ledger_path`), the ledger also covers
what the ATS cannot promise: a provider whose search lags longer than `search_lag_seconds`, or that ignores
the `updated_gte` listing filter. SQLite in WAL mode: each create is committed before the record's state
can be emitted, and survives a killed process.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class WriteLedger:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS candidates (connection TEXT, email TEXT, candidate_id TEXT, "
            "PRIMARY KEY (connection, email))"
        )
        self.hits = 0

    def candidate_id(self, connection_id: str, keys: list[str]) -> str | None:
        for key in keys:
            row = self._db.execute(
                "SELECT candidate_id FROM candidates WHERE connection = ? AND email = ?", (connection_id, key)
            ).fetchone()
            if row is not None:
                self.hits += 1
                return str(row[0])
        return None

    def remember(self, connection_id: str, keys: list[str], candidate_id: str) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO candidates (connection, email, candidate_id) VALUES (?, ?, ?)",
            [(connection_id, key, candidate_id) for key in keys],
        )

    def forget(self, connection_id: str, candidate_id: str) -> None:
        self._db.execute(
            "DELETE FROM candidates WHERE connection = ? AND candidate_id = ?", (connection_id, candidate_id)
        )

    def close(self) -> None:
        self._db.close()
