"""Protocols the services depend on. Domain types in, domain types out.

Adapters implement these; services never import adapters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from noc_wallboard.domain.health import PanelSpec, Sample
from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.roster import LineDuty


@dataclass(frozen=True, slots=True)
class PanelAnswer:
    """One panel's answer from one poll; `error` set means the panel failed this time."""

    panel: str
    samples: tuple[Sample, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None


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


class RosterSource(Protocol):
    name: str
    kind: str

    def resolve(self, now: datetime) -> list[LineDuty]: ...


class Clock(Protocol):
    def now(self) -> datetime: ...
