"""The engine: sources + store + pollers. Shared by the window and the headless commands."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TypeVar

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.errors import (
    SourceError,
    SourceProtocolError,
    SourceRejected,
    SourceTimeout,
)
from noc_wallboard.domain.health import PanelSpec
from noc_wallboard.ports import AckRenewal, IncidentStore, MetricsSource, PanelAnswer, ProbeResult
from noc_wallboard.services.ack import AckService
from noc_wallboard.services.poller import SourcePoller
from noc_wallboard.services.roster_polling import RosterPolling
from noc_wallboard.services.store import BoardStore

log = logging.getLogger(__name__)
T = TypeVar("T")


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
        rosters: RosterPolling | None = None,
    ) -> None:
        self.store = store
        self.rosters = rosters
        self._metrics = list(metrics)
        self._incidents = list(incidents)
        self._panels = list(panels)
        self._clock = clock
        self._pollers: list[SourcePoller] = []
        # Set by the composition root when a ledger is open: one-click acknowledgement.
        self.acks: AckService | None = None
        # (duration per severity, renew before): set by the composition root.
        self.ack_renewal: tuple[Callable[[str], timedelta], timedelta] | None = None
        self._panel_outcomes: dict[str, dict[str, SourceError | None]] = {}

    @property
    def state(self) -> BoardState:
        return self.store.state

    @property
    def incident_sources(self) -> list[SourceEntry]:
        return list(self._incidents)

    def _panels_of(self, source: str) -> list[PanelSpec]:
        return [p for p in self._panels if p.source == source]

    async def _poll_metrics(
        self, entry: SourceEntry, panels: Sequence[PanelSpec] | None = None
    ) -> bool:
        """Poll `panels` (default: all of the source's) concurrently and apply each answer as
        it arrives, so a slow panel never holds back the others' tiles. Failures are applied
        together at the end: when every panel failed the source itself is down."""
        src = entry.source
        assert hasattr(src, "query_panels")
        chosen = self._panels_of(src.name) if panels is None else list(panels)
        if not chosen:
            return await self._apply_metrics_poll(entry, src.query_panels([]))
        failed: list[tuple[PanelAnswer, SourceError]] = []

        async def one(panel: PanelSpec) -> None:
            what = f"poll of panel {panel.name} on {src.name}"
            answers = await self._bounded(entry, what, src.query_panels([panel]))
            if isinstance(answers, SourceError):
                failed.append((PanelAnswer(panel.name, error=str(answers)), answers))
            else:
                self.store.apply_metrics(src.name, answers, self._clock())

        await asyncio.gather(*(one(p) for p in chosen))
        # Whether the *source* is down is decided over all its panels, whichever poller
        # last asked them: one slow-interval panel with a bad query must not turn a healthy
        # Prometheus red.
        outcomes = self._panel_outcomes.setdefault(src.name, {})
        errors = {a.panel: e for a, e in failed}
        for panel in chosen:
            outcomes[panel.name] = errors.get(panel.name)
        every = self._panels_of(src.name)
        if every and all(outcomes.get(p.name) is not None for p in every):
            # Prefer a transport error (the likelier root cause) over a rejected query.
            all_errors = [e for e in (outcomes[p.name] for p in every) if e is not None]
            transport = [e for e in all_errors if not isinstance(e, SourceRejected)]
            self.store.apply_metrics(src.name, (transport or all_errors)[0], self._clock())
        elif failed:
            self.store.apply_metrics(src.name, [a for a, _ in failed], self._clock())
        return self.store.source_ok(src.name)

    async def _bounded(self, entry: SourceEntry, what: str, work: Awaitable[T]) -> T | SourceError:
        """Await one call to a source within its deadline. Every failure comes back as a
        SourceError — an adapter bug included: it must turn the source red, never leave
        it green."""
        try:
            async with asyncio.timeout(entry.deadline.total_seconds()):
                return await work
        except SourceError as exc:
            return exc
        except TimeoutError:
            return _deadline_error(entry)
        except Exception as exc:
            log.exception("%s failed unexpectedly", what)
            return _unexpected(exc)

    async def _apply_metrics_poll(
        self, entry: SourceEntry, poll: Awaitable[list[PanelAnswer]]
    ) -> bool:
        name = entry.source.name
        result = await self._bounded(entry, f"metrics poll of {name}", poll)
        self.store.apply_metrics(name, result, self._clock())
        return self.store.source_ok(name)

    async def _poll_incidents(self, entry: SourceEntry) -> bool:
        src = entry.source
        assert hasattr(src, "fetch_incidents")
        result = await self._bounded(entry, f"incident poll of {src.name}", src.fetch_incidents())
        self.store.apply_incidents(src.name, result, self._clock())
        if not isinstance(result, SourceError):
            await self._after_incident_poll(entry)
        return self.store.source_ok(src.name)

    async def _after_incident_poll(self, entry: SourceEntry) -> None:
        src = entry.source
        # Every board renews ACK silences of still-firing alerts (walls included, with or
        # without a ledger): an acknowledged alert must not lapse while it is worked on.
        if self.ack_renewal is not None and isinstance(src, AckRenewal):
            durations, renew_before = self.ack_renewal
            count = await self._bounded(
                entry,
                f"ack renewal in {src.name}",
                src.renew_acks(self._clock(), durations, renew_before),
            )
            if isinstance(count, SourceError):
                log.warning("renewing acks in %s failed (next poll retries): %s", src.name, count)
            elif count:
                log.info("renewed %d acknowledgement silence(s) in %s", count, src.name)
        if self.acks is not None:
            await self._bounded(entry, f"ack refresh of {src.name}", self.acks.after_poll(src.name))

    async def poll_once(self) -> BoardState:
        """Every source once, concurrently; what `snapshot` and `screenshot` use."""
        await asyncio.gather(
            *(self._poll_metrics(e) for e in self._metrics),
            *(self._poll_incidents(e) for e in self._incidents),
            *([self.rosters.poll_once()] if self.rosters else []),
        )
        return self.store.state

    async def poll_incidents_once(self) -> BoardState:
        """Every incident source once (the `ack` command finds its incident this way)."""
        await asyncio.gather(*(self._poll_incidents(e) for e in self._incidents))
        return self.store.state

    def start(self) -> None:
        for entry in self._metrics:
            # One poller per distinct interval: a panel with its own `interval` runs on its own
            # schedule without dragging the source's other panels along.
            groups: dict[timedelta, list[PanelSpec]] = {}
            for panel in self._panels_of(entry.source.name):
                groups.setdefault(panel.interval or entry.interval, []).append(panel)
            for interval, panels in (groups or {entry.interval: []}).items():
                name = entry.source.name
                if interval != entry.interval:
                    name += f"@{interval.total_seconds():g}s"
                # No backoff beyond the interval: a wall must recover within one poll
                # of its source coming back.
                self._pollers.append(
                    SourcePoller(
                        name,
                        partial(self._poll_metrics, entry, panels),
                        interval,
                        max_backoff=interval,
                    )
                )
        for entry in self._incidents:
            self._pollers.append(
                SourcePoller(
                    entry.source.name,
                    partial(self._poll_incidents, entry),
                    entry.interval,
                    max_backoff=entry.interval,
                )
            )
        for poller in self._pollers:
            poller.start()
        if self.acks is not None:
            self.acks.start()
        if self.rosters is not None:
            self.rosters.start()

    async def stop(self) -> None:
        if self.acks is not None:
            await self.acks.stop()
        await asyncio.gather(*(p.stop() for p in self._pollers))
        self._pollers.clear()
        if self.rosters is not None:
            await self.rosters.stop()

    def tick(self) -> None:
        self.store.tick(self._clock())

    async def probe_all(self) -> list[tuple[str, str, ProbeResult]]:
        sources = [e.source for e in (*self._metrics, *self._incidents)]
        results = await asyncio.gather(*(s.probe() for s in sources))
        probes = [(s.name, s.kind, r) for s, r in zip(sources, results, strict=True)]
        return probes + (await self.rosters.probe_all() if self.rosters else [])


def _unexpected(exc: Exception) -> SourceError:
    return SourceProtocolError(f"unexpected failure: {type(exc).__name__}: {str(exc)[:160]}")


def _deadline_error(entry: SourceEntry) -> SourceError:
    return SourceTimeout(f"poll took longer than {entry.deadline.total_seconds():g}s; abandoned")
