"""Which page a wall shows now: rotation with a dwell per page, schedules, and interrupts.

A new unacknowledged incident of an interrupting severity (critical by default), or an
SLA clock that breaches, stops the rotation and holds on a page that shows it — the
current page if it does, else the first scheduled page whose filter lets it through,
else the unfiltered overview. The hold ends when the incident is acknowledged (or the
breached clock stops), resolved or gone, or after `hold`; then the rotation resumes where
it was interrupted. Each cause interrupts once: an incident still unacknowledged after
its hold does not hold again, and a cause is remembered as long as its incident is on the
board — a source that blips (its incidents stale for a poll) does not make every
unacknowledged critical interrupt again when it answers. Silenced (maintenance) and
inhibited incidents never interrupt, as they never sound. Pure: every answer is a
function of `now` and the last state given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState
from noc_wallboard.domain.wall import OVERVIEW, PageSpec

IncidentKey = tuple[str, str]
# (incident, cause, start of its response cycle): a re-opened incident interrupts anew.
TriggerId = tuple[IncidentKey, str, datetime]

CAUSE_NEW = "new"
CAUSE_RESPONSE = "response breached"
CAUSE_RESOLUTION = "resolution breached"


@dataclass(frozen=True, slots=True)
class Hold:
    key: IncidentKey
    cause: str
    title: str
    severity: Severity
    since: datetime
    until: datetime


@dataclass(frozen=True, slots=True)
class PageChoice:
    page: PageSpec
    number: int  # 1-based among this screen's pages; 0 for the overview fallback
    count: int  # this screen's configured pages
    started: datetime  # when this page came up (for the dwell progress)
    hold: Hold | None = None
    note: str = ""  # why the overview shows, when it does

    @property
    def same_view(self) -> tuple[str, int, Hold | None]:
        return (self.page.name, self.number, self.hold)


@dataclass
class _Trigger:
    first_seen: datetime
    item: BoardIncident


class PageRotation:
    def __init__(
        self,
        pages: Sequence[PageSpec],
        hold: timedelta = timedelta(minutes=10),
        severities: frozenset[Severity] = frozenset({Severity.CRITICAL}),
        on_breach: bool = True,
    ) -> None:
        self._pages = tuple(pages)
        self._hold = hold
        self._severities = severities
        self._on_breach = on_breach
        self._state: BoardState | None = None
        # Every cause seen while its incident is on the board (spent ones too); `_live`:
        # those that hold now (open, fresh, not silenced or inhibited).
        self._triggers: dict[TriggerId, _Trigger] = {}
        self._live: frozenset[TriggerId] = frozenset()
        self._current: int | None = None  # index into pages; None before the first pick
        self._started: datetime | None = None
        self._interrupted: int | None = None  # the page a hold interrupted
        self._held: tuple[int | None, IncidentKey] | None = None
        self._hold_started: datetime | None = None

    @property
    def pages(self) -> tuple[PageSpec, ...]:
        return self._pages

    # ------------------------------------------------------------ the answer
    def select(self, now: datetime, state: BoardState | None = None) -> PageChoice:
        if state is not None:
            self._state = state
        if not self._pages:
            # One page, the whole board: nothing to rotate, nothing to interrupt.
            return self._overview(now, "")
        self._update_triggers(now)
        hold = self._active_hold(now)
        if hold is not None:
            return self._hold_on(hold, now)
        if self._held is not None:
            # Released: back to the page the hold interrupted, with a fresh dwell.
            self._held = None
            self._hold_started = None
            self._current, self._interrupted = self._interrupted, None
            self._started = now
        eligible = [i for i, p in enumerate(self._pages) if p.scheduled(now)]
        if not eligible:
            self._current = None
            return self._overview(now, "no page scheduled now")
        if self._current not in eligible or self._started is None:
            self._current = self._next(eligible, self._current, include_current=True)
            self._started = now
        elif now - self._started >= self._pages[self._current].dwell:
            self._current = self._next(eligible, self._current, include_current=False)
            self._started = now
        assert self._current is not None
        return PageChoice(
            self._pages[self._current], self._current + 1, len(self._pages), self._started
        )

    def _next(self, eligible: list[int], current: int | None, include_current: bool) -> int:
        if current is None:
            return eligible[0]
        n = len(self._pages)
        for step in range(0 if include_current else 1, n + 1):
            candidate = (current + step) % n
            if candidate in eligible:
                return candidate
        return eligible[0]

    def _overview(self, now: datetime, note: str) -> PageChoice:
        if self._started is None or self._current is not None:
            self._started = now
        return PageChoice(OVERVIEW, 0, len(self._pages), self._started, note=note)

    # ------------------------------------------------------------ interrupts
    def _update_triggers(self, now: datetime) -> None:
        state = self._state
        if state is None:
            return
        live: dict[TriggerId, BoardIncident] = {}
        present: set[IncidentKey] = set()
        for item in state.incidents:
            inc = item.incident
            if inc.state is IncidentState.RESOLVED:
                continue
            present.add(inc.key)
            if item.stale or inc.silenced or inc.inhibited:
                # Unknown now, or meant to be quiet: no interrupt. Its spent causes are
                # kept (the incident is still here), so it does not hold anew later.
                continue
            cycle = inc.response_started_at or inc.opened_at
            if inc.state is IncidentState.OPEN and inc.severity in self._severities:
                live[(inc.key, CAUSE_NEW, cycle)] = item
            if self._on_breach and item.sla is not None:
                for cause, clock in (
                    (CAUSE_RESPONSE, item.sla.response),
                    (CAUSE_RESOLUTION, item.sla.resolution),
                ):
                    # `due_at` first: cheap, and no clock breaches before it (1 Hz, many
                    # incidents, business-hours calendars).
                    if (
                        clock.ticking
                        and now >= clock.due_at
                        and clock.state_at(now) is ClockState.BREACHED
                    ):
                        live[(inc.key, cause, cycle)] = item
        # Forgotten only when the incident resolves or leaves the board.
        kept = {tid: t for tid, t in self._triggers.items() if tid in live or tid[0] in present}
        for tid, item in live.items():
            known = kept.get(tid)
            if known is None:
                kept[tid] = _Trigger(now, item)
            else:
                known.item = item
        self._triggers = kept
        self._live = frozenset(live)

    def _active_hold(self, now: datetime) -> Hold | None:
        state = self._state
        if state is None:
            return None
        order = {item.incident.key: i for i, item in enumerate(state.incidents)}
        best: tuple[int, Hold] | None = None
        for tid, trig in self._triggers.items():
            if tid not in self._live:
                continue
            key, cause, _ = tid
            until = trig.first_seen + self._hold
            if now >= until:
                continue
            inc = trig.item.incident
            rank = order.get(key, len(order))
            if best is None or rank < best[0]:
                best = (rank, Hold(key, cause, inc.title, inc.severity, trig.first_seen, until))
        return None if best is None else best[1]

    def _hold_on(self, hold: Hold, now: datetime) -> PageChoice:
        if self._held is None:
            self._interrupted = self._current
            self._hold_started = now
        item = self._triggers_item(hold.key)
        index = self._page_showing(item, now) if item is not None else None
        if self._held is None or self._held != (index, hold.key):
            self._held = (index, hold.key)
        if index is not None:
            self._current = index
        started = self._hold_started or now
        if index is None:
            return PageChoice(OVERVIEW, 0, len(self._pages), started, hold=hold)
        return PageChoice(self._pages[index], index + 1, len(self._pages), started, hold=hold)

    def _triggers_item(self, key: IncidentKey) -> BoardIncident | None:
        for tid, trig in self._triggers.items():
            if tid[0] == key and tid in self._live:
                return trig.item
        return None

    def _page_showing(self, item: BoardIncident, now: datetime) -> int | None:
        labels = item.incident.labels
        showing = [
            i
            for i, p in enumerate(self._pages)
            if p.scheduled(now) and p.shows_incidents() and p.filter.matches(labels)
        ]
        if not showing:
            return None
        held_index = self._held[0] if self._held is not None else None
        for preferred in (held_index, self._interrupted, self._current):
            if preferred is not None and preferred in showing:
                return preferred
        return showing[0]
