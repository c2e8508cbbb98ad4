"""Incidents as the board sees them, whatever store they came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from types import MappingProxyType

from noc_wallboard.domain.severity import Severity


class IncidentState(Enum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


def _frozen(labels: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(labels))


@dataclass(frozen=True, slots=True)
class Incident:
    """One incident. `id` is unique within its `source` (e.g. an Alertmanager fingerprint)."""

    id: str
    source: str
    title: str
    severity: Severity
    state: IncidentState
    opened_at: datetime
    labels: Mapping[str, str] = field(default_factory=dict)
    raw_severity: str | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    silenced: bool = False
    description: str = ""
    # The source's own status word (Alerta "shelved", Alertmanager "suppressed"…):
    # pause rules can match it.
    raw_status: str | None = None
    inhibited: bool = False
    # Start of the current response cycle; a severity rise after an ack starts a new one.
    response_started_at: datetime | None = None
    resolved_at: datetime | None = None
    # Pause intervals known from the source's history (end None = paused now).
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    # Incidents with the same dedupe key are one incident, whichever source listed it
    # (Alertmanager fingerprints are global: two clusters fed by one Prometheus).
    dedupe_group: str | None = None
    # The first acknowledgement of the current response cycle, remembered by the store
    # when the ack itself has lapsed since (it still answered the response clock).
    first_ack_at: datetime | None = None
    # The source's status history as (status, start, end or None): pause rules on
    # statuses count from these, not from when the board happened to look.
    status_spans: tuple[tuple[str, datetime, datetime | None], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", _frozen(self.labels))

    @property
    def key(self) -> tuple[str, str]:
        """Identity across polls: (source, id)."""
        return (self.source, self.id)

    @property
    def dedupe_key(self) -> tuple[str, str]:
        return (self.dedupe_group or self.source, self.id)

    @property
    def is_acknowledged(self) -> bool:
        return self.state is IncidentState.ACKNOWLEDGED

    @property
    def client(self) -> str | None:
        return self.labels.get("client")
