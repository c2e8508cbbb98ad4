"""The recorder: turns what the board store publishes into history rows, written to the
ledger by a thread of its own (the Qt thread never waits for a database).

On each publish it compares the incidents that changed with what it saw before
(`domain.history.transitions`), and each source's up/down status with the last one. Writes
are batched per publish and retried while the ledger is unreachable. The backlog is
bounded by merging: past MAX_BACKLOG pending writes they become one (the latest record of
each occurrence, every event and outage), so an outage of the ledger loses nothing. A
write the ledger refuses (not an outage) is never retried forever: its occurrences are
written one by one and only the refused part is dropped, with an error in the log.

At start it reads what the ledger holds open, so a restarted board (or a second board)
continues the same history instead of opening it anew; an occurrence that vanished while
nobody recorded is closed at the first good poll, its clocks stopped there. At stop it
ends the outages it still has open at their last check, and logs what it could not write.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.domain.errors import SourceTimeout, SourceUnavailable
from noc_wallboard.domain.history import (
    EventKind,
    HistoryBatch,
    HistoryEvent,
    IncidentRecord,
    Outage,
    Seen,
    merge_batches,
    record_of,
    seen_of,
    split_batch,
    transitions,
)
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.sla import SlaPolicies, SlaPolicy, compute_incident_sla
from noc_wallboard.ports import HistoryLedger
from noc_wallboard.services.changes import ChangeSet, IncidentKey
from noc_wallboard.services.incident_memory import shift_times
from noc_wallboard.services.store import BoardStore

log = logging.getLogger(__name__)
_STOP = object()
_PRUNE = object()
MAX_BACKLOG = 5000  # pending writes before they are merged into one
FIRST_RETRY_S = 0.5
PRUNE_EVERY = timedelta(hours=6)
UNSEEN_END = "ended while no board was recording: resolved at or before this time"


class Recorder:
    def __init__(
        self,
        ledger: HistoryLedger,
        policy: SlaPolicy | SlaPolicies,
        *,
        retention: timedelta,
        observer: str,
        clock: Callable[[], datetime],
        incident_sources: Sequence[str] = (),
    ) -> None:
        self._ledger = ledger
        self._policy = policy
        self._retention = retention
        self._observer = observer
        self._clock = clock
        self._incident_sources = tuple(incident_sources)
        self._seen: dict[IncidentKey, Seen] = {}
        self._last: dict[IncidentKey, BoardIncident] = {}
        self._from_ledger: set[IncidentKey] = set()
        self._stored: dict[IncidentKey, IncidentRecord] = {}  # open in the ledger at start
        self._answered: set[str] = set()  # incident sources that answered well once
        self._down: dict[str, datetime] = {}
        self._checked: dict[str, datetime] = {}  # last failed poll of a source down
        self._correction: Callable[[str], timedelta] = lambda _s: timedelta(0)
        self._pending: deque[object] = deque()
        self._cond = threading.Condition()
        self._busy = False  # the writer holds an item
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._unsubscribe: Callable[[], None] | None = None
        self._last_prune: datetime | None = None
        self.errors = 0  # writes that failed (transient ones are retried)
        self.merged = 0  # times the backlog was merged into one write
        self.dropped = 0  # occurrences/outage sets the ledger refused (logged)
        self.abandoned = 0  # writes given up at stop (logged)

    # ------------------------------------------------------------ lifecycle
    async def start(self, store: BoardStore) -> None:
        """Read what the ledger holds open (and give the store back what it remembered
        about those incidents), then follow the store."""
        try:
            records = await asyncio.to_thread(self._ledger.open_records, self._incident_sources)
            closed = await asyncio.to_thread(self._ledger.close_stale_outages)
        except Exception as exc:  # the ledger is down: record from scratch, keep trying
            log.warning("history: cannot read the ledger at start: %s", exc)
            records, closed = [], 0
        for rec in records:
            key = (rec.source, rec.incident_id)
            self._seen[key] = Seen(
                rec.opened_at, rec.severity, rec.acked, None, rec.response_started_at
            )
            self._stored[key] = rec
            first_ack = _cycle_first_ack(rec)
            store.restore_memory(
                key, rec.severity.rank, first_ack is not None, rec.response_started_at, first_ack
            )
        self._from_ledger = set(self._seen)
        if closed:
            log.info("history: closed %d outage(s) left open by stopped boards", closed)
        self._correction = store.clock_correction
        self._thread = threading.Thread(target=self._run, name="history-writer", daemon=True)
        self._thread.start()
        self._put(_PRUNE)
        self._unsubscribe = store.subscribe(self.observe)

    async def drain(self) -> None:
        """Wait until everything observed so far is written (or given up on)."""
        await asyncio.to_thread(self._wait_idle)

    def _wait_idle(self) -> None:
        with self._cond:
            self._cond.wait_for(lambda: not self._pending and not self._busy)

    async def stop(self) -> None:
        """Stop following the store, end this board's open outages at their last check,
        write what is pending (a write failing now gets no second try) and log what could
        not be written."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._thread is None:
            return
        me = self._observer
        closing = tuple(
            (name, me, since, self._checked.get(name, since)) for name, since in self._down.items()
        )
        self._down.clear()
        if closing:
            self._put(HistoryBatch(outages_ended=closing))
        self._stopping.set()
        self._put(_STOP)
        thread = self._thread
        await asyncio.to_thread(thread.join, 30)
        self._thread = None
        if thread.is_alive():
            with self._cond:
                left = [b for b in self._pending if isinstance(b, HistoryBatch)]
                self._pending.clear()
            self._abandon(left, "the writer did not finish in 30 s")

    def _abandon(self, batches: Sequence[HistoryBatch], why: str) -> None:
        if not batches:
            return
        self.abandoned += len(batches)
        log.error(
            "history: %d write(s) abandoned at stop (%s): %d incident row(s), %d event(s), "
            "%d outage change(s) not recorded",
            len(batches),
            why,
            sum(len(b.records) + len(b.finals) for b in batches),
            sum(len(b.events) for b in batches),
            sum(len(b.outages_started) + len(b.outages_ended) for b in batches),
        )

    def _put(self, item: object) -> None:
        with self._cond:
            batches = [b for b in self._pending if isinstance(b, HistoryBatch)]
            if isinstance(item, HistoryBatch) and len(batches) >= MAX_BACKLOG:
                others = [b for b in self._pending if not isinstance(b, HistoryBatch)]
                self._pending.clear()
                self._pending.extend(others)
                self._pending.append(merge_batches(batches))
                self.merged += 1
                log.warning(
                    "history: ledger backlog of %d writes merged into one (nothing dropped)",
                    len(batches),
                )
            self._pending.append(item)
            self._cond.notify_all()

    # ------------------------------------------------------------ observing (Qt thread)
    def observe(self, state: BoardState, changes: ChangeSet) -> None:
        batch = self.batch_for(state, changes)
        if not batch.empty:
            self._put(batch)

    def batch_for(self, state: BoardState, changes: ChangeSet) -> HistoryBatch:
        now = state.generated_at
        ok = {s.name: s.ok for s in state.sources}
        by_key = {i.incident.key: i for i in state.incidents}
        fresh = [s for s in self._incident_sources if ok.get(s) and s not in self._answered]
        self._answered.update(fresh)
        keys = {*changes.added, *changes.updated}
        keys.update(k for k in by_key if k[0] in fresh)
        records: list[IncidentRecord] = []
        events: list[HistoryEvent] = []
        finals: list[IncidentRecord] = []
        for key in sorted(keys):
            item = by_key.get(key)
            if item is None:
                continue
            corr = self._correction(key[0])
            inc_src = shift_times(item.incident, -corr) if corr else item.incident
            found = transitions(self._seen.get(key), inc_src, now + corr)
            records.append(record_of(item.incident, item.sla, now, corr))
            events += found
            for e in found:
                if e.kind is not EventKind.RESOLVED:
                    continue
                if e.opened_at == inc_src.opened_at:
                    finals.append(records[-1])
                else:  # the previous occurrence ended between two polls
                    old = self._closing_final(key, e.opened_at, e.at, now, corr)
                    if old is not None:
                        finals.append(old)
            self._seen[key] = seen_of(inc_src)
            self._last[key] = item
            self._from_ledger.discard(key)
            self._stored.pop(key, None)
        gone = set(changes.removed)
        gone.update(k for k in self._seen if k[0] in fresh and k not in by_key)
        for key in sorted(gone):
            seen = self._seen.get(key)
            if seen is None or key in by_key or not ok.get(key[0]):
                continue
            corr = self._correction(key[0])
            unseen = key in self._from_ledger
            at = max(now + corr, seen.opened_at)
            events.append(
                HistoryEvent(
                    key[0],
                    key[1],
                    EventKind.RESOLVED,
                    at,
                    seen.opened_at,
                    seen.severity,
                    detail=UNSEEN_END if unseen else "",
                )
            )
            final = self._closing_final(key, seen.opened_at, at, now, corr)
            if final is not None:
                finals.append(final)
            self._last.pop(key, None)
            self._stored.pop(key, None)
            del self._seen[key]
            self._from_ledger.discard(key)
        started, checked, ended = self._outages(state, changes, now)
        return HistoryBatch(
            records=tuple(records),
            events=tuple(events),
            finals=tuple(finals),
            outages_started=started,
            outages_checked=checked,
            outages_ended=ended,
            board_now=now,
        )

    def _closing_final(
        self,
        key: IncidentKey,
        opened_at: datetime,
        at: datetime,
        now: datetime,
        corr: timedelta,
    ) -> IncidentRecord | None:
        """The clocks of occurrence `opened_at` of `key` stopped at its resolution `at`
        (source time), from what this board last showed of it or, for an occurrence it
        only knows from the ledger (it ended while no board was recording), from the
        ledger's record."""
        last = self._last.get(key)
        if last is not None and last.incident.opened_at + corr == opened_at:
            inc = replace(last.incident, resolved_at=at - corr, state=IncidentState.RESOLVED)
            sla = compute_incident_sla(inc, self._policy, at - corr)
            return record_of(inc, sla, at - corr, corr)
        stored = self._stored.get(key)
        if stored is not None and stored.opened_at == opened_at:
            inc = _incident_of(stored, at)
            return record_of(inc, compute_incident_sla(inc, self._policy, at), at)
        return None

    def _outages(
        self, state: BoardState, changes: ChangeSet, now: datetime
    ) -> tuple[
        tuple[Outage, ...],
        tuple[tuple[str, str, datetime, datetime], ...],
        tuple[tuple[str, str, datetime, datetime], ...],
    ]:
        started: list[Outage] = []
        checked: list[tuple[str, str, datetime, datetime]] = []
        ended: list[tuple[str, str, datetime, datetime]] = []
        me = self._observer
        for status in state.sources:
            name = status.name
            down = not status.ok and status.error is not None
            since = self._down.get(name)
            if down and since is None:
                since = status.failing_since or now
                self._down[name] = since
                self._checked[name] = max(status.last_attempt or now, since)
                started.append(
                    Outage(
                        name,
                        since,
                        None,
                        status.error or "",
                        status.kind,
                        me,
                        self._checked[name],
                    )
                )
            elif down and since is not None and name in changes.sources:
                self._checked[name] = status.last_attempt or now
                checked.append((name, me, since, self._checked[name]))
            elif status.ok and since is not None:
                ended.append((name, me, since, status.last_success or now))
                del self._down[name]
                self._checked.pop(name, None)
        return tuple(started), tuple(checked), tuple(ended)

    # ------------------------------------------------------------ writing (own thread)
    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending))
                item = self._pending.popleft()
                self._busy = True
            try:
                if item is _STOP:
                    return
                if isinstance(item, HistoryBatch):
                    self._write(item)
                elif item is _PRUNE:
                    self._prune()
            except Exception:  # never let the writer die: later writes still count
                log.exception("history: writer failed")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _write(self, batch: HistoryBatch) -> None:
        delay = FIRST_RETRY_S
        while True:
            try:
                self._ledger.write(batch)
                break
            except (SourceUnavailable, SourceTimeout) as exc:  # down: retry, never crash
                self.errors += 1
                if self._stopping.is_set():
                    self._abandon([batch], f"the ledger is unreachable: {exc}")
                    return
                log.warning("history: write failed (%s); retrying in %.1fs", exc, delay)
                if self._stopping.wait(delay):
                    self._abandon([batch], f"the ledger is unreachable: {exc}")
                    return
                delay = min(delay * 2, 30.0)
            except Exception as exc:  # refused: the same write fails the same way again
                self.errors += 1
                self._write_parts(batch, exc)
                break
        now = self._clock()
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self._prune()

    def _write_parts(self, batch: HistoryBatch, exc: Exception) -> None:
        """The ledger refused `batch`: write its occurrences (and its outages) one by one,
        dropping only the parts it refuses again."""
        parts = split_batch(batch)
        if len(parts) == 1:
            self._drop(parts[0], exc)
            return
        log.warning("history: the ledger refused a write (%s); writing it part by part", exc)
        for part in parts:
            try:
                self._ledger.write(part)
            except Exception as again:
                self.errors += 1
                self._drop(part, again)

    def _drop(self, part: HistoryBatch, exc: Exception) -> None:
        self.dropped += 1
        keys = sorted(
            {f"{r.source}/{r.incident_id}" for r in (*part.records, *part.finals)}
            | {f"{e.source}/{e.incident_id}" for e in part.events}
        )
        log.error(
            "history: the ledger refused %s (%d row(s)), dropped: %s",
            ", ".join(keys) or "an outage update",
            part.size,
            exc,
        )

    def _prune(self) -> None:
        now = self._clock()
        self._last_prune = now
        try:
            removed = self._ledger.prune(now - self._retention)
        except Exception as exc:
            log.warning("history: retention pruning failed: %s", exc)
            return
        if removed:
            log.info("history: pruned %d rows older than the retention", removed)


def _incident_of(rec: IncidentRecord, resolved_at: datetime) -> Incident:
    """An occurrence known only from the ledger, resolved at `resolved_at`: enough of it
    to compute its clocks (source times)."""
    first_ack = _cycle_first_ack(rec)
    return Incident(
        id=rec.incident_id,
        source=rec.source,
        title=rec.title,
        severity=rec.severity,
        state=IncidentState.RESOLVED,
        opened_at=rec.opened_at,
        labels=rec.labels,
        acknowledged_at=first_ack if rec.acked else None,
        acknowledged_by=rec.acked_by if rec.acked else None,
        response_started_at=rec.response_started_at,
        resolved_at=resolved_at,
        first_ack_at=first_ack,
    )


def _cycle_first_ack(rec: IncidentRecord) -> datetime | None:
    """The ack that answered the occurrence's current response cycle, if any."""
    clock = rec.response
    if clock is not None and not clock.running and clock.stopped_at is not None:
        return clock.stopped_at if clock.stopped_at != rec.resolved_at else None
    if rec.first_ack_at is not None and rec.first_ack_at >= rec.cycle_start:
        return rec.first_ack_at
    return None
