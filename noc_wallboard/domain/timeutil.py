"""Time helpers shared by the domain: RFC 3339 formatting and Prometheus durations."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)(ms|y|w|d|h|m|s)")
_UNIT_SECONDS = {
    "ms": 0.001,
    "s": 1,
    "m": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "y": 365 * 86400,
}


def parse_duration(text: str) -> timedelta:
    """Parse a Prometheus-style duration (`15m`, `4h`, `1h30m`, `500ms`).

    Raises ValueError with a message fit for a config error.
    """
    s = text.strip()
    if not s:
        raise ValueError("empty duration; expected e.g. '15m', '4h' or '1h30m'")
    pos = 0
    total = 0.0
    for match in _DURATION_RE.finditer(s):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        pos = match.end()
    if pos != len(s):
        raise ValueError(f"invalid duration {text!r}; expected e.g. '15m', '4h' or '1h30m'")
    return timedelta(seconds=total)


def format_duration(delta: timedelta) -> str:
    """Inverse of parse_duration for whole seconds (`1h30m`, `15m`, `0s`)."""
    secs = int(delta.total_seconds())
    if secs == 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if secs >= size:
            parts.append(f"{secs // size}{unit}")
            secs %= size
    return "".join(parts)


def rfc3339(moment: datetime | None) -> str | None:
    """Format as RFC 3339 in UTC with a `Z`; whole seconds unless there is a fraction."""
    if moment is None:
        return None
    utc = moment.astimezone(UTC)
    # isoformat pads the year to four digits, unlike strftime's %Y on Linux.
    text = utc.replace(tzinfo=None).isoformat(
        timespec="milliseconds" if utc.microsecond else "seconds"
    )
    return text + "Z"


def parse_rfc3339(text: str) -> datetime:
    """Parse the RFC 3339 forms Prometheus/Alertmanager emit (nanoseconds, `Z`, offsets)."""
    s = text.strip()
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    # Python keeps at most 6 fractional digits; Go emits up to 9.
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)$", s)
    if m and m.group(2) and len(m.group(2)) > 7:
        s = m.group(1) + m.group(2)[:7] + m.group(3)
    moment = datetime.fromisoformat(s)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without time zone: {text!r}")
    return moment.astimezone(UTC)


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def sane_time(moment: datetime) -> datetime:
    """Reject timestamps no real incident can have: they would overflow date arithmetic
    (a due time past year 9999) and freeze the board."""
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"timestamp out of range: {moment.isoformat()}")
    return moment


def require_aware(moment: datetime, what: str = "time") -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"{what} must be timezone-aware")
    return moment
