"""Rejected records and the audit trail in S3-compatible object storage.

Lines are gzip-compressed into an in-memory part; a part is closed and uploaded as one complete object when
its JSON lines reach the size limit (uncompressed) and whenever a state is about to be emitted (`seal`), so a
crash after a state never loses a line that state covers. Keys are unique per sync attempt and part:
`<prefix>/<kind>/yyyy/mm/dd/<sync start>-<attempt id>-<part>.jsonl.gz`.

boto3 is synchronous; uploads run in a worker thread so records keep flowing while a part is stored.
"""

from __future__ import annotations

import asyncio
import gzip
import io
import logging
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from airbyte_cdk.utils.airbyte_secrets_utils import update_secrets
from tenacity import retry, retry_if_exception, stop_after_delay, wait_exponential_jitter

from destination_unified_ats.config import ObjectStorageSettings
from destination_unified_ats.sinks import SinkError, json_line

logger = logging.getLogger("airbyte")

# S3 answers that will not change on a retry: the config (bucket, credentials, permissions) must be fixed.
_CONFIG_CODES = {
    "AccessDenied",
    "AllAccessDisabled",
    "InvalidAccessKeyId",
    "InvalidBucketName",
    "NoSuchBucket",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
    "AuthorizationHeaderMalformed",
    "PermanentRedirect",
}


class _Retryable(Exception):
    """One failed attempt that may succeed when tried again (network, 5xx, throttling)."""


@dataclass(frozen=True)
class Attempt:
    """Identifies one sync attempt in object keys: a retried attempt writes beside, never over, the earlier one."""

    started: datetime
    id: str

    @classmethod
    def new(cls) -> Attempt:
        return cls(datetime.now(UTC), uuid.uuid4().hex)

    def stem(self) -> str:
        return f"{self.started:%Y%m%dT%H%M%SZ}-{self.id}"


class ObjectStore:
    """One bucket and prefix; `put` stores one complete object, retrying transient failures with tenacity."""

    def __init__(self, settings: ObjectStorageSettings, retry_seconds: float) -> None:
        import boto3  # imported here: only syncs that use object storage pay for it
        from botocore.config import Config

        for noisy in ("botocore", "boto3", "urllib3", "s3transfer"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        secrets = [s.get_secret_value() for s in (settings.access_key_id, settings.secret_access_key) if s]
        update_secrets([s for s in secrets if s])
        self.settings = settings
        self.retry_seconds = retry_seconds
        # Once one upload used up the retry budget, later ones fail at once: queued parts and the final
        # close would otherwise each wait out a whole budget again before the sync can stop.
        self._gave_up: SinkError | None = None
        self.where = f"bucket {settings.bucket!r}" + (f" at {settings.endpoint}" if settings.endpoint else "")
        session = boto3.session.Session(
            aws_access_key_id=settings.access_key_id.get_secret_value() if settings.access_key_id else None,
            aws_secret_access_key=(
                settings.secret_access_key.get_secret_value() if settings.secret_access_key else None
            ),
            region_name=settings.region,
        )
        self._client: Any = session.client(
            "s3",
            endpoint_url=settings.endpoint,
            config=Config(
                # tenacity is the one retry policy; botocore's own retries would multiply with it
                retries={"total_max_attempts": 1},
                connect_timeout=10,
                read_timeout=60,
                s3={"addressing_style": "path"} if settings.endpoint else None,
                max_pool_connections=4,
            ),
        )

    def key(self, kind: str, attempt: Attempt, part: int, now: datetime | None = None) -> str:
        day = (now or datetime.now(UTC)).strftime("%Y/%m/%d")
        prefix = self.settings.prefix.strip("/")
        return f"{prefix + '/' if prefix else ''}{kind}/{day}/{attempt.stem()}-{part:06d}.jsonl.gz"

    def put(self, key: str, body: bytes) -> None:
        """Stores `body` under `key`; raises SinkError once the object store refuses or stays unreachable."""
        if self._gave_up is not None:
            raise self._gave_up
        try:
            self._put_with_retries(key, body)
        except _Retryable as exc:
            self._gave_up = SinkError(
                f"Object storage: could not store {key!r} in {self.where}: {exc} (kept retrying for "
                f"{self.retry_seconds:.0f}s, max_retry_seconds). Rejected-record and audit lines must be stored "
                "before the state covering them is emitted, so the sync stops here."
            )
            raise self._gave_up from None
        except SinkError as exc:
            self._gave_up = exc
            raise

    def verify(self) -> None:
        """`check`: store a small object under the prefix (what a sync does), then remove it if allowed."""
        prefix = self.settings.prefix.strip("/")
        key = f"{prefix + '/' if prefix else ''}_connection_check/{uuid.uuid4().hex}.txt"
        self.put(key, b"destination-unified-ats connection check\n")
        try:
            self._call("delete", key, lambda: self._client.delete_object(Bucket=self.settings.bucket, Key=key))
        except (SinkError, _Retryable):
            logger.info(f"Object storage: the check object {key!r} could not be deleted (s3:DeleteObject); harmless.")

    def _put_with_retries(self, key: str, body: bytes) -> None:
        @retry(
            retry=retry_if_exception(lambda e: isinstance(e, _Retryable)),
            stop=stop_after_delay(self.retry_seconds),
            wait=wait_exponential_jitter(initial=0.5, max=10),
            reraise=True,
        )
        def attempt() -> None:
            self._call(
                "store",
                key,
                lambda: self._client.put_object(
                    Bucket=self.settings.bucket, Key=key, Body=body, ContentType="application/gzip"
                ),
            )

        attempt()

    def _call(self, what: str, key: str, call: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return call()
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
            reason = f"{status} {code}: {error.get('Message', '')}".strip()
            if code in _CONFIG_CODES or status in (301, 400, 403, 404):
                raise SinkError(
                    f"Object storage refused to {what} {key!r} in {self.where}: {reason}. Check object_storage's "
                    "bucket, region, endpoint and credentials (the key needs s3:PutObject on the prefix).",
                    config_problem=True,
                ) from None
            raise _Retryable(reason) from None
        except BotoCoreError as exc:  # connection refused, timeouts, a closed connection
            raise _Retryable(f"{type(exc).__name__}: {exc}") from None


async def check_object_storage(settings: ObjectStorageSettings, retry_seconds: float) -> None:
    """Raises SinkError when the bucket does not take an object (wrong bucket, endpoint, keys, permission)."""
    await asyncio.to_thread(ObjectStore(settings, retry_seconds).verify)


class _Part:
    """One gzip JSON-lines object being filled."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.gzip = gzip.GzipFile(fileobj=self.buffer, mode="wb", compresslevel=6, mtime=0)
        self.lines = 0
        self.raw_bytes = 0  # zlib holds back output, so the compressed size so far is not a usable measure

    def write(self, line: bytes) -> None:
        self.gzip.write(line)
        self.lines += 1
        self.raw_bytes += len(line)

    def close(self) -> bytes:
        self.gzip.close()
        return self.buffer.getvalue()


class ObjectStorageSink:
    """One kind of lines (`rejected_records`, `audit`) for one sync attempt, in numbered parts."""

    enabled = True

    def __init__(self, store: ObjectStore, kind: str, attempt: Attempt, uploader: ThreadPoolExecutor) -> None:
        self.store = store
        self.kind = kind
        self.attempt = attempt
        self._uploader = uploader
        self._part: _Part | None = None
        self._next_part = 0
        self._pending: list[Future[None]] = []
        self._lock = threading.Lock()  # `write`/`seal` run on the event loop; uploads only in workers
        self.uploaded: list[str] = []
        self.written = 0

    def write(self, item: dict[str, Any]) -> None:
        if self._part is None:
            self._part = _Part()
        self._part.write(json_line(item))
        self.written += 1
        if self._part.raw_bytes >= self.store.settings.max_file_bytes:
            self._close_part()

    def seal(self) -> list[Future[None]]:
        self._close_part()
        pending, self._pending = self._pending, []
        return pending

    def close(self) -> None:
        for future in self.seal():
            future.result()

    def _close_part(self) -> None:
        if self._part is None or not self._part.lines:
            return
        body = self._part.close()
        self._part = None
        key = self.store.key(self.kind, self.attempt, self._next_part)
        self._next_part += 1
        self._pending.append(self._uploader.submit(self._upload, key, body))

    def _upload(self, key: str, body: bytes) -> None:
        self.store.put(key, body)
        with self._lock:
            self.uploaded.append(key)


class ObjectStorageSinks:
    """The rejected-records and audit sinks of one sync attempt, sharing one client and upload workers."""

    def __init__(self, settings: ObjectStorageSettings, retry_seconds: float) -> None:
        self.store = ObjectStore(settings, retry_seconds)
        self.attempt = Attempt.new()
        self._uploader = ThreadPoolExecutor(max_workers=2, thread_name_prefix="object-storage")
        self.rejected = ObjectStorageSink(self.store, "rejected_records", self.attempt, self._uploader)
        self.audit = ObjectStorageSink(self.store, "audit", self.attempt, self._uploader)
        prefix = settings.prefix.strip("/")
        logger.info(
            f"Rejected records and the audit trail go to {self.store.where} as "
            f"{prefix + '/' if prefix else ''}<rejected_records|audit>/yyyy/mm/dd/{self.attempt.stem()}-<part>.jsonl.gz"
        )

    def shutdown(self) -> None:
        self._uploader.shutdown(wait=True)
