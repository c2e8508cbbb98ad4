"""The monthly SLA report per client: incidents opened in the month, by severity; response
and resolution compliance (met ÷ eligible, where eligible = met + breached: a clock still
running within its target is not decided yet and is shown apart); the breach table;
MTTA/MTTR mean, p50, p90; the same figures for the previous month.

Every response cycle counts: an incident whose severity rose after its ack has a second
response clock, and both are eligible (a breach of the first stays a breach). MTTA is per
cycle (cycle start → the cycle's first ack); MTTR per occurrence (opened → resolved).

Clocks are judged as they stood when the report was made (`at`): a clock of the month's
last night that breached the next morning is a breach of that month.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from noc_wallboard.domain.history import IncidentRecord
from noc_wallboard.domain.report_figures import (
    Calendars,
    ClockAt,
    DurationStats,
    clock_at,
    cycle_ack_times,
    duration_stats,
    response_clocks_at,
)
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState

NO_CLIENT = "(no client)"


@dataclass(frozen=True, slots=True)
class Compliance:
    met: int = 0
    breached: int = 0
    running: int = 0  # not decided yet: not eligible

    @property
    def eligible(self) -> int:
        return self.met + self.breached

    @property
    def percent(self) -> float | None:
        return None if self.eligible == 0 else 100.0 * self.met / self.eligible


@dataclass(frozen=True, slots=True)
class BreachRow:
    record: IncidentRecord
    clock: ClockAt

    @property
    def overrun(self) -> timedelta:
        return self.clock.actual - self.clock.target

    @property
    def severity(self) -> Severity:
        """The severity the breached target was set for (a re-opened incident's first
        cycle ran at its earlier severity)."""
        return self.clock.severity or self.record.severity


@dataclass(frozen=True, slots=True)
class MonthFigures:
    start: datetime
    end: datetime
    counts: tuple[tuple[Severity, int], ...]
    total: int
    response: Compliance
    resolution: Compliance
    breaches: tuple[BreachRow, ...]
    mtta: DurationStats
    mttr: DurationStats
    per_day: tuple[tuple[date, int], ...]  # incidents opened per day (for the chart)

    def count(self, severity: Severity) -> int:
        return dict(self.counts).get(severity, 0)


@dataclass(frozen=True, slots=True)
class ClientSection:
    client: str
    month: MonthFigures
    previous: MonthFigures


@dataclass(frozen=True, slots=True)
class SlaReport:
    year: int
    month: int
    timezone: str
    generated_at: datetime
    clients: tuple[ClientSection, ...]
    end: datetime | None = None  # the month's end (exclusive)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def in_progress(self) -> bool:
        """Made before the month ended: figures as of `generated_at`."""
        return self.end is not None and self.generated_at < self.end


def client_of(rec: IncidentRecord) -> str:
    return rec.client or NO_CLIENT


def month_figures(
    records: Sequence[IncidentRecord],
    start: datetime,
    end: datetime,
    at: datetime,
    calendars: Calendars | None = None,
) -> MonthFigures:
    mine = [r for r in records if start <= r.opened_at < end]
    counts = {s: 0 for s in Severity.ordered()}
    response, resolution = [0, 0, 0], [0, 0, 0]
    breaches: list[BreachRow] = []
    for rec in mine:
        counts[rec.severity] += 1
        clocks = [(response, c) for c in response_clocks_at(rec, at, calendars)] + [
            (resolution, clock_at(rec, "resolution", at, calendars))
        ]
        for tally, clock in clocks:
            if clock is None:
                continue
            if clock.state is ClockState.MET:
                tally[0] += 1
            elif clock.state is ClockState.BREACHED:
                tally[1] += 1
                breaches.append(BreachRow(rec, clock))
            else:
                tally[2] += 1
    order = {"response": 0, "resolution": 1}
    breaches.sort(
        key=lambda b: (
            b.record.opened_at,
            b.record.incident_id,
            order[b.clock.kind],
            b.clock.cycle,
        )
    )
    zone = start.tzinfo
    days: dict[date, int] = {}
    day = start
    while day < end:
        days[day.date()] = 0
        day += timedelta(days=1)  # wall-clock arithmetic: local midnights across DST
    for rec in mine:
        local = rec.opened_at.astimezone(zone).date()
        days[local] = days.get(local, 0) + 1
    return MonthFigures(
        start=start,
        end=end,
        counts=tuple(counts.items()),
        total=len(mine),
        response=Compliance(*response),
        resolution=Compliance(*resolution),
        breaches=tuple(breaches),
        mtta=duration_stats(d for r in mine for d in cycle_ack_times(r, r.opened_at, at)),
        mttr=duration_stats(
            r.resolved_at - r.opened_at
            for r in mine
            if r.resolved_at is not None and r.resolved_at <= at
        ),
        per_day=tuple(sorted(days.items())),
    )


def sla_report(
    records: Sequence[IncidentRecord],
    *,
    year: int,
    month: int,
    window: tuple[datetime, datetime],
    previous: tuple[datetime, datetime],
    at: datetime,
    client: str | None = None,
    timezone: str = "UTC",
    calendars: Calendars | None = None,
) -> SlaReport:
    """One section per client with incidents in the month or the previous one (or only
    `client`, even when it had none)."""
    in_scope = [r for r in records if previous[0] <= r.opened_at < window[1]]
    names = sorted({client_of(r) for r in in_scope}) if client is None else [client]
    sections = []
    for name in names:
        theirs = [r for r in in_scope if client_of(r) == name]
        sections.append(
            ClientSection(
                name,
                month_figures(theirs, window[0], window[1], at, calendars),
                month_figures(theirs, previous[0], previous[1], at, calendars),
            )
        )
    return SlaReport(year, month, timezone, at, tuple(sections), window[1])
