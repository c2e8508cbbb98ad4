"""Formatting shared by every view-model: countdowns, ages, values, glyphs, tokens.

Colour is never alone: every severity and status carries a glyph and a word too.
Tokens (e.g. "sev.critical") are mapped to real colours by the UI theme.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from noc_wallboard.domain.health import TileStatus
from noc_wallboard.domain.severity import Severity
from noc_wallboard.presentation.i18n import translate

MINUS = "\u2212"  # a real minus sign: reads better than a hyphen across the room

SEVERITY_GLYPH = {
    Severity.CRITICAL: "\u2716",  # ✖
    Severity.MAJOR: "\u25b2",  # ▲
    Severity.MINOR: "\u25c6",  # ◆
    Severity.WARNING: "\u25cf",  # ●
    Severity.INFO: "i",
    Severity.UNKNOWN: "?",
}

STATUS_GLYPH = {
    TileStatus.OK: "\u2714",  # ✔
    TileStatus.WARNING: "\u25b2",
    TileStatus.CRITICAL: "\u2716",
    TileStatus.UNKNOWN: "?",
    TileStatus.STALE: "\u25cb",  # ○ (hollow: no current value)
}


def severity_token(sev: Severity) -> str:
    return f"sev.{sev.value}"


def status_token(status: TileStatus) -> str:
    return f"status.{status.value}"


# ---------------------------------------------------------------- formatting
def format_countdown(remaining: timedelta) -> str:
    """`mm:ss` under an hour, `h:mm` past it; `−mm:ss` once overrun."""
    secs = math.floor(abs(remaining.total_seconds()))
    sign = MINUS if remaining.total_seconds() < 0 else ""
    hours, rest = divmod(secs, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return translate("duration", "{h}:{mm}h").format(h=f"{sign}{hours}", mm=f"{minutes:02d}")
    return f"{sign}{minutes:02d}:{seconds:02d}"


def format_age(delta: timedelta | None) -> str:
    if delta is None:
        return translate("duration", "never")
    secs = max(int(delta.total_seconds()), 0)
    if secs < 60:
        return translate("duration", "{s}s").format(s=secs)
    if secs < 3600:
        return translate("duration", "{m}m").format(m=secs // 60)
    if secs < 86400:
        return translate("duration", "{h}h {mm}m").format(
            h=secs // 3600, mm=f"{secs % 3600 // 60:02d}"
        )
    return translate("duration", "{d}d {h}h").format(d=secs // 86400, h=secs % 86400 // 3600)


_BYTE_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_value(value: float | None, unit: str | None) -> str:
    if value is None or math.isnan(value):
        return translate("health", "no data")
    if math.isinf(value):
        return "+\u221e" if value > 0 else f"{MINUS}\u221e"
    if unit == "up":  # a target's health (built-in targets panel) or an `up` series
        return translate("health", "up") if value >= 0.5 else translate("health", "down")
    if unit == "percent":
        return f"{value:.0f}%" if abs(value) >= 10 else f"{value:.1f}%"
    if unit == "bytes":
        size = abs(value)
        idx = 0
        while size >= 1024 and idx < len(_BYTE_UNITS) - 1:
            size /= 1024
            idx += 1
        return f"{math.copysign(size, value):.1f} {_BYTE_UNITS[idx]}"
    if unit == "seconds":
        if abs(value) < 1:
            return f"{value * 1000:.0f} ms"
        if abs(value) < 120:
            return f"{value:.1f} s"
        if abs(value) < 1e9:  # timedelta overflows far beyond any real duration
            text = format_age(timedelta(seconds=abs(value)))
            return f"{MINUS}{text}" if value < 0 else text
        return f"{_compact(value)} s"
    if unit == "rate":
        return f"{_compact(value)}/s"
    if unit == "count":
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    text = _compact(value)
    return f"{text} {unit}" if unit else text


def _compact(value: float) -> str:
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}{suffix}"
    return (
        f"{value:.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else f"{value:.0f}"
    )


def format_clock_time(moment: datetime | None, zone: object = None) -> str:
    if moment is None:
        return "-"
    local = moment.astimezone() if zone is None else moment.astimezone(zone)  # type: ignore[arg-type]
    return local.strftime("%H:%M")


# ---------------------------------------------------------------- view-models
