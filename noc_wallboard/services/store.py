"""The board store: reduces poll results into a new immutable BoardState.

Keeps the last good data of every source. A failed source's data stays on the
board, marked stale, with the failure and since when — never silently green.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from noc_wallboard.domain.ack import AckAction, AckRequest, AckState, LedgerAck
from noc_wallboard.domain.board import (
    BoardIncident,
    BoardState,
    SourceStatus,
    count_by_severity,
    urgency_key,
)
from noc_wallboard.domain.errors import SourceError, SourceProtocolError
from noc_wallboard.domain.health import PanelSpec, PanelState, build_tiles, mark_stale
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.roster import LineDuty, Rotation
from noc_wallboard.domain.roster_timeline import RosterBatch
from noc_wallboard.domain.sla import SlaPolicies, SlaPolicy, compute_incident_sla
from noc_wallboard.ports import IncidentBatch, PanelAnswer
from noc_wallboard.services.changes import ChangeSet, IncidentKey, diff_incidents
from noc_wallboard.services.clock_skew import SkewTracker
from noc_wallboard.services.incident_memory import IncidentMemory, shift_times
from noc_wallboard.services.roster_book import RosterBook

Listener = Callable[[BoardState, ChangeSet], None]
# Clock differences between boards and the incident's first sight.
LEDGER_ACK_SLACK = timedelta(minutes=1)
log = logging.getLogger(__name__)


@dataclass(slots=True)
class _SourceMemory:
    status: SourceStatus
    incidents: tuple[Incident, ...] = ()
    pending: tuple[Incident, ...] = ()


class BoardStore:
    def __init__(
        self,
        *,
        title: str,
        sources: Sequence[tuple[str, str]],
        panels: Sequence[PanelSpec],
        sla: SlaPolicy | SlaPolicies,
        rotations: Sequence[Rotation],
        now: datetime,
        incident_sources: Sequence[str] = (),
        roster_lines: Sequence[str] = (),
        roster_feeds: Mapping[str, Sequence[str]] | None = None,
        max_clock_skew: timedelta = timedelta(seconds=30),
        ledger_ack_sources: Sequence[str] = (),
    ) -> None:
        self._title = title
        self._panel_specs = list(panels)
        self._sla = sla
        self._memory = IncidentMemory(sla)
        self._max_skew = max_clock_skew
        self._skews: dict[str, SkewTracker] = {}
        self._roster_book = RosterBook(rotations, roster_lines, roster_feeds)
        self._incident_sources = tuple(incident_sources)
        self._sources = {
            name: _SourceMemory(SourceStatus(name, kind, ok=False, last_success=None))
            for name, kind in sources
        }
        self._panels: dict[str, PanelState] = {
            p.name: PanelState(spec=p, tiles=(), updated_at=None) for p in panels
        }
        self._listeners: list[Listener] = []
        self._acks: dict[IncidentKey, AckRequest] = {}
        self._all_acks: tuple[AckRequest, ...] = ()
        self._ledger_ack_sources = frozenset(ledger_ack_sources)
        self._ledger_acks: dict[IncidentKey, LedgerAck] = {}
        self._state = self._build(now)
        self._by_key = {i.incident.key: i for i in self._state.incidents}

    @property
    def state(self) -> BoardState:
        return self._state

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # ---------------------------------------------------------------- reducers
    def source_ok(self, source: str) -> bool:
        return self._sources[source].status.ok

    def clock_correction(self, source: str) -> timedelta:
        """What was subtracted from this source's incident times (its clock − ours): the
        recorder adds it back, so every board records the source's own timestamps."""
        tracker = self._skews.get(source)
        return tracker.applied if tracker is not None else timedelta(0)

    def restore_memory(
        self,
        key: tuple[str, str],
        severity_rank: int,
        acknowledged: bool,
        cycle_start: datetime | None,
        first_ack: datetime | None,
    ) -> None:
        """Seed what the store remembers about an open incident (from the ledger)."""
        self._memory.restore(key, severity_rank, acknowledged, cycle_start, first_ack)

    def apply_metrics(
        self, source: str, result: Sequence[PanelAnswer] | SourceError, now: datetime
    ) -> ChangeSet:
        return self._transaction(source, now, lambda: self._apply_metrics(source, result, now))

    def apply_incidents(
        self, source: str, result: IncidentBatch | SourceError, now: datetime
    ) -> ChangeSet:
        return self._transaction(source, now, lambda: self._apply_incidents(source, result, now))

    def _transaction(self, source: str, now: datetime, apply: Callable[[], ChangeSet]) -> ChangeSet:
        """Apply a poll result all or nothing. If the result cannot be turned into a board
        (an absurd value that slipped past the adapter), the store returns to what it had,
        and the source is marked failed instead — never a board stuck on an exception."""
        saved_sources = {k: replace(v) for k, v in self._sources.items()}
        saved_panels = dict(self._panels)
        try:
            return apply()
        except Exception as exc:
            log.exception("poll result of %s could not be applied", source)
            self._sources, self._panels = saved_sources, saved_panels
            error = SourceProtocolError(f"answer could not be used: {type(exc).__name__}: {exc}")
            if any(p.source == source for p in self._panel_specs):
                return self._apply_metrics(source, error, now)
            return self._apply_incidents(source, error, now)

    def _apply_metrics(
        self, source: str, result: Sequence[PanelAnswer] | SourceError, now: datetime
    ) -> ChangeSet:
        changed: list[str] = []
        if isinstance(result, SourceError):
            self._fail(source, result, now)
            for name, panel in self._panels.items():
                if panel.spec.source == source and not panel.stale:
                    self._panels[name] = replace(
                        panel, tiles=mark_stale(panel.tiles), stale=True, error=str(result)
                    )
                    changed.append(name)
        else:
            self._succeed(source, now)
            specs = {p.name: p for p in self._panel_specs}
            for answer in result:
                spec = specs[answer.panel]
                old = self._panels[answer.panel]
                if answer.error is not None:
                    # One panel's bad query: keep its last tiles, greyed, with the reason.
                    new = replace(old, tiles=mark_stale(old.tiles), stale=True, error=answer.error)
                else:
                    new = PanelState(
                        spec=spec,
                        tiles=build_tiles(spec, answer.samples, answer.history, old.tiles, now=now),
                        updated_at=now,
                        warnings=answer.warnings,
                    )
                self._panels[answer.panel] = new
                changed.append(answer.panel)
            # A source that answers while some of its panels fail is not healthy either:
            # its chip says so, not only the small note on each failing panel.
            mine = [p for p in self._panel_specs if p.source == source]
            failing = [p.name for p in mine if self._panels[p.name].error is not None]
            warning = f"{len(failing)} of {len(mine)} panels failing" if failing else None
            mem = self._sources[source]
            mem.status = replace(mem.status, warning=warning)
        return self._publish(now, panels=tuple(changed), sources=(source,), metrics_only=True)

    def _apply_incidents(
        self, source: str, result: IncidentBatch | SourceError, now: datetime
    ) -> ChangeSet:
        if isinstance(result, SourceError):
            self._fail(source, result, now)
        else:
            self._succeed(source, now)
            mem = self._sources[source]
            incidents = result.incidents
            tracker = self._skews.setdefault(source, SkewTracker())
            correction = tracker.update(result.clock_skew)
            if correction:
                incidents = tuple(shift_times(i, correction) for i in incidents)
            skew = None if tracker.estimate_s is None else timedelta(seconds=tracker.estimate_s)
            notes = list(result.notes)
            if skew is not None and abs(skew) > self._max_skew:
                notes.append(f"clock {skew.total_seconds():+.0f}s off; times corrected")
            warning = "; ".join(notes) or None
            mem.status = replace(
                mem.status,
                clock_skew_s=None if skew is None else skew.total_seconds(),
                warning=warning,
            )
            incidents = tuple(self._with_ledger_ack(i) for i in incidents)
            mem.incidents = self._memory.observe(source, incidents, now)
            mem.pending = result.pending
        return self._publish(now, sources=(source,))

    def apply_roster(
        self, source: str, result: RosterBatch | SourceError, now: datetime
    ) -> ChangeSet:
        """A roster feed's answer. A failure keeps its last good shifts, marked stale."""
        if isinstance(result, SourceError):
            self._fail(source, result, now)
            self._roster_book.fail(source, str(result))
        else:
            self._succeed(source, now)
            # Skipped events, an unknown zone: a warning on the feed's chip, not a failure.
            warning = "; ".join(result.notes) or None
            self._sources[source].status = replace(self._sources[source].status, warning=warning)
            self._roster_book.update(source, result)
        return self._publish(now, sources=(source,))

    def apply_acks(
        self, requests: Sequence[AckRequest], ledger_acks: Sequence[LedgerAck], now: datetime
    ) -> ChangeSet:
        """The outbox as rows should show it, and the acknowledgements the ledger holds
        for stores without their own (shown on every board sharing that ledger)."""
        latest: dict[IncidentKey, AckRequest] = {}
        ordered = sorted(requests, key=lambda r: r.requested_at)
        for req in ordered:
            # A failed ack stays the row's word (with its retry) until something newer
            # than a note replaces it.
            shown = latest.get(req.key)
            if (
                shown is not None
                and shown.state is AckState.FAILED
                and req.action is AckAction.COMMENT
            ):
                continue
            latest[req.key] = req
        held = {(a.source, a.incident_id): a for a in ledger_acks}
        if latest == self._acks and held == self._ledger_acks and tuple(ordered) == self._all_acks:
            return ChangeSet()
        self._acks = latest
        self._all_acks = tuple(ordered)
        if held != self._ledger_acks:
            self._ledger_acks = held
            for mem in self._sources.values():
                mem.incidents = tuple(self._with_ledger_ack(i, recheck=True) for i in mem.incidents)
        return self._publish(now)

    def _with_ledger_ack(self, inc: Incident, recheck: bool = False) -> Incident:
        """Sources whose acks live in the ledger report none themselves: their incidents
        are acknowledged exactly when the ledger says so (an ack older than the
        incident belongs to an earlier firing of the same alert)."""
        if inc.source not in self._ledger_ack_sources or inc.state is IncidentState.RESOLVED:
            return inc
        held = self._ledger_acks.get(inc.key)
        if held is not None and held.at >= inc.opened_at - LEDGER_ACK_SLACK:
            return replace(
                inc,
                state=IncidentState.ACKNOWLEDGED,
                acknowledged_at=held.at,
                acknowledged_by=held.actor,
            )
        if recheck and inc.state is IncidentState.ACKNOWLEDGED:
            return replace(
                inc, state=IncidentState.OPEN, acknowledged_at=None, acknowledged_by=None
            )
        return inc

    def tick(self, now: datetime) -> ChangeSet:
        """Recompute time-dependent parts (clock states, roster) without a poll."""
        return self._publish(now)

    # ---------------------------------------------------------------- internals
    def _fail(self, source: str, error: SourceError, now: datetime) -> None:
        mem = self._sources[source]
        st = mem.status
        mem.status = replace(
            st,
            ok=False,
            error=str(error),
            failing_since=st.failing_since if not st.ok and st.failing_since else now,
            last_attempt=now,
        )

    def _succeed(self, source: str, now: datetime) -> None:
        mem = self._sources[source]
        mem.status = replace(
            mem.status, ok=True, error=None, failing_since=None, last_success=now, last_attempt=now
        )

    def _publish(
        self,
        now: datetime,
        panels: tuple[str, ...] = (),
        sources: tuple[str, ...] = (),
        metrics_only: bool = False,
    ) -> ChangeSet:
        old_roster = self._state.roster
        if metrics_only:
            # A panel answer changes panels and one source chip, nothing else: reuse the
            # incidents, clocks and roster (the 5 s tick keeps those current). With many
            # incidents and many panels, rebuilding them per answer would stall the wall.
            self._state = replace(
                self._state,
                generated_at=now,
                sources=tuple(m.status for m in self._sources.values()),
                panels=tuple(self._panels[p.name] for p in self._panel_specs),
            )
        else:
            self._state = self._build(now)  # may raise: nothing below has changed anything
        new_by_key = {i.incident.key: i for i in self._state.incidents}
        added, removed, updated = diff_incidents(self._by_key, new_by_key)
        self._by_key = new_by_key
        changes = ChangeSet(
            added=added,
            removed=removed,
            updated=updated,
            panels=panels,
            sources=sources,
            roster=old_roster != self._state.roster,
        )
        for listener in list(self._listeners):
            try:
                listener(self._state, changes)
            except Exception:  # a view's bug must not stop the store or other views
                log.exception("board listener failed")
        return changes

    def _build(self, now: datetime) -> BoardState:
        items: list[BoardIncident] = []
        seen: set[IncidentKey] = set()
        for mem in self._sources.values():
            stale = not mem.status.ok and mem.status.last_success is not None
            for inc in mem.incidents:
                if inc.dedupe_key in seen:
                    continue
                seen.add(inc.dedupe_key)
                sla = compute_incident_sla(inc, self._sla, now)
                items.append(BoardIncident(inc, sla, stale, self._acks.get(inc.key)))
        items.sort(key=lambda i: urgency_key(i, now))
        incidents = tuple(items)
        return BoardState(
            generated_at=now,
            sources=tuple(m.status for m in self._sources.values()),
            panels=tuple(self._panels[p.name] for p in self._panel_specs),
            incidents=incidents,
            roster=self._roster(now),
            title=self._title,
            counts=count_by_severity(incidents),
            blind_incident_sources=tuple(
                name for name in self._incident_sources if not self._sources[name].status.ok
            ),
            pending=tuple(p for m in self._sources.values() for p in m.pending),
            incident_source_count=len(self._incident_sources),
            acks=self._all_acks,
        )

    def _roster(self, now: datetime) -> tuple[LineDuty, ...]:
        return self._roster_book.resolve(now)
