"""The incident history on SQLAlchemy (`HistoryLedger` in ports).

Several boards write the same history. Transitions dated by the source (opened,
acknowledged) are plain idempotent inserts (`INSERT … ON CONFLICT DO NOTHING`, per
dialect). Transitions a board dates by its own clock (resolved, unacknowledged, severity
changed, a re-opened response cycle) first compare-and-set the occurrence's row: the board
whose UPDATE changed it writes the event, the others find it done and write nothing —
PostgreSQL's row lock and SQLite's single writer make that race-free.

Each response cycle has a row of its own (`response_cycles`), keyed by the cycle start the
ledger holds (a board whose clock put the same re-open a few seconds later writes to the
same row). A cycle's response clock, once stopped, is final: a board that lags behind
cannot turn it back into a running one.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import (
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from noc_wallboard.adapters.ledger.database import LedgerError
from noc_wallboard.adapters.ledger.tables import (
    ack_audit,
    ack_requests,
    incident_events,
    incidents,
    response_cycles,
    source_outages,
)
from noc_wallboard.domain.errors import SourceRejected
from noc_wallboard.domain.history import (
    AckEntry,
    ClockRecord,
    EventKind,
    History,
    HistoryBatch,
    HistoryEvent,
    IncidentRecord,
    Outage,
    ResponseCycle,
)
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState

INC = incidents.c
EV = incident_events.c
OUT = source_outages.c
CYC = response_cycles.c
# The database is unreachable, restarting, locked or timed out: worth retrying. Anything
# else (a value it refuses, a constraint) fails the same way every time.
_TRANSIENT = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)


class HistoryRejected(SourceRejected):
    """The ledger refused a write (not an outage): retrying the same write cannot help."""


def observer_id() -> str:
    """This process, as an outage observer: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_gone(observer: str) -> bool:
    host, _, pid = observer.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> int:
    """Insert unless the row's unique key exists; 1 when this call inserted it."""
    if conn.dialect.name == "postgresql":
        # With psycopg the rowcount of an INSERT SQLAlchemy adds RETURNING to is -1:
        # count the rows returned instead.
        stmt: Any = (
            postgresql.insert(table)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(*table.primary_key.columns)
        )
        return len(conn.execute(stmt).all())
    elif conn.dialect.name == "sqlite":
        stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - the ledger supports SQLite and PostgreSQL
        raise LedgerError(f"unsupported ledger database: {conn.dialect.name}")
    return int(conn.execute(stmt).rowcount or 0)


def _occurrence(source: str, incident_id: str, opened_at: datetime) -> Any:
    return and_(INC.source == source, INC.incident_id == incident_id, INC.opened_at == opened_at)


def _clock_values(prefix: str, clock: ClockRecord | None) -> dict[str, Any]:
    if clock is None:
        return {
            f"{prefix}_target_s": None,
            f"{prefix}_actual_s": None,
            f"{prefix}_due_at": None,
            f"{prefix}_state": None,
            f"{prefix}_running": None,
            f"{prefix}_stopped_at": None,
        }
    return {
        f"{prefix}_target_s": clock.target.total_seconds(),
        f"{prefix}_actual_s": clock.actual.total_seconds(),
        f"{prefix}_due_at": clock.due_at,
        f"{prefix}_state": clock.state.value,
        f"{prefix}_running": clock.running,
        f"{prefix}_stopped_at": clock.stopped_at,
    }


def _cycle_clock_values(clock: ClockRecord | None) -> dict[str, Any]:
    return {k.removeprefix("c_"): v for k, v in _clock_values("c", clock).items()}


def _clock_of(row: Any, prefix: str) -> ClockRecord | None:
    target = getattr(row, f"{prefix}_target_s")
    if target is None:
        return None
    return ClockRecord(
        target=timedelta(seconds=target),
        actual=timedelta(seconds=getattr(row, f"{prefix}_actual_s") or 0.0),
        due_at=getattr(row, f"{prefix}_due_at"),
        state=ClockState(getattr(row, f"{prefix}_state")),
        running=bool(getattr(row, f"{prefix}_running")),
        stopped_at=getattr(row, f"{prefix}_stopped_at"),
    )


class _CycleRow:
    """A `response_cycles` row seen through the `<prefix>_…` names `_clock_of` reads."""

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name.removeprefix("c_"))


def _cycle_of(row: Any) -> ResponseCycle:
    return ResponseCycle(
        started_at=row.started_at,
        severity=_severity(row.severity),
        clock=_clock_of(_CycleRow(row), "c"),
        ack_at=row.ack_at,
        ack_by=row.ack_by,
    )


def _severity(value: str | None) -> Severity:
    try:
        return Severity(value or "unknown")
    except ValueError:
        return Severity.UNKNOWN


def _record_of(row: Any) -> IncidentRecord:
    try:
        labels = json.loads(row.labels or "{}")
    except ValueError:
        labels = {}
    return IncidentRecord(
        source=row.source,
        incident_id=row.incident_id,
        opened_at=row.opened_at,
        title=row.title or "",
        severity=_severity(row.severity),
        labels=labels if isinstance(labels, dict) else {},
        first_severity=_severity(row.first_severity),
        acked=bool(row.acked),
        acked_by=row.acked_by,
        first_ack_at=row.first_ack_at,
        first_ack_by=row.first_ack_by,
        response_started_at=row.response_started_at,
        resolved_at=row.resolved_at,
        sla_policy=row.sla_policy,
        response=_clock_of(row, "response"),
        resolution=_clock_of(row, "resolution"),
        sla_at=row.sla_at,
    )


class SqlHistory:
    """Blocking; the recorder calls it from its writer thread, reports from a worker."""

    def __init__(self, engine: Engine, writer: str | None = None) -> None:
        self._engine = engine
        self.writer = writer or observer_id()

    # ------------------------------------------------------------ writing
    def write(self, batch: HistoryBatch) -> None:
        """Apply `batch` in one transaction. Raises LedgerError when the database cannot
        be reached (retry later) and HistoryRejected when it refused the write."""
        now = batch.board_now or datetime.now().astimezone()
        try:
            with self._engine.begin() as conn:
                for record in batch.records:
                    self._upsert(conn, record, now)
                lost: set[tuple[str, str, datetime]] = set()
                won: set[tuple[str, str, datetime]] = set()
                for event in batch.events:
                    self._event(conn, event, now, lost, won)
                for record in batch.records:
                    self._cycle(conn, record, now, final=False)
                for final in batch.finals:
                    if final.key in won:
                        self._final(conn, final, now)
                self._write_outages(conn, batch)
        except _TRANSIENT as exc:
            raise LedgerError(f"cannot write the history: {_first_line(exc)}") from None
        except SQLAlchemyError as exc:
            raise HistoryRejected(f"the ledger refused a write: {_first_line(exc)}") from None

    @staticmethod
    def _write_outages(conn: Connection, batch: HistoryBatch) -> None:
        for outage in batch.outages_started:
            _insert_ignore(
                conn,
                source_outages,
                {
                    "source": outage.source,
                    "kind": outage.kind,
                    "observer": outage.observer,
                    "started_at": outage.started_at,
                    "checked_at": outage.checked_at or outage.started_at,
                    "error": outage.error[:2000],
                },
            )
        for source, observer, started, moment in batch.outages_checked:
            conn.execute(
                update(source_outages)
                .where(
                    OUT.source == source,
                    OUT.observer == observer,
                    OUT.started_at == started,
                    OUT.ended_at.is_(None),
                )
                .values(checked_at=moment)
            )
        for source, observer, started, moment in batch.outages_ended:
            conn.execute(
                update(source_outages)
                .where(
                    OUT.source == source,
                    OUT.observer == observer,
                    OUT.started_at == started,
                    OUT.ended_at.is_(None),
                )
                .values(ended_at=moment, checked_at=moment)
            )

    def _upsert(self, conn: Connection, rec: IncidentRecord, now: datetime) -> None:
        soft: dict[str, Any] = {
            "title": rec.title[:4000],
            "labels": json.dumps(dict(rec.labels), sort_keys=True),
            "client": rec.client,
            "sla_policy": rec.sla_policy,
            **_clock_values("response", rec.response),
            **_clock_values("resolution", rec.resolution),
            "sla_at": rec.sla_at,
            "updated_at": now,
            "updated_by": self.writer,
        }
        inserted = _insert_ignore(
            conn,
            incidents,
            {
                "source": rec.source,
                "incident_id": rec.incident_id,
                "opened_at": rec.opened_at,
                # The severity at first sight: later changes arrive as severity_changed
                # events (a merged backlog's record may already carry a later one).
                "severity": (rec.first_severity or rec.severity).value,
                "first_severity": (rec.first_severity or rec.severity).value,
                "acked": False,
                "response_started_at": rec.response_started_at,
                **soft,
            },
        )
        if not inserted:
            conn.execute(
                update(incidents)
                .where(
                    _occurrence(rec.source, rec.incident_id, rec.opened_at),
                    INC.resolved_at.is_(None),
                )
                .values(**soft)
            )

    def _event(
        self,
        conn: Connection,
        ev: HistoryEvent,
        now: datetime,
        lost: set[tuple[str, str, datetime]],
        won_resolved: set[tuple[str, str, datetime]],
    ) -> None:
        key = (ev.source, ev.incident_id, ev.opened_at)
        where = _occurrence(*key)
        kind = ev.kind
        if kind is EventKind.SEVERITY_CHANGED:
            assert ev.severity is not None and ev.previous is not None
            won = conn.execute(
                update(incidents)
                .where(where, INC.severity == ev.previous.value)
                .values(severity=ev.severity.value)
            ).rowcount
            if not won:
                lost.add(key)  # another board recorded this change (and its re-open)
                return
        elif kind is EventKind.REOPENED:
            if key in lost:
                return
            won = conn.execute(
                update(incidents)
                .where(
                    where,
                    or_(INC.response_started_at.is_(None), INC.response_started_at < ev.at),
                )
                .values(response_started_at=ev.at, acked=False, acked_by=None)
            ).rowcount
            if not won:
                return
        elif kind is EventKind.UNACKNOWLEDGED:
            won = conn.execute(
                update(incidents)
                .where(where, INC.acked.is_(True))
                .values(acked=False, acked_by=None)
            ).rowcount
            if not won:
                return
        elif kind is EventKind.RESOLVED:
            won = conn.execute(
                update(incidents)
                .where(where, INC.resolved_at.is_(None))
                .values(resolved_at=ev.at, updated_at=now, updated_by=self.writer)
            ).rowcount
            if not won:
                lost.add(key)
                return
            won_resolved.add(key)
        inserted = _insert_ignore(
            conn,
            incident_events,
            {
                "source": ev.source,
                "incident_id": ev.incident_id,
                "event": kind.value,
                "at": ev.at,
                "opened_at": ev.opened_at,
                "severity": None if ev.severity is None else ev.severity.value,
                "actor": ev.actor,
                "detail": ev.detail[:2000],
                "recorded_at": now,
                "recorded_by": self.writer,
            },
        )
        if kind is EventKind.ACKNOWLEDGED and inserted:
            conn.execute(update(incidents).where(where).values(acked=True, acked_by=ev.actor))
            conn.execute(
                update(incidents)
                .where(where, or_(INC.first_ack_at.is_(None), INC.first_ack_at > ev.at))
                .values(first_ack_at=ev.at, first_ack_by=ev.actor)
            )

    def _cycle_start(self, conn: Connection, rec: IncidentRecord) -> datetime | None:
        """The start of the cycle `rec`'s response clock belongs to, as the ledger holds
        it: the current cycle when `rec` is of it (even if this board dated the re-open a
        little later), else the latest cycle begun at or before `rec`'s."""
        stored = conn.execute(
            select(INC.response_started_at).where(
                _occurrence(rec.source, rec.incident_id, rec.opened_at)
            )
        ).first()
        if stored is None:
            return None
        current = stored.response_started_at or rec.opened_at
        if rec.cycle_start >= current:
            return current
        earlier = conn.execute(
            select(func.max(CYC.started_at)).where(
                CYC.source == rec.source,
                CYC.incident_id == rec.incident_id,
                CYC.opened_at == rec.opened_at,
                CYC.started_at <= rec.cycle_start,
            )
        ).scalar()
        return earlier or rec.cycle_start

    def _cycle(self, conn: Connection, rec: IncidentRecord, now: datetime, final: bool) -> None:
        """The row of `rec`'s response cycle: inserted, or brought up to date unless its
        clock already stopped (a `final` — the resolution's figures — always writes)."""
        start = self._cycle_start(conn, rec)
        if start is None:
            return
        clock = _cycle_clock_values(rec.response)
        inserted = _insert_ignore(
            conn,
            response_cycles,
            {
                "source": rec.source,
                "incident_id": rec.incident_id,
                "opened_at": rec.opened_at,
                "started_at": start,
                "severity": rec.severity.value,
                **clock,
                "ack_at": rec.cycle_ack_at,
                "ack_by": rec.cycle_ack_by,
                "sla_at": rec.sla_at,
                "updated_at": now,
                "updated_by": self.writer,
            },
        )
        if inserted:
            return
        where = [
            CYC.source == rec.source,
            CYC.incident_id == rec.incident_id,
            CYC.opened_at == rec.opened_at,
            CYC.started_at == start,
        ]
        if not final:
            where.append(or_(CYC.running.is_(None), CYC.running.is_(True)))
        conn.execute(
            update(response_cycles)
            .where(*where)
            .values(
                severity=rec.severity.value,
                **clock,
                ack_at=func.coalesce(CYC.ack_at, rec.cycle_ack_at),
                ack_by=func.coalesce(CYC.ack_by, rec.cycle_ack_by),
                sla_at=rec.sla_at,
                updated_at=now,
                updated_by=self.writer,
            )
        )

    def _final(self, conn: Connection, rec: IncidentRecord, now: datetime) -> None:
        """Final clocks of a resolved occurrence, from the board whose `resolved` won."""
        conn.execute(
            update(incidents)
            .where(_occurrence(rec.source, rec.incident_id, rec.opened_at))
            .values(
                sla_policy=rec.sla_policy,
                **_clock_values("response", rec.response),
                **_clock_values("resolution", rec.resolution),
                sla_at=rec.sla_at,
            )
        )
        self._cycle(conn, rec, now, final=True)

    def close_stale_outages(self) -> int:
        """Outages left open by board processes of this host that are gone (killed): they
        end when their board last saw the source down."""
        with self._engine.begin() as conn:
            rows = conn.execute(
                select(OUT.id, OUT.observer, OUT.checked_at).where(OUT.ended_at.is_(None))
            ).all()
            closed = 0
            for row in rows:
                if row.observer != self.writer and _pid_gone(row.observer):
                    conn.execute(
                        update(source_outages)
                        .where(OUT.id == row.id)
                        .values(ended_at=row.checked_at)
                    )
                    closed += 1
        return closed

    def prune(self, before: datetime) -> int:
        """Retention: drop what ended before `before` (resolved occurrences with their
        cycles and events, ended outages, the ack audit and finished ack requests). Events
        go by their occurrence, never by id alone: a newer occurrence of the same id keeps
        its own."""
        removed = 0
        old = and_(INC.resolved_at.is_not(None), INC.resolved_at < before)
        with self._engine.begin() as conn:
            for table, col in ((incident_events, EV), (response_cycles, CYC)):
                of_old_occurrence = select(1).where(
                    INC.source == col.source,
                    INC.incident_id == col.incident_id,
                    INC.opened_at == col.opened_at,
                    old,
                )
                removed += conn.execute(delete(table).where(exists(of_old_occurrence))).rowcount
            removed += conn.execute(delete(incidents).where(old)).rowcount
            removed += conn.execute(
                delete(source_outages).where(OUT.ended_at.is_not(None), OUT.ended_at < before)
            ).rowcount
            removed += conn.execute(delete(ack_audit).where(ack_audit.c.at < before)).rowcount
            removed += conn.execute(
                delete(ack_requests).where(
                    ack_requests.c.state != "pending", ack_requests.c.done_at < before
                )
            ).rowcount
        return removed

    # ------------------------------------------------------------ reading
    def open_records(self, sources: Iterable[str]) -> list[IncidentRecord]:
        """What the ledger holds open for these sources: a restarted recorder's memory."""
        wanted = list(sources)
        if not wanted:
            return []
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(incidents).where(INC.source.in_(wanted), INC.resolved_at.is_(None))
            ).all()
        return [_record_of(r) for r in rows]

    def load(
        self,
        start: datetime,
        end: datetime,
        opened_from: datetime | None = None,
        *,
        events: bool = True,
    ) -> History:
        """Occurrences alive in [start, end) (or opened in [opened_from, end)) with their
        response cycles, their events (unless `events` is False: the SLA report needs
        none), outages overlapping the window and the ack audit in it."""
        if opened_from is not None:
            parts: list[Any] = [and_(INC.opened_at >= opened_from, INC.opened_at < end)]
        else:
            # Open, or resolved since `start`: two ranges of ix_incidents_resolved_opened,
            # queried apart (an OR of both makes planners walk ix_incidents_opened, i.e.
            # the whole history before `end`).
            parts = [
                and_(INC.resolved_at.is_(None), INC.opened_at < end),
                and_(INC.resolved_at >= start, INC.opened_at < end),
            ]
        same = and_(
            CYC.source == INC.source,
            CYC.incident_id == INC.incident_id,
            CYC.opened_at == INC.opened_at,
        )
        rows: list[Any] = []
        crows: list[Any] = []
        erows: list[Any] = []
        with self._engine.connect() as conn:
            for alive in parts:
                rows += conn.execute(select(incidents).where(alive)).all()
                crows += conn.execute(
                    select(response_cycles).join(incidents, same).where(alive)
                ).all()
                if events:
                    erows += conn.execute(
                        select(incident_events)
                        .join(
                            incidents,
                            and_(
                                EV.source == INC.source,
                                EV.incident_id == INC.incident_id,
                                EV.opened_at == INC.opened_at,
                            ),
                        )
                        .where(alive)
                    ).all()
            orows = conn.execute(
                select(source_outages)
                .where(
                    OUT.started_at < end,
                    or_(OUT.ended_at.is_(None), OUT.ended_at >= start),
                )
                .order_by(OUT.started_at)
            ).all()
            arows = conn.execute(
                select(ack_audit)
                .where(ack_audit.c.at >= start, ack_audit.c.at < end)
                .order_by(ack_audit.c.at, ack_audit.c.id)
            ).all()
        # An occurrence resolved between the two queries comes back from both: once.
        rows = sorted({r.id: r for r in rows}.values(), key=lambda r: (r.opened_at, r.id))
        crows = sorted({r.id: r for r in crows}.values(), key=lambda r: (r.started_at, r.id))
        erows = sorted({r.id: r for r in erows}.values(), key=lambda r: (r.at, r.id))
        # Each statement reads its own snapshot: a board committing between two of them
        # adds cycles or events of an occurrence not in `rows`. Keep those of `rows`.
        keys = {(r.source, r.incident_id, r.opened_at) for r in rows}
        crows = [c for c in crows if (c.source, c.incident_id, c.opened_at) in keys]
        erows = [e for e in erows if (e.source, e.incident_id, e.opened_at) in keys]
        cycles: dict[tuple[str, str, datetime], list[ResponseCycle]] = {}
        for c in crows:
            cycles.setdefault((c.source, c.incident_id, c.opened_at), []).append(_cycle_of(c))
        records = []
        for row in rows:
            rec = _record_of(row)
            mine = cycles.get(rec.key)
            records.append(replace(rec, cycles=tuple(mine)) if mine else rec)
        return History(
            incidents=tuple(records),
            events=tuple(_event_of(r) for r in erows),
            outages=tuple(
                Outage(
                    r.source, r.started_at, r.ended_at, r.error, r.kind, r.observer, r.checked_at
                )
                for r in orows
            ),
            acks=tuple(
                AckEntry(
                    r.at, r.source, r.incident_id, r.action, r.actor, r.host, r.result, r.detail
                )
                for r in arows
            ),
        )

    def close(self) -> None:
        self._engine.dispose()


def _event_of(row: Any) -> HistoryEvent:
    return HistoryEvent(
        source=row.source,
        incident_id=row.incident_id,
        kind=EventKind(row.event),
        at=row.at,
        opened_at=row.opened_at,
        severity=None if row.severity is None else _severity(row.severity),
        actor=row.actor,
        detail=row.detail or "",
    )


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0][:240]
