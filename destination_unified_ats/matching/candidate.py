"""A sourced candidate as the matcher sees it: the public profile and the signals derived from it once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from destination_unified_ats.matching.analyzer import analyze, analyze_tokens
from destination_unified_ats.matching.degrees import DegreeLevel
from destination_unified_ats.matching.evidence import Relocation, read_degree, read_relocations, read_years
from destination_unified_ats.matching.families import text_family, title_families
from destination_unified_ats.matching.locations import Place, parse_location
from destination_unified_ats.matching.seniority import (
    Seniority,
    candidate_employment,
    seniority_from_years,
    title_core,
    title_seniority,
)
from destination_unified_ats.matching.text import clean_text, raw_tokens
from destination_unified_ats.matching.years import parse_years

# Titles that say who someone is in a company, not what they do: "Founder", "Co-founder & CTO", "Owner".
# What they do is then read from the rest of the profile.
GENERIC_TITLE_WORDS = frozenset(
    {"founder", "cofounder", "owner", "cto", "ceo", "coo", "president", "proprietor", "self", "employed"}
)

_TRUE = frozenset({"true", "yes", "y", "1", "remote", "remote only"})
_FALSE = frozenset({"false", "no", "n", "0", "onsite", "on-site"})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, Mapping):
        parts = [_text(v) for v in value.values()]
        return " ; ".join(p for p in parts if p) or None
    if isinstance(value, list | tuple):
        parts = [_text(v) for v in value]
        return "\n".join(p for p in parts if p) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _skills(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items: list[Any] = (
        value.split(",") if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    )
    out: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, Mapping) else item
        if isinstance(name, str) and name.strip():
            out.append(name.strip())
    return tuple(dict.fromkeys(out))


def _remote(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return None


def _location(value: Any) -> str | None:
    if isinstance(value, Mapping):
        parts = [value.get(k) for k in ("city", "region", "country")]
        return ", ".join(p for p in parts if isinstance(p, str) and p.strip()) or None
    return _text(value)


@dataclass(frozen=True)
class CandidateProfile:
    """The matching signals of one sourced candidate (the record fields of the same names)."""

    title: str | None = None
    summary: str | None = None
    skills: tuple[str, ...] = ()
    experience: str | None = None
    years_experience: float | None = None
    degree: str | None = None
    location: str | None = None
    remote: bool | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.skills, tuple):  # a list is welcome; keep the profile hashable
            object.__setattr__(self, "skills", tuple(self.skills))

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> CandidateProfile:
        """Read title, summary, skills, experience, years_experience, degree, location and remote."""
        return cls(
            title=_text(record.get("title")),
            summary=_text(record.get("summary")),
            skills=_skills(record.get("skills")),
            experience=_text(record.get("experience")),
            years_experience=parse_years(record.get("years_experience")),
            degree=_text(record.get("degree")),
            location=_location(record.get("location")),
            remote=_remote(record.get("remote")),
        )


@dataclass(frozen=True)
class CandidateSignals:
    """Everything the filters and the scorer need, derived once per candidate."""

    profile: CandidateProfile
    title_terms: tuple[str, ...]
    title_core: frozenset[str]
    skill_terms: tuple[tuple[str, ...], ...]
    skill_sets: tuple[frozenset[str], ...]
    """The terms of each skill (a skill the job mentions is one whose terms all appear in it)."""
    summary_terms: tuple[str, ...]
    experience_terms: tuple[str, ...]
    all_terms: frozenset[str]
    years: float | None
    years_source: str
    """"field" or "text" (or "" when unknown)."""
    years_quote: str
    degree: DegreeLevel | None
    degree_source: str
    degree_quote: str
    place: Place
    relocations: tuple[Relocation, ...]
    wants_remote_only: bool
    seniority: Seniority | None
    employment: str
    families: frozenset[str]
    family_source: str
    """"title" or "text" (or "" when no family is named)."""
    generic_title: bool
    """The title names a position ("Founder"), not a role: the rerank scores the rest of the profile."""

    @cached_property
    def cleaned_text(self) -> str:
        """All the candidate's text, cleaned (only the required-terms filter needs it)."""
        profile = self.profile
        parts = (profile.title, profile.summary, ", ".join(profile.skills), profile.experience)
        return clean_text(" \n ".join(part for part in parts if part))


@lru_cache(maxsize=16384)
def _skill_terms(skill: str) -> tuple[str, ...]:
    """Skills repeat across candidates: analyse each spelling once."""
    return tuple(analyze(skill))


def _words_and_terms(text: str | None) -> tuple[list[str], tuple[str, ...]]:
    words = raw_tokens(clean_text(text or ""))
    return words, tuple(term for term, _ in analyze_tokens(words))


def candidate_signals(profile: CandidateProfile, today: date | None = None) -> CandidateSignals:
    """Derive every signal once. `today` is the reference date for "since 2023" (default: the real today)."""
    today = today or date.today()
    title_words = raw_tokens(clean_text(profile.title or ""))
    title_pairs = analyze_tokens(title_words)
    title_terms = tuple(term for term, _ in title_pairs)
    skill_terms = tuple(t for t in (_skill_terms(skill) for skill in profile.skills) if t)
    summary_words, summary_terms = _words_and_terms(profile.summary)
    experience_words, experience_terms = _words_and_terms(profile.experience)
    all_terms = frozenset(title_terms).union(*skill_terms, summary_terms, experience_terms)

    years = read_years(profile.years_experience, title_words, profile.title, profile.summary, profile.experience, today)
    texts = (profile.title, profile.summary, profile.experience, ", ".join(profile.skills) or None)
    degree = read_degree(profile.degree, texts)
    place = parse_location(profile.location)
    relocations = read_relocations((profile.summary, profile.title, profile.experience, profile.location), place)
    families = title_families(title_words)
    family_source = "title" if families else ""
    generic_title = not families and any(word in GENERIC_TITLE_WORDS for word in title_words)
    if not families:
        skill_words = [w for skill in profile.skills for w in raw_tokens(clean_text(skill))]
        families = text_family(summary_words + experience_words + skill_words)
        family_source = "text" if families else ""
    # remote=True, or no stated preference but a location such as "Remote" or "Remote - US".
    wants_remote_only = profile.remote is True or (profile.remote is None and place.remote and not place.flexible)
    seniority = None if generic_title else title_seniority(title_words)
    if seniority is None:
        seniority = seniority_from_years(years.value)
    return CandidateSignals(
        profile=profile,
        title_terms=title_terms,
        title_core=frozenset() if generic_title else title_core(title_pairs),
        skill_terms=skill_terms,
        skill_sets=tuple(frozenset(skill) for skill in skill_terms),
        summary_terms=summary_terms,
        experience_terms=experience_terms,
        all_terms=all_terms,
        years=years.value,
        years_source=years.source,
        years_quote=years.quote,
        degree=degree.level,
        degree_source=degree.source,
        degree_quote=degree.quote,
        place=place,
        relocations=relocations,
        wants_remote_only=wants_remote_only,
        seniority=seniority,
        employment=candidate_employment(title_words + summary_words[:40]),
        families=families,
        family_source=family_source,
        generic_title=generic_title,
    )
