"""The immutable board state every view and the snapshot read from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from noc_wallboard.domain.ack import AckRequest
from noc_wallboard.domain.health import PanelState
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.roster import LineDuty
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import IncidentSla


@dataclass(frozen=True, slots=True)
class SourceStatus:
    name: str
    kind: str
    ok: bool
    last_success: datetime | None
    error: str | None = None
    failing_since: datetime | None = None
    last_attempt: datetime | None = None
    version: str | None = None
    # Source clock minus ours (seconds), and a warning when past the configured limit.
    clock_skew_s: float | None = None
    warning: str | None = None

    def age(self, now: datetime) -> timedelta | None:
        return None if self.last_success is None else now - self.last_success


@dataclass(frozen=True, slots=True)
class BoardIncident:
    """An incident with its SLA clocks at `BoardState.generated_at`."""

    incident: Incident
    sla: IncidentSla | None
    stale: bool = False
    # The latest acknowledgement request from the outbox for this incident (pending,
    # failed, or just confirmed): what the row says while the store catches up.
    ack: AckRequest | None = None


@dataclass(frozen=True, slots=True)
class SeverityCount:
    total: int = 0
    unacknowledged: int = 0


@dataclass(frozen=True, slots=True)
class BoardState:
    generated_at: datetime
    sources: tuple[SourceStatus, ...] = ()
    panels: tuple[PanelState, ...] = ()
    incidents: tuple[BoardIncident, ...] = ()
    roster: tuple[LineDuty, ...] = ()
    title: str = "NOC Wallboard"
    counts: Mapping[Severity, SeverityCount] = field(default_factory=dict)
    # Incident sources that are down or have not answered yet. While any is listed the
    # board cannot say "all clear": it does not know.
    blind_incident_sources: tuple[str, ...] = ()
    # Alerts about to fire (pending): shown apart, never counted as incidents.
    pending: tuple[Incident, ...] = ()
    incident_source_count: int = 0
    # The acknowledgement outbox as the desk shows it: pending, failed, just confirmed
    # (failures stay listed after their incident is gone, with the reason).
    acks: tuple[AckRequest, ...] = ()

    @property
    def incidents_known(self) -> bool:
        return self.incident_source_count > 0 and not self.blind_incident_sources

    @property
    def open_incidents(self) -> tuple[BoardIncident, ...]:
        return tuple(i for i in self.incidents if i.incident.state is not IncidentState.RESOLVED)


def count_by_severity(incidents: tuple[BoardIncident, ...]) -> dict[Severity, SeverityCount]:
    """Every board severity appears, with zeros, so a missing key never means 'unknown'."""
    totals = {s: [0, 0] for s in Severity.ordered()}
    for item in incidents:
        inc = item.incident
        if inc.state is IncidentState.RESOLVED:
            continue
        totals[inc.severity][0] += 1
        if inc.state is IncidentState.OPEN:
            totals[inc.severity][1] += 1
    return {s: SeverityCount(t, u) for s, (t, u) in totals.items()}


def urgency_key(item: BoardIncident, now: datetime) -> tuple[int, float, int, float]:
    """Sort key: unacknowledged first, then breached, then least time left, then severity."""
    inc = item.incident
    acked = 1 if inc.is_acknowledged else 0
    if item.sla is None:
        return (acked, float("inf"), inc.severity.rank, -inc.opened_at.timestamp())
    clock = item.sla.resolution if inc.is_acknowledged else item.sla.response
    remaining = clock.remaining_at(now).total_seconds()
    return (acked, remaining, inc.severity.rank, -inc.opened_at.timestamp())
