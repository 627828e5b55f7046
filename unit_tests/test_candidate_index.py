"""The compact index: exact lookups under collisions and growth, facts, and write-through views."""

from __future__ import annotations

import unicodedata

from destination_unified_ats.candidate_index import (
    CandidateIndex,
    HashTable,
    IndexedApplications,
    IndexedDocuments,
    candidate_facts,
)
from destination_unified_ats.models import AtsApplication


def test_hash_table_survives_collisions_and_growth() -> None:
    table = HashTable(capacity=8)
    keys = [1024 * i + 3 for i in range(1, 5000)]  # every key lands in the same initial bucket
    for n, key in enumerate(keys):
        table.put(key, n)
    table.put(keys[10], 999_999)  # overwrite, not a second entry
    assert len(table) == len(keys)
    assert table.get(keys[10]) == 999_999
    assert all(table.get(k) == n for n, k in enumerate(keys) if n != 10)
    assert table.get(7) is None and table.get(-keys[0]) is None


def test_candidates_are_found_by_any_spelling_of_any_of_their_addresses() -> None:
    index = CandidateIndex()
    nfd = unicodedata.normalize("NFD", "renée@example.com")
    index.add_candidate({"id": "c1", "emails": [{"email": f"Renée <{nfd.upper()}>"}, {"email": "mailto:r2@x.io"}]})
    index.add_candidate({"id": "c2", "emails": [{"email": "other@x.io"}]})
    index.add_candidate({"emails": [{"email": "no-id@x.io"}]})  # unusable without an id: ignored
    slot = index.lookup(["nobody@x.io", "renée@example.com"])
    assert slot is not None and index.candidate_id(slot) == "c1"
    assert index.lookup(["r2@x.io"]) == slot
    assert index.lookup(["no-id@x.io"]) is None


def test_facts_decide_nothing_to_do_only_when_every_tag_value_and_source_is_there() -> None:
    index = CandidateIndex()
    item = {
        "id": "c1",
        "emails": [{"email": "a@x.io"}],
        "tags": ["Python", "bench"],
        "metadata": [{"slug": "source_system", "value": "bench"}, {"slug": "score", "value": 0.5}],
        "sources": ["bench"],
    }
    slot = index.add_candidate(item)
    assert slot is not None
    assert index.covers(slot, candidate_facts(["python"], {"score": 0.5}, ["bench"]))
    assert not index.covers(slot, candidate_facts(["python", "new"], {}, []))
    assert not index.covers(slot, candidate_facts([], {"score": 0.7}, []))
    assert not index.covers(slot, candidate_facts([], {}, ["other-source"]))
    # A refresh that sees the candidate changed: its addresses point at what it holds now.
    index.add_candidate({**item, "tags": ["new"], "emails": [{"email": "a@x.io"}, {"email": "b@x.io"}]})
    now = index.lookup(["a@x.io"])
    assert now is not None and now == index.lookup(["b@x.io"]) and index.candidate_id(now) == "c1"
    assert index.covers(now, candidate_facts(["new"], {}, [])) and not index.covers(
        now, candidate_facts(["python"], {}, [])
    )


def test_applications_and_documents_are_written_through() -> None:
    index = CandidateIndex()
    index.add_application({"id": "app1", "candidate_id": "c1", "job_id": "j1", "status": "SCREENING"})
    index.add_application({"id": "app2", "candidate_id": "c1", "job_id": "j2", "status": "custom stage"})
    applications = IndexedApplications(index, "c1")
    found = applications.get("j1")
    assert found is not None and found.id == "app1" and found.status == "SCREENING"
    assert applications.get("j3") is None
    applications["j3"] = AtsApplication(id="app3", job_id="j3", status="NEW")
    assert IndexedApplications(index, "c1").get("j3") is not None  # a fresh view (an evicted entry) sees it
    assert index.application("c2", "j1") is None

    index.add_document({"id": "d1", "candidate_id": "c1", "filename": "CV.pdf"})
    complete = IndexedDocuments(index, complete=True)
    assert "cv.pdf" in complete.get("c1") and "other.pdf" not in complete.get("c1")
    complete.get("c1").add("other.pdf")
    assert index.has_document("c1", "OTHER.pdf")
    # While the document listing is not complete, an unlisted target must be listed: no answer from the index.
    partial = IndexedDocuments(index, {"c9": set()})
    assert partial.get("c1") is None
    partial["c9"].add("x.pdf")
    assert index.has_document("c9", "x.pdf")


def test_a_hundred_thousand_candidates_stay_compact() -> None:
    index = CandidateIndex()
    for i in range(100_000):
        index.add_candidate(
            {"id": f"cand_{i}", "emails": [{"email": f"person{i}@example.com"}], "tags": ["t"], "sources": ["s"]}
        )
    assert index.lookup(["person99999@example.com"]) is not None
    assert index.nbytes() / 100_000 < 64  # bytes a candidate, all structures included
