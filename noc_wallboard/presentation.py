"""Pure view-models: BoardState → texts, colour tokens, order. Testable without Qt.

Colour is never alone: every severity and status carries a glyph and a word too.
Tokens (e.g. "sev.critical") are mapped to real colours by the UI theme.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from noc_wallboard.domain.board import BoardIncident, BoardState, SourceStatus
from noc_wallboard.domain.health import PanelState, Tile, TileStatus
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.roster import LineDuty
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState, SlaClock

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
        return f"{sign}{hours}:{minutes:02d}h"
    return f"{sign}{minutes:02d}:{seconds:02d}"


def format_age(delta: timedelta | None) -> str:
    if delta is None:
        return "never"
    secs = max(int(delta.total_seconds()), 0)
    if secs < 60:
        return f"{secs}s"
    if secs < 3600:
        return f"{secs // 60}m"
    if secs < 86400:
        return f"{secs // 3600}h {secs % 3600 // 60:02d}m"
    return f"{secs // 86400}d {secs % 86400 // 3600}h"


_BYTE_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")


def format_value(value: float | None, unit: str | None) -> str:
    if value is None or math.isnan(value):
        return "no data"
    if math.isinf(value):
        return "+\u221e" if value > 0 else f"{MINUS}\u221e"
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
@dataclass(frozen=True, slots=True)
class CounterVM:
    severity: Severity
    glyph: str
    word: str
    token: str
    total: int
    unacknowledged: int


@dataclass(frozen=True, slots=True)
class CoverageVM:
    """Whether the board may claim anything about incidents at all."""

    known: bool
    text: str
    token: str


def incident_coverage(state: BoardState) -> CoverageVM:
    if state.incident_source_count == 0:
        return CoverageVM(False, "no incident source configured", "text.dim")
    if state.blind_incident_sources:
        names = ", ".join(state.blind_incident_sources)
        return CoverageVM(False, f"\u26a0 INCIDENTS UNKNOWN \u2014 {names} not answering", "alarm")
    return CoverageVM(True, "", "allclear")


def counters(state: BoardState) -> list[CounterVM]:
    return [
        CounterVM(
            sev,
            SEVERITY_GLYPH[sev],
            sev.value.upper(),
            severity_token(sev),
            state.counts[sev].total if sev in state.counts else 0,
            state.counts[sev].unacknowledged if sev in state.counts else 0,
        )
        for sev in Severity.ordered()
    ]


@dataclass(frozen=True, slots=True)
class ClockVM:
    text: str
    token: str
    label: str  # "respond" / "resolve" / "met" …


def clock_vm(clock: SlaClock, now: datetime, label: str) -> ClockVM:
    """What a countdown cell shows at `now`; recomputed each second without a poll."""
    if not clock.ticking:
        word = "met" if clock.state is ClockState.MET else "missed"
        token = "clock.met" if clock.state is ClockState.MET else "clock.breached"
        return ClockVM(word, token, label)
    remaining = clock.remaining_at(now)
    state = clock.state_at(now)
    if state is ClockState.BREACHED:
        token = "clock.breached"
    elif state is ClockState.AT_RISK:
        token = "clock.at_risk"
    else:
        token = "clock.running"
    return ClockVM(format_countdown(remaining), token, label)


@dataclass(frozen=True, slots=True)
class IncidentRowVM:
    key: tuple[str, str]
    severity: Severity
    glyph: str
    severity_word: str
    token: str
    title: str
    where: str
    opened_at: datetime
    state_word: str
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    acknowledged: bool
    stale: bool

    def age(self, now: datetime) -> str:
        return format_age(now - self.opened_at)

    def state_text(self, now: datetime) -> str:
        """Time-dependent texts are computed at paint time, so a row's view-model only
        changes when the incident does (a poll touches only the rows that changed)."""
        text = self.state_word
        if self.acknowledged:
            ago = format_age(now - self.acknowledged_at) if self.acknowledged_at else "?"
            text = f"ack {self.acknowledged_by or '?'} · {ago} ago"
        return f"{text} (stale)" if self.stale else text


def _where(item: BoardIncident) -> str:
    labels = item.incident.labels
    parts = [labels.get(k) for k in ("client", "service", "instance")]
    return " · ".join(p for p in parts if p) or item.incident.source


def incident_row(item: BoardIncident) -> IncidentRowVM:
    inc = item.incident
    if inc.state is IncidentState.ACKNOWLEDGED:
        state_word = "acknowledged"
    elif inc.state is IncidentState.RESOLVED:
        state_word = "resolved"
    elif inc.silenced:
        state_word = "silenced"
    else:
        state_word = "OPEN"
    return IncidentRowVM(
        key=inc.key,
        severity=inc.severity,
        glyph=SEVERITY_GLYPH[inc.severity],
        severity_word=inc.severity.value.upper()
        if inc.severity is not Severity.UNKNOWN or not inc.raw_severity
        else f"UNKNOWN ({inc.raw_severity})",
        token=severity_token(inc.severity),
        title=inc.title,
        where=_where(item),
        opened_at=inc.opened_at,
        state_word=state_word,
        acknowledged_by=inc.acknowledged_by,
        acknowledged_at=inc.acknowledged_at,
        acknowledged=inc.is_acknowledged,
        stale=item.stale,
    )


def incident_clocks(item: BoardIncident, now: datetime) -> tuple[ClockVM | None, ClockVM | None]:
    if item.sla is None:
        return None, None
    return (
        clock_vm(item.sla.response, now, "respond"),
        clock_vm(item.sla.resolution, now, "resolve"),
    )


@dataclass(frozen=True, slots=True)
class SourceChipVM:
    name: str
    ok: bool
    text: str
    token: str
    error: str | None


def source_chip(status: SourceStatus, now: datetime) -> SourceChipVM:
    age = format_age(status.age(now))
    if status.ok:
        return SourceChipVM(status.name, True, f"\u2714 {status.name} · {age}", "source.ok", None)
    if status.last_success is None and status.last_attempt is not None:
        return SourceChipVM(
            status.name,
            False,
            f"\u2716 {status.name} DOWN \u00b7 no data yet",
            "source.down",
            status.error,
        )
    if status.last_attempt is None:
        return SourceChipVM(
            status.name, False, f"\u2026 {status.name} · waiting", "source.wait", None
        )
    since = format_age(now - status.failing_since) if status.failing_since else "?"
    return SourceChipVM(
        status.name,
        False,
        f"\u2716 {status.name} DOWN {since} · data {age} old",
        "source.down",
        status.error,
    )


@dataclass(frozen=True, slots=True)
class TileVM:
    title: str
    value_text: str
    status: TileStatus
    glyph: str
    token: str
    last_status: TileStatus | None = None

    @property
    def is_ok(self) -> bool:
        return self.status is TileStatus.OK


def tile_vm(tile: Tile) -> TileVM:
    value = format_value(tile.value, tile.unit)
    glyph = STATUS_GLYPH[tile.status]
    if tile.status is TileStatus.STALE and tile.last_status not in (None, TileStatus.OK):
        assert tile.last_status is not None
        glyph = f"{glyph}{STATUS_GLYPH[tile.last_status]}"  # "was critical", still greyed
    return TileVM(
        tile.title, value, tile.status, glyph, status_token(tile.status), tile.last_status
    )


@dataclass(frozen=True, slots=True)
class PanelVM:
    name: str
    summary: str
    worst: TileStatus
    tiles: tuple[TileVM, ...]
    stale: bool
    note: str | None


def panel_vm(panel: PanelState, now: datetime) -> PanelVM:
    counts = {s: 0 for s in TileStatus}
    for tile in panel.tiles:
        counts[tile.status] += 1
    parts = [
        f"{counts[s]} {s.value}" for s in (TileStatus.CRITICAL, TileStatus.WARNING) if counts[s]
    ]
    parts.append(f"{len(panel.tiles)} total")
    note = None
    if panel.stale:
        age = (
            f"last data {format_age(now - panel.updated_at)} ago"
            if panel.updated_at
            else "no data yet"
        )
        note = f"STALE · {age} · {panel.error or ''}".rstrip(" ·")
    elif panel.warnings:
        note = "warning: " + "; ".join(panel.warnings)
    elif not panel.tiles and panel.updated_at is not None:
        note = "no series"
    elif panel.updated_at is None:
        note = "waiting for first answer"
    return PanelVM(
        panel.spec.name,
        " · ".join(parts),
        panel.worst,
        tuple(tile_vm(t) for t in panel.tiles),
        panel.stale,
        note,
    )


@dataclass(frozen=True, slots=True)
class RosterLineVM:
    line: str
    on_duty: str
    contact: str
    until_text: str
    next_text: str
    alarm: bool


def roster_line(duty: LineDuty, now: datetime) -> RosterLineVM:
    if duty.is_empty:
        nxt = ", ".join(p.name for p in duty.next)
        return RosterLineVM(
            duty.line,
            "NOBODY ON DUTY",
            "",
            "",
            f"next: {nxt} at {format_clock_time(duty.next_at)}" if nxt else "",
            True,
        )
    names = ", ".join(p.name for p in duty.on_duty)
    contact = ", ".join(p.contact for p in duty.on_duty if p.contact)
    until = ""
    if duty.until is not None:
        until = f"until {format_clock_time(duty.until)} ({format_age(duty.until - now)})"
    nxt = ", ".join(p.name for p in duty.next)
    return RosterLineVM(duty.line, names, contact, until, f"next: {nxt}" if nxt else "", False)
