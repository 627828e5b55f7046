"""Rerank: normalised BM25 combined with rules into one deterministic score in [0, 1].

    base  = 0.40 title + 0.30 skills + 0.30 bm25            (each in [0, 1])
    raw   = base x seniority factor x employment factor x job-name technology factor
    score = calibrated(raw)                                  (monotone, maps strong fits above 0.8)

- title: idf-weighted F1 between the candidate's title words and the job name's (seniority and
  filler words removed; idf over job names, so "engineer" weighs less than "backend"), or, when
  higher, 0.6 x the (weighted) share of the job name the profile mentions anywhere, counting role
  words only (a technology in the name is the job-name technology factor's business).
- skills: half the share of the candidate's skills the job text mentions, half the share of the job's
  skill terms (idf-weighted) the candidate mentions anywhere.
- bm25: the job's BM25 score over the candidate's weighted text, as a share of the query's ceiling.
- seniority: levels from titles (Intern .. Staff) or years; 1 when equal, 0.6 one step apart ...
- employment: the candidate's stated preference (intern, contract, part-time; full-time by default)
  against the job's employment_type.
- technology named in the job name ("Backend Engineer (Go)") that the candidate never mentions.
- semantic (optional, embedding.py): with an embedding model, base = 0.75 base + 0.25 cosine.
- role family (families.py): 1 for the same or a compatible family (or when either side names none),
  0.5 for a neighbouring family (SDR vs account executive), 0.3 for an unrelated one.

Weighted sums use math.fsum, which is exact and so independent of set iteration order: the same
input gives the same score in every process.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from destination_unified_ats.matching.candidate import CandidateSignals
from destination_unified_ats.matching.families import family_fit
from destination_unified_ats.matching.jobs import IndexedJob
from destination_unified_ats.matching.seniority import employment_fit, seniority_fit

TITLE_WEIGHT = 0.40
SKILLS_WEIGHT = 0.30
BM25_WEIGHT = 0.30
SENIORITY_FLOOR = 0.55
EMPLOYMENT_FLOOR = 0.60
NAME_TECH_FLOOR = 0.55
BM25_SATURATION = 0.5
PROFILE_NAME_COVERAGE_WEIGHT = 0.6
CALIBRATION_EXPONENT = 0.6
SEMANTIC_WEIGHT = 0.25


@dataclass(frozen=True)
class JobWeights:
    """Per-job weights, computed once when the jobs are indexed."""

    name: Mapping[str, float]
    name_terms: frozenset[str]
    name_total: float
    name_role_terms: frozenset[str]
    skills: Mapping[str, float]
    skill_terms: frozenset[str]
    skills_total: float


@dataclass(frozen=True)
class TermWeights:
    """idf tables: over job names (for titles) and over whole jobs (for skills)."""

    name_idf: Mapping[str, float]
    name_default: float
    idf: Mapping[str, float]
    idf_default: float

    def for_job(self, job: IndexedJob) -> JobWeights:
        name = {t: self.name_idf.get(t, self.name_default) for t in sorted(job.name_core)}
        skills = {t: self.idf.get(t, self.idf_default) for t in job.skill_terms}
        return JobWeights(
            name=name,
            name_terms=frozenset(name),
            name_total=math.fsum(name.values()),
            name_role_terms=job.name_role,
            skills=skills,
            skill_terms=frozenset(skills),
            skills_total=math.fsum(skills.values()),
        )

    def title_total(self, candidate: CandidateSignals) -> float:
        """Weight of the candidate's title words (the same against every job)."""
        return math.fsum(self.name_idf.get(t, self.name_default) for t in candidate.title_core)


class ScoreBreakdown(NamedTuple):
    """The final score and its parts (a NamedTuple: one is built for every reranked job)."""

    score: float
    title: float
    skills: float
    bm25: float
    seniority: float
    employment: float
    name_tech: float
    family: float
    semantic: float | None = None
    """Cosine similarity from the optional embedding model (None when it is off)."""


def title_similarity(candidate: CandidateSignals, title_total: float, weights: JobWeights) -> float:
    """max(weighted F1 of title vs job name, 0.6 x role-word coverage of the job name by the profile)."""
    f1 = 0.0
    if title_total > 0.0 and weights.name_total > 0.0:
        common = math.fsum(weights.name[t] for t in candidate.title_core & weights.name_terms)
        if common > 0.0:
            precision = common / title_total
            recall = common / weights.name_total
            f1 = 2.0 * precision * recall / (precision + recall)
    coverage = 0.0
    if weights.name_total > 0.0 and weights.name_role_terms:
        found = math.fsum(weights.name[t] for t in weights.name_role_terms & candidate.all_terms)
        coverage = PROFILE_NAME_COVERAGE_WEIGHT * found / weights.name_total
    return max(f1, coverage)


def skills_similarity(candidate: CandidateSignals, job: IndexedJob, weights: JobWeights) -> float:
    """Half the share of the candidate's skills the job mentions, half the job's skill terms covered."""
    precision: float | None = None
    if candidate.skill_sets:
        terms = job.terms
        precision = sum(1 for skill in candidate.skill_sets if skill <= terms) / len(candidate.skill_sets)
    recall: float | None = None
    if weights.skills_total > 0.0:
        covered = weights.skill_terms & candidate.all_terms
        recall = math.fsum(weights.skills[t] for t in covered) / weights.skills_total
    if precision is None:
        return recall or 0.0
    if recall is None:
        return precision
    return 0.5 * precision + 0.5 * recall


def normalised_bm25(score: float, ceiling: float) -> float:
    """BM25 as a share of the query's ceiling, saturating: half the ceiling is already a full match."""
    if ceiling <= 0.0:
        return 0.0
    return min(1.0, score / (ceiling * BM25_SATURATION))


def calibrate(raw: float) -> float:
    """A monotone stretch of the raw score so that bands read naturally (strong fits land above 0.8)."""
    return math.pow(max(0.0, min(1.0, raw)), CALIBRATION_EXPONENT)


def score_job(
    candidate: CandidateSignals,
    title_total: float,
    job: IndexedJob,
    weights: JobWeights,
    bm25: float,
    ceiling: float,
    semantic: float | None = None,
) -> ScoreBreakdown:
    title = title_similarity(candidate, title_total, weights)
    skills = skills_similarity(candidate, job, weights)
    bm25_norm = normalised_bm25(bm25, ceiling)
    seniority = seniority_fit(candidate.seniority, job.seniority, job.seniority_is_minimum)
    employment = employment_fit(candidate.employment, job.employment)
    name_tech = 1.0
    if job.name_tech:
        have = sum(1 for t in job.name_tech if t in candidate.all_terms) / len(job.name_tech)
        name_tech = NAME_TECH_FLOOR + (1.0 - NAME_TECH_FLOOR) * have
    family = family_fit(candidate.families, job.families)
    if candidate.generic_title:
        # "Founder" says nothing about the role: judge by skills and text alone (weights renormalised).
        base = (SKILLS_WEIGHT * skills + BM25_WEIGHT * bm25_norm) / (SKILLS_WEIGHT + BM25_WEIGHT)
    else:
        base = TITLE_WEIGHT * title + SKILLS_WEIGHT * skills + BM25_WEIGHT * bm25_norm
    if semantic is not None:
        base = (1.0 - SEMANTIC_WEIGHT) * base + SEMANTIC_WEIGHT * max(0.0, semantic)
    raw = (
        base
        * (SENIORITY_FLOOR + (1.0 - SENIORITY_FLOOR) * seniority)
        * (EMPLOYMENT_FLOOR + (1.0 - EMPLOYMENT_FLOOR) * employment)
        * name_tech
        * family
    )
    return ScoreBreakdown(
        score=round(calibrate(raw), 4),
        title=title,
        skills=skills,
        bm25=bm25_norm,
        seniority=seniority,
        employment=employment,
        name_tech=name_tech,
        family=family,
        semantic=semantic,
    )
