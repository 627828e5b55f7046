"""Typed errors of the Unified API and of the connector. No message ever carries the API token.

Everything the Unified client raises derives from `UnifiedError` (as httpx's errors derive from `HTTPError`):

    UnifiedError
    ├── UnifiedApiError          an HTTP error answer
    │   ├── BadRequestError      4xx other than the ones below: the request will fail again as it is
    │   ├── AuthError            401/403
    │   ├── NotFoundError        404
    │   ├── RateLimitedError     429
    │   └── ServerError          5xx
    ├── TransportError           no HTTP answer (refused, reset, timed out)
    ├── AmbiguousWriteError      a create whose outcome is unknown
    └── RetryBudgetExceeded      retryable failures outlasted max_retry_seconds
        └── ApiUnavailable       stopped early: another request of the sync already exhausted the budget
"""

from __future__ import annotations

from airbyte_cdk.models import FailureType


class UnifiedError(Exception):
    """Root of every error the Unified client raises."""


class UnifiedApiError(UnifiedError):
    """An HTTP error answer of the Unified API (status and the provider's message)."""

    def __init__(self, status: int, message: str, method: str, path: str) -> None:
        self.status = status
        self.provider_message = message
        self.method = method
        self.path = path
        super().__init__(f"{method} {path} answered {status}: {message}")


class BadRequestError(UnifiedApiError):
    """A 4xx other than auth, 404 and 429: the request will fail again as it is."""


class AuthError(UnifiedApiError):
    """401/403: the token is wrong, revoked, or lacks a permission."""


class NotFoundError(UnifiedApiError):
    """404: unknown connection or object."""


class RateLimitedError(UnifiedApiError):
    """429, carrying how long the server asked us to wait."""

    def __init__(self, retry_after: float | None, method: str, path: str, message: str = "") -> None:
        self.retry_after = retry_after
        super().__init__(429, message or "rate limited", method, path)


class ServerError(UnifiedApiError):
    """5xx: the provider or Unified failed; it may have applied a write before failing."""


class TransportError(UnifiedError):
    """The request got no HTTP answer (refused, reset, timed out)."""

    def __init__(self, method: str, url: str, cause: str, *, sent: bool) -> None:
        self.method = method
        self.url = url
        self.cause = cause
        # Whether the request may have reached the server (a reset after sending, a read timeout).
        self.sent = sent
        super().__init__(f"{method} {url}: {cause}")


class AmbiguousWriteError(UnifiedError):
    """A create whose outcome is unknown: it may have been applied although it failed."""

    def __init__(self, method: str, path: str, cause: Exception) -> None:
        self.cause = cause
        super().__init__(f"{method} {path}: outcome unknown ({cause})")


class RetryBudgetExceeded(UnifiedError):
    """A request kept failing with retryable errors for longer than the retry budget."""

    def __init__(self, method: str, path: str, seconds: float, last: BaseException, message: str = "") -> None:
        self.method = method
        self.path = path
        self.seconds = seconds
        self.last = last
        message = message or f"{method} {path} still failing after {seconds:.0f}s of retries; last error: {last}"
        super().__init__(message)


class ApiUnavailable(RetryBudgetExceeded):
    """A request given up early: another request of the same client already exhausted the retry budget."""

    def __init__(self, method: str, path: str, outage: RetryBudgetExceeded) -> None:
        self.outage = outage
        message = f"{method} {path} given up: the Unified API is failing ({outage})"
        super().__init__(method, path, outage.seconds, outage.last, message)


def retryable(exc: BaseException) -> bool:
    """Worth sending again as it is: a 429, a 5xx or no answer. 4xx answers fail the same way again."""
    return isinstance(exc, RateLimitedError | ServerError | TransportError)


def is_outage(exc: BaseException) -> bool:
    """A failure of the service, not of the request or the config: a retryable failure, or the budget spent on them."""
    return retryable(exc) or isinstance(exc, RetryBudgetExceeded)


def outage_failure_type(exc: BaseException) -> FailureType:
    """How Airbyte should treat a sync ended by this error.

    An unavailable service (429, 5xx, no answer, the retry budget spent on those) is `transient_error`: a
    later attempt may well succeed, and it is not the user's config. Anything else is a `system_error`.
    Config errors (token, permission, connection, default job) are decided where their context is known.
    """
    if isinstance(exc, RetryBudgetExceeded):
        return outage_failure_type(exc.last)
    if isinstance(exc, RateLimitedError | ServerError | TransportError):
        return FailureType.transient_error
    return FailureType.system_error


class SyncFailure(Exception):
    """Ends the whole sync with an Airbyte error trace of the given failure type."""

    def __init__(self, message: str, failure_type: FailureType, internal: str | None = None) -> None:
        self.message = message
        self.failure_type = failure_type
        self.internal = internal
        super().__init__(message)
