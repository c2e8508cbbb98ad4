"""Protocols the services depend on. Domain types in, domain types out.

Adapters implement these; services never import adapters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from noc_wallboard.domain.health import PanelSpec, Sample, Series
from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.roster_timeline import RosterBatch


@dataclass(frozen=True, slots=True)
class PanelAnswer:
    """One panel's answer from one poll; `error` set means the panel failed this time."""

    panel: str
    samples: tuple[Sample, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    history: tuple[Series, ...] = ()  # the sparkline's range answer, when the panel has one


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What `check-config` prints about a source."""

    ok: bool
    version: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class IncidentBatch:
    incidents: tuple[Incident, ...]
    server_time: datetime | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Source clock minus ours, from the HTTP Date header (None when unknown).
    clock_skew: timedelta | None = None
    # Alerts that are pending (Prometheus `for:` not yet elapsed): not incidents yet.
    pending: tuple[Incident, ...] = ()


class Source(Protocol):
    name: str
    kind: str

    async def probe(self) -> ProbeResult:
        """Reachable, auth accepted, version. Never raises."""
        ...


class MetricsSource(Source, Protocol):
    async def query_panels(self, panels: Sequence[PanelSpec]) -> list[PanelAnswer]:
        """One request per panel. Raises SourceError when the whole source is down."""
        ...


class IncidentStore(Source, Protocol):
    async def fetch_incidents(self) -> IncidentBatch:
        """Open incidents right now. Raises SourceError on failure."""
        ...


class RosterSource(Source, Protocol):
    async def fetch_shifts(self, around: datetime) -> RosterBatch:
        """Shifts around `around` (the feed's window). Raises SourceError on failure."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...
