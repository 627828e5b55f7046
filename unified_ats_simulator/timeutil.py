"""ISO 8601 timestamps in one canonical UTC form, so that they also sort correctly as strings."""

from __future__ import annotations

from datetime import UTC, datetime


def to_iso(ts: float) -> str:
    moment = datetime.fromtimestamp(ts, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 date or date-time; naive values are taken as UTC. Raises ValueError."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        # A "+00:00" offset whose "+" was not URL-encoded arrives as a space.
        head, _, offset = text.rpartition(" ")
        moment = datetime.fromisoformat(f"{head}+{offset}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def canonical_iso(value: str) -> str:
    return to_iso(parse_iso(value).timestamp())
