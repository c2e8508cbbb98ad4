"""Polls roster feeds (iCalendar, PagerDuty) into the store: one owned task per feed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from noc_wallboard.domain.errors import SourceError, SourceProtocolError, SourceTimeout
from noc_wallboard.ports import ProbeResult, RosterSource
from noc_wallboard.services.poller import SourcePoller
from noc_wallboard.services.store import BoardStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RosterEntry:
    source: RosterSource
    interval: timedelta
    deadline: timedelta


class RosterPolling:
    def __init__(
        self,
        store: BoardStore,
        entries: Sequence[RosterEntry],
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._entries = list(entries)
        self._clock = clock
        self._pollers: list[SourcePoller] = []
        self._notes: dict[str, tuple[str, ...]] = {}

    @property
    def names(self) -> list[str]:
        return [e.source.name for e in self._entries]

    async def poll(self, entry: RosterEntry, around: datetime | None = None) -> bool:
        src = entry.source
        at = around or self._clock()
        try:
            async with asyncio.timeout(entry.deadline.total_seconds()):
                batch = await src.fetch_shifts(at)
        except SourceError as exc:
            self._store.apply_roster(src.name, exc, self._clock())
            return False
        except TimeoutError:
            late = SourceTimeout(f"feed took longer than {entry.deadline.total_seconds():g}s")
            self._store.apply_roster(src.name, late, self._clock())
            return False
        except Exception as exc:  # an adapter bug must turn the feed red, never stay green
            log.exception("roster feed %s failed unexpectedly", src.name)
            err = SourceProtocolError(f"unexpected failure: {type(exc).__name__}")
            self._store.apply_roster(src.name, err, self._clock())
            return False
        if batch.notes and batch.notes != self._notes.get(src.name):
            # Skipped events, an unknown zone: the feed still works, but say so once.
            log.warning("roster feed %s: %s", src.name, "; ".join(batch.notes))
        self._notes[src.name] = batch.notes
        self._store.apply_roster(src.name, batch, self._clock())
        return True

    async def poll_once(self, around: datetime | None = None) -> None:
        await asyncio.gather(*(self.poll(e, around) for e in self._entries))

    def start(self) -> None:
        for entry in self._entries:
            poller = SourcePoller(entry.source.name, partial(self.poll, entry), entry.interval)
            self._pollers.append(poller)
            poller.start()

    async def stop(self) -> None:
        await asyncio.gather(*(p.stop() for p in self._pollers))
        self._pollers.clear()

    async def probe_all(self) -> list[tuple[str, str, ProbeResult]]:
        sources = [e.source for e in self._entries]
        results = await asyncio.gather(*(s.probe() for s in sources))
        return [(s.name, s.kind, r) for s, r in zip(sources, results, strict=True)]
