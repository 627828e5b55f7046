"""The end-of-sync summary, as readable log lines."""

from __future__ import annotations

from destination_unified_ats.metrics import RequestMetrics
from destination_unified_ats.outcomes import SyncTotals


def summary_lines(totals: SyncTotals, metrics: RequestMetrics, seconds: float) -> list[str]:
    rows = [
        ("records read", totals.records_read),
        ("candidates created", totals.candidates_created),
        ("candidates reused", totals.candidates_reused),
        ("  of which updated (tags/metadata)", totals.candidates_updated),
        ("applications created", totals.applications_created),
        ("applications already there", totals.applications_existing),
        ("documents attached", totals.documents_attached),
        ("documents already there", totals.documents_existing),
        ("stages set", totals.stages_set),
        ("records rejected", totals.records_rejected),
        ("records partly written", totals.records_partially_written),
        ("warnings", totals.warnings),
        ("API requests", metrics.total),
        ("retries", metrics.retries),
        ("429 answers", metrics.rate_limited),
        ("ambiguous writes reconciled", metrics.reconciled_writes),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [f"Sync summary ({seconds:.1f}s, {totals.records_done / max(seconds, 1e-6):.1f} records/s):"]
    lines += [f"  {label.ljust(width)}  {value:>8,}" for label, value in rows]
    if totals.rejected_by_reason:
        lines.append("  rejected by reason:")
        for reason, count in totals.rejected_by_reason.most_common():
            lines.append(f"    {reason.ljust(width - 2)}  {count:>8,}")
    return lines
