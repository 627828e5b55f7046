"""The connector's configuration: one pydantic model, rendered into Airbyte's connectionSpecification."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from destination_unified_ats.field_mapping import FieldMapping
from destination_unified_ats.matching import JobMatchingSettings
from destination_unified_ats.models import ApplicationStatus

REGION_BASE_URLS: dict[str, str] = {
    "us": "https://api.unified.to",
    "eu": "https://api-eu.unified.to",
    "au": "https://api-au.unified.to",
}

GROUPS: list[Any] = [
    {"id": "connection", "title": "Connection"},
    {"id": "jobs", "title": "Jobs and stages"},
    {"id": "candidates", "title": "Candidates"},
    {"id": "advanced", "title": "Advanced"},
]


class Region(StrEnum):
    us = "us"
    eu = "eu"
    au = "au"


class StageUpdatePolicy(StrEnum):
    forward_only = "forward_only"
    always = "always"
    on_create = "on_create"


class DocumentUpload(StrEnum):
    auto = "auto"
    base64 = "base64"
    url = "url"


class DocumentTargetChoice(StrEnum):
    auto = "auto"
    candidate = "candidate"
    application = "application"


class InvalidRecordPolicy(StrEnum):
    skip = "skip"
    fail = "fail"


def _ui(order: int, group: str, **extra: Any) -> dict[str, Any]:
    return {"order": order, "group": group, **extra}


class ObjectStorageSettings(BaseModel):
    """Rejected records and the audit trail in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, GCS interop)."""

    model_config = ConfigDict(title="Object storage")

    bucket: str = Field(
        min_length=1,
        title="Bucket",
        description="Bucket receiving the rejected-records and audit files.",
        json_schema_extra={"order": 0, "examples": ["my-airbyte-rejects"]},
    )
    prefix: str = Field(
        default="",
        title="Key prefix",
        description=(
            "Folder inside the bucket. Files are written as <prefix>/rejected_records/ and <prefix>/audit/, then "
            "yyyy/mm/dd/<sync start>-<attempt id>-<part>.jsonl.gz: gzip JSON lines, one file per part, so a "
            "retried attempt never overwrites an earlier one."
        ),
        json_schema_extra={"order": 1, "examples": ["airbyte/unified-ats"]},
    )
    region: str = Field(
        default="us-east-1",
        min_length=1,
        title="Region",
        description="The bucket's region (for S3-compatible servers, whatever region they expect; often us-east-1).",
        json_schema_extra={"order": 2, "examples": ["us-east-1", "eu-west-1"]},
    )
    endpoint: str | None = Field(
        default=None,
        title="Endpoint",
        description=(
            "Empty for AWS S3. For an S3-compatible server (MinIO, Ceph, Cloudflare R2, ...), its URL; such "
            "endpoints are addressed path-style (endpoint/bucket/key)."
        ),
        pattern=r"^https?://[^\s/$.?#].[^\s]*$",
        json_schema_extra={
            "order": 3,
            "examples": ["https://s3.eu-central-1.amazonaws.com", "https://minio.internal:9000"],
            "pattern_descriptor": "http(s)://host[:port]",
        },
    )
    access_key_id: SecretStr | None = Field(
        default=None,
        title="Access key ID",
        description=(
            "Access key with s3:PutObject on the prefix. Empty (with the secret empty too): the default AWS "
            "credential chain (environment, an IAM role of the pod or instance)."
        ),
        json_schema_extra={"order": 4, "airbyte_secret": True},
    )
    secret_access_key: SecretStr | None = Field(
        default=None,
        title="Secret access key",
        description="The access key's secret. Never logged.",
        json_schema_extra={"order": 5, "airbyte_secret": True},
    )
    max_file_bytes: int = Field(
        default=64 * 1024 * 1024,
        strict=True,
        ge=1024,
        le=1024 * 1024 * 1024,
        title="Max file size (bytes of JSON lines, before gzip)",
        description=(
            "A file is closed and uploaded once its JSON lines reach this size (the gzip object is typically 5-10 "
            "times smaller), and at every state the connector emits, so every line is stored before the state "
            "covering its record is emitted."
        ),
        json_schema_extra={"order": 6},
    )

    @model_validator(mode="after")
    def _both_keys_or_neither(self) -> ObjectStorageSettings:
        if (self.access_key_id is None) != (self.secret_access_key is None):
            raise ValueError("give both access_key_id and secret_access_key, or neither (default credential chain)")
        return self


class UnifiedAtsConfig(BaseModel):
    """Destination Unified ATS"""

    model_config = ConfigDict(
        title="Destination Unified ATS",
        extra="allow",
        json_schema_extra={"groups": GROUPS},
    )

    api_token: SecretStr = Field(
        title="API token",
        description="Unified.to API token (workspace settings, API keys). Sent as a Bearer token.",
        json_schema_extra=_ui(0, "connection", airbyte_secret=True),
    )
    connection_id: str = Field(
        title="Connection ID",
        description="The ID of the customer's Unified ATS connection to write into.",
        min_length=1,
        json_schema_extra=_ui(1, "connection", examples=["65f1c0ffee1234567890abcd"]),
    )
    region: Region = Field(
        default=Region.us,
        title="Region",
        description="Unified.to data region of the workspace: us (api.unified.to), eu or au.",
        json_schema_extra=_ui(2, "connection"),
    )
    base_url: str | None = Field(
        default=None,
        title="Base URL override",
        description="Overrides the region's API URL, e.g. for a proxy or a local Unified simulator.",
        pattern=r"^https?://[^\s/$.?#].[^\s]*$",
        json_schema_extra=_ui(
            3,
            "connection",
            examples=["https://api.unified.to", "http://localhost:8080"],
            pattern_descriptor="http(s)://host[:port][/path]",
        ),
    )
    default_job_id: str | None = Field(
        default=None,
        title="Default job ID",
        description="Job every candidate is applied to when its record names no job_id.",
        json_schema_extra=_ui(10, "jobs", examples=["job_123"]),
    )
    application_status: ApplicationStatus | None = Field(
        default=None,
        title="Application stage",
        description="Stage each application is put in (a record's own application_status overrides it).",
        json_schema_extra=_ui(11, "jobs", examples=["REVIEWING"]),
    )
    stage_update_policy: StageUpdatePolicy = Field(
        default=StageUpdatePolicy.forward_only,
        title="Stage updates on existing applications",
        description=(
            "forward_only: move an existing application only to a later stage, never back and never out "
            "of REJECTED/HIRED/WITHDRAWN/DECLINED; always: set the requested stage; on_create: only new "
            "applications get a stage."
        ),
        json_schema_extra=_ui(12, "jobs"),
    )
    job_matching: JobMatchingSettings = Field(
        default_factory=JobMatchingSettings,
        title="Job matching",
        description=(
            "For records without a job_id: match the candidate against the ATS's OPEN jobs (hard filters, BM25 "
            "retrieval, rule rerank) and apply to the best ones, writing the score and explanation as metadata."
        ),
        json_schema_extra=_ui(15, "jobs"),
    )
    field_mappings: list[FieldMapping] = Field(
        default_factory=list,
        title="Field mappings",
        description=(
            "Map your source's fields onto the connector's record fields, with dotted paths into nested objects "
            "and arrays (contact.email, emails[0].value, links[*].url). Explicit mappings win over the record's "
            "own fields and the auto-detected aliases."
        ),
        json_schema_extra=_ui(22, "candidates"),
    )
    auto_detect_fields: bool = Field(
        strict=True,
        default=True,
        title="Auto-detect common field names",
        description="Also read common aliases: Email, email_address, work_email, firstName, full_name, linkedin, cv.",
        json_schema_extra=_ui(23, "candidates"),
    )
    tags: list[str] = Field(
        default_factory=list,
        title="Tags",
        description="Tags added to every candidate written, merged with the candidate's existing tags.",
        json_schema_extra=_ui(20, "candidates", examples=[["sourced", "airbyte"]]),
    )
    source_name: str | None = Field(
        default=None,
        title="Source name",
        description="Source attribution: the application's source and the candidate's sources and metadata.",
        json_schema_extra=_ui(21, "candidates", examples=["Talent DB"]),
    )
    dry_run: bool = Field(
        strict=True,
        default=False,
        title="Dry run",
        description=(
            "Read only: look up jobs, candidates and applications, write nothing, and report per record what a "
            "real run would do (in the log and the audit file)."
        ),
        json_schema_extra=_ui(29, "advanced"),
    )
    on_invalid_record: InvalidRecordPolicy = Field(
        default=InvalidRecordPolicy.skip,
        title="On invalid record",
        description="skip: reject the record with a reason, count it and go on; fail: stop the sync at the first one.",
        json_schema_extra=_ui(30, "advanced"),
    )
    max_concurrency: int = Field(
        strict=True,
        default=8,
        ge=1,
        le=64,
        title="Max concurrent requests",
        description="Requests in flight at once against the Unified API.",
        json_schema_extra=_ui(31, "advanced"),
    )
    requests_per_second: float | None = Field(
        strict=True,
        default=None,
        gt=0,
        le=1000,
        title="Requests per second",
        description="Upper bound on the request rate. Empty: unbounded, adapting to 429 responses.",
        json_schema_extra=_ui(32, "advanced", examples=[10]),
    )
    max_retry_seconds: float = Field(
        strict=True,
        default=300,
        gt=0,
        le=3600,
        title="Retry budget (seconds)",
        description=(
            "How long the sync keeps retrying a failing API (429s, 5xx, network errors) before it ends with an "
            "error. Once one request has retried this long, every request in flight gives up at once."
        ),
        json_schema_extra=_ui(33, "advanced"),
    )
    request_timeout_seconds: float = Field(
        strict=True,
        default=60,
        gt=0,
        le=600,
        title="Request timeout (seconds)",
        description="How long one HTTP request to the Unified API may take (connecting: at most 10 s of it).",
        json_schema_extra=_ui(34, "advanced"),
    )

    search_lag_seconds: float = Field(
        strict=True,
        default=300,
        ge=0,
        le=86_400,
        title="Provider search lag (seconds)",
        description=(
            "How long the ATS's candidate search may take to show a new candidate. Candidates changed within "
            "this window are looked up by listing, so re-runs and crash replays never create duplicates."
        ),
        json_schema_extra=_ui(35, "advanced"),
    )
    candidate_lookup: Literal["auto", "index", "search"] = Field(
        default="auto",
        title="Candidate lookup",
        description=(
            "How a sync learns which candidates the ATS already holds. search: one search per record; index: list "
            "the ATS's candidates (and the applications and documents the records need) once per sync into a "
            "compact in-memory index; auto: list only when that costs fewer requests than searching the records "
            "seen so far, else search."
        ),
        json_schema_extra=_ui(46, "advanced"),
    )
    write_ledger_path: str | None = Field(
        default=None,
        title="Write ledger file",
        description=(
            "Optional SQLite file on a mounted volume remembering the candidates this connector created. Not "
            "needed for exactly-once (the ATS is the durable memory); it also covers providers whose search lags "
            "longer than the window above or that ignore the updated_gte filter."
        ),
        json_schema_extra=_ui(43, "advanced", examples=["/local/unified-ats-ledger.sqlite"]),
    )
    max_resume_bytes: int = Field(
        strict=True,
        default=10 * 1024 * 1024,
        ge=1024,
        le=100 * 1024 * 1024,
        title="Max resume size (bytes)",
        description="Resumes larger than this (sent as base64 or downloaded from resume_url) are rejected.",
        json_schema_extra=_ui(36, "advanced"),
    )
    rejected_records_path: str | None = Field(
        default=None,
        title="Rejected records file",
        description="JSON-lines file (e.g. on a mounted volume) receiving every rejected record with its reason.",
        json_schema_extra=_ui(37, "advanced", examples=["/local/rejected.jsonl"]),
    )

    document_upload: DocumentUpload = Field(
        default=DocumentUpload.auto,
        title="Resume upload form",
        description=(
            "auto: as the ATS integration accepts it: a resume_url is handed to the ATS where it takes URLs (or may: "
            "tried once, learnt per sync), and downloaded, strictly, only where it takes file contents alone; "
            "base64: always send file contents; url: always send the URL. Either way a URL is handed over or "
            "downloaded only when it passes the resume URL rules (https, a public host)."
        ),
        json_schema_extra=_ui(13, "jobs"),
    )
    document_target: DocumentTargetChoice = Field(
        default=DocumentTargetChoice.auto,
        title="Attach resumes to",
        description="auto: where the ATS integration takes them; or force the candidate or the application.",
        json_schema_extra=_ui(14, "jobs"),
    )
    allow_http_resume_urls: bool = Field(
        strict=True,
        default=False,
        title="Allow plain-HTTP resume URLs",
        description=(
            "Resume URLs are downloaded, or handed to the ATS, over https only unless this is on. Private addresses "
            "are never read (see allow_private_resume_hosts)."
        ),
        json_schema_extra=_ui(38, "advanced"),
    )

    allow_private_resume_hosts: bool = Field(
        strict=True,
        default=False,
        title="Allow resume URLs on private networks",
        description=(
            "Only for resumes on an internal file server: lets the connector download resume URLs on loopback and "
            "private (RFC 1918) addresses, and hand such URLs to the ATS. Cloud metadata and link-local addresses "
            "stay refused."
        ),
        json_schema_extra=_ui(39, "advanced"),
    )

    audit_path: str | None = Field(
        default=None,
        title="Audit trail file",
        description=(
            "JSON-lines file with one line per record: stream, position, source primary key, outcome, candidate, "
            "application and document ids, stage, rejection reasons. Emails are stored as SHA-256 hashes."
        ),
        json_schema_extra=_ui(40, "advanced", examples=["/local/audit.jsonl"]),
    )
    object_storage: ObjectStorageSettings | None = Field(
        default=None,
        title="Rejected records and audit trail in object storage",
        description=(
            "Also write rejected records and the audit trail to an S3-compatible bucket: gzip JSON lines, files "
            "closed and uploaded at every state (and when they reach the size limit), so nothing covered by an "
            "emitted state is lost when the sync's pod goes away. If the bucket stays unreachable for the retry "
            "budget, the sync fails rather than emit a state whose lines are not stored. The local files above "
            "stay available, alone or alongside."
        ),
        json_schema_extra=_ui(45, "advanced"),
    )
    audit_include_emails: bool = Field(
        strict=True,
        default=False,
        title="Audit trail: emails in clear",
        description="Write the records' emails in clear in the audit trail instead of their hashes.",
        json_schema_extra=_ui(41, "advanced"),
    )
    progress_interval_seconds: float = Field(
        strict=True,
        default=30,
        ge=1,
        le=3600,
        title="Progress log interval (seconds)",
        description="How often a sync logs its progress: records done and their rate, rejections, requests, retries.",
        json_schema_extra=_ui(42, "advanced"),
    )
    stop_grace_seconds: float = Field(
        default=5,
        ge=0,
        le=300,
        title="Stop grace period (seconds)",
        description=(
            "On SIGTERM (a cancel) or SIGINT: how long records already in flight may take to finish before they "
            "are cancelled. Reading stops at once; states their records complete are still emitted."
        ),
        json_schema_extra=_ui(60, "advanced"),
    )

    # --- intake (records in) -------------------------------------------------------------------------------
    allow_nameless_candidates: bool = Field(
        default=False,
        strict=True,
        title="Allow candidates without a name",
        description=(
            "Off (default): a record whose first_name, last_name and name are all missing, empty or blank (white "
            "space, invisible characters, punctuation, placeholders like N/A) never creates a candidate: it is "
            "rejected with a reason unless a candidate with its email already exists, which it updates. On: such "
            "records create candidates without a name; nothing is derived from the email address."
        ),
        json_schema_extra=_ui(24, "candidates"),
    )
    max_searched_emails: int = Field(
        default=5,
        strict=True,
        ge=1,
        le=50,
        title="Email addresses searched per record",
        description=(
            "How many of a record's email addresses (the primary one first) are searched in the ATS to find an "
            "existing candidate. All addresses are written; records with more are counted in the sync summary."
        ),
        json_schema_extra=_ui(44, "advanced"),
    )

    @field_validator("api_token", mode="before")
    @classmethod
    def _clean_token(cls, token: Any) -> Any:
        """A pasted token's surrounding white space is dropped; what is left must be a plain ASCII token."""
        if not isinstance(token, str):
            return token
        token = token.strip()
        if not token:
            raise ValueError("is empty")
        for position, char in enumerate(token, start=1):
            if not char.isascii():
                raise ValueError(
                    f"has a non-ASCII character at position {position}; copy the token again from Unified.to"
                )
            if not char.isprintable() or char.isspace():
                raise ValueError(f"has white space or a control character at position {position}; a token is one word")
        return token

    @field_validator("base_url")
    @classmethod
    def _no_credentials(cls, url: str | None) -> str | None:
        if url is not None and ("@" in urlsplit(url).netloc):
            raise ValueError(
                "contains credentials (user:password@host); remove them: the connector authenticates with api_token"
            )
        return url

    @field_validator("tags")
    @classmethod
    def _strip_tags(cls, tags: list[str]) -> list[str]:
        return list(dict.fromkeys(t.strip() for t in tags if t and t.strip()))

    @property
    def api_url(self) -> str:
        return (self.base_url or REGION_BASE_URLS[self.region.value]).rstrip("/")

    def token(self) -> str:
        return self.api_token.get_secret_value()


def connection_specification() -> dict[str, Any]:
    """JSON schema of the config in Airbyte's spec conventions (refs inlined, no pydantic noise)."""
    schema = UnifiedAtsConfig.model_json_schema()
    definitions = schema.pop("$defs", {})
    schema = dict(_inline_refs(schema, definitions))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["additionalProperties"] = True
    _simplify(schema)
    _allow_additional_properties(schema)
    return schema


def _allow_additional_properties(node: Any) -> None:
    """Drop `additionalProperties: false` (pydantic's `extra="forbid"`) from the published spec.

    Airbyte's acceptance rule (CAT `test_additional_properties_is_true`) refuses it anywhere in a spec: a saved
    config with a key a later version removed would no longer validate. Parsing stays strict: an unknown key in
    a field mapping is still a config error naming the key.
    """
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            node.pop("additionalProperties")
        for value in node.values():
            _allow_additional_properties(value)
    elif isinstance(node, list):
        for item in node:
            _allow_additional_properties(item)


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    """Airbyte's UI does not follow `$ref`: replace each by a copy of its definition."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = _inline_refs(definitions[ref.rsplit("/", 1)[-1]], definitions)
            return {**target, **{k: _inline_refs(v, definitions) for k, v in node.items() if k != "$ref"}}
        return {k: _inline_refs(v, definitions) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(item, definitions) for item in node]
    return node


def _simplify(node: Any) -> None:
    """Turn pydantic's `anyOf [X, null]` for optional fields into plain X (Airbyte's UI renders those)."""
    if isinstance(node, dict):
        any_of = node.get("anyOf")
        if isinstance(any_of, list):
            non_null = [s for s in any_of if s.get("type") != "null"]
            if len(non_null) == 1 and len(any_of) == 2:
                node.pop("anyOf")
                for key, value in non_null[0].items():
                    node.setdefault(key, value)
        if node.get("format") == "password" and node.get("writeOnly"):
            node.pop("format")
            node.pop("writeOnly")
        if "default" in node and node["default"] is None:
            node.pop("default")
        for value in node.values():
            _simplify(value)
    elif isinstance(node, list):
        for item in node:
            _simplify(item)


SyncModeName = Literal["append", "append_dedup"]
