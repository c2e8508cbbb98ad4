"""The shift handover report: everything an incoming lead needs about a window [start, end).

Pure: the history (from the ledger), the roster's shifts and the window in; figures out.
Figures are as of `min(end, generated_at)`: a report made during its shift ("shift in
progress") never judges clocks at a moment that has not come yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from noc_wallboard.domain.history import AckEntry, EventKind, History, HistoryEvent, IncidentRecord
from noc_wallboard.domain.report_figures import (
    Calendars,
    ClockAt,
    DurationStats,
    OutagePeriod,
    StateAt,
    clock_at,
    cycle_ack_times,
    duration_stats,
    merge_outages,
    response_clocks_at,
    state_at,
)
from noc_wallboard.domain.roster_timeline import Shift, resolve_line
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState


@dataclass(frozen=True, slots=True)
class OpenItem:
    record: IncidentRecord
    state: StateAt
    response: ClockAt | None
    resolution: ClockAt | None

    @property
    def clock(self) -> ClockAt | None:
        """The clock that matters now: response until acknowledged, then resolution."""
        return self.resolution if self.state.acknowledged else self.response


@dataclass(frozen=True, slots=True)
class RiskItem:
    record: IncidentRecord
    clock: ClockAt
    due_in: timedelta


@dataclass(frozen=True, slots=True)
class BreachItem:
    record: IncidentRecord
    clock: ClockAt


@dataclass(frozen=True, slots=True)
class RosterPiece:
    line: str
    who: tuple[str, ...]  # empty: nobody on duty (a gap)
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class HandoverReport:
    start: datetime
    end: datetime
    generated_at: datetime
    outgoing: str
    incoming: str
    risk_horizon: timedelta
    open_by_severity: tuple[tuple[Severity, tuple[OpenItem, ...]], ...]
    at_risk: tuple[RiskItem, ...]
    new: tuple[IncidentRecord, ...]
    acknowledged: tuple[IncidentRecord, ...]
    resolved: tuple[IncidentRecord, ...]
    breached: tuple[BreachItem, ...]
    mtta: DurationStats
    mttr: DurationStats
    outages: tuple[OutagePeriod, ...]
    roster: tuple[RosterPiece, ...]
    acks: tuple[AckEntry, ...]
    notes: str = ""
    as_of: datetime | None = None  # when the figures stand: min(end, generated_at)

    @property
    def open_count(self) -> int:
        return sum(len(items) for _, items in self.open_by_severity)

    @property
    def figures_at(self) -> datetime:
        return self.as_of or self.end

    @property
    def in_progress(self) -> bool:
        """Made before its window ended: figures as of `generated_at`, not the end."""
        return self.figures_at < self.end


def roster_pieces(
    lines: Sequence[str], shifts: Sequence[Shift], start: datetime, end: datetime
) -> list[RosterPiece]:
    """Who was on duty on each line during [start, end), hand-off by hand-off."""
    order = list(dict.fromkeys([*lines, *sorted({s.line for s in shifts} - set(lines))]))
    out: list[RosterPiece] = []
    for line in order:
        mine = [s for s in shifts if s.line == line]
        moment = start
        while moment < end:
            duty = resolve_line(line, mine, moment, lookback=timedelta(0), horizon=end - moment)
            until = end if duty.until is None else min(duty.until, end)
            if until <= moment:  # cannot happen: a piece is never empty
                break
            out.append(RosterPiece(line, tuple(p.name for p in duty.on_duty), moment, until))
            moment = until
    return out


def handover_report(
    history: History,
    start: datetime,
    end: datetime,
    *,
    generated_at: datetime,
    risk_horizon: timedelta = timedelta(hours=2),
    roster: Sequence[RosterPiece] = (),
    outgoing: str = "",
    incoming: str = "",
    notes: str = "",
    calendars: Calendars | None = None,
    outage_stale_after: timedelta | None = None,
) -> HandoverReport:
    """`calendars` (policy name → calendar) count running clocks in business time;
    `outage_stale_after` ends open outages whose board stopped checking (see
    `settle_outages`)."""
    at = max(start, min(end, generated_at))
    records = [r for r in history.incidents if r.opened_at < at]
    by_key: dict[tuple[str, str, datetime], list[HistoryEvent]] = {}
    for e in history.events:
        by_key.setdefault((e.source, e.incident_id, e.opened_at), []).append(e)
    open_items: dict[Severity, list[OpenItem]] = {s: [] for s in Severity.ordered()}
    at_risk: list[RiskItem] = []
    breached: list[BreachItem] = []
    for rec in records:
        still_open = rec.resolved_at is None or rec.resolved_at >= at
        responses = response_clocks_at(rec, at, calendars)
        response = clock_at(rec, "response", at, calendars)
        resolution = clock_at(rec, "resolution", at, calendars)
        if still_open:
            state = state_at(rec, by_key.get(rec.key, []), at)
            item = OpenItem(rec, state, response, resolution)
            open_items[state.severity].append(item)
            for clock in (response, resolution):
                if clock is None or clock.stopped or clock.state is not ClockState.RUNNING:
                    continue
                if clock.kind == "response" and state.acknowledged:
                    continue
                if clock.due_at <= at + risk_horizon:
                    at_risk.append(RiskItem(rec, clock, clock.due_at - at))
        for clock in (*responses, resolution):
            if clock is not None and clock.breached_at and start <= clock.breached_at < at:
                breached.append(BreachItem(rec, clock))
    ack_events = [
        e for e in history.events if e.kind is EventKind.ACKNOWLEDGED and start <= e.at < at
    ]
    acked_keys = {(e.source, e.incident_id, e.opened_at) for e in ack_events}
    acknowledged = [r for r in records if r.key in acked_keys]
    new = [r for r in records if start <= r.opened_at < at]
    resolved = [r for r in records if r.resolved_at is not None and start <= r.resolved_at < at]
    mtta = duration_stats(d for r in records for d in cycle_ack_times(r, start, at))
    mttr = duration_stats(
        r.resolved_at - r.opened_at for r in resolved if r.resolved_at is not None
    )
    at_risk.sort(key=lambda i: (i.clock.due_at, i.record.severity.rank))
    breached.sort(key=lambda i: (i.clock.breached_at or i.clock.due_at, i.clock.kind))
    for items in open_items.values():
        items.sort(key=lambda i: (i.state.acknowledged, i.record.opened_at))
    return HandoverReport(
        start=start,
        end=end,
        generated_at=generated_at,
        outgoing=outgoing,
        incoming=incoming,
        risk_horizon=risk_horizon,
        open_by_severity=tuple((s, tuple(items)) for s, items in open_items.items()),
        at_risk=tuple(at_risk),
        new=tuple(new),
        acknowledged=tuple(acknowledged),
        resolved=tuple(resolved),
        breached=tuple(breached),
        mtta=mtta,
        mttr=mttr,
        outages=tuple(
            merge_outages(
                history.outages, start, at, now=generated_at, stale_after=outage_stale_after
            )
        ),
        roster=tuple(roster),
        acks=tuple(a for a in history.acks if start <= a.at < at),
        notes=notes,
        as_of=at,
    )
