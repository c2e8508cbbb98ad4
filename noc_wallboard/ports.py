"""Protocols the services depend on. Domain types in, domain types out.

Adapters implement these; services never import adapters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from noc_wallboard.domain.ack import AckRequest, AckResult, LedgerAck
from noc_wallboard.domain.health import PanelSpec, Sample, Series
from noc_wallboard.domain.history import History, HistoryBatch, IncidentRecord
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


@runtime_checkable
class AckStore(Protocol):
    """An incident store that can acknowledge. Each call is idempotent for one request
    id: a resend after a crash finds what the first attempt did. Transient failures raise
    SourceError (retried); a request the store will never take raises AckRefused."""

    name: str

    async def acknowledge(self, request: AckRequest, duration: timedelta) -> AckResult: ...

    async def unacknowledge(self, request: AckRequest) -> AckResult: ...

    async def add_comment(self, request: AckRequest) -> AckResult: ...


@runtime_checkable
class AckRenewal(Protocol):
    """A store whose acks lapse (Alertmanager silences): renewed while the alert fires."""

    async def renew_acks(
        self, now: datetime, durations: Callable[[str], timedelta], renew_before: timedelta
    ) -> int: ...


class AckLedger(Protocol):
    """The durable outbox and audit (the ledger). Blocking: call from a worker thread."""

    def enqueue(self, req: AckRequest) -> AckRequest: ...

    def claim_due(
        self,
        now: datetime,
        lease: timedelta,
        limit: int = 100,
        sources: Sequence[str] | None = None,
    ) -> list[AckRequest]: ...

    def confirm(self, req: AckRequest, result: AckResult, now: datetime) -> None: ...

    def retry_later(self, req: AckRequest, error: str, now: datetime, at: datetime) -> None: ...

    def fail(self, req: AckRequest, reason: str, now: datetime) -> None: ...

    def requeue(self, request_id: str, now: datetime) -> AckRequest | None: ...

    def get(self, request_id: str) -> AckRequest | None: ...

    def visible(self, now: datetime) -> list[AckRequest]: ...

    def ledger_acks(self, sources: Iterable[str]) -> list[LedgerAck]: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class HistoryLedger(Protocol):
    """The incident history (the ledger). Blocking: call from a worker thread."""

    def write(self, batch: HistoryBatch) -> None: ...

    def prune(self, before: datetime) -> int: ...

    def open_records(self, sources: Iterable[str]) -> list[IncidentRecord]: ...

    def close_stale_outages(self) -> int: ...

    def load(
        self,
        start: datetime,
        end: datetime,
        opened_from: datetime | None = None,
        *,
        events: bool = True,
    ) -> History: ...
