"""The engine: sources + store + pollers. Shared by the window and the headless commands."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.errors import SourceError, SourceProtocolError, SourceTimeout
from noc_wallboard.domain.health import PanelSpec
from noc_wallboard.ports import IncidentStore, MetricsSource, ProbeResult
from noc_wallboard.services.poller import SourcePoller
from noc_wallboard.services.store import BoardStore

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SourceEntry:
    source: MetricsSource | IncidentStore
    interval: timedelta
    # A hard ceiling on one poll, above the HTTP timeout, in case a peer trickles bytes.
    deadline: timedelta


class Engine:
    def __init__(
        self,
        store: BoardStore,
        metrics: Sequence[SourceEntry],
        incidents: Sequence[SourceEntry],
        panels: Sequence[PanelSpec],
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self._metrics = list(metrics)
        self._incidents = list(incidents)
        self._panels = list(panels)
        self._clock = clock
        self._pollers: list[SourcePoller] = []

    @property
    def state(self) -> BoardState:
        return self.store.state

    def _panels_of(self, source: str) -> list[PanelSpec]:
        return [p for p in self._panels if p.source == source]

    async def _poll_metrics(self, entry: SourceEntry) -> bool:
        src = entry.source
        assert hasattr(src, "query_panels")
        panels = self._panels_of(src.name)
        try:
            async with asyncio.timeout(entry.deadline.total_seconds()):
                answers = await src.query_panels(panels)
        except SourceError as exc:
            self.store.apply_metrics(src.name, exc, self._clock())
            return False
        except TimeoutError:
            err = _deadline_error(entry)
            self.store.apply_metrics(src.name, err, self._clock())
            return False
        except Exception as exc:  # an adapter bug must turn the source red, never stay green
            log.exception("metrics poll of %s failed unexpectedly", src.name)
            self.store.apply_metrics(src.name, _unexpected(exc), self._clock())
            return False
        self.store.apply_metrics(src.name, answers, self._clock())
        return self.store.source_ok(src.name)

    async def _poll_incidents(self, entry: SourceEntry) -> bool:
        src = entry.source
        assert hasattr(src, "fetch_incidents")
        try:
            async with asyncio.timeout(entry.deadline.total_seconds()):
                batch = await src.fetch_incidents()
        except SourceError as exc:
            self.store.apply_incidents(src.name, exc, self._clock())
            return False
        except TimeoutError:
            self.store.apply_incidents(src.name, _deadline_error(entry), self._clock())
            return False
        except Exception as exc:  # an adapter bug must turn the source red, never stay green
            log.exception("incident poll of %s failed unexpectedly", src.name)
            self.store.apply_incidents(src.name, _unexpected(exc), self._clock())
            return False
        self.store.apply_incidents(src.name, batch, self._clock())
        return self.store.source_ok(src.name)

    async def poll_once(self) -> BoardState:
        """Every source once, concurrently; what `snapshot` and `screenshot` use."""
        await asyncio.gather(
            *(self._poll_metrics(e) for e in self._metrics),
            *(self._poll_incidents(e) for e in self._incidents),
        )
        return self.store.state

    def start(self) -> None:
        for entry in self._metrics:
            self._pollers.append(
                SourcePoller(entry.source.name, partial(self._poll_metrics, entry), entry.interval)
            )
        for entry in self._incidents:
            self._pollers.append(
                SourcePoller(
                    entry.source.name, partial(self._poll_incidents, entry), entry.interval
                )
            )
        for poller in self._pollers:
            poller.start()

    async def stop(self) -> None:
        await asyncio.gather(*(p.stop() for p in self._pollers))
        self._pollers.clear()

    def tick(self) -> None:
        self.store.tick(self._clock())

    async def probe_all(self) -> list[tuple[str, str, ProbeResult]]:
        sources = [e.source for e in (*self._metrics, *self._incidents)]
        results = await asyncio.gather(*(s.probe() for s in sources))
        return [(s.name, s.kind, r) for s, r in zip(sources, results, strict=True)]


def _unexpected(exc: Exception) -> SourceError:
    return SourceProtocolError(f"unexpected failure: {type(exc).__name__}: {str(exc)[:160]}")


def _deadline_error(entry: SourceEntry) -> SourceError:
    return SourceTimeout(f"poll took longer than {entry.deadline.total_seconds():g}s; abandoned")
