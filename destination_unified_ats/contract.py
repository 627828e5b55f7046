"""The record contract, declared once: every field a record may carry, its shape, its aliases and which
data-activation objects read it. The field mapper's aliases, the `record_field` choices of the spec, the
discover schemas and the docs are all derived from this table; intake (`records.parse_record`) reads exactly
these fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from destination_unified_ats.models import ApplicationStatus

# The activation objects (`destination_object_name`); a full-workflow stream reads every field.
CANDIDATE, APPLICATION, DOCUMENT = "candidate", "application", "document"
_PERSON: Final = frozenset({CANDIDATE, APPLICATION})
_IDENTITY: Final = frozenset({CANDIDATE, APPLICATION, DOCUMENT})

# The one list-splitting rule: a string given for a list field is split on , ; and newlines.
LIST_SEPARATORS: Final = re.compile(r"[,;\n]")


def split_list(text: str) -> list[str]:
    """`"python, go ;rust"` -> `["python", "go", "rust"]` (blank parts dropped)."""
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


# --- what a guessed (aliased) value must look like to count as a match ---------------------------------------


def _anything(value: Any) -> bool:
    return True


def _text(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _string(value: Any) -> bool:
    return isinstance(value, str)


def _list_or_string(value: Any) -> bool:
    return isinstance(value, str | list)


def _number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        try:
            float(value.strip())
        except ValueError:
            return False
        return True
    return False


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    return isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "y", "n", "1", "0")


def _url(value: Any) -> bool:
    schemes = ("http://", "https://")  # ignore-https-check
    return isinstance(value, str) and value.lstrip()[:8].lower().startswith(schemes)


def _urls(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(v, str) or v is None for v in value)


def _object(value: Any) -> bool:
    return isinstance(value, Mapping)


_STRING: Final[dict[str, Any]] = {"type": "string"}
_STRINGS: Final[dict[str, Any]] = {"type": "array", "items": {"type": "string"}}
_STRINGS_OR_TYPED: Final[dict[str, Any]] = {"type": "array", "items": {"type": ["string", "object"]}}


@dataclass(frozen=True)
class ContractField:
    name: str
    description: str
    schema: Mapping[str, Any]
    objects: frozenset[str]
    """The activation objects whose records carry this field (a full-workflow stream reads them all)."""
    aliases: tuple[str, ...] = ()
    """Source names auto-detection reads into this field, most specific first (normalised when matched)."""
    accepts: Callable[[Any], bool] = _anything
    """Whether an aliased value has the shape of this field (a guess never gets a record rejected)."""
    list_field: bool = False
    """Several values for it (from several sources) are merged into one list."""
    splits: bool = False
    """A string value is a list written as text, split by `split_list`."""

    def json_schema(self) -> dict[str, Any]:
        return {**self.schema, "description": self.description}


FIELDS: Final[tuple[ContractField, ...]] = (
    ContractField(
        "email",
        "The candidate's email address: the identity for de-duplication (case-insensitive, Unicode-normalised).",
        _STRING,
        _IDENTITY,
        (
            "email",
            "email_address",
            "mail",
            "e_mail_address",
            "work_email",
            "business_email",
            "primary_email",
            "contact_email",
            "personal_email",
            "private_email",
        ),
    ),
    ContractField(
        "emails",
        "More addresses, strings or {email, type}; all are written, the first few are searched.",
        _STRINGS_OR_TYPED,
        _IDENTITY,
        ("emails", "email_addresses", "email_list"),
        list_field=True,
    ),
    ContractField(
        "first_name",
        "Given name. A record needs a name (first_name, last_name or name).",
        _STRING,
        _PERSON,
        ("first_name", "given_name", "firstname", "first", "forename", "fname"),
        _string,
    ),
    ContractField(
        "last_name",
        "Family name.",
        _STRING,
        _PERSON,
        ("last_name", "family_name", "surname", "last", "lname"),
        _string,
    ),
    ContractField(
        "name",
        "Full name, split into first and last name when those are absent.",
        _STRING,
        _PERSON,
        ("name", "full_name", "display_name", "candidate_name", "person_name", "contact_name"),
        _string,
    ),
    ContractField(
        "title",
        "Current job title.",
        _STRING,
        _PERSON,
        ("title", "job_title", "current_title", "headline", "position", "current_position", "job_role", "occupation"),
        _string,
    ),
    ContractField(
        "company_name",
        "Current employer.",
        _STRING,
        _PERSON,
        (
            "company_name",
            "company",
            "current_company",
            "employer",
            "current_employer",
            "organization",
            "organisation",
        ),
        _string,
    ),
    # Not `description` as an alias: in job and CRM exports that is as often the job's or the deal's text.
    ContractField(
        "summary",
        "Bio or profile summary.",
        _STRING,
        _PERSON,
        ("summary", "bio", "biography", "about", "about_me", "profile_summary"),
        _string,
    ),
    ContractField(
        "phone",
        "A phone number.",
        _STRING,
        _PERSON,
        (
            "phone",
            "phone_number",
            "telephone",
            "mobile",
            "mobile_phone",
            "mobile_number",
            "cell",
            "cell_phone",
            "tel",
            "work_phone",
        ),
        _text,
    ),
    ContractField(
        "telephones",
        "Phone numbers, strings or {telephone, type}.",
        _STRINGS_OR_TYPED,
        _PERSON,
        ("telephones", "phones", "phone_numbers"),
        _list_or_string,
        list_field=True,
    ),
    ContractField(
        "link_urls",
        "Profile links: LinkedIn, GitHub, portfolio.",
        _STRINGS,
        _PERSON,
        (
            "link_urls",
            "links",
            "urls",
            "linkedin",
            "linkedin_url",
            "linkedin_profile",
            "github",
            "github_url",
            "website",
            "website_url",
            "personal_website",
            "portfolio",
            "portfolio_url",
            "homepage",
            "twitter",
            "twitter_url",
        ),
        _urls,
        list_field=True,
        splits=True,
    ),
    ContractField(
        "skills",
        "Skills, an array or a comma-separated string.",
        _STRINGS,
        _PERSON,
        ("skills", "skill_list", "skill_set", "technologies", "tech_stack", "key_skills"),
        _list_or_string,
        list_field=True,
        splits=True,
    ),
    ContractField(
        "years_experience",
        "Years of professional experience (0..80).",
        {"type": "number"},
        _PERSON,
        ("years_experience", "years_of_experience", "experience_years", "yoe", "total_experience_years"),
        _number,
    ),
    ContractField(
        "degree", "Highest degree.", _STRING, _PERSON, ("degree", "highest_degree", "academic_degree"), _string
    ),
    ContractField(
        "location",
        "Where the candidate lives or works.",
        _STRING,
        _PERSON,
        ("location", "current_location", "city", "address"),
        _string,
    ),
    ContractField(
        "remote",
        "Open to remote work.",
        {"type": "boolean"},
        _PERSON,
        ("remote", "is_remote", "open_to_remote"),
        _boolean,
    ),
    ContractField(
        "job_id",
        "The ATS job to apply to (overrides default_job_id).",
        _STRING,
        frozenset({APPLICATION, DOCUMENT}),
        ("job_id", "requisition_id"),
        _text,
    ),
    ContractField(
        "application_status",
        "Stage for this record's application: " + ", ".join(s.value for s in ApplicationStatus) + ".",
        {"type": "string", "enum": [s.value for s in ApplicationStatus]},
        frozenset({APPLICATION}),
        ("application_status", "application_stage"),
        _string,
    ),
    ContractField(
        "tags",
        "Tags for this candidate, merged with the candidate's existing tags.",
        _STRINGS,
        _PERSON,
        ("tags", "labels"),
        _list_or_string,
        list_field=True,
        splits=True,
    ),
    ContractField(
        "metadata",
        "Source metadata: an object of slug to scalar value.",
        {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
        _PERSON,
        ("metadata",),
        _object,
    ),
    ContractField(
        "resume_base64",
        "Resume file contents, base64.",
        _STRING,
        frozenset({DOCUMENT}),
        ("resume_base64", "cv_base64"),
        _string,
    ),
    ContractField(
        "resume_filename",
        "The resume's file name.",
        _STRING,
        frozenset({DOCUMENT}),
        ("resume_filename", "cv_filename"),
        _string,
    ),
    ContractField(
        "resume_url",
        "An http(s) URL of the resume.",
        _STRING,
        frozenset({DOCUMENT}),
        ("resume_url", "cv_url", "resume_link", "cv_link", "resume", "cv"),
        _url,
    ),
    ContractField(
        "match_score",
        "An upstream match score (0..1), written as candidate metadata.",
        {"type": "number", "minimum": 0, "maximum": 1},
        _PERSON,
        ("match_score",),
        _number,
    ),
    ContractField(
        "match_explanation",
        "An upstream match explanation, written as candidate metadata.",
        _STRING,
        _PERSON,
        ("match_explanation", "match_reason"),
        _string,
    ),
)

FIELD_NAMES: Final[tuple[str, ...]] = tuple(f.name for f in FIELDS)
BY_NAME: Final[dict[str, ContractField]] = {f.name: f for f in FIELDS}
LIST_FIELDS: Final = frozenset(f.name for f in FIELDS if f.list_field)
SPLIT_FIELDS: Final = frozenset(f.name for f in FIELDS if f.splits)
NAME_FIELDS: Final = ("first_name", "last_name", "name")


def check_field_name(name: str) -> str:
    """Validator for a `record_field` given in the config."""
    if name not in BY_NAME:
        raise ValueError(f"{name!r} is not a record field; use one of {', '.join(FIELD_NAMES)}")
    return name


def object_fields(object_name: str) -> tuple[ContractField, ...]:
    return tuple(f for f in FIELDS if object_name in f.objects)
