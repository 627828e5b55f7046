"""Years of experience: from a record's value ("7", 7.5, "7+ years") or stated in prose."""

from __future__ import annotations

import math
import re
from typing import Any

from destination_unified_ats.matching.text import clean_text

MAX_YEARS = 60.0

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "a decade": 10,
    "over a decade": 10,
    "two decades": 20,
}
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")"
_RANGE_TAIL = r"(?:\s*\+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?(?:\s*\+)?"
# "8 years", "8+ yrs", "5-7 years", "ten years"
_YEARS_VALUE = re.compile(r"^\s*" + _NUMBER + _RANGE_TAIL + r"\s*(?:years?|yrs?|y)?\b")
# "8+ years of experience", "over a decade of professional experience", "12 yrs exp"
_YEARS_IN_PROSE = re.compile(
    r"\b" + _NUMBER + _RANGE_TAIL + r"\s*(?:years?|yrs?)\b(?:\s+[\w-]+){0,4}?\s+(?:experience|exp)\b"
)
_DECADE_IN_PROSE = re.compile(r"\b(over a decade|a decade|two decades)\b(?:\s+[\w-]+){0,4}?\s+(?:experience|exp)\b")


def _number(text: str) -> float | None:
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _plausible(value: float | None) -> float | None:
    if value is None or math.isnan(value) or value < 0 or value > MAX_YEARS:
        return None
    return value


def parse_years(value: Any) -> float | None:
    """A record's years of experience: a number, or a string such as "7", "7+ years" or "5-7 yrs"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _plausible(float(value))
    if isinstance(value, str):
        match = _YEARS_VALUE.match(clean_text(value))
        if match:
            return _plausible(_number(match.group(1)))
    return None


def years_in_text(text: str | None) -> float | None:
    """Largest number of years of experience stated in prose ("8+ years of backend experience")."""
    if not text:
        return None
    cleaned = clean_text(text)
    values = [_number(m.group(1)) for m in _YEARS_IN_PROSE.finditer(cleaned)]
    values += [_number(m.group(1)) for m in _DECADE_IN_PROSE.finditer(cleaned)]
    plausible = [v for v in (_plausible(v) for v in values) if v is not None]
    return max(plausible) if plausible else None
