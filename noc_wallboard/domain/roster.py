"""Duty roster from rotations written in the config.

A rotation hands off every `shift` starting at `anchor` (a local date and time in
the rotation's zone), cycling through participants. Wall-clock hand-offs: a 24 h
shift handing off at 08:00 stays at 08:00 local across DST changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class DailyWindow:
    """Local hours of each day a rotation covers (follow-the-sun legs); None = all day."""

    start: time
    end: time  # end <= start means the window crosses midnight


@dataclass(frozen=True, slots=True)
class Override:
    """Someone covers a date range instead of the rotation (holiday swap, sick leave)."""

    start: datetime  # aware
    end: datetime  # aware
    who: Participant


@dataclass(frozen=True, slots=True)
class Rotation:
    line: str
    participants: tuple[Participant, ...]
    shift: timedelta
    anchor: datetime  # naive local date+time of the first hand-off
    timezone: str = "UTC"
    window: DailyWindow | None = None
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True, slots=True)
class LineDuty:
    line: str
    on_duty: tuple[Participant, ...]
    since: datetime | None
    until: datetime | None
    next: tuple[Participant, ...] = field(default_factory=tuple)
    next_at: datetime | None = None
    error: str | None = None
    # Where the answer came from ("config", a feed's name) and whether a feed behind it
    # failed, so the board can grey the line and say how old it is.
    sources: tuple[str, ...] = ()
    stale: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.on_duty


def _local_handoff(rotation: Rotation, index: int, zone: ZoneInfo) -> datetime:
    """Start of shift `index` as an aware datetime.

    Shifts of whole days keep the local hand-off time (calendar arithmetic);
    shorter shifts advance in wall time from the last midnight-aligned day.
    """
    day = timedelta(days=1)
    if rotation.shift % day == timedelta(0):
        local = rotation.anchor + rotation.shift * index
        return local.replace(tzinfo=zone)
    per_day = day // rotation.shift if day % rotation.shift == timedelta(0) else 0
    if per_day:
        days, within = divmod(index, per_day)
        local = rotation.anchor + day * days + rotation.shift * within
        return local.replace(tzinfo=zone)
    # Shifts that do not divide a day run in absolute (UTC) time from the anchor; aware
    # datetime arithmetic in a zone would be wall-clock arithmetic instead.
    start = rotation.anchor.replace(tzinfo=zone).astimezone(UTC)
    return (start + rotation.shift * index).astimezone(zone)


def resolve_rotation(rotation: Rotation, now: datetime) -> LineDuty:
    if not rotation.participants or rotation.shift <= timedelta(0):
        return LineDuty(rotation.line, (), None, None)
    zone = ZoneInfo(rotation.timezone)
    first = _local_handoff(rotation, 0, zone)
    if now < first:
        return LineDuty(rotation.line, (), None, first, (rotation.participants[0],), first)
    # Estimate the shift index, then correct for DST drift by stepping.
    index = int((now - first) / rotation.shift)
    while index > 0 and _local_handoff(rotation, index, zone) > now:
        index -= 1
    while _local_handoff(rotation, index + 1, zone) <= now:
        index += 1
    since = _local_handoff(rotation, index, zone)
    until = _local_handoff(rotation, index + 1, zone)
    count = len(rotation.participants)
    return LineDuty(
        line=rotation.line,
        on_duty=(rotation.participants[index % count],),
        since=since,
        until=until,
        next=(rotation.participants[(index + 1) % count],),
        next_at=until,
    )
