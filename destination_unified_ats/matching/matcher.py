"""The public engine: index the open jobs once, then match each candidate (filters, BM25, rerank)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from destination_unified_ats.matching.bm25 import Bm25Index, FieldWeights, query_weights
from destination_unified_ats.matching.candidate import CandidateProfile, CandidateSignals, candidate_signals
from destination_unified_ats.matching.embedding import StaticEmbedder
from destination_unified_ats.matching.explain import build_explanation, top_matched_terms
from destination_unified_ats.matching.filters import (
    FilterRejection,
    RequiredTerm,
    compile_required_terms,
    job_filter_results,
    job_filters_pass,
    missing_required_terms,
    required_terms_result,
)
from destination_unified_ats.matching.jobs import IndexedJob, index_job, is_open
from destination_unified_ats.matching.rerank import JobWeights, ScoreBreakdown, TermWeights, score_job
from destination_unified_ats.matching.settings import JobMatchingSettings

# Candidate-side field weights: the title says most, then skills, then the prose.
TITLE_QUERY_WEIGHT = 3.0
SKILLS_QUERY_WEIGHT = 2.0
SUMMARY_QUERY_WEIGHT = 1.0
EXPERIENCE_QUERY_WEIGHT = 1.0
# How many filter-passing jobs, best BM25 first, are reranked per candidate.
MIN_RERANK_DEPTH = 15
# With an embedding model: jobs closest in meaning join the BM25 candidates (words may not overlap).
EMBEDDING_RETRIEVAL = 5


@dataclass(frozen=True)
class JobMatch:
    """One job a candidate fits: score in [0, 1], the confidence band's tag and a <= 300-char explanation."""

    job_id: str
    job_name: str
    score: float
    band: str
    explanation: str


class JobMatcher:
    """Matches candidates to the OPEN jobs given (and to jobs whose status is unknown).

    Build it once per sync from the jobs read from the ATS; `match` is then pure and deterministic.
    `settings.enabled` is the connector's business: the matcher matches whenever it is asked.
    """

    def __init__(
        self, jobs: Sequence[Mapping[str, Any]], settings: JobMatchingSettings, today: date | None = None
    ) -> None:
        """`today` is the reference date for durations such as "since 2023" (default: the day it is built)."""
        self.settings = settings
        self.today = today or date.today()
        indexed: dict[str, IndexedJob] = {}
        for raw_job in jobs:
            if isinstance(raw_job, Mapping) and raw_job.get("id") is not None and is_open(raw_job):
                prepared = index_job(raw_job)
                indexed.setdefault(prepared.job_id, prepared)
        self._jobs: tuple[IndexedJob, ...] = tuple(indexed.values())
        weights = FieldWeights()
        self._index = Bm25Index(
            [
                [
                    (job.fields.name, weights.name),
                    (job.fields.description, weights.description),
                    (job.fields.questions, weights.questions),
                    (job.fields.metadata, weights.metadata),
                ]
                for job in self._jobs
            ]
        )
        name_df: dict[str, int] = {}
        for job in self._jobs:
            for term in job.name_core:
                name_df[term] = name_df.get(term, 0) + 1
        count = len(self._jobs)
        self._weights = TermWeights(
            name_idf={t: math.log(1.0 + (count - df + 0.5) / (df + 0.5)) for t, df in name_df.items()},
            name_default=math.log(1.0 + (count + 0.5) / 0.5),
            idf=self._index.idf,
            idf_default=self._index.unseen_idf,
        )
        self._job_weights: tuple[JobWeights, ...] = tuple(self._weights.for_job(job) for job in self._jobs)
        # Ties (equal scores) are broken by job id, whatever order the ATS listed the jobs in.
        rank = [0] * count
        for order, position in enumerate(sorted(range(count), key=lambda p: self._jobs[p].job_id)):
            rank[position] = order
        self._id_rank: tuple[int, ...] = tuple(rank)
        self._required: tuple[RequiredTerm, ...] = compile_required_terms(settings)
        self._depth = max(MIN_RERANK_DEPTH, 3 * settings.top_k)
        self._embedder: StaticEmbedder | None = None
        self._job_vectors: Any = None
        if settings.embedding_model_dir:
            self._embedder = StaticEmbedder.load(settings.embedding_model_dir)
            self._job_vectors = self._embed_jobs(self._embedder)

    def _embed_jobs(self, embedder: StaticEmbedder) -> Any:
        import numpy

        rows = numpy.zeros((len(self._jobs), embedder.dimensions), dtype=numpy.float32)
        for position, job in enumerate(self._jobs):
            vector = embedder.embed(f"{job.name}. {job.name}. {job.description_text}")
            if vector is not None:
                rows[position] = vector
        return rows

    def _similarities(self, candidate: CandidateProfile) -> list[float] | None:
        """Cosine between the candidate and every job (None without a model, or when no word is known)."""
        if self._embedder is None:
            return None
        text = " ".join(p for p in (candidate.title, candidate.summary, ", ".join(candidate.skills)) if p)
        vector = self._embedder.embed(text)
        if vector is None:
            return None
        similarities: list[float] = (self._job_vectors @ vector).tolist()
        return similarities

    @property
    def job_count(self) -> int:
        """Number of open jobs indexed."""
        return len(self._jobs)

    def _query(self, signals: CandidateSignals) -> dict[str, float]:
        skills = [term for skill in signals.skill_terms for term in skill]
        return query_weights(
            [
                (signals.title_terms, TITLE_QUERY_WEIGHT),
                (skills, SKILLS_QUERY_WEIGHT),
                (signals.summary_terms, SUMMARY_QUERY_WEIGHT),
                (signals.experience_terms, EXPERIENCE_QUERY_WEIGHT),
            ]
        )

    def _ranked(
        self, signals: CandidateSignals, query: Mapping[str, float], similarities: list[float] | None = None
    ) -> list[tuple[IndexedJob, ScoreBreakdown]]:
        """Filter-passing jobs, reranked, best first (ties by job id), scores above zero only."""
        bm25, ceiling = self._index.score(query)
        jobs = self._jobs
        job_weights = self._job_weights
        settings = self.settings
        id_rank = self._id_rank
        retrieved = sorted((-score, id_rank[position], position) for position, score in enumerate(bm25) if score > 0.0)
        if similarities is not None:
            seen = {position for _, _, position in retrieved}
            closest = sorted(range(len(jobs)), key=lambda p: (-similarities[p], id_rank[p]))[:EMBEDDING_RETRIEVAL]
            retrieved += [(-bm25[p], id_rank[p], p) for p in closest if p not in seen and similarities[p] > 0.0]
        title_total = self._weights.title_total(signals)
        reranked: list[tuple[IndexedJob, ScoreBreakdown]] = []
        location_cache: dict[str, bool] = {}
        for negative_score, _, position in retrieved:
            job = jobs[position]
            if not job_filters_pass(signals, job, settings, location_cache):
                continue
            semantic = similarities[position] if similarities is not None else None
            breakdown = score_job(signals, title_total, job, job_weights[position], -negative_score, ceiling, semantic)
            if breakdown.score > 0.0:
                reranked.append((job, breakdown))
            if len(reranked) >= self._depth:
                break
        reranked.sort(key=lambda item: (-item[1].score, item[0].job_id))
        return reranked

    def match(self, candidate: CandidateProfile) -> list[JobMatch]:
        """Best jobs first (ties by job id): at most top_k, each passing every hard filter and scoring at least
        min_score (and above 0: a job sharing nothing with the candidate is never a match)."""
        signals = candidate_signals(candidate, self.today)
        if self._required and missing_required_terms(signals, self._required):
            return []
        query = self._query(signals)
        settings = self.settings
        matches: list[JobMatch] = []
        for job, breakdown in self._ranked(signals, query, self._similarities(candidate)):
            if breakdown.score < settings.min_score or len(matches) >= settings.top_k:
                break
            band = settings.band_for(breakdown.score)
            passed = [r for r in job_filter_results(signals, job, settings) if r.passed and r.applied]
            if self._required:
                passed.insert(0, required_terms_result([]))
            terms = top_matched_terms(query, job, self._index.idf)
            explanation = build_explanation(job, band, breakdown, passed, terms, signals)
            matches.append(JobMatch(job.job_id, job.name, breakdown.score, band, explanation))
        return matches

    def explain_rejections(self, candidate: CandidateProfile) -> list[FilterRejection]:
        """Per open job (index order) that a hard filter rejects: every failed filter, with its reason."""
        signals = candidate_signals(candidate, self.today)
        candidate_failures = []
        if self._required:
            missing = missing_required_terms(signals, self._required)
            if missing:
                candidate_failures.append(required_terms_result(missing))
        rejections: list[FilterRejection] = []
        for job in self._jobs:
            failures = candidate_failures + [r for r in job_filter_results(signals, job, self.settings) if not r.passed]
            if failures:
                rejections.append(FilterRejection(job.job_id, job.name, tuple(failures)))
        return rejections
