from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from noc_wallboard.domain.timeutil import format_duration, parse_duration, parse_rfc3339, rfc3339


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("15s", 15),
        ("15m", 900),
        ("4h", 14400),
        ("1h30m", 5400),
        ("500ms", 0.5),
        ("7d", 604800),
        ("1w", 604800),
        ("1.5h", 5400),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "15", "m15", "15x", "1h 30m", "-5m", "15mm"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_format_duration_round_trips():
    assert format_duration(timedelta(seconds=5400)) == "1h30m"
    assert format_duration(timedelta(0)) == "0s"


def test_rfc3339_parses_go_nanoseconds_and_offsets():
    assert parse_rfc3339("2026-11-27T04:20:07.123456789Z") == datetime(
        2026, 11, 27, 4, 20, 7, 123456, tzinfo=UTC
    )
    assert parse_rfc3339("2026-11-27T05:20:07+01:00") == datetime(
        2026, 11, 27, 4, 20, 7, tzinfo=UTC
    )
    with pytest.raises(ValueError):
        parse_rfc3339("2026-11-27T05:20:07")


def test_rfc3339_formats_utc_with_z():
    assert rfc3339(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05Z"
    assert rfc3339(None) is None
