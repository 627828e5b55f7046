"""A light English suffix stripper (Porter-like, three small steps), good enough for job and resume text.

It only has to be consistent: "engineering", "engineers" and "engineer" must meet, "manager",
"managing" and "management" must meet; it does not have to produce dictionary words.
"""

from __future__ import annotations

from functools import lru_cache

_VOWELS = frozenset("aeiouy")

# Step 1, inflections: (suffix, replacement, shortest stem left).
_INFLECTIONS: tuple[tuple[str, str, int], ...] = (
    ("ies", "y", 3),
    ("ied", "y", 3),
    ("sses", "ss", 2),
    ("ings", "", 3),
    ("ing", "", 3),
    ("ed", "", 3),
    ("es", "", 3),
    ("s", "", 3),
)
# Step 2, derivations: applied at most twice ("leadership" -> "leader" -> "lead").
_DERIVATIONS: tuple[tuple[str, str, int], ...] = (
    ("izations", "ize", 3),
    ("ization", "ize", 3),
    ("isation", "ize", 3),
    ("ational", "ate", 3),
    ("ations", "ate", 3),
    ("ation", "ate", 3),
    ("ments", "", 4),
    ("ment", "", 4),
    ("ness", "", 3),
    ("ship", "", 3),
    ("ers", "", 4),
    ("er", "", 4),
    ("ors", "", 4),
    ("or", "", 4),
    ("ise", "ize", 3),
)
_NO_UNDOUBLE = frozenset("lsz")


def _has_vowel(stem: str) -> bool:
    return any(ch in _VOWELS for ch in stem)


def _strip_inflection(word: str) -> str:
    if word.endswith(("ss", "us", "is")) and not word.endswith("sses"):
        return word
    for suffix, replacement, min_stem in _INFLECTIONS:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) < min_stem or not _has_vowel(stem):
                return word
            if (
                suffix in ("ing", "ings", "ed")
                and len(stem) > 3
                and stem[-1] == stem[-2]
                and stem[-1] not in _NO_UNDOUBLE
                and stem[-1] not in _VOWELS
            ):
                stem = stem[:-1]
            return stem + replacement
    return word


def _strip_derivation(word: str) -> str:
    for suffix, replacement, min_stem in _DERIVATIONS:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) >= min_stem and _has_vowel(stem):
                return stem + replacement
            return word
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem of a lower-case word; words with digits or symbols (k8s, c++, s3) are returned as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    stemmed = _strip_inflection(word)
    for _ in range(2):
        shorter = _strip_derivation(stemmed)
        if shorter == stemmed:
            break
        stemmed = shorter
    if len(stemmed) > 4 and stemmed.endswith("e"):
        stemmed = stemmed[:-1]
    return stemmed
