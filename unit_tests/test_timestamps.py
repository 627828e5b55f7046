from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from destination_unified_ats.timestamps import iso, parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T12:00:00+02:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),  # naive: taken as UTC
        ("2024-05-01T10:00:00.123456Z", datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=UTC)),
    ],
)
def test_parse_time_reads_iso_timestamps(text: str, expected: datetime) -> None:
    parsed = parse_time(text)
    assert parsed == expected and parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize("value", [None, "", "yesterday", "2024-13-01T00:00:00Z", 1714557600, ["2024-05-01"]])
def test_parse_time_gives_none_for_anything_else(value: object) -> None:
    assert parse_time(value) is None


def test_iso_writes_utc_with_z_and_round_trips() -> None:
    moment = datetime(2024, 5, 1, 12, 30, 15, 999, tzinfo=timezone(timedelta(hours=2)))
    assert iso(moment) == "2024-05-01T10:30:15Z"
    assert parse_time(iso(moment)) == moment.replace(microsecond=0)
