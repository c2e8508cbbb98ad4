"""Value types shared by the config models: bounded durations and time-zone names."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BeforeValidator

from noc_wallboard.domain.timeutil import parse_duration

MAX_DURATION = timedelta(days=400)


def _duration(value: object) -> timedelta:
    try:
        if isinstance(value, timedelta):
            result = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            result = timedelta(seconds=value)
        elif isinstance(value, str):
            result = parse_duration(value)
        else:
            raise ValueError("expected a duration string such as '15s', '15m' or '1h30m'")
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, ValueError) and "duration" in str(exc):
            raise
        raise ValueError(f"invalid duration {value!r}; expected e.g. '15m', '4h'") from None
    if result <= timedelta(0):
        raise ValueError("must be a positive duration")
    if result > MAX_DURATION:
        raise ValueError("must be at most 400d")
    return result


Duration = Annotated[timedelta, BeforeValidator(_duration)]


def _zone_name(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}; expected e.g. 'Europe/Berlin'") from None
    return value


ZoneName = Annotated[str, AfterValidator(_zone_name)]
