"""What the store remembers about each incident between polls.

A poll shows an incident as it is now; some SLA facts need its past:
- a severity that rose after an acknowledgement starts a new response cycle, from the
  moment the rise was seen (unless the source reports the cycle itself, as Alerta does);
- a pause (a pause rule matching) lasts from when it was first seen to when it ended.
The memory of an incident ends when it leaves its source's answer, so a board that runs
for months holds only what is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.sla import SlaPolicies, SlaPolicy

IncidentKey = tuple[str, str]


@dataclass(slots=True)
class _Seen:
    severity_rank: int
    acknowledged: bool
    cycle_start: datetime | None = None
    first_ack: datetime | None = None
    pause_start: datetime | None = None
    pauses: list[tuple[datetime, datetime]] = field(default_factory=list)


class IncidentMemory:
    def __init__(self, policies: SlaPolicy | SlaPolicies) -> None:
        self._policies = policies
        self._seen: dict[IncidentKey, _Seen] = {}

    def __len__(self) -> int:
        return len(self._seen)

    def restore(
        self,
        key: IncidentKey,
        severity_rank: int,
        acknowledged: bool,
        cycle_start: datetime | None,
        first_ack: datetime | None,
    ) -> None:
        """What a previous run knew (from the ledger), so a restarted board keeps a
        re-opened response cycle and the first ack that answered it. Never overrides
        what this run has seen itself."""
        if key not in self._seen:
            self._seen[key] = _Seen(severity_rank, acknowledged, cycle_start, first_ack)

    def _paused_by_status(self, incident: Incident) -> bool:
        """Only status pauses are observed here: a label pause of an alert lasts from its
        opening (the domain counts it so), and a source that reports its status history
        (Alerta) needs no observing."""
        if incident.status_spans or incident.raw_status is None:
            return False
        policy = (
            self._policies.for_incident(incident)
            if isinstance(self._policies, SlaPolicies)
            else self._policies
        )
        return policy is not None and incident.raw_status.lower() in policy.pause.statuses

    def observe(
        self, source: str, incidents: tuple[Incident, ...], now: datetime
    ) -> tuple[Incident, ...]:
        """Incidents enriched with their remembered cycle start and pauses."""
        out = []
        alive = set()
        for inc in incidents:
            key = inc.key
            alive.add(key)
            seen = self._seen.get(key)
            if seen is None:
                seen = _Seen(inc.severity.rank, inc.acknowledged_at is not None)
                self._seen[key] = seen
            elif inc.severity.rank < seen.severity_rank and seen.acknowledged:
                # Severity rose after an ack: a new response cycle from now on.
                seen.cycle_start = now
                seen.acknowledged = False
                seen.first_ack = None
            seen.severity_rank = min(seen.severity_rank, inc.severity.rank)
            ack_at = inc.acknowledged_at
            if ack_at is not None and (seen.cycle_start is None or ack_at >= seen.cycle_start):
                seen.acknowledged = True
                if seen.first_ack is None or ack_at < seen.first_ack:
                    seen.first_ack = ack_at
            paused = self._paused_by_status(inc)
            if paused and seen.pause_start is None:
                seen.pause_start = now
            elif not paused and seen.pause_start is not None:
                seen.pauses.append((seen.pause_start, now))
                seen.pause_start = None
            out.append(self._enrich(inc, seen))
        for key in [k for k in self._seen if k[0] == source and k not in alive]:
            del self._seen[key]
        return tuple(out)

    @staticmethod
    def _enrich(inc: Incident, seen: _Seen) -> Incident:
        changes: dict[str, object] = {}
        if inc.response_started_at is None and seen.cycle_start is not None:
            changes["response_started_at"] = seen.cycle_start
        observed: list[tuple[datetime, datetime | None]] = list(seen.pauses)
        if seen.pause_start is not None:
            observed.append((seen.pause_start, None))
        if observed and not inc.pauses:
            changes["pauses"] = tuple(observed)
        # Also when a later ack replaced a lapsed one: the first ack of the cycle answered
        # the response clock, not the re-ack.
        if seen.first_ack is not None and seen.first_ack != inc.acknowledged_at:
            changes["first_ack_at"] = seen.first_ack
        return replace(inc, **changes) if changes else inc  # type: ignore[arg-type]


def shift_times(inc: Incident, skew: timedelta) -> Incident:
    """Move a source's timestamps onto our clock (skew = source clock − ours)."""

    def fix(moment: datetime | None) -> datetime | None:
        return None if moment is None else moment - skew

    return replace(
        inc,
        opened_at=inc.opened_at - skew,
        acknowledged_at=fix(inc.acknowledged_at),
        response_started_at=fix(inc.response_started_at),
        first_ack_at=fix(inc.first_ack_at),
        status_spans=tuple((s, lo - skew, fix(hi)) for s, lo, hi in inc.status_spans),
        resolved_at=fix(inc.resolved_at),
        pauses=tuple((lo - skew, fix(hi)) for lo, hi in inc.pauses),
    )
