"""The in-memory ATS: objects by kind, secondary indexes, and the candidate email index.

Objects are plain JSON-ready dicts and are replaced, never mutated, on update (copy-on-write), so a
dict handed to the serializer stays consistent. A lock makes the accessors safe to call from the
test thread while the server thread writes.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from unified_ats_simulator.bulk import SyntheticCandidates
from unified_ats_simulator.timeutil import parse_iso, to_iso
from unified_ats_simulator.vocab import ALL_KINDS, Kind

JsonObject = dict[str, Any]

ID_PREFIX: dict[Kind, str] = {
    "candidate": "cand",
    "application": "app",
    "document": "doc",
    "job": "job",
    "applicationstatus": "status",
}

# Fields with an equality index, so per-record lookups stay O(1) at benchmark volumes.
INDEXED_FIELDS: dict[Kind, tuple[str, ...]] = {
    "candidate": ("company_id",),
    "application": ("candidate_id", "job_id"),
    "document": ("candidate_id", "application_id", "job_id"),
    "job": (),
    "applicationstatus": (),
}

DEFAULT_DOCUMENT_BYTES_CAP = 64 * 1024 * 1024


@dataclass(frozen=True)
class DocumentInfo:
    """What was uploaded for a document; `content` is None for URL uploads or past the retention cap."""

    source: str  # "base64" | "url" | "none"
    size: int
    sha256: str | None
    content: bytes | None


def email_keys(candidate: JsonObject) -> set[str]:
    keys: set[str] = set()
    for entry in candidate.get("emails") or ():
        if isinstance(entry, dict) and isinstance(entry.get("email"), str):
            keys.add(entry["email"].strip().lower())
    return keys


def decode_base64(data: str) -> bytes:
    """Strict base64 (standard or URL-safe alphabet). Raises ValueError."""
    text = "".join(data.split())
    try:
        if "-" in text or "_" in text:
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(str(exc)) from exc


class Store:
    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        document_bytes_cap: int = DEFAULT_DOCUMENT_BYTES_CAP,
    ) -> None:
        self._clock = clock
        self._lock = threading.RLock()
        self._document_bytes_cap = document_bytes_cap
        self.clear()

    # ---- lifecycle -------------------------------------------------------------------------

    def clear(self) -> None:
        with self._lock:
            self._objects: dict[Kind, dict[str, JsonObject]] = {kind: {} for kind in ALL_KINDS}
            self._next_number: dict[Kind, int] = dict.fromkeys(ALL_KINDS, 1)
            self._index: dict[Kind, dict[str, dict[str, dict[str, None]]]] = {
                kind: {field: {} for field in INDEXED_FIELDS[kind]} for kind in ALL_KINDS
            }
            self._by_email: dict[str, dict[str, None]] = {}
            self._written_at: dict[str, float] = {}
            self._documents: dict[str, DocumentInfo] = {}
            self._document_bytes = 0
            self.synthetic: SyntheticCandidates | None = None

    def now(self) -> float:
        return self._clock()

    # ---- writes ----------------------------------------------------------------------------

    def create(
        self,
        kind: Kind,
        fields: JsonObject,
        *,
        object_id: str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
    ) -> JsonObject:
        now = self._clock()
        with self._lock:
            new_id = object_id or self._new_id(kind)
            created = created_at or to_iso(now)
            obj: JsonObject = {"id": new_id, **fields, "created_at": created, "updated_at": updated_at or created}
            if kind == "document":
                obj = self._absorb_document_data(obj)
            self._objects[kind][new_id] = obj
            self._add_to_indexes(kind, obj)
            if kind == "candidate":
                self._written_at[new_id] = now
            return obj

    def update(self, kind: Kind, object_id: str, fields: JsonObject) -> JsonObject | None:
        """Merge `fields` into the object and bump `updated_at` (strictly later than before)."""
        now = self._clock()
        with self._lock:
            old = self._objects[kind].get(object_id)
            if old is None:
                return None
            previous = parse_iso(old["updated_at"]).timestamp() if old.get("updated_at") else 0.0
            new: JsonObject = {**old, **fields, "id": object_id, "updated_at": to_iso(max(now, previous + 0.001))}
            if kind == "document":
                new = self._absorb_document_data(new)
            self._remove_from_indexes(kind, old)
            self._objects[kind][object_id] = new
            self._add_to_indexes(kind, new)
            if kind == "candidate":
                self._written_at[object_id] = now
            return new

    def delete(self, kind: Kind, object_id: str) -> bool:
        with self._lock:
            old = self._objects[kind].pop(object_id, None)
            if old is None:
                return False
            self._remove_from_indexes(kind, old)
            self._written_at.pop(object_id, None)
            info = self._documents.pop(object_id, None)
            if info is not None and info.content is not None:
                self._document_bytes -= len(info.content)
            return True

    # ---- reads (the returned dicts must not be mutated; accessors below return copies) ----

    def get(self, kind: Kind, object_id: str) -> JsonObject | None:
        found = self._objects[kind].get(object_id)
        if found is None and kind == "candidate" and self.synthetic is not None:
            return self.synthetic.by_id(object_id)
        return found

    def exists(self, kind: Kind, object_id: str) -> bool:
        return object_id in self._objects[kind]

    def count(self, kind: Kind) -> int:
        return len(self._objects[kind])

    def select(self, kind: Kind, equals: dict[str, str]) -> list[JsonObject]:
        """Objects whose fields equal all of `equals`, using the narrowest index available."""
        with self._lock:
            objects = self._objects[kind]
            pool: Iterable[JsonObject] = objects.values()
            indexed = [f for f in equals if f in self._index[kind]]
            if indexed:
                ids = min((self._index[kind][f].get(equals[f], {}) for f in indexed), key=len)
                pool = [objects[i] for i in ids]
            return [obj for obj in pool if all(obj.get(f) == v for f, v in equals.items())]

    def ids_with(self, kind: Kind, field: str, value: str) -> set[str]:
        with self._lock:
            return set(self._index[kind][field].get(value, {}))

    def candidates_by_email(self, email: str) -> list[JsonObject]:
        with self._lock:
            ids = self._by_email.get(email.strip().lower(), {})
            return [self._objects["candidate"][i] for i in ids]

    def search_candidates(self, query: str, hidden_if_written_after: float | None) -> list[JsonObject]:
        """`query` search: an exact email (via the index) or a case-insensitive name substring.

        Candidates written after `hidden_if_written_after` (epoch seconds) are not yet searchable.
        """
        needle = query.strip().lower()
        with self._lock:
            if "@" in needle:
                found = [self._objects["candidate"][i] for i in self._by_email.get(needle, {})]
                if self.synthetic is not None:
                    found += self.synthetic.by_email(needle)
            else:
                found = [c for c in self._objects["candidate"].values() if needle in _name_text(c)]
            if hidden_if_written_after is None:
                return found
            return [c for c in found if self._written_at.get(c["id"], 0.0) <= hidden_if_written_after]

    def iter_objects(self, kind: Kind) -> Iterator[JsonObject]:
        with self._lock:
            values = list(self._objects[kind].values())
        return iter(values)

    # ---- test accessors (deep copies) ------------------------------------------------------

    def all(self, kind: Kind) -> list[JsonObject]:
        with self._lock:
            return copy.deepcopy(list(self._objects[kind].values()))

    def candidates(self) -> list[JsonObject]:
        return self.all("candidate")

    def applications(self) -> list[JsonObject]:
        return self.all("application")

    def documents(self) -> list[JsonObject]:
        return self.all("document")

    def jobs(self) -> list[JsonObject]:
        return self.all("job")

    def application_statuses(self) -> list[JsonObject]:
        return self.all("applicationstatus")

    def find(self, kind: Kind, object_id: str) -> JsonObject | None:
        with self._lock:
            obj = self._objects[kind].get(object_id)
            return copy.deepcopy(obj) if obj is not None else None

    def find_candidates_by_email(self, email: str) -> list[JsonObject]:
        return copy.deepcopy(self.candidates_by_email(email))

    def document_info(self, document_id: str) -> DocumentInfo | None:
        with self._lock:
            return self._documents.get(document_id)

    def snapshot(self) -> dict[str, list[JsonObject]]:
        with self._lock:
            return {kind: self.all(kind) for kind in ALL_KINDS}

    # ---- internals ---------------------------------------------------------------------------

    def _new_id(self, kind: Kind) -> str:
        while True:
            number = self._next_number[kind]
            self._next_number[kind] = number + 1
            candidate_id = f"{ID_PREFIX[kind]}_{number}"
            if candidate_id not in self._objects[kind]:
                return candidate_id

    def _add_to_indexes(self, kind: Kind, obj: JsonObject) -> None:
        for field, index in self._index[kind].items():
            value = obj.get(field)
            if isinstance(value, str):
                index.setdefault(value, {})[obj["id"]] = None
        if kind == "candidate":
            for key in email_keys(obj):
                self._by_email.setdefault(key, {})[obj["id"]] = None

    def _remove_from_indexes(self, kind: Kind, obj: JsonObject) -> None:
        for field, index in self._index[kind].items():
            value = obj.get(field)
            if isinstance(value, str) and value in index:
                index[value].pop(obj["id"], None)
                if not index[value]:
                    del index[value]
        if kind == "candidate":
            for key in email_keys(obj):
                ids = self._by_email.get(key)
                if ids is not None:
                    ids.pop(obj["id"], None)
                    if not ids:
                        del self._by_email[key]

    def _absorb_document_data(self, obj: JsonObject) -> JsonObject:
        """Keep uploaded bytes out of the API object (Unified returns a URL on read, not the data)."""
        data = obj.pop("document_data", None)
        if data is None:
            if obj["id"] not in self._documents:
                self._documents[obj["id"]] = DocumentInfo("url" if obj.get("document_url") else "none", 0, None, None)
            return obj
        content = decode_base64(data) if isinstance(data, str) else b""
        old = self._documents.get(obj["id"])
        if old is not None and old.content is not None:
            self._document_bytes -= len(old.content)
        keep = self._document_bytes + len(content) <= self._document_bytes_cap
        if keep:
            self._document_bytes += len(content)
        digest = hashlib.sha256(content).hexdigest()
        self._documents[obj["id"]] = DocumentInfo("base64", len(content), digest, content if keep else None)
        if not obj.get("document_url"):
            filename = obj.get("filename") or "file"
            obj["document_url"] = f"https://files.unified-sim.invalid/{obj['id']}/{filename}"
        return obj


def _name_text(candidate: JsonObject) -> str:
    parts = (candidate.get("name"), candidate.get("first_name"), candidate.get("last_name"))
    first_last = " ".join(p for p in parts[1:] if isinstance(p, str))
    return f"{parts[0] if isinstance(parts[0], str) else ''}\n{first_last}".lower()
