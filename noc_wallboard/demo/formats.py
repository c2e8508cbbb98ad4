"""Wire formats shared by the demo servers: times and numbers exactly as Go prints them.

The board must not be able to tell the demo from the real thing, so these mimic what
Prometheus 2.42 and Alertmanager 0.25 (both Go programs) put on the wire.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

_DURATION_PART = re.compile(r"(\d+)(ms|y|w|d|h|m|s)")
_DURATION_SECONDS = {
    "ms": 0.001,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
    "d": 86400.0,
    "w": 7 * 86400.0,
    "y": 365 * 86400.0,
}


def as_utc(value: datetime) -> datetime:
    """Normalise to an aware UTC datetime; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def from_unix(seconds: float) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def rfc3339_millis(value: datetime) -> str:
    """Alertmanager's strfmt.DateTime: always three fractional digits and `Z`."""
    value = as_utc(value)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def rfc3339_nano(value: datetime) -> str:
    """Go's time.Time JSON (RFC 3339 with the fraction's trailing zeros trimmed), as Prometheus."""
    value = as_utc(value)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += "." + f"{value.microsecond:06d}".rstrip("0")
    return text + "Z"


def parse_rfc3339(text: str) -> datetime:
    """Parse an RFC 3339 timestamp; an offset is required (a naive time is ambiguous)."""
    if "T" not in text and "t" not in text:
        raise ValueError(f"{text!r} is not an RFC 3339 timestamp")
    parsed = datetime.fromisoformat(text.strip().replace("z", "Z"))
    if parsed.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone offset")
    return parsed.astimezone(UTC)


def parse_prom_time(text: str) -> float:
    """Prometheus accepts Unix seconds (with a fraction) or RFC 3339 for `time`/`start`/`end`."""
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if math.isfinite(value):
            return value
        raise ValueError(f"cannot parse {text!r} to a valid timestamp")
    try:
        return parse_rfc3339(text).timestamp()
    except ValueError:
        raise ValueError(f"cannot parse {text!r} to a valid timestamp") from None


def parse_prom_duration(text: str) -> float:
    """`step`/`timeout`: float seconds or a Prometheus duration such as `1m30s`."""
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if math.isfinite(value):
            return value
        raise ValueError(f"cannot parse {text!r} to a valid duration")
    pos = 0
    total = 0.0
    for match in _DURATION_PART.finditer(text):
        if match.start() != pos:
            break
        total += int(match.group(1)) * _DURATION_SECONDS[match.group(2)]
        pos = match.end()
    if pos != len(text) or not text:
        raise ValueError(f"cannot parse {text!r} to a valid duration")
    return total


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return None


def sample_value(value: float) -> str:
    """Go's strconv.FormatFloat(v, 'f', -1, 64), which Prometheus uses for sample values."""
    special = _special(value)
    if special is not None:
        return special
    return format(Decimal(repr(value)).normalize(), "f")


def alert_value(value: float) -> str:
    """Go's strconv.FormatFloat(v, 'e', -1, 64), used for `value` in /api/v1/alerts."""
    special = _special(value)
    if special is not None:
        return special
    if value == 0:
        return ("-" if math.copysign(1.0, value) < 0 else "") + "0e+00"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)  # finite values only reach here
    mantissa = str(digits[0])
    if len(digits) > 1:
        mantissa += "." + "".join(str(d) for d in digits[1:])
    power = exponent + len(digits) - 1
    return f"{'-' if sign else ''}{mantissa}e{'+' if power >= 0 else '-'}{abs(power):02d}"


def json_timestamp(unix_seconds: float) -> int | float:
    """Prometheus sample timestamps: millisecond precision, no `.0` on whole seconds."""
    millis = round(unix_seconds * 1000)
    if millis % 1000 == 0:
        return millis // 1000
    return millis / 1000
