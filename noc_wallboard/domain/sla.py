"""SLA clocks: response (opened → first ack) and resolution (opened → resolved).

Foundation scope: 24×7 calendars. Business calendars and pauses build on
`SlaClock` without changing its fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.severity import Severity


class ClockState(Enum):
    RUNNING = "running"
    AT_RISK = "at_risk"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"


@dataclass(frozen=True, slots=True)
class SlaTarget:
    response: timedelta
    resolution: timedelta


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Targets per severity; severities without a target get no clock."""

    targets: Mapping[Severity, SlaTarget]
    at_risk_share: float = 0.75
    calendar: str = "24x7"

    def target_for(self, severity: Severity) -> SlaTarget | None:
        return self.targets.get(severity)


@dataclass(frozen=True, slots=True)
class SlaClock:
    target: timedelta
    original_due_at: datetime
    due_at: datetime
    remaining: timedelta
    state: ClockState
    calendar: str = "24x7"
    ticking: bool = True
    # When a running clock turns at risk; lets a 1 Hz view change colour without a poll.
    at_risk_at: datetime | None = None

    @property
    def is_breached(self) -> bool:
        return self.state is ClockState.BREACHED

    def state_at(self, now: datetime) -> ClockState:
        """The state at `now` for a clock computed earlier (ticking clocks only move
        forward: running → at risk → breached)."""
        if not self.ticking:
            return self.state
        if now > self.due_at:
            return ClockState.BREACHED
        if self.at_risk_at is not None and now >= self.at_risk_at:
            return ClockState.AT_RISK
        return self.state

    def remaining_at(self, now: datetime) -> timedelta:
        """Time left at `now` without recomputing state: what a 1 Hz countdown shows."""
        return self.due_at - now if self.ticking else self.remaining


@dataclass(frozen=True, slots=True)
class IncidentSla:
    response: SlaClock
    resolution: SlaClock


def compute_clock(
    started: datetime,
    target: timedelta,
    stopped: datetime | None,
    now: datetime,
    at_risk_share: float,
) -> SlaClock:
    """A 24×7 clock that starts at `started` and stops at `stopped` (ack or resolve).

    `remaining` is negative once breached; for a stopped clock it is frozen at the
    stop time so a report shows by how much a target was met or missed.
    """
    due = started + target
    end = stopped if stopped is not None else now
    remaining = due - end
    if stopped is not None:
        state = ClockState.MET if stopped <= due else ClockState.BREACHED
    elif remaining < timedelta(0):
        state = ClockState.BREACHED
    elif end - started >= target * at_risk_share:
        state = ClockState.AT_RISK
    else:
        state = ClockState.RUNNING
    return SlaClock(
        target=target,
        original_due_at=due,
        due_at=due,
        remaining=remaining,
        state=state,
        ticking=stopped is None,
        at_risk_at=started + target * at_risk_share,
    )


def compute_incident_sla(
    incident: Incident, policy: SlaPolicy, now: datetime, resolved_at: datetime | None = None
) -> IncidentSla | None:
    """Both clocks for an incident, or None when its severity has no target."""
    target = policy.target_for(incident.severity)
    if target is None:
        return None
    ack = incident.acknowledged_at
    # An incident resolved without an ack answered its response clock on resolution.
    response_stop = ack if ack is not None else resolved_at
    return IncidentSla(
        response=compute_clock(
            incident.opened_at, target.response, response_stop, now, policy.at_risk_share
        ),
        resolution=compute_clock(
            incident.opened_at, target.resolution, resolved_at, now, policy.at_risk_share
        ),
    )
