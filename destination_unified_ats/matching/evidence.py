"""Evidence read out of a candidate's free text: years, degree and relocation intent, each with its source.

Hard filters prefer a record's field and fall back to the text; for years, when both speak and the
text gives fewer, the text wins (the most conservative reading: "Data scientist since 2025" beats a
`years_experience` of 6 that counts a previous career). Every reading keeps a short quote so the match
explanation can say what it used.

Dates are read against a reference date (the sync's day; tests and the evaluation pin it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from destination_unified_ats.matching.degrees import DegreeLevel, candidate_degree
from destination_unified_ats.matching.locations import Place, metro_of, parse_location
from destination_unified_ats.matching.places import CITIES, METRO_TOWNS, US_STATES
from destination_unified_ats.matching.text import clean_text as _clean_text
from destination_unified_ats.matching.years import MAX_YEARS

# The same few texts of one candidate are cleaned by several readers.
clean_text = lru_cache(maxsize=64)(_clean_text)

FIELD = "field"
TEXT = "text"

_WORD_NUMBERS = {
    "a": 1.0,
    "one": 1.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "eleven": 11.0,
    "twelve": 12.0,
    "fifteen": 15.0,
    "twenty": 20.0,
    "half a": 0.5,
}
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")"
_HEDGE = r"(~\s*|about |around |approx\.? |approximately |roughly |over |more than |nearly |almost |under |less than )?"
# "2 yrs", "~1 year", "one year of", "5-7 years", "8+ years", "18 months"; not "4 year degree", "year olds".
_AMOUNT = re.compile(
    r"(?<![\w.])" + _HEDGE + _NUMBER + r"(?:\s*\+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?(?:\s*\+)?\s*(years?|yrs?|months?)\b"
    r"(?![\s-]*(?:olds?|ago|degree|program|programme|plan|contract|course|warranty|later|from now|running|"
    r"in a row|straight)\b)"
)
# The same, in free-form experience only when it states experience ("6 years of experience"): a
# duration next to one position there is part of a history, not a career.
_EXPERIENCE_AMOUNT = re.compile(_AMOUNT.pattern + r"(?:\s+[\w-]+){0,3}?\s+(?:experience|exp)\b")
_EXPERIENCE_AFTER = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:experience|exp)\b")
_YEARS_HINT = re.compile(r"year|yr|month|decade|since|grad|entry")
_FUTURE_OR_FREQUENCY = re.compile(r"(?:within|next|in|once|twice|per|each|every)\s*$")
_DECADES = re.compile(r"\b(over a decade|a decade|two decades)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SINCE = re.compile(r"\bsince (?:(" + "|".join(_MONTHS) + r")[a-z]* )?((?:19|20)\d\d)\b")
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|to)\s*((?:19|20)\d\d|present|now|current|today)\b")
_GRADUATE = re.compile(
    r"(?:^|[.;!]\s*)(?:i am |im )?(?:a )?(?:recent|new|fresh)(?: [a-z.]+)? grad(?:uate)?\b|\bentry[ -]level\b"
)
# Title words that bound years: an intern has next to none, a junior one or so.
_TITLE_LEVEL_YEARS: dict[str, float] = {
    "intern": 0.0,
    "internship": 0.0,
    "trainee": 0.0,
    "apprentice": 0.0,
    "student": 0.0,
    "junior": 1.0,
    "jr": 1.0,
}


@dataclass(frozen=True)
class YearsEvidence:
    value: float | None
    source: str
    """FIELD, TEXT or "" (unknown)."""
    quote: str
    """What the text said ("'since 2023'"), and the field's value when the text overrode it."""


def _amount(hedge: str | None, number: str, unit: str) -> float | None:
    value = _WORD_NUMBERS.get(number)
    if value is None:
        try:
            value = float(number)
        except ValueError:
            return None
    if unit.startswith("month"):
        if number in ("a", "half a"):
            return None
        value /= 12.0
    if hedge and hedge.strip() in ("nearly", "almost", "under", "less than"):
        value = max(0.0, value - 0.5)
    return value if 0.0 <= value <= MAX_YEARS else None


def _years_between(start: date, today: date) -> float | None:
    days = (today - start).days
    return round(days / 365.25, 1) if days >= 0 else None


def _start_of(year: str, month: str | None) -> date:
    """The latest day the text allows: "since 2023" may mean December 2023."""
    if month:
        return date(int(year), _MONTHS.index(month[:3]) + 1, 1)
    return date(int(year), 12, 31)


def years_statements(text: str | None, today: date, *, experience_only: bool = False) -> list[tuple[float, str]]:
    """(years, quote) for every statement of experience in `text`."""
    if not text:
        return []
    cleaned = clean_text(text)
    if not _YEARS_HINT.search(cleaned):
        return []
    found: list[tuple[float, str]] = []
    pattern = _EXPERIENCE_AMOUNT if experience_only else _AMOUNT
    for match in pattern.finditer(cleaned):
        if _FUTURE_OR_FREQUENCY.search(cleaned[max(0, match.start() - 8) : match.start()]):
            continue
        if match.group(3).startswith("month") and not _EXPERIENCE_AFTER.match(cleaned[match.end() :]):
            continue  # "shipped in 3 months", "40 meetings a month": durations, not experience
        value = _amount(match.group(1), match.group(2), match.group(3))
        if value is not None:
            found.append((value, match.group(0).strip()))
    for match in _DECADES.finditer(cleaned):
        found.append((20.0 if match.group(1) == "two decades" else 10.0, match.group(0)))
    if experience_only:
        return found
    for match in _SINCE.finditer(cleaned):
        since = _years_between(_start_of(match.group(2), match.group(1)), today)
        if since is not None:
            found.append((since, match.group(0)))
    for match in _GRADUATE.finditer(cleaned):
        found.append((1.0, match.group(0).strip(" .;!")))
    return found


def title_level_years(title_words: Sequence[str]) -> tuple[float, str] | None:
    levels = [(_TITLE_LEVEL_YEARS[w], w) for w in title_words if w in _TITLE_LEVEL_YEARS]
    if "co" in title_words and "op" in title_words:
        levels.append((0.0, "co-op"))
    return min(levels) if levels else None


def career_span(experience: str | None, today: date) -> tuple[float, str] | None:
    """Years since the earliest start of a dated position ("2019-present") in free-form experience."""
    if not experience:
        return None
    starts = [int(m.group(1)) for m in _RANGE.finditer(clean_text(experience))]
    if not starts:
        return None
    earliest = min(starts)
    span = _years_between(date(earliest, 12, 31), today)
    return (span, f"positions since {earliest}") if span is not None else None


def read_years(
    field: float | None,
    title_words: Sequence[str],
    title: str | None,
    summary: str | None,
    experience: str | None,
    today: date,
) -> YearsEvidence:
    """The field, unless the text states fewer years; the text alone when the field is missing."""
    statements = years_statements(title, today) + years_statements(summary, today)
    statements += years_statements(experience, today, experience_only=True)
    level = title_level_years(title_words)
    if level is not None:
        statements.append((level[0], f"title says {level[1]}"))
    lowest = min(statements, key=lambda s: s[0]) if statements else None
    if field is not None:
        if lowest is not None and lowest[0] < field:
            return YearsEvidence(lowest[0], TEXT, f"'{lowest[1]}', field says {field:g}")
        return YearsEvidence(field, FIELD, "")
    if lowest is not None:
        return YearsEvidence(lowest[0], TEXT, f"'{lowest[1]}'")
    span = career_span(experience, today)
    if span is not None:
        return YearsEvidence(span[0], TEXT, span[1])
    return YearsEvidence(None, "", "")


# ---- degree ----------------------------------------------------------------------------------------

# Stricter than the degree field's patterns: in prose "ms" may be Microsoft and "none" anything.
_PROSE_DEGREES: tuple[tuple[DegreeLevel, re.Pattern[str]], ...] = (
    (
        DegreeLevel.DOCTORATE,
        re.compile(
            r"\b(?:ph\.?\s?d|doctorate|doctoral degree|dphil|pharm\.?\s?d|"
            r"doctor of (?:philosophy|pharmacy|medicine|science))\b"
        ),
    ),
    (
        DegreeLevel.MASTER,
        re.compile(
            r"\b(?:masters|master of|master degree|master in|msc|m\.sc|mba|meng|m\.eng|mfa|mph|msn|mres|mphil|ma in)\b"
            r"|\bms (?:in )?(?:computer|cs|data|statistics|stats|finance|engineering|physics|math\w*|economics|"
            r"information|electrical|mechanical|software|business|analytics|nursing|biology|chemistry)\b"
        ),
    ),
    (
        DegreeLevel.BACHELOR,
        re.compile(
            r"\b(?:bachelors|bachelor|bsc|b\.sc|beng|b\.eng|btech|b\.tech|bba|bfa|bcom|bsn|bs|ba|b\.s|b\.a)\b"
            r"(?! (?:degree )?(?:required|preferred))"
        ),
    ),
    (
        DegreeLevel.ASSOCIATE,
        re.compile(
            r"\b(?:associates degree|associate degree|associates in|"
            r"associate of (?:arts|science|applied)|adn|aas)\b"
        ),
    ),
    (
        DegreeLevel.HIGH_SCHOOL,
        re.compile(r"\bhigh school (?:diploma|graduate|degree|education)\b|\b(?:ged|hs diploma|a levels|abitur)\b"),
    ),
    (
        DegreeLevel.NONE,
        re.compile(
            r"\b(?:no (?:college |university |formal )?degree|without a degree|self taught|dropped out|"
            r"no formal education)\b"
        ),
    ),
)
_PURSUING_BEFORE = re.compile(
    r"(?:pursuing|studying(?: for| towards)?|working towards|enrolled in|completing|currently in|candidate for)"
    r"(?: an?| my)?(?: part time| full time| online)?\s*$"
)
_PURSUING_AFTER = re.compile(r"^[\w .,]{0,40}?\b(?:student|candidate|in progress|expected|ongoing)\b")
_ONE_BELOW = {
    DegreeLevel.DOCTORATE: DegreeLevel.MASTER,
    DegreeLevel.MASTER: DegreeLevel.BACHELOR,
    DegreeLevel.BACHELOR: DegreeLevel.HIGH_SCHOOL,
    DegreeLevel.ASSOCIATE: DegreeLevel.HIGH_SCHOOL,
    DegreeLevel.HIGH_SCHOOL: DegreeLevel.NONE,
    DegreeLevel.NONE: DegreeLevel.NONE,
}


def _prepare(text: str) -> str:
    return clean_text(text).replace("-", " ").replace("'", "")


def _pursuing(prepared: str, start: int, end: int) -> bool:
    """A degree still being studied for ("pursuing an MSc", "PhD candidate", "BSc (expected 2027)")."""
    before = prepared[max(0, start - 45) : start]
    after = prepared[end : end + 45].split(";")[0]
    return bool(_PURSUING_BEFORE.search(before) or _PURSUING_AFTER.search(after))


@dataclass(frozen=True)
class DegreeEvidence:
    level: DegreeLevel | None
    source: str
    quote: str


def degrees_in_prose(text: str | None) -> list[tuple[DegreeLevel, str]]:
    """(level held, quote) per degree the prose mentions; a degree being studied for counts one level lower."""
    if not text:
        return []
    prepared = _prepare(text)
    found: list[tuple[DegreeLevel, str]] = []
    for level, pattern in _PROSE_DEGREES:
        for match in pattern.finditer(prepared):
            if _pursuing(prepared, match.start(), match.end()):
                found.append((_ONE_BELOW[level], f"{match.group(0)} in progress"))
            else:
                found.append((level, match.group(0)))
    return found


def read_degree(field: str | None, texts: Sequence[str | None]) -> DegreeEvidence:
    """The degree field when it names a level (lowered when still being studied for), else the text's highest."""
    level = candidate_degree(field)
    if level is not None and field:
        prepared = _prepare(field)
        if "pursuing" in prepared or "studying" in prepared or _PURSUING_AFTER.search(prepared):
            return DegreeEvidence(_ONE_BELOW[level], FIELD, f"'{field.strip()[:40]}'")
        return DegreeEvidence(level, FIELD, "")
    found = [item for text in texts for item in degrees_in_prose(text)]
    if not found:
        return DegreeEvidence(None, "", "")
    best = max(found, key=lambda item: item[0])
    return DegreeEvidence(best[0], TEXT, f"'{best[1]}'")


# ---- relocation ------------------------------------------------------------------------------------

_RELOCATING = re.compile(
    r"\b(?:relocating|relocate|relocation|moving|move|moving back|transferring)\s+(?:back\s+)?to\s+"
    r"([a-z][a-z ,'-]{1,40})"
)
_PLACE_END = re.compile(
    r"\s+(?:in|this|next|by|on|from|soon|early|late|after|for|and|with|once|when|around|before|at|as)\b.*$"
)
_ENDORSEMENT = re.compile(r"\bendorsement\b")
_LICENCE = re.compile(r"\blicen[cs]")
_SENTENCE = re.compile(r"[.;!?\n]")
_STATE_NAMES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"\b" + re.escape(name) + r"\b"), code)
    for name, code in sorted(US_STATES.items(), key=lambda item: -len(item[0]))
    if len(name) > 2 and not name.endswith(" state")
)


@dataclass(frozen=True)
class Relocation:
    """A place the candidate says they are moving to (or seeking a licence in): a city or a US state."""

    place: Place
    quote: str
    moving: bool = True
    """True for a move ("relocating to Seattle": the current place stops counting); False for a licence
    sought by endorsement (the candidate may commute from where they are)."""


def _known_place(place: Place) -> bool:
    """Only real places count: "moving to dbt" is no relocation."""
    if place.city:
        return place.city in CITIES or place.city in METRO_TOWNS or metro_of(place) is not None
    return place.region is not None or place.country is not None


def read_relocations(texts: Sequence[str | None], home: Place) -> tuple[Relocation, ...]:
    """Places named after "relocating/moving to", and states named next to licensure by endorsement."""
    found: dict[Place, Relocation] = {}
    for text in texts:
        if not text:
            continue
        cleaned = clean_text(text)
        if "relocat" not in cleaned and "mov" not in cleaned and "endorsement" not in cleaned:
            continue
        for match in _RELOCATING.finditer(cleaned):
            tail = _PLACE_END.sub("", match.group(1)).strip(" ,'-")
            place = parse_location(tail)
            if _known_place(place) and place not in found:
                found[place] = Relocation(place, f"relocating to {tail}")
        for sentence in _SENTENCE.split(cleaned):
            if not (_ENDORSEMENT.search(sentence) and _LICENCE.search(sentence)):
                continue
            for pattern, code in _STATE_NAMES:
                if code != home.region and pattern.search(sentence):
                    place = Place(region=code, country="us")
                    found.setdefault(place, Relocation(place, f"licensure by endorsement in {code.upper()}", False))
    return tuple(found.values())
