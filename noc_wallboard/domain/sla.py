"""SLA clocks: response (cycle start → first ack) and resolution (opened → resolved).

A clock counts only time its calendar counts (24×7 or business hours) and not time
spent paused (e.g. waiting for the client). Its due time moves later by the paused
time; `original_due_at` keeps the due time as it was without pauses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum

from noc_wallboard.domain.calendar import AlwaysOn, Calendar
from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.severity import Severity

Interval = tuple[datetime, datetime | None]  # a pause; end None = still paused


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
class PauseRule:
    """An incident is paused while any label matches or its raw status is listed."""

    labels: Mapping[str, str] = field(default_factory=dict)
    statuses: frozenset[str] = frozenset()

    def matches(self, incident: Incident) -> bool:
        if incident.raw_status is not None and incident.raw_status.lower() in self.statuses:
            return True
        return self.matches_labels(incident)

    def matches_labels(self, incident: Incident) -> bool:
        return any(incident.labels.get(k) == v for k, v in self.labels.items())


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Targets per severity for the incidents its matchers select.

    `match` are exact label values, `match_re` full-match regular expressions; all
    must hold. A policy without matchers selects everything (the default policy).
    """

    targets: Mapping[Severity, SlaTarget]
    at_risk_share: float = 0.75
    calendar: Calendar = field(default_factory=AlwaysOn)
    name: str = "default"
    match: Mapping[str, str] = field(default_factory=dict)
    match_re: Mapping[str, str] = field(default_factory=dict)
    pause: PauseRule = field(default_factory=PauseRule)

    def target_for(self, severity: Severity) -> SlaTarget | None:
        return self.targets.get(severity)

    def selects(self, labels: Mapping[str, str]) -> bool:
        if any(labels.get(k) != v for k, v in self.match.items()):
            return False
        return all(re.fullmatch(rx, labels.get(k, "")) for k, rx in self.match_re.items())


@dataclass(frozen=True, slots=True)
class SlaPolicies:
    """Ordered policies: the first that selects an incident applies."""

    policies: Sequence[SlaPolicy]

    def for_incident(self, incident: Incident) -> SlaPolicy | None:
        """The first policy that selects the incident *and* has a target for its severity:
        a contract silent about a severity falls back to the next policy (the default)."""
        selecting = [p for p in self.policies if p.selects(incident.labels)]
        with_target = (p for p in selecting if p.target_for(incident.severity) is not None)
        return next(with_target, selecting[0] if selecting else None)


@dataclass(frozen=True, slots=True)
class SlaClock:
    target: timedelta
    original_due_at: datetime
    due_at: datetime
    remaining: timedelta  # counted time left at `computed_at`; negative once overrun
    state: ClockState
    calendar: str = "24x7"
    ticking: bool = True  # False once stopped (met or completed breach)
    at_risk_at: datetime | None = None  # when a running clock turns at risk
    computed_at: datetime | None = None
    paused: bool = False
    business: bool = False
    # The calendar itself, so a 1 Hz view can count down business time between polls.
    counter: Calendar | None = field(default=None, compare=False, repr=False)
    at_risk_share: float | None = None

    @property
    def is_breached(self) -> bool:
        return self.state is ClockState.BREACHED

    def remaining_at(self, now: datetime) -> timedelta:
        """Time left at `now` without recomputing: what a 1 Hz countdown shows.

        A paused clock does not move; a business-hours clock moves only in working
        hours (its calendar counts the time since it was computed)."""
        if not self.ticking or self.paused:
            return self.remaining
        if self.business and self.counter is not None and self.computed_at is not None:
            return self.remaining - self.counter.counted(self.computed_at, now)
        return self.due_at - now

    def state_at(self, now: datetime) -> ClockState:
        """The state at `now` for a clock computed earlier (running → at risk → breached),
        judged on counted time: a business-hours clock due at 17:00 with nothing left is
        not breached overnight, only once working time runs past it."""
        if not self.ticking or self.paused:
            return self.state
        remaining = self.remaining_at(now)
        if remaining < timedelta(0):
            return ClockState.BREACHED
        if (
            self.at_risk_share is not None
            and self.target - remaining >= self.target * self.at_risk_share
        ):
            return ClockState.AT_RISK
        return self.state


@dataclass(frozen=True, slots=True)
class IncidentSla:
    response: SlaClock
    resolution: SlaClock
    policy: str = "default"


def _paused_time(
    cal: Calendar, pauses: Sequence[Interval], start: datetime, end: datetime
) -> timedelta:
    total = timedelta(0)
    for lo, hi in pauses:
        a = max(lo, start)
        b = min(hi if hi is not None else end, end)
        if b > a:
            total += cal.counted(a, b)
    return total


def compute_clock(
    started: datetime,
    target: timedelta,
    stopped: datetime | None,
    now: datetime,
    at_risk_share: float,
    calendar: Calendar | None = None,
    pauses: Sequence[Interval] = (),
) -> SlaClock:
    """One clock from `started`, stopping at `stopped` (ack or resolve) if given.

    Counted time = calendar time in [started, end) minus calendar time paused.
    `remaining` is negative once overrun; a stopped clock keeps its value at the stop.
    """
    cal = calendar or AlwaysOn()
    end = stopped if stopped is not None else now
    paused_before_end = _paused_time(cal, pauses, started, end)
    elapsed = cal.counted(started, end) - paused_before_end
    remaining = target - elapsed
    original_due = cal.add(started, target) or datetime.max.replace(tzinfo=started.tzinfo)
    # The due time moves by the paused time seen so far (a future pause is unknown).
    due = cal.add(started, target + paused_before_end) or original_due
    currently_paused = stopped is None and any(
        lo <= now and (hi is None or hi > now) for lo, hi in pauses
    )
    risk_amount = target * at_risk_share
    at_risk_at = cal.add(started, risk_amount + paused_before_end)
    if stopped is not None:
        state = ClockState.MET if remaining >= timedelta(0) else ClockState.BREACHED
    elif remaining < timedelta(0):
        state = ClockState.BREACHED
    elif currently_paused:
        state = ClockState.PAUSED
    elif elapsed >= risk_amount:
        state = ClockState.AT_RISK
    else:
        state = ClockState.RUNNING
    return SlaClock(
        target=target,
        original_due_at=original_due,
        due_at=due,
        remaining=remaining,
        state=state,
        calendar=cal.name,
        ticking=stopped is None,
        at_risk_at=at_risk_at,
        computed_at=now,
        paused=currently_paused,
        business=not cal.is_24x7,
        counter=cal,
        at_risk_share=at_risk_share,
    )


def compute_incident_sla(
    incident: Incident,
    policy: SlaPolicy | SlaPolicies | None,
    now: datetime,
    resolved_at: datetime | None = None,
    pauses: Sequence[Interval] = (),
) -> IncidentSla | None:
    """Both clocks for an incident, or None when no policy gives its severity a target.

    The response clock runs from the start of the current response cycle: an incident
    whose severity rose after it was acknowledged starts a new cycle, and an ack from
    before that cycle does not answer it.
    """
    chosen = policy.for_incident(incident) if isinstance(policy, SlaPolicies) else policy
    if chosen is None:
        return None
    target = chosen.target_for(incident.severity)
    if target is None:
        return None
    resolved_at = resolved_at or incident.resolved_at
    cycle = incident.response_started_at or incident.opened_at
    # The first acknowledgement of this cycle answers the response clock for good, even
    # if the ack itself later lapses (an expired ACK silence on a still-firing alert).
    ack = incident.first_ack_at or incident.acknowledged_at
    if ack is not None and ack < cycle:
        ack = None
    # An incident resolved without an ack answered its response clock on resolution.
    response_stop = ack if ack is not None else resolved_at
    spans = tuple(
        (lo, hi) for status, lo, hi in incident.status_spans if status in chosen.pause.statuses
    )
    all_pauses = (*pauses, *incident.pauses, *spans)
    if chosen.pause.matches(incident) and not any(hi is None for _, hi in all_pauses):
        # Matching labels of an alert never change (Alertmanager, Prometheus): such an
        # incident has been waiting since it opened. A status may have changed: from now.
        since = incident.opened_at if chosen.pause.matches_labels(incident) else now
        all_pauses = (*all_pauses, (since, None))
    cal = chosen.calendar
    return IncidentSla(
        response=compute_clock(
            cycle, target.response, response_stop, now, chosen.at_risk_share, cal, all_pauses
        ),
        resolution=compute_clock(
            incident.opened_at,
            target.resolution,
            resolved_at,
            now,
            chosen.at_risk_share,
            cal,
            all_pauses,
        ),
        policy=chosen.name,
    )
