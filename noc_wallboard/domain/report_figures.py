"""Figures shared by the reports: duration statistics, SLA clocks as of a moment (every
response cycle's, in the clock's own calendar), the state of an incident at a moment (from
its events), merged outage periods and month windows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from noc_wallboard.domain.calendar import Calendar
from noc_wallboard.domain.history import (
    ClockRecord,
    EventKind,
    HistoryEvent,
    IncidentRecord,
    Outage,
)
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState


@dataclass(frozen=True, slots=True)
class DurationStats:
    """Mean and nearest-rank percentiles (p50 = the value at rank ⌈0.5·n⌉ of the sorted
    values; p90 at ⌈0.9·n⌉): always one of the measured durations."""

    count: int = 0
    mean: timedelta | None = None
    p50: timedelta | None = None
    p90: timedelta | None = None


def percentile(ordered: Sequence[timedelta], share: float) -> timedelta:
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def duration_stats(values: Iterable[timedelta]) -> DurationStats:
    ordered = sorted(values)
    if not ordered:
        return DurationStats()
    total = sum(ordered, timedelta(0))
    mean = timedelta(seconds=round(total.total_seconds() / len(ordered), 3))
    return DurationStats(len(ordered), mean, percentile(ordered, 0.5), percentile(ordered, 0.9))


@dataclass(frozen=True, slots=True)
class ClockAt:
    """One SLA clock as it stood at a moment."""

    kind: str  # "response" or "resolution"
    target: timedelta
    actual: timedelta  # counted time at that moment (final once stopped)
    state: ClockState  # met, breached, running (at risk counts as running) or paused
    stopped: bool
    due_at: datetime
    breached_at: datetime | None = None
    cycle: int = 1  # response clocks: which response cycle (a re-open starts the next)
    severity: Severity | None = None  # the severity its target was set for
    started_at: datetime | None = None

    @property
    def overrun(self) -> timedelta | None:
        return self.actual - self.target if self.state is ClockState.BREACHED else None

    @property
    def decided(self) -> bool:
        """Counts as eligible in compliance: met, or breached (stopped or not)."""
        return self.state in (ClockState.MET, ClockState.BREACHED)

    @property
    def label(self) -> str:
        """`response`, `response (cycle 2)` after a re-open, or `resolution`."""
        return self.kind if self.cycle <= 1 else f"{self.kind} (cycle {self.cycle})"


Calendars = Mapping[str, Calendar]


def _counted_at(clock: ClockRecord, moment: datetime, calendar: Calendar | None) -> timedelta:
    """Counted time of a running clock at `moment`, from its due time: in the clock's
    calendar when known (business hours skip nights, weekends and holidays), else in
    calendar time."""
    if calendar is None or calendar.is_24x7:
        return clock.target - (clock.due_at - moment)
    if moment <= clock.due_at:
        return clock.target - calendar.counted(moment, clock.due_at)
    return clock.target + calendar.counted(clock.due_at, moment)


def judge_clock(
    kind: str,
    clock: ClockRecord,
    at: datetime,
    *,
    ended: datetime | None = None,
    calendar: Calendar | None = None,
    cycle: int = 1,
    severity: Severity | None = None,
    started_at: datetime | None = None,
) -> ClockAt:
    """A recorded clock as it stood at `at`.

    A clock that had stopped by `at` keeps its recorded final figures. `ended` is when the
    clock stopped at the latest although no board recorded its final figures (the
    occurrence resolved while nobody was recording, or the next response cycle began):
    the clock is judged stopped there. A clock still running at `at` is judged by its due
    time, counting the overrun in the clock's calendar."""
    extra = {"cycle": cycle, "severity": severity, "started_at": started_at}
    stop = clock.stopped_at if not clock.running else None
    if stop is None and ended is not None:
        stop = ended
    if stop is not None and stop <= at:
        if not clock.running and clock.stopped_at is not None:
            actual = clock.actual
        else:
            actual = max(_counted_at(clock, stop, calendar), timedelta(0))
        breached = actual > clock.target
        return ClockAt(
            kind,
            clock.target,
            actual,
            ClockState.BREACHED if breached else ClockState.MET,
            True,
            clock.due_at,
            clock.due_at if breached else None,
            **extra,  # type: ignore[arg-type]
        )
    if clock.running and clock.state is ClockState.PAUSED and clock.actual <= clock.target:
        return ClockAt(
            kind,
            clock.target,
            clock.actual,
            ClockState.PAUSED,
            False,
            clock.due_at,
            **extra,  # type: ignore[arg-type]
        )
    actual = _counted_at(clock, at, calendar)
    if at >= clock.due_at:
        return ClockAt(
            kind,
            clock.target,
            actual,
            ClockState.BREACHED,
            False,
            clock.due_at,
            clock.due_at,
            **extra,  # type: ignore[arg-type]
        )
    return ClockAt(
        kind,
        clock.target,
        max(actual, timedelta(0)),
        ClockState.RUNNING,
        False,
        clock.due_at,
        **extra,  # type: ignore[arg-type]
    )


def _calendar(rec: IncidentRecord, calendars: Calendars | None) -> Calendar | None:
    if calendars is None or rec.sla_policy is None:
        return None
    return calendars.get(rec.sla_policy)


def response_clocks_at(
    rec: IncidentRecord, at: datetime, calendars: Calendars | None = None
) -> list[ClockAt]:
    """Every response cycle's clock (those with a target) as it stood at `at`: a cycle
    not yet begun at `at` is left out; one superseded by the next cycle ended there."""
    cycles = [c for c in rec.response_cycles() if c.started_at <= at]
    calendar = _calendar(rec, calendars)
    out: list[ClockAt] = []
    for number, cycle in enumerate(cycles, start=1):
        if cycle.clock is None:
            continue
        ends = [m for m in (rec.resolved_at,) if m is not None]
        if number < len(cycles):
            ends.append(cycles[number].started_at)
        out.append(
            judge_clock(
                "response",
                cycle.clock,
                at,
                ended=min(ends) if ends else None,
                calendar=calendar,
                cycle=number,
                severity=cycle.severity,
                started_at=cycle.started_at,
            )
        )
    return out


def clock_at(
    rec: IncidentRecord, kind: str, at: datetime, calendars: Calendars | None = None
) -> ClockAt | None:
    """The response clock of the cycle running at `at` (the latest begun), or the
    resolution clock, of `rec` as it stood at `at` (see `judge_clock`). A clock still
    running when the occurrence resolved stopped at its resolution."""
    if kind == "response":
        cycles = response_clocks_at(rec, at, calendars)
        latest = [c for c in rec.response_cycles() if c.started_at <= at]
        if not cycles or not latest or latest[-1].clock is None:
            return None
        return cycles[-1]
    clock = rec.resolution
    if clock is None:
        return None
    return judge_clock(
        kind,
        clock,
        at,
        ended=rec.resolved_at,
        calendar=_calendar(rec, calendars),
        severity=rec.severity,
        started_at=rec.opened_at,
    )


def cycle_ack_times(rec: IncidentRecord, start: datetime, end: datetime) -> list[timedelta]:
    """Time to acknowledge of each response cycle answered in [start, end): cycle start
    → the cycle's first ack, in calendar time (MTTA counts per cycle)."""
    return [
        c.ack_at - c.started_at
        for c in rec.response_cycles()
        if c.ack_at is not None and start <= c.ack_at < end
    ]


@dataclass(frozen=True, slots=True)
class StateAt:
    severity: Severity
    acknowledged: bool
    owner: str | None


def state_at(rec: IncidentRecord, events: Sequence[HistoryEvent], at: datetime) -> StateAt:
    """Severity and acknowledgement of an occurrence at `at`, replayed from its events
    (events at exactly `at` count: a window [start, end) reports the state at `end`)."""
    mine = sorted(
        (e for e in events if e.opened_at == rec.opened_at and e.at <= at), key=lambda e: e.at
    )
    if not mine:
        return StateAt(rec.severity, rec.acked, rec.acked_by)
    severity = rec.first_severity or rec.severity
    acked, owner = False, None
    for event in mine:
        if event.kind is EventKind.SEVERITY_CHANGED and event.severity is not None:
            severity = event.severity
        elif event.kind is EventKind.ACKNOWLEDGED:
            acked, owner = True, event.actor
        elif event.kind in (EventKind.UNACKNOWLEDGED, EventKind.REOPENED):
            acked, owner = False, None
    return StateAt(severity, acked, owner)


@dataclass(frozen=True, slots=True)
class OutagePeriod:
    source: str
    start: datetime
    end: datetime | None  # None: still down at the end of the window
    error: str = ""

    def duration(self, until: datetime) -> timedelta:
        return (self.end or until) - self.start


def settle_outages(
    outages: Iterable[Outage], now: datetime, stale_after: timedelta | None
) -> list[Outage]:
    """Outages still open whose observer has not checked the source for `stale_after`
    (its board stopped without saying so) count as ended at their last check."""
    out: list[Outage] = []
    for o in outages:
        if (
            o.ended_at is None
            and stale_after is not None
            and o.checked_at is not None
            and now - o.checked_at > stale_after
        ):
            o = replace(o, ended_at=max(o.checked_at, o.started_at))
        out.append(o)
    return out


def merge_outages(
    outages: Iterable[Outage],
    start: datetime,
    end: datetime,
    *,
    now: datetime | None = None,
    stale_after: timedelta | None = None,
) -> list[OutagePeriod]:
    """Per source, the union of what every board saw, clipped to [start, end). With
    `now` and `stale_after`, abandoned open outages end at their last check."""
    if now is not None:
        outages = settle_outages(outages, now, stale_after)
    by_source: dict[str, list[Outage]] = {}
    for o in outages:
        if o.started_at < end and (o.ended_at is None or o.ended_at > start):
            by_source.setdefault(o.source, []).append(o)
    merged: list[OutagePeriod] = []
    for source, items in by_source.items():
        items.sort(key=lambda o: o.started_at)
        current: OutagePeriod | None = None
        for o in items:
            lo = max(o.started_at, start)
            hi = None if o.ended_at is None or o.ended_at >= end else o.ended_at
            if current is not None and (current.end is None or lo <= current.end):
                later = None if current.end is None or hi is None else max(current.end, hi)
                current = OutagePeriod(source, current.start, later, current.error or o.error)
                continue
            if current is not None:
                merged.append(current)
            current = OutagePeriod(source, lo, hi, o.error)
        if current is not None:
            merged.append(current)
    merged.sort(key=lambda p: (p.start, p.source))
    return merged


def month_window(year: int, month: int, zone: str = "UTC") -> tuple[datetime, datetime]:
    """[first day 00:00, next month's first day 00:00) in `zone`."""
    tz = ZoneInfo(zone)
    start = datetime(year, month, 1, tzinfo=tz)
    nxt = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start, nxt


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year, month - 1) if month > 1 else (year - 1, 12)
