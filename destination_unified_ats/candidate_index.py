"""A compact in-memory index of what the ATS holds, filled from bulk listings.

Memory, not objects: keys are 64-bit hashes in open-addressing tables of `array`s, candidate and application
ids are bytes in one buffer, and what decides "nothing to do" for a candidate (its tags, metadata values and
sources) is a run of 32-bit hashes. About 60 bytes a candidate; a million fit in ~60 MB.
A 64-bit key collision among a million addresses has a probability of ~3e-8.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any

import orjson

from destination_unified_ats.email_identity import email_key
from destination_unified_ats.models import ApplicationStatus

_EMPTY = 0
# Code 0 is "no stage"; the rest follow the AtsApplication status values.
_STATUSES = ("", *(status.value for status in ApplicationStatus))
_STATUS_CODE = {s: i for i, s in enumerate(_STATUSES)}
_OTHER_STATUS = 255


def h64(text: str) -> int:
    value = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little", signed=True)
    return value or 1  # 0 marks an empty slot


def h32(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "little")


class HashTable:
    """int64 key -> uint32 value, open addressing with linear probing; grows at 1/2 load."""

    def __init__(self, capacity: int = 1024) -> None:
        self._alloc(capacity)
        self._count = 0

    def _alloc(self, capacity: int) -> None:
        self._keys = array("q", bytes(8 * capacity))
        self._values = array("I", bytes(4 * capacity))
        self._mask = capacity - 1

    def __len__(self) -> int:
        return self._count

    def get(self, key: int) -> int | None:
        keys, mask = self._keys, self._mask
        i = key & mask
        while True:
            k = keys[i]
            if k == key:
                return self._values[i]
            if k == _EMPTY:
                return None
            i = (i + 1) & mask

    def put(self, key: int, value: int) -> None:
        if (self._count + 1) * 2 > len(self._keys):
            self._grow()
        keys, mask = self._keys, self._mask
        i = key & mask
        while True:
            k = keys[i]
            if k == key:
                self._values[i] = value
                return
            if k == _EMPTY:
                keys[i] = key
                self._values[i] = value
                self._count += 1
                return
            i = (i + 1) & mask

    def reserve(self, count: int) -> None:
        """Size the table for `count` keys at once: no doubling (and no old and new table side by side) later."""
        capacity = len(self._keys)
        while count * 2 > capacity:
            capacity *= 2
        if capacity > len(self._keys):
            old_keys, old_values = self._keys, self._values
            self._alloc(capacity)
            self._count = 0
            for i, k in enumerate(old_keys):
                if k != _EMPTY:
                    self.put(k, old_values[i])

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        self._alloc(len(old_keys) * 2)
        self._count = 0
        for i, k in enumerate(old_keys):
            if k != _EMPTY:
                self.put(k, old_values[i])

    def nbytes(self) -> int:
        return len(self._keys) * 8 + len(self._values) * 4


class _Strings:
    """Append-only strings in one buffer, addressed by number."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("I")

    def add(self, text: str) -> int:
        self._data += text.encode()
        self._ends.append(len(self._data))
        return len(self._ends) - 1

    def __getitem__(self, number: int) -> str:
        start = self._ends[number - 1] if number else 0
        return self._data[start : self._ends[number]].decode()

    def __len__(self) -> int:
        return len(self._ends)

    def nbytes(self) -> int:
        return len(self._data) + len(self._ends) * 4


def candidate_facts(tags: Iterable[str], metadata: Mapping[str, Any], sources: Iterable[str]) -> list[int]:
    """Hashes of what a candidate carries: each tag (case-insensitive), metadata slug=value, source."""
    facts = [h32("t\0" + t.lower()) for t in tags]
    facts += [h32("m\0" + str(slug) + "\0" + _json(value)) for slug, value in metadata.items()]
    facts += [h32("s\0" + s) for s in sources]
    return facts


def _json(value: Any) -> str:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return repr(value)


class CandidateIndex:
    def __init__(self) -> None:
        self._by_email = HashTable()
        self._ids = _Strings()
        self._facts = array("I")
        self._fact_start = array("I")
        self._fact_count = array("H")
        self._apps = HashTable()
        self._app_ids = _Strings()
        self._app_status = array("B")
        self._docs = HashTable()

    # --- candidates ------------------------------------------------------------------------------------

    def reserve(self, kind: str, count: int) -> None:
        """Room for `count` objects of a kind the provider says it holds (a candidate has one address or more)."""
        table = {"candidate": self._by_email, "application": self._apps, "document": self._docs}.get(kind)
        if table is not None:
            table.reserve(min(count, 50_000_000))

    def add_candidate(self, item: Mapping[str, Any]) -> int | None:
        """Index one listed candidate (raw JSON: no model validation at a million objects). Returns its slot."""
        candidate_id = item.get("id")
        if not isinstance(candidate_id, str) or not candidate_id:
            return None
        # A candidate seen again (a refresh, a write of ours) gets a new slot; its addresses point there. No
        # table by id: a million ids would cost more than the few slots refreshes leave behind.
        slot = self._ids.add(candidate_id)
        self._fact_start.append(0)
        self._fact_count.append(0)
        metadata: dict[str, Any] = {
            str(m.get("slug")): m.get("value")
            for m in item.get("metadata") or ()
            if isinstance(m, Mapping) and isinstance(m.get("slug"), str)
        }
        tags = [t for t in item.get("tags") or () if isinstance(t, str)]
        sources = [s for s in item.get("sources") or () if isinstance(s, str)]
        facts = candidate_facts(tags, metadata, sources)[:65535]
        self._fact_start[slot] = len(self._facts)
        self._fact_count[slot] = len(facts)
        self._facts.extend(facts)
        for entry in item.get("emails") or ():
            address = entry.get("email") if isinstance(entry, Mapping) else None
            if isinstance(address, str) and address.strip():
                self._by_email.put(h64(email_key(address)), slot)
        return slot

    def remember(self, keys: Iterable[str], candidate_id: str, facts: list[int]) -> None:
        """A candidate this sync created or updated: known from now on, whatever the listing saw."""
        emails = [{"email": key} for key in keys]
        slot = self.add_candidate({"id": candidate_id, "emails": emails})
        if slot is not None:
            self._fact_start[slot] = len(self._facts)
            self._fact_count[slot] = len(facts)
            self._facts.extend(facts[:65535])

    def lookup(self, keys: Iterable[str]) -> int | None:
        for key in keys:
            slot = self._by_email.get(h64(key))
            if slot is not None:
                return slot
        return None

    def candidate_id(self, slot: int) -> str:
        return self._ids[slot]

    def covers(self, slot: int, facts: Iterable[int]) -> bool:
        start = self._fact_start[slot]
        held = set(self._facts[start : start + self._fact_count[slot]])
        return all(f in held for f in facts)

    @property
    def candidates(self) -> int:
        return len(self._ids)

    # --- applications and documents ------------------------------------------------------------------------

    def add_application(self, item: Mapping[str, Any]) -> None:
        app_id, candidate_id, job_id = item.get("id"), item.get("candidate_id"), item.get("job_id")
        if not all(isinstance(v, str) and v for v in (app_id, candidate_id, job_id)):
            return
        key = h64(f"{candidate_id}\0{job_id}")
        status = item.get("status")
        code = _STATUS_CODE.get(status, _OTHER_STATUS) if isinstance(status, str) else 0
        number = self._apps.get(key)
        if number is None:
            number = self._app_ids.add(str(app_id))
            self._app_status.append(code)
            self._apps.put(key, number)
        else:
            self._app_status[number] = code

    def application(self, candidate_id: str, job_id: str) -> tuple[str, str | None] | None:
        """(application id, status) of the candidate's application to the job, when the index holds one."""
        number = self._apps.get(h64(f"{candidate_id}\0{job_id}"))
        if number is None:
            return None
        code = self._app_status[number]
        return self._app_ids[number], (_STATUSES[code] or None) if code != _OTHER_STATUS else "OTHER"

    def add_document(self, item: Mapping[str, Any]) -> None:
        filename = item.get("filename")
        if not isinstance(filename, str) or not filename:
            return
        for target in (item.get("application_id"), item.get("candidate_id")):
            if isinstance(target, str) and target:
                self.remember_document(target, filename)

    def remember_document(self, target_id: str, filename: str) -> None:
        self._docs.put(h64(f"{target_id}\0{filename.lower()}"), 1)

    def has_document(self, target_id: str, filename: str) -> bool:
        return self._docs.get(h64(f"{target_id}\0{filename.lower()}")) is not None

    def nbytes(self) -> int:
        tables = (self._by_email, self._apps, self._docs)
        arrays = (self._facts, self._fact_start, self._fact_count, self._app_status)
        return (
            sum(t.nbytes() for t in tables)
            + sum(len(a) * a.itemsize for a in arrays)
            + self._ids.nbytes()
            + self._app_ids.nbytes()
        )


class IndexedApplications(MutableMapping[str, Any]):
    """A candidate's applications by job: what this sync holds, then the index; writes go to both."""

    def __init__(self, index: CandidateIndex, candidate_id: str, known: Mapping[str, Any] | None = None) -> None:
        self._index = index
        self._candidate_id = candidate_id
        self._known: dict[str, Any] = {}
        for job_id, application in (known or {}).items():
            self[job_id] = application

    def __getitem__(self, job_id: str) -> Any:
        if job_id in self._known:
            return self._known[job_id]
        found = self._index.application(self._candidate_id, job_id)
        if found is None:
            raise KeyError(job_id)
        from destination_unified_ats.models import AtsApplication

        application = AtsApplication(id=found[0], candidate_id=self._candidate_id, job_id=job_id, status=found[1])
        self._known[job_id] = application
        return application

    def __setitem__(self, job_id: str, application: Any) -> None:
        self._known[job_id] = application
        self._index.add_application(
            {"id": application.id, "candidate_id": self._candidate_id, "job_id": job_id, "status": application.status}
        )

    def __delitem__(self, job_id: str) -> None:
        del self._known[job_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return len(self._known)


class IndexedFilenames(set[str]):
    """Lower-cased filenames attached to one target: what this sync attached, then the index."""

    def __init__(self, index: CandidateIndex, target_id: str, known: Iterable[str] = ()) -> None:
        super().__init__()
        self._index = index
        self._target_id = target_id
        for name in known:
            self.add(name)

    def __contains__(self, filename: object) -> bool:
        if not isinstance(filename, str):
            return False
        return super().__contains__(filename) or self._index.has_document(self._target_id, filename)

    def add(self, filename: str) -> None:
        super().add(filename)
        self._index.remember_document(self._target_id, filename)


class IndexedDocuments(dict[str, set[str]]):
    """Document target id -> filenames, backed by the index for targets this sync has not listed."""

    def __init__(
        self, index: CandidateIndex, known: Mapping[str, set[str]] | None = None, *, complete: bool = False
    ) -> None:
        super().__init__()
        self._index = index
        # Only a complete document listing lets an unlisted target be answered from the index.
        self._complete = complete
        for target, names in (known or {}).items():
            self[target] = names

    def __setitem__(self, target_id: str, names: set[str]) -> None:
        wrapped = names if isinstance(names, IndexedFilenames) else IndexedFilenames(self._index, target_id, names)
        super().__setitem__(target_id, wrapped)

    def get(self, target_id: str, default: Any = None) -> Any:
        if target_id not in self and self._complete:
            self[target_id] = IndexedFilenames(self._index, target_id)
        return super().get(target_id, default)
