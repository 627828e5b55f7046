"""The degree ladder: none < high school < associate < bachelor < master < doctorate."""

from __future__ import annotations

import re
from enum import IntEnum

from destination_unified_ats.matching.text import clean_text


class DegreeLevel(IntEnum):
    NONE = 0
    HIGH_SCHOOL = 1
    ASSOCIATE = 2
    BACHELOR = 3
    MASTER = 4
    DOCTORATE = 5

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    DegreeLevel.NONE: "no degree",
    DegreeLevel.HIGH_SCHOOL: "high school",
    DegreeLevel.ASSOCIATE: "associate",
    DegreeLevel.BACHELOR: "bachelor",
    DegreeLevel.MASTER: "master",
    DegreeLevel.DOCTORATE: "doctorate",
}

# Patterns over cleaned text (lower case, "b.s." already folded to "bs", apostrophes dropped).
_PATTERNS: tuple[tuple[DegreeLevel, re.Pattern[str]], ...] = (
    (
        DegreeLevel.DOCTORATE,
        re.compile(r"\b(?:ph\.?d|phd|doctorate|doctoral|doctor of \w+|dphil|d\.phil|edd|md)\b"),
    ),
    (
        DegreeLevel.MASTER,
        re.compile(
            r"\b(?:masters?|mba|msc|ms|ma|meng|m\.eng|mfa|mph|mpa|msw|llm|m\.sc|m\.s|m\.a|"
            r"postgraduate|post graduate|graduate degree)\b"
        ),
    ),
    (
        DegreeLevel.BACHELOR,
        re.compile(
            r"\b(?:bachelors?|bsc|bs|ba|beng|b\.eng|btech|b\.tech|bba|bfa|bcom|b\.sc|b\.s|b\.a|"
            r"undergraduate degree|undergrad degree|college degree|university degree|4 year degree|"
            r"four year degree|licence|licenciatura)\b"
        ),
    ),
    (
        DegreeLevel.ASSOCIATE,
        re.compile(r"\b(?:associates?|associate degree|2 year degree|two year degree|aas|hnd|foundation degree)\b"),
    ),
    (
        DegreeLevel.HIGH_SCHOOL,
        re.compile(
            r"\b(?:high school|highschool|secondary school|ged|a levels?|hs diploma|gcse|abitur|baccalaureate)\b"
        ),
    ),
    (
        DegreeLevel.NONE,
        re.compile(r"\b(?:none|no degree|not required|self taught|bootcamp|n/a)\b"),
    ),
)
# "AA"/"AS" only mean associate when they open the text ("as" is otherwise an English word).
_LEADING_ASSOCIATE = re.compile(r"^(?:aa|as|a\.a|a\.s)\b")
_EQUIVALENT = re.compile(r"\b(?:or equivalent|equivalent (?:practical |work )?experience|or relevant experience)\b")


def _prepare(text: str) -> str:
    return clean_text(text).replace("-", " ").replace("'", "")


def degree_levels(text: str | None) -> list[DegreeLevel]:
    """Every level the text mentions (a profile may list several degrees, a job alternatives)."""
    if not text:
        return []
    cleaned = _prepare(text)
    found = [level for level, pattern in _PATTERNS if pattern.search(cleaned)]
    if not found and _LEADING_ASSOCIATE.search(cleaned):
        found.append(DegreeLevel.ASSOCIATE)
    return found


def candidate_degree(text: str | None) -> DegreeLevel | None:
    """A candidate's highest degree, or None when the text names none."""
    levels = degree_levels(text)
    return max(levels) if levels else None


def minimum_degree(text: str | None) -> DegreeLevel | None:
    """A job's minimum degree (the lowest alternative it accepts), or None when it requires none."""
    levels = degree_levels(text)
    if not levels:
        return None
    lowest = min(levels)
    return None if lowest == DegreeLevel.NONE else lowest


def accepts_equivalent_experience(text: str | None) -> bool:
    """True for "Bachelor's degree or equivalent experience": the degree is then not a hard requirement."""
    return bool(text) and bool(_EQUIVALENT.search(_prepare(text or "")))
