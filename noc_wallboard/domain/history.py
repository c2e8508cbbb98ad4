"""The board's history: incident occurrences, their transitions, and source outages.

A board observes transitions by comparing what a source answers now with what it answered
before. `transitions` is that comparison, pure. Times are the source's own (a board undoes
its clock-skew correction before recording), so several boards watching one Alertmanager
write the same `opened` and `acknowledged` rows. Transitions a board can only date by its
own clock (resolved: the alert vanished; unacknowledged; a severity change) are guarded by
the ledger with a compare-and-set, so one board's row wins and the others add nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from types import MappingProxyType
from typing import Any

from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState, IncidentSla, SlaClock


class EventKind(Enum):
    OPENED = "opened"
    SEVERITY_CHANGED = "severity_changed"
    ACKNOWLEDGED = "acknowledged"
    UNACKNOWLEDGED = "unacknowledged"
    RESOLVED = "resolved"
    REOPENED = "reopened"


@dataclass(frozen=True, slots=True)
class ClockRecord:
    """One SLA clock as recorded: counted time so far (final once stopped)."""

    target: timedelta
    actual: timedelta
    due_at: datetime
    state: ClockState
    running: bool
    stopped_at: datetime | None = None  # when a stopped clock stopped (ack or resolution)

    @classmethod
    def of(
        cls, clock: SlaClock, stopped_at: datetime | None, shift: timedelta = timedelta(0)
    ) -> ClockRecord:
        return cls(
            target=clock.target,
            actual=clock.target - clock.remaining,
            due_at=clock.due_at + shift,
            state=clock.state,
            running=clock.ticking,
            stopped_at=None if clock.ticking or stopped_at is None else stopped_at + shift,
        )


@dataclass(frozen=True, slots=True)
class ResponseCycle:
    """One response cycle of an occurrence: from its start (opened, or re-opened when the
    severity rose after an ack) to the acknowledgement that answered it. Each cycle has
    its own response clock; a breach in an early cycle stays a breach after a re-open."""

    started_at: datetime
    severity: Severity
    clock: ClockRecord | None = None  # None: no response target for that severity
    ack_at: datetime | None = None  # the first ack of this cycle
    ack_by: str | None = None


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """One occurrence of an incident: (source, incident_id, opened_at) is its identity."""

    source: str
    incident_id: str
    opened_at: datetime
    title: str
    severity: Severity
    labels: Mapping[str, str] = field(default_factory=dict)
    first_severity: Severity | None = None
    acked: bool = False
    acked_by: str | None = None
    first_ack_at: datetime | None = None
    first_ack_by: str | None = None
    response_started_at: datetime | None = None
    resolved_at: datetime | None = None
    sla_policy: str | None = None
    response: ClockRecord | None = None
    resolution: ClockRecord | None = None
    sla_at: datetime | None = None
    # The ack that answered the current response cycle (what a board saw; written to the
    # cycle's row), and every cycle as the ledger holds them (read back, oldest first).
    cycle_ack_at: datetime | None = None
    cycle_ack_by: str | None = None
    cycles: tuple[ResponseCycle, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))

    @property
    def key(self) -> tuple[str, str, datetime]:
        return (self.source, self.incident_id, self.opened_at)

    @property
    def client(self) -> str | None:
        return self.labels.get("client")

    @property
    def cycle_start(self) -> datetime:
        return self.response_started_at or self.opened_at

    def response_cycles(self) -> tuple[ResponseCycle, ...]:
        """The occurrence's response cycles, oldest first. A record without cycle rows
        (written before they existed) has one: the current cycle."""
        if self.cycles:
            return self.cycles
        ack = self.cycle_ack_at or self.first_ack_at
        if ack is not None and ack < self.cycle_start:
            ack = None
        by = (self.cycle_ack_by or self.first_ack_by) if ack is not None else None
        return (ResponseCycle(self.cycle_start, self.severity, self.response, ack, by),)


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    source: str
    incident_id: str
    kind: EventKind
    at: datetime
    opened_at: datetime  # the occurrence it belongs to
    severity: Severity | None = None
    actor: str | None = None
    detail: str = ""
    previous: Severity | None = None  # severity_changed: what it was


@dataclass(frozen=True, slots=True)
class Outage:
    """A period a board could not read a source (end None: still down)."""

    source: str
    started_at: datetime
    ended_at: datetime | None
    error: str = ""
    kind: str = ""
    observer: str = ""
    checked_at: datetime | None = None  # the observer's last failed poll


@dataclass(frozen=True, slots=True)
class Seen:
    """What the recorder last saw of an incident (source times)."""

    opened_at: datetime
    severity: Severity
    acked: bool
    ack_at: datetime | None
    cycle_start: datetime | None


def cycle_ack(inc: Incident) -> datetime | None:
    """The acknowledgement that answers the current response cycle (an ack from before a
    re-open does not)."""
    ack = inc.acknowledged_at
    if ack is None or ack < (inc.response_started_at or inc.opened_at):
        return None
    return ack


def seen_of(inc: Incident) -> Seen:
    ack = cycle_ack(inc)
    return Seen(
        opened_at=inc.opened_at,
        severity=inc.severity,
        acked=ack is not None,
        ack_at=ack,
        cycle_start=inc.response_started_at,
    )


def _event(inc: Incident, kind: EventKind, at: datetime, **extra: object) -> HistoryEvent:
    return HistoryEvent(
        source=inc.source,
        incident_id=inc.id,
        kind=kind,
        at=at,
        opened_at=inc.opened_at,
        severity=inc.severity,
        **extra,  # type: ignore[arg-type]
    )


def transitions(prev: Seen | None, inc: Incident, now: datetime) -> list[HistoryEvent]:
    """What happened to `inc` since it was seen as `prev` (None: first sight). `inc` and
    `now` are on the source's clock."""
    if inc.state is IncidentState.RESOLVED and prev is None:
        return []  # a resolved incident never seen open: nothing the board observed
    out: list[HistoryEvent] = []
    if prev is not None and prev.opened_at != inc.opened_at:
        # The same id fired again between two polls: the old occurrence ended unseen.
        out.append(
            HistoryEvent(
                inc.source, inc.id, EventKind.RESOLVED, min(now, inc.opened_at), prev.opened_at
            )
        )
        prev = None
    if prev is None:
        out.append(_event(inc, EventKind.OPENED, inc.opened_at))
        cycle = inc.response_started_at
        if cycle is not None and cycle > inc.opened_at:
            out.append(_event(inc, EventKind.REOPENED, cycle, detail="reported by the source"))
    else:
        if inc.severity is not prev.severity:
            rose = inc.severity.rank < prev.severity.rank
            detail = f"{prev.severity.value} → {inc.severity.value}"
            out.append(
                _event(inc, EventKind.SEVERITY_CHANGED, now, detail=detail, previous=prev.severity)
            )
            if rose and prev.acked:
                at = inc.response_started_at or now
                out.append(_event(inc, EventKind.REOPENED, at, detail="severity rose after ack"))
        elif (
            inc.response_started_at is not None
            and inc.response_started_at != prev.cycle_start
            and inc.response_started_at > inc.opened_at
        ):
            out.append(
                _event(
                    inc,
                    EventKind.REOPENED,
                    inc.response_started_at,
                    detail="reported by the source",
                )
            )
    ack_at = cycle_ack(inc)
    reopened = any(e.kind is EventKind.REOPENED for e in out)
    if ack_at is not None and (prev is None or not prev.acked or reopened):
        out.append(_event(inc, EventKind.ACKNOWLEDGED, ack_at, actor=inc.acknowledged_by))
    elif ack_at is None and prev is not None and prev.acked and not reopened:
        out.append(_event(inc, EventKind.UNACKNOWLEDGED, now))
    if inc.state is IncidentState.RESOLVED:
        out.append(_event(inc, EventKind.RESOLVED, inc.resolved_at or now))
    return out


def resolved_event(source: str, incident_id: str, seen: Seen, at: datetime) -> HistoryEvent:
    """The incident left its source's answer (the source answered): it resolved."""
    return HistoryEvent(source, incident_id, EventKind.RESOLVED, at, seen.opened_at, seen.severity)


def record_of(
    inc: Incident,
    sla: IncidentSla | None,
    now: datetime,
    shift: timedelta = timedelta(0),
) -> IncidentRecord:
    """The row for an incident as the board shows it. `shift` moves the board's (skew
    corrected) times back onto the source's clock."""

    def src(moment: datetime | None) -> datetime | None:
        return None if moment is None else moment + shift

    acked = inc.acknowledged_at is not None
    first_ack = inc.first_ack_at or inc.acknowledged_at
    cycle = inc.response_started_at or inc.opened_at
    answered = first_ack if first_ack is not None and first_ack >= cycle else None
    response_stop = answered or inc.resolved_at
    return IncidentRecord(
        source=inc.source,
        incident_id=inc.id,
        opened_at=inc.opened_at + shift,
        title=inc.title,
        severity=inc.severity,
        labels=inc.labels,
        first_severity=inc.severity,
        acked=acked,
        acked_by=inc.acknowledged_by if acked else None,
        first_ack_at=src(first_ack),
        first_ack_by=inc.acknowledged_by if first_ack is not None else None,
        cycle_ack_at=src(answered),
        cycle_ack_by=inc.acknowledged_by if answered is not None else None,
        response_started_at=src(inc.response_started_at),
        resolved_at=src(inc.resolved_at),
        sla_policy=None if sla is None else sla.policy,
        response=None if sla is None else ClockRecord.of(sla.response, response_stop, shift),
        resolution=None if sla is None else ClockRecord.of(sla.resolution, inc.resolved_at, shift),
        sla_at=now + shift,
    )


@dataclass(frozen=True, slots=True)
class HistoryBatch:
    """One write: applied in one transaction, in this order."""

    records: tuple[IncidentRecord, ...] = ()
    events: tuple[HistoryEvent, ...] = ()
    # Final clocks of occurrences that resolved: written only by the board whose
    # `resolved` event won.
    finals: tuple[IncidentRecord, ...] = ()
    outages_started: tuple[Outage, ...] = ()
    # (source, observer, started_at, moment): still down at / back up at `moment`.
    outages_checked: tuple[tuple[str, str, datetime, datetime], ...] = ()
    outages_ended: tuple[tuple[str, str, datetime, datetime], ...] = ()
    board_now: datetime | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.records
            or self.events
            or self.finals
            or self.outages_started
            or self.outages_checked
            or self.outages_ended
        )

    @property
    def size(self) -> int:
        """Rows it carries (for logs)."""
        return (
            len(self.records)
            + len(self.events)
            + len(self.finals)
            + len(self.outages_started)
            + len(self.outages_checked)
            + len(self.outages_ended)
        )


def merge_batches(batches: Sequence[HistoryBatch]) -> HistoryBatch:
    """Several pending writes as one, losing nothing a report needs: every event, every
    outage start and end, each occurrence's latest record per response cycle (in the
    order they were last seen, so the latest is written last) carrying the severity of
    its first sight, the latest final per occurrence and the latest check per outage."""
    if len(batches) == 1:
        return batches[0]
    first_severity: dict[tuple[str, str, datetime], Severity] = {}
    records: dict[tuple[str, str, datetime, datetime], IncidentRecord] = {}
    finals: dict[tuple[str, str, datetime], IncidentRecord] = {}
    checked: dict[tuple[str, str, datetime], tuple[str, str, datetime, datetime]] = {}
    started: dict[tuple[str, str, datetime], Outage] = {}
    events: list[HistoryEvent] = []
    ended: list[tuple[str, str, datetime, datetime]] = []
    board_now: datetime | None = None
    for batch in batches:
        for rec in batch.records:
            first_severity.setdefault(rec.key, rec.first_severity or rec.severity)
            cycle = (*rec.key, rec.cycle_start)
            records.pop(cycle, None)  # re-inserted: ordered by last appearance
            records[cycle] = rec
        events += batch.events
        for final in batch.finals:
            finals[final.key] = final
        for o in batch.outages_started:
            started.setdefault((o.source, o.observer, o.started_at), o)
        for check in batch.outages_checked:
            checked[check[:3]] = check
        ended += batch.outages_ended
        if batch.board_now is not None:
            board_now = batch.board_now if board_now is None else max(board_now, batch.board_now)
    return HistoryBatch(
        records=tuple(replace(r, first_severity=first_severity[r.key]) for r in records.values()),
        events=tuple(events),
        finals=tuple(finals.values()),
        outages_started=tuple(started.values()),
        outages_checked=tuple(checked.values()),
        outages_ended=tuple(ended),
        board_now=board_now,
    )


def split_batch(batch: HistoryBatch) -> list[HistoryBatch]:
    """A batch as independent parts: one per occurrence (its records, events and final
    together: a final applies only with its `resolved` event) and one for the outages,
    so a part the ledger refuses loses only itself."""
    parts: dict[tuple[str, str, datetime], dict[str, list[Any]]] = {}

    def part(key: tuple[str, str, datetime]) -> dict[str, list[Any]]:
        return parts.setdefault(key, {"records": [], "events": [], "finals": []})

    for rec in batch.records:
        part(rec.key)["records"].append(rec)
    for ev in batch.events:
        part((ev.source, ev.incident_id, ev.opened_at))["events"].append(ev)
    for final in batch.finals:
        part(final.key)["finals"].append(final)
    out = [
        HistoryBatch(
            records=tuple(p["records"]),
            events=tuple(p["events"]),
            finals=tuple(p["finals"]),
            board_now=batch.board_now,
        )
        for p in parts.values()
    ]
    outages = HistoryBatch(
        outages_started=batch.outages_started,
        outages_checked=batch.outages_checked,
        outages_ended=batch.outages_ended,
        board_now=batch.board_now,
    )
    if not outages.empty:
        out.append(outages)
    return out


@dataclass(frozen=True, slots=True)
class AckEntry:
    """A line of the acknowledgement audit: who did what from which host, and the result."""

    at: datetime
    source: str
    incident_id: str
    action: str
    actor: str
    host: str
    result: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class History:
    """What a report reads from the ledger."""

    incidents: tuple[IncidentRecord, ...] = ()
    events: tuple[HistoryEvent, ...] = ()
    outages: tuple[Outage, ...] = ()
    acks: tuple[AckEntry, ...] = ()
