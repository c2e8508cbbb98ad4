from __future__ import annotations

import math
from datetime import timedelta

import pytest

from noc_wallboard.domain.board import SourceStatus
from noc_wallboard.presentation import (
    format_age,
    format_countdown,
    format_value,
    source_chip,
)
from tests.factories import NOW


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (900, "15:00"),
        (59.9, "00:59"),
        (0, "00:00"),
        (-0.5, "\u221200:00"),
        (-300, "\u221205:00"),
        (3600, "1:00h"),
        (3 * 3600 + 25 * 60, "3:25h"),
        (-(3600 + 61), "\u22121:01h"),
    ],
)
def test_countdown(seconds, text):
    assert format_countdown(timedelta(seconds=seconds)) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (5, "5s"),
        (59, "59s"),
        (60, "1m"),
        (3599, "59m"),
        (3600, "1h 00m"),
        (90061, "1d 1h"),
        (-5, "0s"),
    ],
)
def test_age(seconds, text):
    assert format_age(timedelta(seconds=seconds)) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (93.24, "percent", "93%"),
        (4.25, "percent", "4.2%"),
        (1536, "bytes", "1.5 KiB"),
        (3 * 1024**3, "bytes", "3.0 GiB"),
        (0.25, "seconds", "250 ms"),
        (2.5, "seconds", "2.5 s"),
        (7200, "seconds", "2h 00m"),
        (1e15, "seconds", "1000000.0G s"),
        (1500, "rate", "1.5k/s"),
        (3, "count", "3"),
        (None, "percent", "no data"),
        (math.nan, None, "no data"),
        (math.inf, None, "+\u221e"),
        (-math.inf, "percent", "\u2212\u221e"),
        (12.5, "req", "12.5 req"),
    ],
)
def test_values(value, unit, text):
    assert format_value(value, unit) == text


def test_source_chip_states():
    ok = SourceStatus("prom", "prometheus", True, NOW - timedelta(seconds=12))
    assert source_chip(ok, NOW).text.endswith("12s") and source_chip(ok, NOW).ok
    never = SourceStatus("am", "alertmanager", False, None, "unavailable: x", NOW, NOW)
    assert "no data yet" in source_chip(never, NOW).text
    down = SourceStatus(
        "am",
        "alertmanager",
        False,
        NOW - timedelta(minutes=5),
        "timeout: y",
        NOW - timedelta(minutes=4),
        NOW,
    )
    chip = source_chip(down, NOW)
    assert "DOWN 4m" in chip.text and "5m old" in chip.text and chip.error == "timeout: y"
