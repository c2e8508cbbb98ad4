"""Texts shared by the report renderers (HTML, PDF, CSV): durations, times, percentages,
severity words with their glyphs (colour is never alone), colours as hex for documents."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from noc_wallboard.domain.report_figures import DurationStats
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState
from noc_wallboard.presentation.formatting import MINUS, SEVERITY_GLYPH

# The board's Okabe–Ito severity hues (colour-blind safe), darkened for text on paper.
SEVERITY_HEX = {
    Severity.CRITICAL: "#C34A00",
    Severity.MAJOR: "#9A6200",
    Severity.MINOR: "#A23C7E",
    Severity.WARNING: "#7A6F00",
    Severity.INFO: "#1F6FA3",
    Severity.UNKNOWN: "#5F6B76",
}
STATE_WORD = {
    ClockState.MET: "met",
    ClockState.BREACHED: "BREACHED",
    ClockState.RUNNING: "running",
    ClockState.AT_RISK: "at risk",
    ClockState.PAUSED: "paused",
}


def esc(text: object) -> str:
    """Everything from a source is plain text in a document too."""
    return html.escape(str(text), quote=True)


def duration(value: timedelta | None) -> str:
    """`1:05:09` (h:mm:ss), `2d 3:00:00` past a day; negative with a real minus sign."""
    if value is None:
        return "–"
    seconds = round(value.total_seconds())
    sign = MINUS if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{days}d {text}" if days else f"{sign}{text}"


def when(moment: datetime | None, zone: ZoneInfo) -> str:
    if moment is None:
        return "–"
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def short_id(incident_id: str, keep: int = 8) -> str:
    """An id short enough for a report's narrow column: the first `keep` characters and
    an ellipsis when longer (an Alertmanager fingerprint's 16 hex digits → 8)."""
    return incident_id if len(incident_id) <= keep + 2 else incident_id[:keep] + "…"


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


def severity_word(sev: Severity) -> str:
    return f"{SEVERITY_GLYPH[sev]} {sev.value}"


def stats_cells(stats: DurationStats) -> list[str]:
    return [str(stats.count), duration(stats.mean), duration(stats.p50), duration(stats.p90)]


def delta_points(now: float | None, before: float | None) -> str:
    """Change of a percentage in points (`+2.5 pp`)."""
    if now is None or before is None:
        return "–"
    diff = now - before
    return f"{'+' if diff >= 0 else MINUS}{abs(diff):.1f} pp"


def delta_duration(now: timedelta | None, before: timedelta | None) -> str:
    if now is None or before is None:
        return "–"
    diff = now - before
    return ("+" if diff >= timedelta(0) else "") + duration(diff)


def delta_count(now: int, before: int) -> str:
    diff = now - before
    return f"+{diff}" if diff >= 0 else f"{MINUS}{-diff}"
