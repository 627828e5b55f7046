"""Text to index terms: clean, tokenise, fold aliases, drop stop words, stem."""

from __future__ import annotations

from destination_unified_ats.matching.stemmer import stem
from destination_unified_ats.matching.synonyms import (
    ALIASES,
    DOMAIN_SKILL_WORDS,
    MAX_PHRASE_WORDS,
    PHRASE_STARTS,
    TECH_TERMS,
    UNSTEMMED_WORDS,
)
from destination_unified_ats.matching.text import STOP_WORDS, clean_text, raw_tokens

# One word's terms, memoised: most words repeat across postings and resumes.
_WORD_CACHE: dict[str, tuple[str, ...]] = {}
_WORD_CACHE_LIMIT = 200_000


def _normalise_word(word: str) -> str:
    if word in UNSTEMMED_WORDS:
        return word
    return stem(word)


def _word_terms(word: str) -> tuple[str, ...]:
    cached = _WORD_CACHE.get(word)
    if cached is not None:
        return cached
    alias = ALIASES.get((word,))
    if alias is not None:
        terms = tuple(_normalise_word(t) for t in alias)
    elif word in STOP_WORDS:
        terms = ()
    else:
        terms = (_normalise_word(word),)
    if len(_WORD_CACHE) < _WORD_CACHE_LIMIT:
        _WORD_CACHE[word] = terms
    return terms


def _display(term: str, surface: str) -> str:
    """How a term reads in an explanation: canonical technologies by name, other words as written."""
    return term.replace("_", " ") if term in UNSTEMMED_WORDS else surface


def analyze_tokens(tokens: list[str]) -> list[tuple[str, str]]:
    """(term, surface) pairs of raw tokens. The surface is the word as written, or the canonical name of a
    technology ("k8s" reads "kubernetes"); seniority and filler words are recognised by it."""
    out: list[tuple[str, str]] = []
    i = 0
    n = len(tokens)
    while i < n:
        word = tokens[i]
        if word in PHRASE_STARTS:
            matched = False
            for size in range(min(MAX_PHRASE_WORDS, n - i), 1, -1):
                key = tuple(tokens[i : i + size])
                alias = ALIASES.get(key)
                if alias is not None:
                    surface = " ".join(key)
                    # A one-term alias reads as its phrase ("front end"); a several-term one reads term
                    # by term ("product manager" -> "product_manager", "product", "manager").
                    out.extend((_normalise_word(t), _display(t, t if len(alias) > 1 else surface)) for t in alias)
                    i += size
                    matched = True
                    break
            if matched:
                continue
        out.extend((term, _display(term, word)) for term in _word_terms(word))
        i += 1
    return out


def analyze_with_surface(text: str | None) -> list[tuple[str, str]]:
    if not text:
        return []
    return analyze_tokens(raw_tokens(clean_text(text)))


def analyze(text: str | None) -> list[str]:
    """Index terms of `text`, in order, repeated as often as they occur."""
    return [term for term, _ in analyze_with_surface(text)]


SKILL_TERMS: frozenset[str] = TECH_TERMS | frozenset(stem(word) for word in DOMAIN_SKILL_WORDS)
"""Terms that name a skill: canonical technologies and roles plus stemmed domain skills."""
