"""List endpoints: parse the query string (limit, offset, sort, order, updated_gte, query, fields, filters),
then filter, sort and page the store's objects."""

from __future__ import annotations

from dataclasses import dataclass, field

from multidict import MultiMapping

from unified_ats_simulator.bulk import CHANGED_AT
from unified_ats_simulator.errors import bad_request
from unified_ats_simulator.store import JsonObject, Store
from unified_ats_simulator.timeutil import canonical_iso
from unified_ats_simulator.vocab import APPLICATION_STATUSES, DOCUMENT_TYPES, JOB_STATUSES, Kind

DEFAULT_PAGE_SIZE = 100
SORT_FIELDS = frozenset({"name", "updated_at", "created_at"})

FILTER_PARAMS: dict[Kind, tuple[str, ...]] = {
    "candidate": ("job_id", "company_id"),
    "application": ("candidate_id", "job_id", "status", "company_id"),
    "document": ("candidate_id", "application_id", "job_id", "type"),
    "job": ("status", "company_id", "user_id"),
    "applicationstatus": ("job_id",),
}
ENUM_FILTERS: dict[tuple[Kind, str], frozenset[str]] = {
    ("application", "status"): APPLICATION_STATUSES,
    ("document", "type"): DOCUMENT_TYPES,
    ("job", "status"): JOB_STATUSES,
}


@dataclass(frozen=True)
class ListQuery:
    limit: int = DEFAULT_PAGE_SIZE
    offset: int = 0
    sort: str | None = None
    descending: bool = False
    updated_gte: str | None = None
    query: str | None = None
    filters: dict[str, str] = field(default_factory=dict)
    fields: tuple[str, ...] = ()


def parse_number(params: MultiMapping[str], name: str, default: int) -> int:
    """`limit`/`offset` arrive as floats (`100.0`) from the SDK; ints are accepted too."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise bad_request(f"{name} must be a number, got {raw!r}") from None
    if value < 0 or value != int(value):
        raise bad_request(f"{name} must be a non-negative integer, got {raw!r}")
    return int(value)


def parse_fields(params: MultiMapping[str]) -> tuple[str, ...]:
    """`fields` as repeated parameters (the SDK's explode form) or comma separated."""
    names: list[str] = []
    for raw in params.getall("fields", []):
        names.extend(part.strip() for part in raw.split(",") if part.strip())
    return tuple(dict.fromkeys(names))


def parse_list_query(kind: Kind, params: MultiMapping[str], max_page_size: int) -> ListQuery:
    limit = parse_number(params, "limit", DEFAULT_PAGE_SIZE) or DEFAULT_PAGE_SIZE
    sort = params.get("sort") or None
    if sort is not None and sort not in SORT_FIELDS:
        raise bad_request(f"sort must be one of name, updated_at, created_at; got {sort!r}")
    order = (params.get("order") or "asc").lower()
    if order not in ("asc", "desc"):
        raise bad_request(f"order must be asc or desc; got {order!r}")
    return ListQuery(
        limit=min(limit, max_page_size),
        offset=parse_number(params, "offset", 0),
        sort=sort,
        descending=order == "desc",
        updated_gte=_parse_updated_gte(params.get("updated_gte")),
        query=params.get("query") or None,
        filters=_parse_filters(kind, params),
        fields=parse_fields(params),
    )


def _parse_updated_gte(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return canonical_iso(raw)
    except ValueError:
        raise bad_request(f"updated_gte must be an ISO 8601 date, got {raw!r}") from None


def _parse_filters(kind: Kind, params: MultiMapping[str]) -> dict[str, str]:
    filters: dict[str, str] = {}
    for name in FILTER_PARAMS[kind]:
        value = params.get(name)
        if not value:
            continue
        allowed = ENUM_FILTERS.get((kind, name))
        if allowed is not None and value not in allowed:
            raise bad_request(f"{name} must be one of {', '.join(sorted(allowed))}; got {value!r}")
        filters[name] = value
    return filters


@dataclass(frozen=True)
class Page:
    items: list[JsonObject]
    total: int


def run_list(store: Store, kind: Kind, q: ListQuery, search_hidden_after: float | None) -> Page:
    matches = _filter(store, kind, q, search_hidden_after)
    if q.sort is not None:
        matches.sort(key=lambda obj: _sort_value(obj, q.sort or ""), reverse=q.descending)
    elif q.descending:
        matches.reverse()
    page = matches[q.offset : q.offset + q.limit]
    total = len(matches)
    synthetic = store.synthetic if kind == "candidate" and not q.query and not q.filters else None
    if synthetic is not None and (q.updated_gte is None or q.updated_gte <= CHANGED_AT):
        # Generated candidates come after the stored ones (they were all changed long before).
        page += synthetic.page(q.offset + len(page) - len(matches), q.limit - len(page))
        total += synthetic.count
    if q.fields:
        page = [{name: obj[name] for name in q.fields if name in obj} for obj in page]
    return Page(page, total)


def _filter(store: Store, kind: Kind, q: ListQuery, search_hidden_after: float | None) -> list[JsonObject]:
    equals = {k: v for k, v in q.filters.items() if _is_plain_filter(kind, k)}
    if kind == "candidate" and q.query:
        pool = store.search_candidates(q.query, search_hidden_after)
        pool = [c for c in pool if all(c.get(k) == v for k, v in equals.items())]
    else:
        pool = store.select(kind, equals)
    pool = _apply_special_filters(store, kind, q, pool)
    if q.updated_gte is not None:
        gte = q.updated_gte
        pool = [obj for obj in pool if (obj.get("updated_at") or "") >= gte]
    return pool


# Filters that are not a field of the object itself (statuses are shared by all jobs here).
_DERIVED_FILTERS = {("candidate", "job_id"), ("application", "company_id"), ("applicationstatus", "job_id")}


def _is_plain_filter(kind: Kind, name: str) -> bool:
    return (kind, name) not in _DERIVED_FILTERS


def _apply_special_filters(store: Store, kind: Kind, q: ListQuery, pool: list[JsonObject]) -> list[JsonObject]:
    if kind == "candidate" and "job_id" in q.filters:
        job_id = q.filters["job_id"]
        applied = {a["candidate_id"] for a in store.select("application", {"job_id": job_id})}
        pool = [c for c in pool if c["id"] in applied or job_id in (c.get("job_ids") or ())]
    if kind == "application" and "company_id" in q.filters:
        jobs = {j["id"] for j in store.select("job", {"company_id": q.filters["company_id"]})}
        pool = [a for a in pool if a.get("job_id") in jobs]
    if q.query and kind in ("job", "document"):
        needle = q.query.lower()
        key = "name" if kind == "job" else "filename"
        pool = [obj for obj in pool if needle in str(obj.get(key) or "").lower()]
    return pool


def _sort_value(obj: JsonObject, sort: str) -> str:
    if sort != "name":
        return str(obj.get(sort) or "")
    for key in ("name", "filename", "status"):
        if obj.get(key):
            return str(obj[key]).lower()
    return " ".join(str(obj.get(k) or "") for k in ("first_name", "last_name")).strip().lower()


def total_header(total: int) -> dict[str, str]:
    return {"X-Total-Count": str(total)}
