"""The short human explanation of one match (written to the ATS as match_explanation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from destination_unified_ats.matching.analyzer import analyze
from destination_unified_ats.matching.candidate import CandidateSignals
from destination_unified_ats.matching.families import label
from destination_unified_ats.matching.filters import FilterResult
from destination_unified_ats.matching.jobs import IndexedJob
from destination_unified_ats.matching.rerank import ScoreBreakdown
from destination_unified_ats.matching.seniority import FULL_TIME, SENIORITY_WORDS, Seniority
from destination_unified_ats.matching.stemmer import stem

MAX_EXPLANATION_CHARS = 300
MAX_TERMS = 5
MAX_NAME_CHARS = 80
_SHORT_NAMES = {
    "minimum_years": "years",
    "degree": "degree",
    "location": "location",
    "required_terms": "required terms",
}
# "senior", "lead", "staff" are shared by many titles and say nothing about why a job fits.
SENIORITY_TERMS: frozenset[str] = frozenset(term for word in SENIORITY_WORDS for term in analyze(word))


def top_matched_terms(
    query: Mapping[str, float], job: IndexedJob, idf: Mapping[str, float], limit: int = MAX_TERMS
) -> list[str]:
    """Terms shared by the candidate and the job, most telling first, in the job's own spelling."""
    shared = [
        (weight * idf.get(term, 0.0), term)
        for term, weight in query.items()
        if term in job.terms and term not in SENIORITY_TERMS
    ]
    shared.sort(key=lambda item: (-item[0], item[1]))
    names: list[str] = []
    seen: list[frozenset[str]] = []
    for _, term in shared:
        name = job.surfaces.get(term, term)
        words = frozenset(stem(word) for word in name.split())
        # "data engineer" after "data engineering", "rest" after "rest apis": one is enough.
        if any(words <= other or other <= words for other in seen):
            continue
        names.append(name)
        seen.append(words)
        if len(names) == limit:
            break
    return names


def _short(result: FilterResult) -> str:
    """ "years (text)": the filter and the evidence it used."""
    name = _SHORT_NAMES.get(result.filter, result.filter)
    return f"{name} ({result.evidence})" if result.evidence else name


def _level(seniority: Seniority | None) -> str:
    return seniority.label if seniority is not None else "unknown"


def _family(candidate: CandidateSignals) -> str:
    """The candidate's role family and where it was read: "software (title)"."""
    if not candidate.families:
        return "unknown"
    return f"{label(candidate.families)} ({candidate.family_source})"


def _employment(job: IndexedJob) -> str:
    """A suffix naming the job's employment type when it is not full-time, e.g. ", contract"."""
    return f", {job.employment}" if job.employment not in (None, FULL_TIME) else ""


def build_explanation(
    job: IndexedJob,
    band: str,
    breakdown: ScoreBreakdown,
    passed: Sequence[FilterResult],
    terms: Sequence[str],
    candidate: CandidateSignals,
) -> str:
    """Band, score and job, then the filters passed, the matched terms and why: at most 300 characters."""
    name = job.name or job.job_id
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - 1].rstrip() + "\u2026"
    head = f"{band} {breakdown.score:.2f} for {name}."
    why = (
        f"Why: title {breakdown.title:.2f}, skills {breakdown.skills:.2f}, text {breakdown.bm25:.2f}, "
        f"level {_level(candidate.seniority)}/{_level(job.seniority)}{_employment(job)}, "
        f"role {_family(candidate)}/{label(job.families)}"
        + (f", meaning {breakdown.semantic:.2f}." if breakdown.semantic is not None else ".")
    )
    full_checks = f"Passed: {'; '.join(f.reason for f in passed) or 'no hard requirements'}."
    short_checks = f"Passed: {', '.join(_short(f) for f in passed) or 'no requirements'}."
    # Most detail first; shorter variants until one fits the budget.
    for checks, count in ((full_checks, 5), (full_checks, 3), (short_checks, 5), (short_checks, 3), (short_checks, 1)):
        listed = list(terms)[:count]
        matched = f"Matched: {', '.join(listed)}." if listed else "Matched: no shared terms."
        text = " ".join((head, checks, matched, why))
        if len(text) <= MAX_EXPLANATION_CHARS:
            return text
    return text[: MAX_EXPLANATION_CHARS - 1].rstrip() + "\u2026"
