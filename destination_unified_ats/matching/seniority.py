"""Seniority (from title words or years) and employment type, and how well a candidate's agree with a job's."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum


class Seniority(IntEnum):
    INTERN = 0
    JUNIOR = 1
    MID = 2
    SENIOR = 3
    STAFF = 4
    EXECUTIVE = 5

    @property
    def label(self) -> str:
        return self.name.lower()


# Raw title words (cleaned, before stemming) that state a level.
_TITLE_WORDS: dict[str, Seniority] = {
    "intern": Seniority.INTERN,
    "internship": Seniority.INTERN,
    "trainee": Seniority.INTERN,
    "apprentice": Seniority.INTERN,
    "student": Seniority.INTERN,
    "junior": Seniority.JUNIOR,
    "jr": Seniority.JUNIOR,
    "entry": Seniority.JUNIOR,
    "graduate": Seniority.JUNIOR,
    "grad": Seniority.JUNIOR,
    "associate": Seniority.JUNIOR,
    "apm": Seniority.JUNIOR,
    "mid": Seniority.MID,
    "intermediate": Seniority.MID,
    "ii": Seniority.MID,
    "senior": Seniority.SENIOR,
    "sr": Seniority.SENIOR,
    "snr": Seniority.SENIOR,
    "iii": Seniority.SENIOR,
    "staff": Seniority.STAFF,
    "principal": Seniority.STAFF,
    "lead": Seniority.STAFF,
    "architect": Seniority.STAFF,
    "distinguished": Seniority.STAFF,
    "iv": Seniority.STAFF,
    "head": Seniority.EXECUTIVE,
    "director": Seniority.EXECUTIVE,
    "vp": Seniority.EXECUTIVE,
    "chief": Seniority.EXECUTIVE,
    "cto": Seniority.EXECUTIVE,
}
SENIORITY_WORDS: frozenset[str] = frozenset(_TITLE_WORDS)

# Words that, in a title, say nothing about the role itself (dropped before comparing titles).
TITLE_FILLER_WORDS: frozenset[str] = frozenset(
    {"remote", "hybrid", "onsite", "contract", "contractor", "temporary", "temp", "month", "months", "summer"}
    | {"winter", "fall", "spring", "part", "full", "time", "fulltime", "parttime", "freelance", "level"}
)


def title_core(pairs: Sequence[tuple[str, str]]) -> frozenset[str]:
    """The role terms of a title's (term, surface word) pairs: levels, filler words and numbers dropped."""
    return frozenset(
        term
        for term, surface in pairs
        if surface not in SENIORITY_WORDS and surface not in TITLE_FILLER_WORDS and not surface.isdigit()
    )


def title_seniority(title_words: Sequence[str]) -> Seniority | None:
    """Level stated in a title ("Senior", "Staff", "Intern", "Engineer II"); the highest wins."""
    levels = [_TITLE_WORDS[w] for w in title_words if w in _TITLE_WORDS]
    if "co" in title_words and "op" in title_words:
        levels.append(Seniority.INTERN)
    if not levels:
        return None
    if Seniority.INTERN in levels:
        return Seniority.INTERN
    return max(levels)


def seniority_from_years(years: float | None) -> Seniority | None:
    if years is None:
        return None
    if years < 2:
        return Seniority.JUNIOR
    if years < 5:
        return Seniority.MID
    if years < 8:
        return Seniority.SENIOR
    return Seniority.STAFF


def seniority_fit(candidate: Seniority | None, job: Seniority | None, job_level_is_minimum: bool = False) -> float:
    """1 when the levels agree, less the further apart; 0.7 when either is unknown.

    A job level read from its minimum years (not its title) is a floor, not a band: being above it
    costs little, being below it costs as much as for a stated level.
    """
    if candidate is None or job is None:
        return 0.7
    gap = int(candidate) - int(job)
    if job_level_is_minimum and gap > 0:
        return (1.0, 1.0, 0.85)[gap] if gap < 3 else 0.7
    gap = abs(gap)
    return (1.0, 0.6, 0.25)[gap] if gap < 3 else 0.0


# Employment families.
FULL_TIME = "full-time"
PART_TIME = "part-time"
CONTRACT = "contract"
INTERNSHIP = "internship"

_JOB_TYPES: dict[str, str] = {
    "FULL_TIME": FULL_TIME,
    "PART_TIME": PART_TIME,
    "INTERN": INTERNSHIP,
    "CONTRACTOR": CONTRACT,
    "CONSULTANT": CONTRACT,
    "FREELANCE": CONTRACT,
    "TEMPORARY": CONTRACT,
    "SEASONAL": CONTRACT,
}
_CANDIDATE_WORDS: dict[str, str] = {
    "intern": INTERNSHIP,
    "internship": INTERNSHIP,
    "student": INTERNSHIP,
    "contract": CONTRACT,
    "contractor": CONTRACT,
    "freelance": CONTRACT,
    "freelancer": CONTRACT,
    "1099": CONTRACT,
}
# fit[candidate preference][job family]; a candidate states no preference most of the time (full-time).
_FIT: dict[str, dict[str, float]] = {
    FULL_TIME: {FULL_TIME: 1.0, PART_TIME: 0.5, CONTRACT: 0.6, INTERNSHIP: 0.1},
    PART_TIME: {FULL_TIME: 0.5, PART_TIME: 1.0, CONTRACT: 0.7, INTERNSHIP: 0.3},
    CONTRACT: {FULL_TIME: 0.7, PART_TIME: 0.6, CONTRACT: 1.0, INTERNSHIP: 0.1},
    INTERNSHIP: {FULL_TIME: 0.4, PART_TIME: 0.4, CONTRACT: 0.3, INTERNSHIP: 1.0},
}


def job_employment(employment_type: str | None) -> str | None:
    """The family of a Unified employment_type (None for OTHER, VOLUNTEER or unknown)."""
    return _JOB_TYPES.get((employment_type or "").upper())


def candidate_employment(words: Sequence[str]) -> str:
    """Preference stated by words of the candidate's title and summary; full-time when none is."""
    for index, word in enumerate(words):
        if word == "part" and index + 1 < len(words) and words[index + 1] == "time":
            return PART_TIME
        family = _CANDIDATE_WORDS.get(word)
        if family is not None:
            return family
    return FULL_TIME


def employment_fit(candidate: str, job: str | None) -> float:
    if job is None:
        return 0.9
    return _FIT[candidate][job]
