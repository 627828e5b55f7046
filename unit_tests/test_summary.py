"""The end-of-sync summary: the counts it prints and how it says them."""

from __future__ import annotations

from collections import Counter

from destination_unified_ats.metrics import RequestMetrics
from destination_unified_ats.outcomes import SyncTotals
from destination_unified_ats.summary import summary_lines


def totals() -> SyncTotals:
    return SyncTotals(
        records_read=12_345,
        records_done=12_340,
        candidates_created=10_001,
        candidates_reused=2_000,
        candidates_updated=150,
        applications_created=9_000,
        applications_existing=7,
        documents_attached=8_500,
        documents_existing=3,
        stages_set=42,
        records_rejected=300,
        records_partially_written=39,
        warnings=5,
        rejected_by_reason=Counter({"record: emails": 250, "application: job unknown": 38, "document": 51}),
    )


def metrics() -> RequestMetrics:
    m = RequestMetrics(retries=17, rate_limited=4, reconciled_writes=2)
    for _ in range(30):
        m.record("GET", "candidate")
    for _ in range(12):
        m.record("POST", "candidate")
    return m


def values(lines: list[str]) -> dict[str, str]:
    """label -> printed value, for the count rows (two spaces separate a label from its value)."""
    rows = {}
    for line in lines[1:]:
        label, _, value = line.strip().rpartition("  ")
        rows[label.strip()] = value.strip()
    return rows


def test_title_gives_duration_and_throughput() -> None:
    lines = summary_lines(totals(), metrics(), 4.0)
    assert lines[0] == "Sync summary (4.0s, 3085.0 records/s):"


def test_every_count_is_printed_with_thousands_separators() -> None:
    rows = values(summary_lines(totals(), metrics(), 4.0))
    assert rows["records read"] == "12,345"
    assert rows["candidates created"] == "10,001"
    assert rows["candidates reused"] == "2,000"
    assert rows["of which updated (tags/metadata)"] == "150"
    assert rows["applications created"] == "9,000"
    assert rows["applications already there"] == "7"
    assert rows["documents attached"] == "8,500"
    assert rows["documents already there"] == "3"
    assert rows["stages set"] == "42"
    assert rows["records rejected"] == "300"
    assert rows["records partly written"] == "39"
    assert rows["warnings"] == "5"
    assert rows["API requests"] == "42"
    assert rows["retries"] == "17"
    assert rows["429 answers"] == "4"
    assert rows["ambiguous writes reconciled"] == "2"


def test_values_line_up_in_one_column() -> None:
    lines = summary_lines(totals(), metrics(), 4.0)
    ends = {len(line) for line in lines[1:] if not line.endswith(":")}
    assert len(ends) == 1


def test_rejections_are_listed_by_reason_most_frequent_first() -> None:
    lines = summary_lines(totals(), metrics(), 4.0)
    start = lines.index("  rejected by reason:")
    listed = [line.split() for line in lines[start + 1 :]]
    assert [(" ".join(words[:-1]), words[-1]) for words in listed] == [
        ("record: emails", "250"),
        ("document", "51"),
        ("application: job unknown", "38"),
    ]


def test_no_reason_section_without_rejections() -> None:
    lines = summary_lines(SyncTotals(), RequestMetrics(), 0.0)
    assert not any("rejected by reason" in line for line in lines)
    assert lines[0] == "Sync summary (0.0s, 0.0 records/s):"  # no division by zero


def test_a_dry_run_says_nothing_was_written_and_what_would_be() -> None:
    m = metrics()
    m.record("POST (dry run)", "candidate")
    m.record("PUT (dry run)", "application")
    lines = summary_lines(totals(), m, 4.0, dry_run=True)
    assert lines[0].startswith("Dry run summary, nothing was written (4.0s")
    rows = values(lines)
    assert rows["candidates would be created"] == "10,001"
    assert rows["of which would be updated (tags/metadata)"] == "150"
    assert rows["applications would be created"] == "9,000"
    assert rows["documents would be attached"] == "8,500"
    assert rows["stages would be set"] == "42"
    assert rows["API requests"] == "42"  # local dry-run answers are not requests
    assert "candidates created" not in rows
