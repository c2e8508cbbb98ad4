"""What changed between two board states, so views update rows instead of resetting."""

from __future__ import annotations

from dataclasses import dataclass, field

from noc_wallboard.domain.board import BoardIncident

IncidentKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ChangeSet:
    added: tuple[IncidentKey, ...] = ()
    removed: tuple[IncidentKey, ...] = ()
    updated: tuple[IncidentKey, ...] = ()
    panels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    roster: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return (
            not (self.added or self.removed or self.updated or self.panels or self.sources)
            and not self.roster
        )


def diff_incidents(
    old: dict[IncidentKey, BoardIncident], new: dict[IncidentKey, BoardIncident]
) -> tuple[tuple[IncidentKey, ...], tuple[IncidentKey, ...], tuple[IncidentKey, ...]]:
    """Added, removed, updated keys. SLA ticking alone is not an update: clocks are
    recomputed from their due time by the view at 1 Hz, so only the incident itself
    or a change of clock state counts."""
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    updated = []
    for key, item in new.items():
        before = old.get(key)
        if before is None:
            continue
        if (
            before.incident != item.incident
            or before.stale != item.stale
            or before.ack != item.ack
            or _clock_states(before) != _clock_states(item)
        ):
            updated.append(key)
    return added, removed, tuple(updated)


def _clock_states(item: BoardIncident) -> tuple[str, str] | None:
    if item.sla is None:
        return None
    return (item.sla.response.state.value, item.sla.resolution.state.value)
