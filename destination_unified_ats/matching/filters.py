"""Hard filters: each says pass or fail, with a reason a recruiter can read.

Every job-level filter (minimum years, degree ladder, remote/location) has a verdict function and a
reason function; reasons are only built when someone reads them (explanations, `explain_rejections`).
`job_filters_pass` is the same decisions inlined for the hot path. Required terms are candidate-level:
a candidate missing one is rejected by every job.
"""

from __future__ import annotations

from dataclasses import dataclass

from destination_unified_ats.matching.analyzer import analyze
from destination_unified_ats.matching.candidate import CandidateSignals
from destination_unified_ats.matching.evidence import Relocation
from destination_unified_ats.matching.jobs import IndexedJob
from destination_unified_ats.matching.locations import LocationVerdict, match_place
from destination_unified_ats.matching.settings import JobMatchingSettings
from destination_unified_ats.matching.text import clean_text

MINIMUM_YEARS = "minimum_years"
DEGREE = "degree"
LOCATION = "location"
REQUIRED_TERMS = "required_terms"
FILTER_NAMES: tuple[str, ...] = (REQUIRED_TERMS, MINIMUM_YEARS, DEGREE, LOCATION)


@dataclass(frozen=True)
class Verdict:
    """A filter's outcome; `passed` is a plain attribute because it is read for every job of every candidate."""

    name: str
    passed: bool


PASS = Verdict("pass", True)
UNKNOWN_PASS = Verdict("unknown_pass", True)
NOT_APPLICABLE = Verdict("not_applicable", True)
DISABLED = Verdict("disabled", True)
FAIL = Verdict("fail", False)
UNKNOWN_FAIL = Verdict("unknown_fail", False)


@dataclass(frozen=True)
class FilterResult:
    """One hard filter's outcome for one (candidate, job): its name (FILTER_NAMES), pass/fail and why."""

    filter: str
    passed: bool
    reason: str
    applied: bool = True
    """False when the filter had nothing to check (no requirement, or switched off in the settings)."""
    evidence: str = ""
    """What the candidate side came from: "field" (the record's field) or "text" (read from free text)."""


@dataclass(frozen=True)
class FilterRejection:
    """An open job a candidate was not matched to, and every hard filter that rejected it."""

    job_id: str
    job_name: str
    failures: tuple[FilterResult, ...]

    @property
    def filter(self) -> str:
        """The first failed filter (filters run in FILTER_NAMES order)."""
        return self.failures[0].filter

    @property
    def filters(self) -> tuple[str, ...]:
        return tuple(f.filter for f in self.failures)

    @property
    def reason(self) -> str:
        return "; ".join(f.reason for f in self.failures)


def _unknown(settings: JobMatchingSettings) -> Verdict:
    return UNKNOWN_PASS if settings.allow_unknown else UNKNOWN_FAIL


def _years(value: float) -> str:
    return f"{value:g}"


def _evidence(source: str, quote: str) -> str:
    """Which evidence a filter used: "field", or "text 'since 2023'"."""
    return f"{source} {quote}" if quote else source


# ---- minimum years -------------------------------------------------------------------------------


def years_verdict(candidate: CandidateSignals, job: IndexedJob, settings: JobMatchingSettings) -> Verdict:
    if not settings.enforce_minimum_years:
        return DISABLED
    if not job.min_years:
        return NOT_APPLICABLE
    if candidate.years is None:
        return _unknown(settings)
    return PASS if candidate.years + settings.years_tolerance >= job.min_years else FAIL


def years_reason(verdict: Verdict, candidate: CandidateSignals, job: IndexedJob, settings: JobMatchingSettings) -> str:
    required = _years(job.min_years or 0)
    if verdict is DISABLED:
        return "minimum years not enforced"
    if verdict is NOT_APPLICABLE:
        return "no minimum years"
    if candidate.years is None:
        return f"years of experience unknown (job asks {required}y)"
    have = f"{_years(candidate.years)}y ({_evidence(candidate.years_source, candidate.years_quote)})"
    if verdict is PASS:
        return f"{have} >= {required}y minimum"
    return f"{have} experience, job requires {required}y (tolerance {_years(settings.years_tolerance)}y)"


# ---- degree --------------------------------------------------------------------------------------


def degree_verdict(candidate: CandidateSignals, job: IndexedJob, settings: JobMatchingSettings) -> Verdict:
    if not settings.enforce_degree:
        return DISABLED
    if job.min_degree is None or job.degree_equivalent_ok:
        return NOT_APPLICABLE
    if candidate.degree is None:
        return _unknown(settings)
    return PASS if candidate.degree >= job.min_degree else FAIL


def degree_reason(verdict: Verdict, candidate: CandidateSignals, job: IndexedJob, settings: JobMatchingSettings) -> str:
    del settings
    if verdict is DISABLED:
        return "degree not enforced"
    if verdict is NOT_APPLICABLE:
        return "degree or equivalent experience" if job.degree_equivalent_ok else "no degree required"
    required = job.min_degree.label if job.min_degree is not None else "none"
    if candidate.degree is None:
        return f"degree unknown (job asks {required})"
    have = f"{candidate.degree.label} ({_evidence(candidate.degree_source, candidate.degree_quote)})"
    if verdict is PASS:
        return f"{have} >= {required}"
    return f"{have} below the required {required}"


# ---- remote / location ---------------------------------------------------------------------------


def _best_place_verdict(candidate: CandidateSignals, job: IndexedJob) -> LocationVerdict:
    best = LocationVerdict(False, "")
    for place in job.places:
        verdict = match_place(candidate.place, place)
        if verdict.matched:
            return verdict
        if verdict.matched is None:
            best = verdict
    return best


RELOCATING = Verdict("relocating", True)


def _relocation_for(candidate: CandidateSignals, job: IndexedJob) -> Relocation | None:
    """The stated move (or licence sought) that brings the candidate to one of the job's places."""
    for relocation in candidate.relocations:
        target = relocation.place
        for place in job.places:
            if target.city is None:
                # A state named for licensure: the job's state must be it.
                if target.region is not None and target.region == place.region and target.country == place.country:
                    return relocation
            elif match_place(target, place).matched:
                return relocation
    return None


def location_verdict(candidate: CandidateSignals, job: IndexedJob, settings: JobMatchingSettings) -> Verdict:
    if not job.onsite:
        return PASS if job.remote else NOT_APPLICABLE
    if candidate.wants_remote_only:
        return FAIL
    if not settings.require_location_match:
        return DISABLED
    if candidate.relocations and _relocation_for(candidate, job) is not None:
        return RELOCATING
    if any(r.moving for r in candidate.relocations):
        return FAIL  # moving elsewhere: where they live now no longer counts
    matched = _best_place_verdict(candidate, job).matched if candidate.place.known else None
    if matched:
        return PASS
    if matched is None:
        return _unknown(settings)
    return FAIL


def location_reason(
    verdict: Verdict, candidate: CandidateSignals, job: IndexedJob, settings: JobMatchingSettings
) -> str:
    del settings
    where = job.describe_places()
    if verdict is PASS and not job.onsite:
        return "remote job"
    if verdict is NOT_APPLICABLE:
        return "job states no location"
    if verdict is DISABLED:
        return f"on-site in {where}, location not checked"
    if candidate.wants_remote_only and job.onsite:
        return f"candidate wants remote only; job is on-site in {where}"
    if verdict is RELOCATING:
        relocation = _relocation_for(candidate, job)
        return f"on-site in {where}; {relocation.quote if relocation else 'relocating'} (text)"
    moves = [r.quote for r in candidate.relocations if r.moving]
    if verdict is FAIL and moves:
        return f"{moves[0]} (text); job is on-site in {where}"
    if not candidate.place.known:
        return f"candidate location unknown; job is on-site in {where}"
    here = candidate.place.describe()
    if verdict is PASS:
        level = _best_place_verdict(candidate, job).level
        if level == "metro area":
            return f"on-site in {where}; {here} is in its metro area (field)"
        return f"on-site in {where}, same {level} (field)" if level else f"on-site in {where}"
    if verdict in (UNKNOWN_PASS, UNKNOWN_FAIL):
        return f"candidate location {here} too vague for on-site {where}"
    return f"candidate in {here}; job is on-site in {where}"


# ---- required terms (candidate-level: the same for every job) ------------------------------------


@dataclass(frozen=True)
class RequiredTerm:
    text: str
    cleaned: str
    terms: tuple[str, ...]


def compile_required_terms(settings: JobMatchingSettings) -> tuple[RequiredTerm, ...]:
    return tuple(RequiredTerm(t, clean_text(t), tuple(analyze(t))) for t in settings.extra_required_terms)


def missing_required_terms(candidate: CandidateSignals, required: tuple[RequiredTerm, ...]) -> list[str]:
    """Required terms the candidate never mentions (by synonym-folded terms, or verbatim)."""
    missing: list[str] = []
    for term in required:
        by_terms = bool(term.terms) and all(t in candidate.all_terms for t in term.terms)
        if not by_terms and not (term.cleaned and term.cleaned in candidate.cleaned_text):
            missing.append(term.text)
    return missing


def required_terms_result(missing: list[str]) -> FilterResult:
    if missing:
        return FilterResult(REQUIRED_TERMS, False, "missing required term(s): " + ", ".join(missing))
    return FilterResult(REQUIRED_TERMS, True, "required terms present")


# ---- all job filters -----------------------------------------------------------------------------


def job_filters_pass(
    candidate: CandidateSignals,
    job: IndexedJob,
    settings: JobMatchingSettings,
    location_cache: dict[str, bool] | None = None,
) -> bool:
    """The fast path: do the job-level hard filters all pass? (Same decisions as the verdict functions,
    inlined because this runs for every retrieved job of every candidate; a unit test holds them equal.)

    `location_cache`, kept for one candidate, remembers the location decision per on-site job places.
    """
    min_years = job.min_years
    if min_years and settings.enforce_minimum_years:
        years = candidate.years
        if years is None:
            if not settings.allow_unknown:
                return False
        elif years + settings.years_tolerance < min_years:
            return False
    required = job.min_degree
    if required is not None and settings.enforce_degree and not job.degree_equivalent_ok:
        degree = candidate.degree
        if degree is None:
            if not settings.allow_unknown:
                return False
        elif degree < required:
            return False
    if not job.onsite:
        return True
    if location_cache is None:
        return location_verdict(candidate, job, settings).passed
    passed = location_cache.get(job.place_key)
    if passed is None:
        passed = location_cache[job.place_key] = location_verdict(candidate, job, settings).passed
    return passed


def job_filter_results(
    candidate: CandidateSignals, job: IndexedJob, settings: JobMatchingSettings
) -> list[FilterResult]:
    """Every job-level filter's outcome with its reason, in FILTER_NAMES order."""
    results: list[FilterResult] = []
    checks = (
        (MINIMUM_YEARS, years_verdict, years_reason),
        (DEGREE, degree_verdict, degree_reason),
        (LOCATION, location_verdict, location_reason),
    )
    for name, decide, explain in checks:
        verdict = decide(candidate, job, settings)
        applied = verdict is not NOT_APPLICABLE and verdict is not DISABLED
        reason = explain(verdict, candidate, job, settings)
        results.append(FilterResult(name, verdict.passed, reason, applied, _evidence_of(name, verdict, candidate, job)))
    return results


def _evidence_of(name: str, verdict: Verdict, candidate: CandidateSignals, job: IndexedJob) -> str:
    if verdict in (NOT_APPLICABLE, DISABLED, UNKNOWN_PASS, UNKNOWN_FAIL) or (name == LOCATION and not job.onsite):
        return ""
    if name == MINIMUM_YEARS:
        return candidate.years_source
    if name == DEGREE:
        return candidate.degree_source
    if verdict is RELOCATING or (not verdict.passed and any(r.moving for r in candidate.relocations)):
        return "text"
    return "field" if candidate.place.known or candidate.wants_remote_only else ""
