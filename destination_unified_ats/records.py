"""Record intake: turn one incoming Airbyte record into a validated `SourcedCandidate`.

Every problem is a `RecordRejected` naming the field and why; nothing here talks to the network.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from destination_unified_ats.contract import split_list
from destination_unified_ats.email_identity import email_key as email_key  # re-exported: audit.py keys with it
from destination_unified_ats.models import ApplicationStatus
from destination_unified_ats.resumes import ResumeInput, ResumeProblem, parse_resume

MAX_SHORT_TEXT = 512  # names, titles, companies, locations, ids
MAX_LONG_TEXT = 65_536  # summary, explanations
MAX_LIST_ITEMS = 200
MAX_METADATA_ENTRIES = 100
DEFAULT_MAX_RESUME_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SEARCHED_EMAILS = 5
# Values that fill a name field without naming anyone (compared case-insensitively).
_PLACEHOLDER_NAMES = frozenset({"n/a", "null", "none", "nil", "nan", "undefined", "unknown", "no name", "noname"})

_EMAIL = re.compile(r"^[^\s@<>(),;:\"\[\]]{1,64}@[^\s@<>(),;:\"\[\]_]+\.[^\s@<>(),;:\"\[\]_.]{2,}$")
_SLUG = re.compile(r"[^a-z0-9_]+")
_STATUS_VALUES = ", ".join(s.value for s in ApplicationStatus)


class RecordRejected(Exception):
    """The record cannot be written as it is."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


@dataclass
class SourcedCandidate:
    emails: list[str]
    email_types: list[str]
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    title: str | None = None
    company_name: str | None = None
    summary: str | None = None
    telephones: list[tuple[str, str | None]] = field(default_factory=list)
    link_urls: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    years_experience: float | None = None
    degree: str | None = None
    location: str | None = None
    remote: bool | None = None
    job_id: str | None = None
    application_status: ApplicationStatus | None = None
    tags: list[str] = field(default_factory=list)
    metadata: dict[str, str | int | float | bool] = field(default_factory=dict)
    resume: ResumeInput | None = None
    match_score: float | None = None
    match_explanation: str | None = None
    warnings: list[str] = field(default_factory=list)
    search_limit: int | None = None
    """How many of `emails` (the first ones) identity searches the ATS for; None: all."""
    name_required: bool = False
    """A candidate is created only when the record has a name (an existing one is reused without)."""

    @functools.cached_property
    def email_keys(self) -> list[str]:
        """Identity keys for de-duplication: trimmed, lower-cased emails (read several times a record; `emails`
        is never changed once the record is parsed)."""
        return [email_key(e) for e in self.emails]

    @property
    def searched_email_keys(self) -> list[str]:
        """The keys searched for an existing candidate: the primary address and a few more."""
        keys = self.email_keys
        return keys if self.search_limit is None else keys[: self.search_limit]

    @property
    def unsearched_emails(self) -> int:
        return 0 if self.search_limit is None else max(0, len(self.emails) - self.search_limit)

    @property
    def nameless(self) -> bool:
        return not (self.first_name or self.last_name or self.name)

    def nameless_reason(self) -> str | None:
        """Why this record may not create a candidate, or None."""
        if not (self.name_required and self.nameless):
            return None
        return (
            "no candidate with this email is in the ATS and the record has no name to create one with (first_name, "
            "last_name and name are missing, empty or blank); map a name field, or set allow_nameless_candidates"
        )

    def matching_signals(self) -> dict[str, Any]:
        """The fields job matching reads (matching depends on the record, never the other way round)."""
        return {
            "title": self.title,
            "summary": self.summary,
            "skills": self.skills,
            "years_experience": self.years_experience,
            "degree": self.degree,
            "location": self.location,
            "remote": self.remote,
        }

    @property
    def display_name(self) -> str | None:
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        return full or self.name


def parse_record(
    data: Any,
    *,
    max_resume_bytes: int = DEFAULT_MAX_RESUME_BYTES,
    require_name: bool = False,
    max_searched_emails: int | None = None,
) -> SourcedCandidate:
    """Validate and normalise one record in contract field names; raises `RecordRejected` naming the field.

    `require_name`: the record may not create a candidate without a name (`nameless_reason`); nothing is ever
    derived from the address. `max_searched_emails`: how many of its addresses identity may search (all of
    them are written).
    """
    if not isinstance(data, Mapping):
        raise RecordRejected("record", f"expected a JSON object, got {_type_name(data)}")
    warnings: list[str] = []
    emails, types = _emails(data, warnings)
    first, last, name = (_name(data, key, warnings) for key in ("first_name", "last_name", "name"))
    if name and not (first or last):
        first, last = split_name(name)
    if max_searched_emails is not None and len(emails) > max_searched_emails:
        warnings.append(
            f"{len(emails)} email addresses: the first {max_searched_emails} were searched for an existing candidate, "
            f"the other {len(emails) - max_searched_emails} are written but were not searched"
        )
    resume = _resume(data, max_resume_bytes)
    return SourcedCandidate(
        emails=emails,
        email_types=types,
        first_name=first,
        last_name=last,
        name=name or (" ".join(p for p in (first, last) if p) or None),
        title=_text(data, "title"),
        company_name=_text(data, "company_name"),
        summary=_text(data, "summary", MAX_LONG_TEXT),
        telephones=_telephones(data),
        link_urls=_string_list(data, "link_urls"),
        skills=_string_list(data, "skills"),
        years_experience=_number(data, "years_experience", 0, 80),
        degree=_text(data, "degree"),
        location=_text(data, "location"),
        remote=_bool(data, "remote"),
        job_id=_identifier(data, "job_id"),
        application_status=parse_status(data.get("application_status")),
        tags=_string_list(data, "tags"),
        metadata=_metadata(data),
        resume=resume,
        match_score=_number(data, "match_score", 0, 1),
        match_explanation=_text(data, "match_explanation", MAX_LONG_TEXT),
        warnings=warnings,
        search_limit=max_searched_emails,
        name_required=require_name,
    )


def split_name(name: str) -> tuple[str | None, str | None]:
    parts = name.split()
    if not parts:
        return None, None
    if len(parts) == 1:
        return parts[0], None
    return parts[0], " ".join(parts[1:])


def _type_name(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


_JSON_TYPES: dict[type, str] = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "number",
    float: "number",
    type(None): "null",
}


def _clean(value: str) -> str:
    return " ".join(value.split()) if "\n" not in value else value.strip()


def _text(data: Mapping[str, Any], key: str, limit: int = MAX_SHORT_TEXT) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordRejected(key, f"expected a string, got {_type_name(value)}")
    text = _clean(str(value))
    if len(text) > limit:
        raise RecordRejected(key, f"{len(text):,} characters, over the {limit:,} limit")
    return text or None


def _name(data: Mapping[str, Any], key: str, warnings: list[str]) -> str | None:
    """A name with its invisible edges trimmed; None when it names no one (blank, punctuation, "N/A")."""
    text = _text(data, key)
    if text is None:
        return None
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    text = text[start:end]
    if not any(unicodedata.category(c).startswith("L") for c in text) or text.lower() in _PLACEHOLDER_NAMES:
        if text:
            warnings.append(f"{key} {text[:40]!r} names no one (no letters, or a placeholder); it was ignored")
        return None
    return text


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")


def _identifier(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text({key: value}, key)
    if text and any(c.isspace() for c in text):
        raise RecordRejected(key, f"{text[:80]!r} is not an id (contains white space)")
    return text


def _emails(data: Mapping[str, Any], warnings: list[str]) -> tuple[list[str], list[str]]:
    raw: list[tuple[Any, Any]] = []
    single = data.get("email")
    if single is not None:
        raw.append((single, None))
    many = data.get("emails")
    if many is not None:
        if isinstance(many, str):
            many = [many]
        if not isinstance(many, list):
            raise RecordRejected(
                "emails", f"expected an array of strings or of {{email, type}}, got {_type_name(many)}"
            )
        for item in many[:MAX_LIST_ITEMS]:
            if isinstance(item, Mapping):
                raw.append((item.get("email"), item.get("type")))
            else:
                raw.append((item, None))
    if not raw:
        raise RecordRejected("email", "missing: a record needs `email` or `emails` to be de-duplicated")
    emails: list[str] = []
    types: list[str] = []
    invalid: list[str] = []
    for value, kind in raw:
        if value is None:
            continue
        if not isinstance(value, str):
            invalid.append(f"{_type_name(value)} value")
            continue
        address = unicodedata.normalize("NFC", value.strip())
        if address.lower().startswith("mailto:"):
            address = address[7:]
        if len(address) > 254 or not _EMAIL.match(address):
            invalid.append(repr(address[:80]))
            continue
        if email_key(address) in (email_key(e) for e in emails):
            continue
        emails.append(address)
        types.append(kind.upper() if isinstance(kind, str) and kind.upper() in ("WORK", "HOME", "OTHER") else "WORK")
    if not emails:
        if invalid:
            raise RecordRejected("email", f"no valid email address: {', '.join(invalid)}")
        raise RecordRejected("email", "missing: `email`/`emails` are empty or null")
    if invalid:
        warnings.append(f"ignored invalid email(s): {', '.join(invalid)}")
    return emails, types


def _string_list(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = split_list(value)
    if not isinstance(value, list):
        raise RecordRejected(key, f"expected an array of strings, got {_type_name(value)}")
    if len(value) > MAX_LIST_ITEMS:
        raise RecordRejected(key, f"{len(value):,} items, over the {MAX_LIST_ITEMS} limit")
    items: list[str] = []
    for index, item in enumerate(value):
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise RecordRejected(f"{key}[{index}]", f"expected a string, got {_type_name(item)}")
        text = _clean(str(item))
        if len(text) > MAX_SHORT_TEXT * 4:
            raise RecordRejected(f"{key}[{index}]", f"{len(text):,} characters, over the {MAX_SHORT_TEXT * 4:,} limit")
        if text and text not in items:
            items.append(text)
    return items


def _telephones(data: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    phones: list[tuple[str, str | None]] = []
    phone = data.get("phone")
    if phone is not None:
        text = _text(data, "phone")
        if text:
            phones.append((text, None))
    many = data.get("telephones")
    if many is None:
        return phones
    if isinstance(many, str):
        many = [many]
    if not isinstance(many, list):
        raise RecordRejected("telephones", f"expected an array, got {_type_name(many)}")
    for index, item in enumerate(many[:MAX_LIST_ITEMS]):
        number, kind = (item.get("telephone"), item.get("type")) if isinstance(item, Mapping) else (item, None)
        if number is None:
            continue
        if isinstance(number, bool) or not isinstance(number, str | int):
            raise RecordRejected(f"telephones[{index}]", f"expected a phone number string, got {_type_name(number)}")
        text = _clean(str(number))
        if len(text) > 64:
            raise RecordRejected(f"telephones[{index}]", "longer than 64 characters")
        valid_kind = kind.upper() if isinstance(kind, str) else None
        if valid_kind not in ("WORK", "HOME", "OTHER", "FAX", "MOBILE"):
            valid_kind = None
        if text and text not in (p for p, _ in phones):
            phones.append((text, valid_kind))
    return phones


def _number(data: Mapping[str, Any], key: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordRejected(key, "expected a number, got boolean")
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text)
        except ValueError:
            raise RecordRejected(key, f"{text[:40]!r} is not a number") from None
    if not isinstance(value, int | float):
        raise RecordRejected(key, f"expected a number, got {_type_name(value)}")
    number = float(value)
    if math.isnan(number) or not low <= number <= high:
        raise RecordRejected(key, f"{value} is outside {low:g}..{high:g}")
    return number


def _bool(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "y"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "0", "n", ""):
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise RecordRejected(key, f"expected true or false, got {str(value)[:40]!r}")


def parse_status(value: Any, field: str = "application_status") -> ApplicationStatus | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordRejected(field, f"expected a status string, got {_type_name(value)}")
    normalised = re.sub(r"[\s-]+", "_", value.strip()).upper()
    try:
        return ApplicationStatus(normalised)
    except ValueError:
        raise RecordRejected(field, f"{value[:40]!r} is not a status; use one of {_STATUS_VALUES}") from None


def slugify(key: str) -> str:
    return _SLUG.sub("_", key.strip().lower()).strip("_")


def _metadata(data: Mapping[str, Any]) -> dict[str, str | int | float | bool]:
    value = data.get("metadata")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RecordRejected("metadata", f"expected an object of slug to value, got {_type_name(value)}")
    if len(value) > MAX_METADATA_ENTRIES:
        raise RecordRejected("metadata", f"{len(value)} entries, over the {MAX_METADATA_ENTRIES} limit")
    result: dict[str, str | int | float | bool] = {}
    for key, item in value.items():
        slug = slugify(str(key))
        if not slug:
            raise RecordRejected("metadata", f"key {str(key)[:40]!r} has no usable characters for a slug")
        if item is None:
            continue
        if isinstance(item, list) and all(isinstance(i, str | int | float) and not isinstance(i, bool) for i in item):
            item = ", ".join(str(i) for i in item)
        if isinstance(item, Mapping | list):
            raise RecordRejected(
                f"metadata.{key}", f"nested {_type_name(item)} values are not supported; map a scalar value instead"
            )
        if isinstance(item, float) and not math.isfinite(item):
            raise RecordRejected(f"metadata.{key}", "not a finite number")
        if isinstance(item, str) and len(item) > MAX_LONG_TEXT:
            raise RecordRejected(f"metadata.{key}", f"{len(item):,} characters, over the {MAX_LONG_TEXT:,} limit")
        result[slug] = item
    return result


def _resume(data: Mapping[str, Any], max_bytes: int) -> ResumeInput | None:
    try:
        return parse_resume(data, max_bytes)
    except ResumeProblem as exc:
        raise RecordRejected(exc.field, exc.reason) from None
