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

from destination_unified_ats.email_identity import email_key

# 1: keys as `NFC(strip(email)).lower()`; 2: keys from email_identity.email_key.
KEY_VERSION = 2


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
        self._migrate_keys()
        self.hits = 0

    def _migrate_keys(self) -> None:
        """Re-key a ledger written with older keys. A stored key is itself an address, and email_key is
        idempotent, so the new key of each row is the key of its old one; done once, in one transaction."""
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version >= KEY_VERSION:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            rows = self._db.execute("SELECT connection, email, candidate_id FROM candidates").fetchall()
            changed = [(c, e, i, email_key(e)) for c, e, i in rows if email_key(e) != e]
            for connection, old, candidate_id, new in changed:
                self._db.execute("DELETE FROM candidates WHERE connection = ? AND email = ?", (connection, old))
                self._db.execute(
                    "INSERT OR IGNORE INTO candidates (connection, email, candidate_id) VALUES (?, ?, ?)",
                    (connection, new, candidate_id),
                )
            self._db.execute(f"PRAGMA user_version = {KEY_VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

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
