"""`check`: every way a config can be unusable, each with a message that says what to do.

Only what the user can fix is a config problem (`CheckFailed`): the token, a permission, an unknown or
unusable connection, an unknown or closed default job. The API failing to answer (5xx, 429, timeouts,
refused connections) is `ApiUnavailable`: an outage, reported as such, never as "your config is wrong".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from airbyte_cdk.models import FailureType

from destination_unified_ats.config import UnifiedAtsConfig
from destination_unified_ats.errors import (
    AuthError,
    BadRequestError,
    NotFoundError,
    RateLimitedError,
    RetryBudgetExceeded,
    ServerError,
    TransportError,
    UnifiedError,
    is_outage,
    outage_failure_type,
)
from destination_unified_ats.models import Connection, JobStatus, job_is_open
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient

REQUIRED_PERMISSIONS = ("ats_candidate_write", "ats_application_write", "ats_document_write")
CHECK_RETRY_SECONDS = 15.0


class CheckFailed(Exception):
    """The config cannot work as it is; the message says what to change."""


class ServiceUnavailable(Exception):
    """The Unified API did not answer usably (an outage or a network problem), so nothing could be checked."""

    def __init__(self, message: str, failure_type: FailureType) -> None:
        self.message = message
        self.failure_type = failure_type
        super().__init__(message)


def unavailable(exc: UnifiedError, url: str, doing: str) -> ServiceUnavailable:
    """The error for an outage met while `doing` something: what failed, and that it is not the config."""
    last = exc.last if isinstance(exc, RetryBudgetExceeded) else exc
    if isinstance(last, TransportError):
        what = f"Could not reach the Unified API at {url} while {doing}: {_cause(exc)}."
        hint = "check the region or base_url, and that this host can reach the API (proxy, firewall)."
    else:
        what = f"The Unified API at {url} kept failing while {doing}: {_cause(exc)}."
        hint = "see the status of Unified.to."
    return ServiceUnavailable(
        f"{what} This is an outage or a network problem, not a configuration error: retry later. If it "
        f"persists, {hint}",
        outage_failure_type(exc),
    )


@dataclass(frozen=True)
class CheckResult:
    connection: Connection
    open_jobs_sampled: int


def client_settings(config: UnifiedAtsConfig) -> ClientSettings:
    return ClientSettings(
        base_url=config.api_url,
        token=config.token(),
        connection_id=config.connection_id,
        max_concurrency=config.max_concurrency,
        requests_per_second=config.requests_per_second,
        max_retry_seconds=config.max_retry_seconds,
        timeout_seconds=config.request_timeout_seconds,
    )


async def run_check(config: UnifiedAtsConfig) -> CheckResult:
    settings = replace(client_settings(config), max_retry_seconds=min(config.max_retry_seconds, CHECK_RETRY_SECONDS))
    async with UnifiedClient(settings) as client:
        connection = await verify_connection(client, config)
        try:
            sample = await client.list_page("job", {"limit": 1, "offset": 0})
        except UnifiedError as exc:
            if is_outage(exc):
                raise unavailable(exc, config.api_url, "reading jobs") from None
            status = f"{exc.status}: {exc.provider_message}" if isinstance(exc, AuthError | BadRequestError) else exc
            raise CheckFailed(
                f"Reading jobs from connection {config.connection_id!r} failed ({status}). "
                "The connection needs the ats_job_read permission; re-authorize it in Unified."
            ) from None
        if config.default_job_id:
            try:
                await _check_default_job(client, config.default_job_id)
            except UnifiedError as exc:
                if is_outage(exc):
                    raise unavailable(exc, config.api_url, "reading the default job") from None
                raise
        if config.object_storage is not None:
            from destination_unified_ats.object_storage import check_object_storage
            from destination_unified_ats.sinks import SinkError

            try:
                await check_object_storage(config.object_storage, CHECK_RETRY_SECONDS)
            except SinkError as exc:
                raise CheckFailed(exc.message) from None
        return CheckResult(connection=connection, open_jobs_sampled=len(sample))


async def verify_connection(client: UnifiedClient, config: UnifiedAtsConfig) -> Connection:
    """The connection exists, is an ATS connection with write permissions, and is not paused."""
    url = config.api_url
    try:
        connection = await client.get_connection()
    except AuthError as exc:
        raise CheckFailed(
            f"Unified rejected the API token ({exc.status}: {exc.provider_message}). Create a new API token in "
            "Unified.to (Settings > API keys) for the workspace that owns the connection, and check the region."
        ) from None
    except NotFoundError:
        raise CheckFailed(
            f"Connection {config.connection_id!r} was not found at {url}. Check the connection ID in Unified.to "
            f"(Connections) and that the region ({config.region.value}) is the workspace's region."
        ) from None
    except (TransportError, RetryBudgetExceeded, ServerError, RateLimitedError) as exc:
        raise unavailable(exc, url, "reading the connection") from None
    except BadRequestError as exc:
        raise CheckFailed(f"Unified answered {exc.status} for the connection: {exc.provider_message}") from None
    categories = {c.lower() for c in connection.categories}
    if "ats" not in categories:
        raise CheckFailed(
            f"Connection {config.connection_id!r} ({connection.integration_type or 'unknown integration'}) is not an "
            f"ATS connection (categories: {', '.join(sorted(categories)) or 'none'}). Use a connection of the ATS "
            "category."
        )
    missing = [p for p in REQUIRED_PERMISSIONS if p not in set(connection.permissions)]
    if missing:
        raise CheckFailed(
            f"Connection {config.connection_id!r} lacks the permission(s) {', '.join(missing)}. Re-authorize the "
            "connection in Unified.to with write access to candidates, applications and documents."
        )
    if connection.is_paused:
        raise CheckFailed(
            f"Connection {config.connection_id!r} is paused in Unified.to. Resume it (Connections > the connection "
            "> Resume), then retry."
        )
    return connection


async def _check_default_job(client: UnifiedClient, job_id: str) -> None:
    try:
        job = await client.get_job(job_id)
    except NotFoundError:
        raise CheckFailed(
            f"default_job_id {job_id!r} does not exist in the ATS. Copy the ID of an open job, or leave it empty."
        ) from None
    except BadRequestError as exc:
        raise CheckFailed(
            f"default_job_id {job_id!r} was refused by the ATS ({exc.status}: {exc.provider_message}); it is not an "
            "ID this ATS knows the form of. Copy the ID of an open job, or leave it empty."
        ) from None
    status = (job.status or JobStatus.OPEN.value).upper()
    if not job_is_open(job.status):
        raise CheckFailed(
            f"default_job_id {job_id!r} ({job.name or 'unnamed job'}) is {status}; applications need an OPEN job. "
            "Re-open it in the ATS or choose another job."
        )


def _cause(exc: BaseException) -> str:
    if isinstance(exc, RetryBudgetExceeded):
        return _cause(exc.last) if isinstance(exc.last, Exception) else str(exc.last)
    if isinstance(exc, TransportError):
        return exc.cause
    return str(exc)
