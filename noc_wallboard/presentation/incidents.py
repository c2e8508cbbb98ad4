"""View-models of incidents: counters, coverage, rows and SLA countdown cells."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState, SlaClock
from noc_wallboard.presentation.formatting import (
    SEVERITY_GLYPH,
    format_age,
    format_countdown,
    severity_token,
)


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
        return CoverageVM(
            False,
            "no incident source configured (see --help, or try --demo)",
            "text.dim",
        )
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
    label: str  # "respond" / "resolve"
    # Say plainly what the clock counts: "24×7" or "business hours (calendar)".
    calendar_note: str = "24\u00d77"
    paused: bool = False
    business: bool = False

    @property
    def badge(self) -> str:
        """A short mark beside the countdown: paused (⏸ is missing from common fonts,
        so a word) or business hours."""
        if self.paused:
            return "PAUSED"
        return "BH" if self.business else ""

    @property
    def caption(self) -> str:
        parts = [self.label]
        if self.paused:
            parts.append("paused")
        if self.calendar_note:
            parts.append(self.calendar_note)
        return " \u00b7 ".join(parts)


def clock_vm(clock: SlaClock, now: datetime, label: str) -> ClockVM:
    """What a countdown cell shows at `now`; recomputed each second without a poll."""
    note = f"business hours ({clock.calendar})" if clock.business else "24\u00d77"
    if not clock.ticking:
        if clock.state is ClockState.MET:
            return ClockVM("met", "clock.met", label, note, business=clock.business)
        # A completed breach keeps showing by how much the target was missed.
        overrun = format_countdown(clock.remaining)
        return ClockVM(overrun, "clock.breached", label, note, business=clock.business)
    remaining = clock.remaining_at(now)
    state = clock.state_at(now)
    if state is ClockState.BREACHED:
        token = "clock.breached"
    elif state is ClockState.PAUSED:
        token = "clock.paused"
    elif state is ClockState.AT_RISK:
        token = "clock.at_risk"
    else:
        token = "clock.running"
    return ClockVM(format_countdown(remaining), token, label, note, clock.paused, clock.business)


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
        state_word = inc.raw_status if inc.raw_status in ("shelved", "blackout") else "silenced"
    elif inc.inhibited:
        state_word = "inhibited"
    elif inc.response_started_at is not None and inc.response_started_at > inc.opened_at:
        state_word = "RE-OPENED"  # severity rose after an ack: a new response cycle
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
