"""Text cleaning and raw tokenisation: HTML stripped, unicode folded, lower-cased, split into words."""

from __future__ import annotations

import html
import re
import unicodedata

_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,2000}>")
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])'s\b")
_APOSTROPHE = re.compile(r"(?<=[a-z0-9])'(?=[a-z])")
_DOTNET = re.compile(r"(?<![a-z0-9])\.net\b")
_SLASHED = {"a/b": " ab ", "r&d": " research development ", "r&amp;d": " research development "}
_SLASHED_RE = re.compile(r"(?<![a-z0-9])(?:a/b|r&d|r&amp;d)(?![a-z0-9])")
_DOTTED_ABBREVIATION = re.compile(r"\b(?:[a-z]\.){2,}(?![a-z0-9])")
_WHITESPACE = re.compile(r"\s+")
# A word: letters/digits, optionally with inner dots (node.js, 3.11) and trailing + or # (c++, c#).
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*[+#]*")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

# Single characters that carry meaning in resumes and postings (languages): everything else of one
# character is noise ("a", the "s" of "s3" is kept as part of its word anyway).
_MEANINGFUL_SINGLE = frozenset({"c", "r"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: frozenset[str] = _words(
    """
    a about above across after again against all almost also am among an and any are around as at
    be because been before being below between both but by can could did do does doing done down
    during each either else etc ever every few for from further get gets getting had has have having
    he her here hers herself him himself his how however i if in into is it its itself just least
    less let like likely made make makes many may me might more most much must my myself near need
    needs neither no nor not now of off often on once one only or other others our ours ourselves out
    over own per please rather really same several shall she should since so some such than that the
    their theirs them themselves then there these they this those though through thus to too toward
    towards under until up upon us use used uses using very via was we well were what whatever when
    where whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves eg ie
    ability able additional along applicant applicants apply available based benefits best
    bonus candidate candidates company day days desired duties ensure environment equal excellent
    employer everyone exciting experience experienced familiarity familiar fast great good help
    highly ideal ideally including join key knowledge looking love minimum new nice opportunity
    opportunities paced passion passionate plus position preferred proficiency proficient proven
    qualification qualifications related relevant requirement requirements required responsibilities
    responsibility role roles skill skills solid strong successful team teams understanding want
    willing work working world year years yr yrs
    """
)


def clean_text(text: str) -> str:
    """Lower-cased, accent-free, HTML-free text with single spaces (characters outside ASCII dropped)."""
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", _SCRIPT_STYLE.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_QUOTES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.encode("ascii", "ignore").decode("ascii")
    text = text.casefold()
    # The substitutions below are skipped when their trigger character is absent (most text).
    if "'" in text:
        text = _APOSTROPHE.sub("", _POSSESSIVE.sub("", text))
    if "." in text:
        text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), _DOTNET.sub(" dotnet ", text))
    if "/" in text or "&" in text:
        text = _SLASHED_RE.sub(lambda m: _SLASHED[m.group(0)], text)
    return _WHITESPACE.sub(" ", text).strip()


def raw_tokens(cleaned: str) -> list[str]:
    """Words of already-cleaned text, stop words kept (phrases like "go to market" need them)."""
    return [
        token for token in _TOKEN.findall(cleaned) if len(token) > 1 or token in _MEANINGFUL_SINGLE or token.isdigit()
    ]


def is_stop_word(token: str) -> bool:
    return token in STOP_WORDS
