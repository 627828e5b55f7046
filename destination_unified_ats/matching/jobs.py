"""An ATS job (Unified AtsJob as a mapping) prepared once for filtering and scoring."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from destination_unified_ats.matching.analyzer import SKILL_TERMS, analyze_with_surface
from destination_unified_ats.matching.degrees import DegreeLevel, accepts_equivalent_experience, minimum_degree
from destination_unified_ats.matching.families import text_family, title_families
from destination_unified_ats.matching.locations import Place, place_from_address
from destination_unified_ats.matching.seniority import (
    Seniority,
    job_employment,
    seniority_from_years,
    title_core,
    title_seniority,
)
from destination_unified_ats.matching.synonyms import ROLE_TERMS, TECH_TERMS
from destination_unified_ats.matching.text import clean_text, raw_tokens
from destination_unified_ats.matching.years import parse_years, years_in_text
from destination_unified_ats.models import job_is_open


def is_open(job: Mapping[str, Any]) -> bool:
    """OPEN jobs, and jobs whose integration reports no (or a blank) status."""
    return job_is_open(job.get("status"))


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list | tuple):
        return " ".join(_as_text(v) for v in value)
    if isinstance(value, Mapping):
        return " ".join(_as_text(v) for v in value.values())
    return ""


def questions_text(questions: Any) -> str:
    """Screening questions, with their options: "Do you have production Go experience? yes no"."""
    if not isinstance(questions, list):
        return ""
    parts: list[str] = []
    for question in questions:
        if isinstance(question, Mapping):
            parts.append(_as_text(question.get("question")))
            parts.append(_as_text(question.get("description")))
            parts.append(_as_text(question.get("options")))
        elif isinstance(question, str):
            parts.append(question)
    return " \n ".join(p for p in parts if p)


def metadata_text(metadata: Any) -> str:
    """Customer-specific requirements: "slug value" per entry (slugs such as required_skills read well)."""
    if not isinstance(metadata, list):
        return ""
    parts: list[str] = []
    for item in metadata:
        if isinstance(item, Mapping):
            slug = _as_text(item.get("slug")).replace("_", " ").replace("-", " ")
            parts.append(f"{slug} {_as_text(item.get('value'))}".strip())
    return " \n ".join(p for p in parts if p)


@dataclass(frozen=True)
class JobFields:
    """Index terms of each searchable field of a job."""

    name: tuple[str, ...]
    description: tuple[str, ...]
    questions: tuple[str, ...]
    metadata: tuple[str, ...]


@dataclass(frozen=True)
class IndexedJob:
    job_id: str
    name: str
    fields: JobFields
    terms: frozenset[str]
    name_core: frozenset[str]
    name_tech: frozenset[str]
    name_role: frozenset[str]
    skill_terms: tuple[str, ...]
    surfaces: Mapping[str, str]
    min_years: float | None
    stated_years: float | None
    min_degree: DegreeLevel | None
    degree_text: str | None
    degree_equivalent_ok: bool
    remote: bool | None
    places: tuple[Place, ...]
    onsite: bool
    """Not remote: remote is False, or unknown while the job lists an address."""
    place_key: str
    """The places as one string: jobs with the same places get the same location decision."""
    employment_type: str | None
    employment: str | None
    seniority: Seniority | None
    seniority_is_minimum: bool
    families: frozenset[str]
    """Role families of the job's name (of its description when the name names none)."""
    description_text: str = ""
    """The description as received (the optional embedding model reads it)."""

    def describe_places(self) -> str:
        return " or ".join(dict.fromkeys(place.describe() for place in self.places)) or "an unstated location"


def index_job(job: Mapping[str, Any]) -> IndexedJob:
    name = _as_text(job.get("name")).strip()
    description = _as_text(job.get("description"))
    surfaces: dict[str, str] = {}

    def terms_of(text: str) -> tuple[str, ...]:
        pairs = analyze_with_surface(text)
        for term, surface in pairs:
            surfaces.setdefault(term, surface)
        return tuple(term for term, _ in pairs)

    name_words = raw_tokens(clean_text(name))
    fields = JobFields(
        name=terms_of(name),
        description=terms_of(description),
        questions=terms_of(questions_text(job.get("questions"))),
        metadata=terms_of(metadata_text(job.get("metadata")) + " " + _as_text(job.get("skills"))),
    )
    name_pairs = analyze_with_surface(name)
    name_core = title_core(name_pairs)
    name_tech = frozenset(t for t in name_core if t in TECH_TERMS and t not in ROLE_TERMS)
    terms = frozenset(fields.name + fields.description + fields.questions + fields.metadata)
    skill_terms = tuple(sorted(t for t in terms if t in SKILL_TERMS))
    min_years = parse_years(job.get("minimum_experience_years"))
    degree_text = _as_text(job.get("minimum_degree")) or None
    remote = job.get("remote") if isinstance(job.get("remote"), bool) else None
    addresses = job.get("addresses")
    places = (
        tuple(place for place in (place_from_address(a) for a in addresses if isinstance(a, Mapping)) if place.known)
        if isinstance(addresses, list)
        else ()
    )
    if remote is None and "remote" in name_words:
        remote = True
    employment_type = job.get("employment_type") if isinstance(job.get("employment_type"), str) else None
    employment = job_employment(employment_type)
    seniority = title_seniority(name_words)
    stated_years = years_in_text(description)
    seniority_is_minimum = False
    if seniority is None and employment == "internship":
        seniority = Seniority.INTERN
    elif seniority is None:
        seniority = seniority_from_years(min_years if min_years is not None else stated_years)
        seniority_is_minimum = True
    families = title_families(name_words) or text_family(raw_tokens(clean_text(description)))
    return IndexedJob(
        job_id=str(job.get("id")),
        name=name,
        fields=fields,
        terms=terms,
        name_core=name_core,
        name_tech=name_tech,
        name_role=name_core - name_tech,
        skill_terms=skill_terms,
        surfaces=surfaces,
        min_years=min_years,
        stated_years=stated_years,
        min_degree=minimum_degree(degree_text),
        degree_text=degree_text,
        degree_equivalent_ok=accepts_equivalent_experience(degree_text),
        remote=remote,
        places=places,
        onsite=remote is False or (remote is None and bool(places)),
        place_key=";".join(f"{p.city}|{p.region}|{p.country}" for p in places),
        employment_type=employment_type,
        employment=employment,
        seniority=seniority,
        seniority_is_minimum=seniority_is_minimum,
        families=families,
        description_text=description,
    )
