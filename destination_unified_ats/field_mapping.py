"""Field mapping: turn any source's record into the contract's field names before intake.

A record is mapped in three tiers, per contract field, the first tier that yields a value deciding it:

1. explicit mappings (`field_mappings` in the config): a path into the record (`contact.email`,
   `emails[0].value`, `emails[*].address`, `["first name"]`) and the contract field it fills;
2. the record's own fields that already carry a contract name (`email`, `first_name`, ...);
3. with `auto_detect_fields`, common aliases (`Email`, `emailAddress`, `work_email`, `First Name`, `LinkedIn`,
   ...), matched case-insensitively and ignoring `_`, `-`, spaces and dots.

Values from tiers 1 and 2 are passed on as found (intake validates them and names the field when they are
wrong). Aliases are guesses, so an alias whose value has the wrong shape for its field (a `company` object, an
`address` object) is simply not a match: a guess never gets a record rejected. A source key that an explicit
mapping reads (the first segment of its path) is not used by tiers 2 and 3: the user has said what it means.

Several values for one list field (`link_urls`, `skills`, `tags`, `emails`, `telephones`) from the same tier are
merged into one list (a `LinkedIn` and a `GitHub` column both land in `link_urls`); for any other field the first
explicit mapping that matches wins (so several mappings to `email` act as fallbacks), and among aliases the most
specific one (e.g. `email_address` before `work_email` before `personal_email`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from destination_unified_ats.contract import (
    FIELD_NAMES,
    FIELDS,
    LIST_FIELDS,
    SPLIT_FIELDS,
    check_field_name,
    split_list,
)
from destination_unified_ats.records import RecordRejected

# A `record_field` in the config: one of the contract's field names (the spec lists them as an enum).
RecordField = Annotated[
    str,
    AfterValidator(check_field_name),
    WithJsonSchema({"type": "string", "enum": list(FIELD_NAMES)}),
]

CONTRACT_FIELDS: tuple[str, ...] = FIELD_NAMES

MAX_KEYS_IN_REASON = 10
_MAX_KEY_CHARS = 40
_KEY_CACHE_LIMIT = 4096


# --------------------------------------------------------------------------------------------------------------------
# The config model


class FieldMapping(BaseModel):
    """One source field (a path into the record) and the contract field it fills."""

    model_config = ConfigDict(
        title="Field mapping",
        extra="forbid",
        json_schema_extra={"description": "Reads one value from each source record into a candidate field."},
    )

    source_path: str = Field(
        title="Source field path",
        description=(
            "Where the value is in the source record: a field name, or a path into nested objects and arrays. "
            'Dots go into objects ("contact.email"), [N] picks an array item ("emails[0].value"), [*] takes every '
            'item as a list ("emails[*].address", "profile.links[*]"), and names with dots, brackets or quotes are '
            'quoted (["first name"], contact["e.mail"]). A path that matches nothing leaves the field empty.'
        ),
        min_length=1,
        max_length=1000,
        json_schema_extra={
            "examples": ["contact.email", "emails[0].value", "emails[*].address", "profile.links[*]", '["First Name"]'],
            "order": 0,
        },
    )
    record_field: RecordField = Field(
        title="Candidate field",
        description=(
            "The field of the candidate record it fills (see the connector docs: email, first_name, title, "
            "company_name, link_urls, skills, location, resume_url, ...). Mapped values win over the record's own "
            "field of that name and over auto-detected ones."
        ),
        json_schema_extra={"examples": ["email", "title", "link_urls"], "order": 1},
    )

    @field_validator("source_path")
    @classmethod
    def _valid_path(cls, path: str) -> str:
        compile_path(path)  # raises ValueError with the position and the problem
        return path


# --------------------------------------------------------------------------------------------------------------------
# Paths


@dataclass(frozen=True, slots=True)
class _Key:
    name: str


@dataclass(frozen=True, slots=True)
class _Index:
    index: int


@dataclass(frozen=True, slots=True)
class _All:
    pass


_Step = _Key | _Index | _All
_ALL: Final = _All()
_MISSING: Final[Any] = object()


@dataclass(frozen=True, slots=True)
class CompiledPath:
    """A parsed source path. `get(data)` returns the value, or `MISSING` when the path matches nothing."""

    text: str
    steps: tuple[_Step, ...]
    fans_out: bool

    @property
    def root_key(self) -> str | None:
        first = self.steps[0] if self.steps else None
        return first.name if isinstance(first, _Key) else None

    def get(self, data: Any) -> Any:
        found: list[Any] = []
        _walk(data, self.steps, 0, found, self.fans_out)
        if self.fans_out:
            return found or _MISSING
        return found[0] if found else _MISSING


MISSING: Final[Any] = _MISSING


@lru_cache(maxsize=256)
def key_path(keys: tuple[str, ...]) -> CompiledPath:
    """A path of plain keys (an Airbyte primary key or matching key), e.g. ("contact", "email")."""
    return CompiledPath(".".join(keys), tuple(_Key(k) for k in keys), False)


def value_at(data: Any, keys: Sequence[str]) -> Any:
    """The value at a path of plain keys, None when absent."""
    value = key_path(tuple(keys)).get(data)
    return None if value is _MISSING else value


def _walk(value: Any, steps: tuple[_Step, ...], at: int, out: list[Any], flatten: bool) -> None:
    """The one path walker: appends what `steps` reach in `value` to `out` (nothing when they reach nothing
    or null); `[*]` fans out over an array's items or an object's values, and with `flatten` a list found at
    the end contributes its items."""
    while at < len(steps):
        step = steps[at]
        if isinstance(step, _Key):
            if not isinstance(value, Mapping) or step.name not in value:
                return
            value = value[step.name]
        elif isinstance(step, _Index):
            if not isinstance(value, list) or not -len(value) <= step.index < len(value):
                return
            value = value[step.index]
        else:
            if isinstance(value, list):
                items: Sequence[Any] = value
            elif isinstance(value, Mapping):
                items = list(value.values())
            else:
                return
            for item in items:
                _walk(item, steps, at + 1, out, flatten)
            return
        at += 1
    if value is None:
        return
    if flatten and isinstance(value, list):
        out.extend(v for v in value if v is not None)
    else:
        out.append(value)


def compile_path(path: str) -> CompiledPath:
    """Parse `a.b[0]["c.d"][*].e`; raises ValueError naming the position and the problem."""
    text = path.strip()
    if not text:
        raise ValueError("empty path")
    if text.startswith("$"):  # tolerate JSONPath's root: `$.a.b`, `$["a"]`
        text = text[1:]
        if text.startswith("."):
            text = text[1:]
        if not text:
            raise ValueError("the path names no field after '$'")
    steps: list[_Step] = []
    i, n = 0, len(text)
    expect_key = True  # at the start and after a dot a field name (or a bracket) must follow
    while i < n:
        char = text[i]
        if char == "[":
            i, step = _bracket(text, i)
            steps.append(step)
            expect_key = False
        elif char == ".":
            if expect_key:
                raise ValueError(f"empty field name at position {i} in {path!r}")
            i += 1
            expect_key = True
            if i >= n:
                raise ValueError(f"path {path!r} ends with '.'")
            if text[i] == "[":
                raise ValueError(f"'.[' at position {i - 1} in {path!r}: write a[0] or a[\"key\"], without the dot")
        elif char == "]":
            raise ValueError(f"unexpected ']' at position {i} in {path!r}")
        else:
            if not expect_key:
                raise ValueError(f"expected '.' or '[' at position {i} in {path!r}")
            start = i
            while i < n and text[i] not in ".[]":
                i += 1
            name = text[start:i].strip()
            if not name:
                raise ValueError(f"empty field name at position {start} in {path!r}")
            steps.append(_Key(name))
            expect_key = False
    if not steps:
        raise ValueError(f"path {path!r} names no field")
    return CompiledPath(path, tuple(steps), any(isinstance(s, _All) for s in steps))


def _bracket(text: str, i: int) -> tuple[int, _Step]:
    """Parse `[...]` starting at text[i] == '['; returns the index after ']' and the step."""
    n = len(text)
    j = i + 1
    while j < n and text[j] == " ":
        j += 1
    if j >= n:
        raise ValueError(f"unclosed '[' at position {i} in {text!r}")
    if text[j] in "\"'":
        quote, j = text[j], j + 1
        chars: list[str] = []
        while j < n and text[j] != quote:
            if text[j] == "\\" and j + 1 < n:
                j += 1
            chars.append(text[j])
            j += 1
        if j >= n:
            raise ValueError(f"unclosed quote {quote} at position {i + 1} in {text!r}")
        j += 1
        step: _Step = _Key("".join(chars))
        if not chars:
            raise ValueError(f"empty quoted field name at position {i} in {text!r}")
    else:
        close = text.find("]", j)
        if close < 0:
            raise ValueError(f"unclosed '[' at position {i} in {text!r}")
        inner = text[j:close].strip()
        j = close
        if inner == "*":
            step = _ALL
        elif re.fullmatch(r"-?\d+", inner):
            step = _Index(int(inner))
        else:
            raise ValueError(
                f"[{inner}] at position {i} in {text!r} is not an index: use [0], [-1], [*], or quote a field name "
                f'as ["{inner}"]'
            )
    while j < n and text[j] == " ":
        j += 1
    if j >= n or text[j] != "]":
        raise ValueError(f"expected ']' at position {j} in {text!r}")
    return j + 1, step


# --------------------------------------------------------------------------------------------------------------------
# Aliases


def normalise_key(key: str) -> str:
    """`E-mail`, `email_address`, `Email Address`, `emailAddress` -> `email` / `emailaddress`."""
    return key.translate(_DROP).lower()


_DROP: Final = str.maketrans("", "", "_- .\t")


def _anything(value: Any) -> bool:
    return True


# field -> (accepts, aliases most specific first), from the contract. Each alias is normalised when matched.
# Every contract field is its own alias too, so `First Name` or `firstName` fill `first_name`.
ALIASES: Final[dict[str, tuple[Callable[[Any], bool], tuple[str, ...]]]] = {
    f.name: (f.accepts, f.aliases) for f in FIELDS
}


@dataclass(frozen=True, slots=True)
class _Target:
    """What one source key means: `own` (the contract name itself) or an alias with a priority."""

    field: str
    own: bool
    priority: int
    accepts: Callable[[Any], bool]


def _alias_index() -> dict[str, _Target]:
    index: dict[str, _Target] = {}
    for field, (accepts, aliases) in ALIASES.items():
        for priority, alias in enumerate(aliases):
            key = normalise_key(alias)
            previous = index.get(key)
            if previous is not None and previous.field != field:
                raise AssertionError(f"alias {alias!r} is claimed by {previous.field} and {field}")
            if previous is None:
                index[key] = _Target(field, False, priority, accepts)
    return index


_ALIAS_INDEX: Final = _alias_index()
_UNSEEN: Final[Any] = object()
_EMAIL_ALIAS_EXAMPLES: Final = "Email, E-mail, email_address, emailAddress, work_email, personal_email, emails"


# --------------------------------------------------------------------------------------------------------------------
# The mapper


@dataclass(frozen=True, slots=True)
class _Compiled:
    field: str
    path: CompiledPath


class FieldMapper:
    """Maps records into contract field names; build once per sync, call `apply` per record."""

    def __init__(self, mappings: Sequence[FieldMapping], auto_detect: bool = True) -> None:
        compiled: list[_Compiled] = []
        for number, mapping in enumerate(mappings):
            try:
                path = compile_path(mapping.source_path)
            except ValueError as exc:
                raise ValueError(
                    f"field_mappings[{number}] ({mapping.source_path!r} -> {mapping.record_field}): "
                    f"invalid source_path: {exc}"
                ) from None
            compiled.append(_Compiled(mapping.record_field, path))
        self._mappings: tuple[_Compiled, ...] = tuple(compiled)
        self._explicit_fields: frozenset[str] = frozenset(m.field for m in compiled)
        self._consumed: frozenset[str] = frozenset(k for m in compiled if (k := m.path.root_key) is not None)
        self._email_paths: tuple[str, ...] = tuple(m.path.text for m in compiled if m.field in ("email", "emails"))
        self.auto_detect = auto_detect
        # One dict lookup per source key: raw key -> what it fills (None: nothing). Filled lazily, bounded.
        self._key_cache: dict[str, _Target | None] = {}
        self._own: dict[str, _Target] = {f: _Target(f, True, -1, _anything) for f in CONTRACT_FIELDS}

    @property
    def mappings(self) -> tuple[tuple[str, str], ...]:
        """(source path, record field) of each explicit mapping, in order."""
        return tuple((m.path.text, m.field) for m in self._mappings)

    def _target(self, key: str) -> _Target | None:
        if key in self._consumed:
            target = None
        elif key in self._own:
            target = self._own[key]
        elif self.auto_detect:
            target = _ALIAS_INDEX.get(normalise_key(key))
        else:
            target = None
        if len(self._key_cache) < _KEY_CACHE_LIMIT:
            self._key_cache[key] = target
        return target

    def apply(self, data: Any) -> Any:
        """A new dict in contract field names; non-objects are returned unchanged (intake rejects them)."""
        if type(data) is not dict and not isinstance(data, Mapping):
            return data
        out: dict[str, Any] = {}
        # Tier 1: explicit mappings.
        for mapping in self._mappings:
            value = mapping.path.get(data)
            if value is _MISSING:
                continue
            field = mapping.field
            if field in out:
                if field in LIST_FIELDS:
                    out[field] = _merge(field, out[field], value)
                continue  # an earlier mapping to this scalar field matched: it wins
            out[field] = value
        # Tiers 2 and 3 in one pass over the record's keys.
        cache = self._key_cache
        aliased: dict[str, tuple[int, Any]] | None = None
        merged: dict[str, list[tuple[int, Any]]] | None = None
        explicit = self._explicit_fields
        for key, value in data.items():
            target = cache.get(key, _UNSEEN)
            if target is _UNSEEN:
                target = self._target(key)
            if target is None or value is None:
                continue
            field = target.field
            if field in explicit and field in out:
                continue
            if target.own:
                out[field] = value
                continue
            if not target.accepts(value):
                continue
            if field in LIST_FIELDS:
                if merged is None:
                    merged = {}
                merged.setdefault(field, []).append((target.priority, value))
            else:
                if aliased is None:
                    aliased = {}
                best = aliased.get(field)
                if best is None or target.priority < best[0]:
                    aliased[field] = (target.priority, value)
        if aliased:
            for field, (_, value) in aliased.items():
                if field not in out:
                    out[field] = value
        if merged:
            for field, hits in merged.items():
                if field in out:
                    continue
                if len(hits) == 1:
                    out[field] = hits[0][1]
                else:
                    hits.sort(key=lambda hit: hit[0])
                    value = hits[0][1]
                    for _, more in hits[1:]:
                        value = _merge(field, value, more)
                    out[field] = value
        if "email" not in out and "emails" not in out:
            raise RecordRejected("email", self._unmappable_reason(data))
        return out

    def _unmappable_reason(self, data: Mapping[str, Any]) -> str:
        tried: list[str] = []
        if self._email_paths:
            paths = ", ".join(repr(p) for p in self._email_paths)
            tried.append(f"the mapping{'s' if len(self._email_paths) > 1 else ''} {paths} matched nothing")
        null = [
            _short_key(str(k))
            for k, v in data.items()
            if v is None and (t := self._target(str(k))) is not None and t.field in ("email", "emails")
        ][:MAX_KEYS_IN_REASON]
        if null:
            tried.append(f"{', '.join(null)} {'is' if len(null) == 1 else 'are'} null")
        elif self.auto_detect:
            tried.append(f"no field named like an email ({_EMAIL_ALIAS_EXAMPLES}) is in the record")
        else:
            tried.append("the record has no `email` or `emails` field (auto-detection of other names is off)")
        keys = [str(k) for k in data]
        shown = ", ".join(_short_key(k) for k in keys[:MAX_KEYS_IN_REASON])
        if not keys:
            listing = "the record is an empty object"
        elif len(keys) > MAX_KEYS_IN_REASON:
            listing = f"its top-level fields (first {MAX_KEYS_IN_REASON} of {len(keys)}): {shown}"
        else:
            listing = f"its top-level fields: {shown}"
        return (
            f"no email address to identify the candidate: {'; '.join(tried)}; {listing}. "
            "Add a field mapping to `email` (field_mappings) naming where the address is."
        )


def _short_key(key: str) -> str:
    key = " ".join(key.split())
    return repr(key if len(key) <= _MAX_KEY_CHARS else key[: _MAX_KEY_CHARS - 1] + "…")


def _as_items(field: str, value: Any) -> list[Any]:
    if isinstance(value, list):
        return [v for v in value if v is not None]
    if isinstance(value, str) and field in SPLIT_FIELDS:
        return split_list(value)
    return [value]


def _merge(field: str, first: Any, second: Any) -> list[Any]:
    return [*_as_items(field, first), *_as_items(field, second)]


__all__ = [
    "ALIASES",
    "CONTRACT_FIELDS",
    "LIST_FIELDS",
    "MISSING",
    "CompiledPath",
    "FieldMapper",
    "FieldMapping",
    "RecordField",
    "compile_path",
    "key_path",
    "normalise_key",
    "value_at",
]
