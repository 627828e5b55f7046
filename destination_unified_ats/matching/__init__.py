"""Matching sourced candidates to the ATS's open jobs: hard filters, BM25 retrieval and a rule-based rerank.

Usage::

    matcher = JobMatcher(open_jobs, JobMatchingSettings(enabled=True, top_k=1))
    for match in matcher.match(CandidateProfile.from_record(record)):
        match.job_id, match.score, match.band, match.explanation
"""

from destination_unified_ats.matching.candidate import CandidateProfile
from destination_unified_ats.matching.filters import FilterRejection, FilterResult
from destination_unified_ats.matching.matcher import JobMatch, JobMatcher
from destination_unified_ats.matching.settings import ConfidenceBand, JobMatchingSettings

__all__ = [
    "CandidateProfile",
    "ConfidenceBand",
    "FilterRejection",
    "FilterResult",
    "JobMatch",
    "JobMatcher",
    "JobMatchingSettings",
]
