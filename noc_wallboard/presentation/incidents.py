"""View-models of incidents: counters, coverage, rows and SLA countdown cells."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState, SlaClock
from noc_wallboard.presentation.acks import ack_fields
from noc_wallboard.presentation.formatting import (
    SEVERITY_GLYPH,
    format_age,
    format_countdown,
    severity_token,
)
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate

SEVERITY_WORD = {
    Severity.CRITICAL: QT_TRANSLATE_NOOP("severity", "CRITICAL"),
    Severity.MAJOR: QT_TRANSLATE_NOOP("severity", "MAJOR"),
    Severity.MINOR: QT_TRANSLATE_NOOP("severity", "MINOR"),
    Severity.WARNING: QT_TRANSLATE_NOOP("severity", "WARNING"),
    Severity.INFO: QT_TRANSLATE_NOOP("severity", "INFO"),
    Severity.UNKNOWN: QT_TRANSLATE_NOOP("severity", "UNKNOWN"),
}


def severity_word(sev: Severity) -> str:
    """The severity as a word in the board's language (never colour alone)."""
    return translate("severity", SEVERITY_WORD[sev])


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
            translate("incidents", "no incident source configured (see --help, or try --demo)"),
            "text.dim",
        )
    if state.blind_incident_sources:
        names = ", ".join(state.blind_incident_sources)
        text = translate("incidents", "INCIDENTS UNKNOWN \u2014 {names} not answering")
        return CoverageVM(False, "\u26a0 " + text.format(names=names), "alarm")
    return CoverageVM(True, "", "allclear")


def counters(state: BoardState) -> list[CounterVM]:
    return [
        CounterVM(
            sev,
            SEVERITY_GLYPH[sev],
            severity_word(sev),
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
        so a word), at risk (⚠: amber is never alone; the caption says "at risk"),
        business hours. A breached clock has its minus sign, and "breached" in the caption."""
        if self.paused:
            return translate("clocks", "PAUSED")
        marks = ["\u26a0"] if self.token == "clock.at_risk" else []
        if self.business:
            marks.append(translate("clocks", "BH"))
        return " ".join(marks)

    @property
    def caption(self) -> str:
        parts = [translate("clocks", self.label)]
        if self.paused:
            parts.append(translate("clocks", "paused"))
        elif self.token in _STATE_WORDS:
            parts.append(translate("clocks", _STATE_WORDS[self.token]))
        if self.calendar_note:
            parts.append(self.calendar_note)
        return " \u00b7 ".join(parts)


_STATE_WORDS = {
    "clock.at_risk": QT_TRANSLATE_NOOP("clocks", "at risk"),
    "clock.breached": QT_TRANSLATE_NOOP("clocks", "breached"),
}


def clock_vm(clock: SlaClock, now: datetime, label: str) -> ClockVM:
    """What a countdown cell shows at `now`; recomputed each second without a poll."""
    note = (
        translate("clocks", "business hours ({calendar})").format(calendar=clock.calendar)
        if clock.business
        else "24\u00d77"
    )
    if not clock.ticking:
        if clock.state is ClockState.MET:
            met = translate("clocks", "met")
            return ClockVM(met, "clock.met", label, note, business=clock.business)
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
    # The outbox's word on this row: "ACK pending…", "ACK failed: …" (see presentation.acks).
    ack_mark: str = ""
    ack_token: str = ""
    ack_failed_request: str | None = None  # the request id a retry would requeue
    can_ack: bool = False

    def age(self, now: datetime) -> str:
        return format_age(now - self.opened_at)

    def state_text(self, now: datetime) -> str:
        """Time-dependent texts are computed at paint time, so a row's view-model only
        changes when the incident does (a poll touches only the rows that changed)."""
        text = translate("incidents", STATE_WORDS.get(self.state_word, self.state_word))
        if self.acknowledged:
            ago = format_age(now - self.acknowledged_at) if self.acknowledged_at else "?"
            text = translate("incidents", "ack {who} · {ago} ago").format(
                who=self.acknowledged_by or "?", ago=ago
            )
        if self.ack_mark:
            text = self.ack_mark
        return translate("incidents", "{state} (stale)").format(state=text) if self.stale else text


# `IncidentRowVM.state_word` stays this English code (views test it); shown translated.
STATE_WORDS = {
    "OPEN": QT_TRANSLATE_NOOP("incidents", "OPEN"),
    "RE-OPENED": QT_TRANSLATE_NOOP("incidents", "RE-OPENED"),
    "acknowledged": QT_TRANSLATE_NOOP("incidents", "acknowledged"),
    "resolved": QT_TRANSLATE_NOOP("incidents", "resolved"),
    "silenced": QT_TRANSLATE_NOOP("incidents", "silenced"),
    "shelved": QT_TRANSLATE_NOOP("incidents", "shelved"),
    "blackout": QT_TRANSLATE_NOOP("incidents", "blackout"),
    "inhibited": QT_TRANSLATE_NOOP("incidents", "inhibited"),
}


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
        severity_word=severity_word(inc.severity)
        if inc.severity is not Severity.UNKNOWN or not inc.raw_severity
        else f"{severity_word(inc.severity)} ({inc.raw_severity})",
        token=severity_token(inc.severity),
        title=inc.title,
        where=_where(item),
        opened_at=inc.opened_at,
        state_word=state_word,
        acknowledged_by=inc.acknowledged_by,
        acknowledged_at=inc.acknowledged_at,
        acknowledged=inc.is_acknowledged,
        stale=item.stale,
        **ack_fields(item),
    )


def incident_clocks(item: BoardIncident, now: datetime) -> tuple[ClockVM | None, ClockVM | None]:
    if item.sla is None:
        return None, None
    return (
        clock_vm(item.sla.response, now, RESPOND),
        clock_vm(item.sla.resolution, now, RESOLVE),
    )


# Clock labels: kept in English on the view-model, translated in `ClockVM.caption`.
RESPOND = QT_TRANSLATE_NOOP("clocks", "respond")
RESOLVE = QT_TRANSLATE_NOOP("clocks", "resolve")
