"""The end-of-sync summary, as readable log lines."""

from __future__ import annotations

from destination_unified_ats.metrics import RequestMetrics
from destination_unified_ats.outcomes import SyncTotals


def summary_lines(totals: SyncTotals, metrics: RequestMetrics, seconds: float, dry_run: bool = False) -> list[str]:
    would = "would be " if dry_run else ""
    rows = [
        ("records read", totals.records_read),
        (f"candidates {would}created", totals.candidates_created),
        ("candidates reused", totals.candidates_reused),
        (f"  of which {would}updated (tags/metadata)", totals.candidates_updated),
        (f"applications {would}created", totals.applications_created),
        ("applications already there", totals.applications_existing),
        (f"documents {would}attached", totals.documents_attached),
        ("documents already there", totals.documents_existing),
        (f"stages {would}set", totals.stages_set),
        ("records rejected", totals.records_rejected),
        ("records partly written", totals.records_partially_written),
        ("warnings", totals.warnings),
        ("  records with extra emails not searched", totals.records_with_unsearched_emails),
        ("API requests", metrics.total - sum(v for k, v in metrics.by_kind.items() if "dry run" in k)),
        ("retries", metrics.retries),
        ("429 answers", metrics.rate_limited),
        ("ambiguous writes reconciled", metrics.reconciled_writes),
    ]
    width = max(len(label) for label, _ in rows)
    title = "Dry run summary, nothing was written" if dry_run else "Sync summary"
    lines = [f"{title} ({seconds:.1f}s, {totals.records_done / max(seconds, 1e-6):.1f} records/s):"]
    lines += [f"  {label.ljust(width)}  {value:>8,}" for label, value in rows]
    if totals.rejected_by_reason:
        lines.append("  rejected by reason:")
        for reason, count in totals.rejected_by_reason.most_common():
            lines.append(f"    {reason.ljust(width - 2)}  {count:>8,}")
    return lines
