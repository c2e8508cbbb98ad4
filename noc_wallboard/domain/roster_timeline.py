"""Roster as a timeline of shifts: rotations, overrides, calendar feeds and PagerDuty all
produce `Shift`s; one resolver answers who is on duty, since/until when, and who is next.

An override wins over the regular shifts of its own rotation (its `scope`) while it lasts,
within that rotation's daily window: on a follow-the-sun line it replaces one leg, not the
others, and it does not hide a feed's shifts on the same line. Several regular shifts at one
moment (two calendar events, two PagerDuty users at one level) put everyone on duty.
Adjacent pieces with the same people merge, so `until` is when the hand-off really happens.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from noc_wallboard.domain.roster import (
    DailyWindow,
    LineDuty,
    Participant,
    Rotation,
    _local_handoff,
)

# How far around `now` shifts are expanded. Long enough for weekly rotations and for a
# since/until that spans a holiday override; short enough to stay cheap at 1 Hz.
LOOKBACK = timedelta(days=35)
HORIZON = timedelta(days=35)


@dataclass(frozen=True, slots=True)
class Shift:
    line: str
    who: tuple[Participant, ...]
    start: datetime  # aware
    end: datetime  # aware, > start
    source: str = "config"
    override: bool = False
    # The rotation a shift belongs to: an override replaces only shifts of its own scope.
    # An override without a scope replaces every shift of the line.
    scope: str | None = None


def rotation_shifts(
    rotation: Rotation, start: datetime, end: datetime, scope: str | None = None
) -> list[Shift]:
    """Shifts of `rotation` overlapping [start, end), clipped to its daily window if any,
    plus its overrides (clipped to the window too)."""
    scope = scope or f"rotation:{hash(rotation):x}"
    overrides = [
        Shift(rotation.line, (o.who,), o.start, o.end, "override", override=True, scope=scope)
        for o in rotation.overrides
        if o.end > start and o.start < end
    ]
    if rotation.window is not None:
        zone = ZoneInfo(rotation.timezone)
        overrides = [piece for s in overrides for piece in _clip(s, rotation.window, zone)]
    regular = [replace(s, scope=scope) for s in _regular_shifts(rotation, start, end)]
    return regular + overrides


def _regular_shifts(rotation: Rotation, start: datetime, end: datetime) -> list[Shift]:
    if not rotation.participants or rotation.shift <= timedelta(0):
        return []
    zone = ZoneInfo(rotation.timezone)
    first = _local_handoff(rotation, 0, zone)
    index = max(0, int((start - first) / rotation.shift) - 2) if start > first else 0
    while index > 0 and _local_handoff(rotation, index, zone) > start:
        index -= 1
    out: list[Shift] = []
    count = len(rotation.participants)
    while True:
        begin = _local_handoff(rotation, index, zone)
        if begin >= end:
            break
        finish = _local_handoff(rotation, index + 1, zone)
        if finish > start:
            who = (rotation.participants[index % count],)
            out.append(Shift(rotation.line, who, begin, finish))
        index += 1
    if rotation.window is None:
        return out
    return [piece for s in out for piece in _clip(s, rotation.window, zone)]


def _clip(shift: Shift, window: DailyWindow, zone: ZoneInfo) -> list[Shift]:
    pieces: list[Shift] = []
    day = shift.start.astimezone(zone).date() - timedelta(days=1)
    last = shift.end.astimezone(zone).date()
    while day <= last:
        w_start = datetime.combine(day, window.start, zone)
        w_end_day = day if window.end > window.start else day + timedelta(days=1)
        w_end = datetime.combine(w_end_day, window.end, zone)
        lo, hi = max(w_start, shift.start), min(w_end, shift.end)
        if lo < hi:
            pieces.append(replace(shift, start=lo, end=hi))
        day += timedelta(days=1)
    return pieces


@dataclass(frozen=True, slots=True)
class _Piece:
    start: datetime
    end: datetime
    who: tuple[Participant, ...]
    sources: tuple[str, ...]


def _timeline(shifts: Sequence[Shift], lo: datetime, hi: datetime) -> list[_Piece]:
    """Elementary intervals over [lo, hi) with who is on duty, merged when unchanged."""
    points = {lo, hi}
    for s in shifts:
        if s.end > lo and s.start < hi:
            points.add(max(s.start, lo))
            points.add(min(s.end, hi))
    ordered = sorted(p.astimezone(UTC) for p in points)
    # Sweep: shifts sorted by start enter the active set, and leave it once ended.
    waiting = sorted((s for s in shifts if s.end > lo and s.start < hi), key=lambda s: s.start)
    active: list[Shift] = []
    nxt = 0
    pieces: list[_Piece] = []
    for a, b in itertools.pairwise(ordered):
        if a == b:
            continue
        while nxt < len(waiting) and waiting[nxt].start <= a:
            active.append(waiting[nxt])
            nxt += 1
        active = [s for s in active if s.end > a]
        scopes = {s.scope for s in active if s.override}
        if None in scopes:
            chosen = [s for s in active if s.override]
        else:
            chosen = [s for s in active if s.override or s.scope not in scopes]
        who = _unique(p for s in chosen for p in s.who)
        sources = tuple(sorted({s.source for s in chosen}))
        if pieces and pieces[-1].who == who:
            prev = pieces[-1]
            merged = tuple(sorted(set(prev.sources) | set(sources)))
            pieces[-1] = _Piece(prev.start, b, who, merged)
        else:
            pieces.append(_Piece(a, b, who, sources))
    return pieces


def _unique(people: Iterable[Participant]) -> tuple[Participant, ...]:
    seen: dict[str, Participant] = {}
    for p in people:
        # The same person from two feeds: keep the entry that has a contact.
        if p.name not in seen or (seen[p.name].contact is None and p.contact):
            seen[p.name] = p
    return tuple(seen.values())


def resolve_line(
    line: str,
    shifts: Sequence[Shift],
    now: datetime,
    *,
    lookback: timedelta = LOOKBACK,
    horizon: timedelta = HORIZON,
) -> LineDuty:
    lo, hi = now - lookback, now + horizon
    mine = [s for s in shifts if s.line == line]
    pieces = _timeline(mine, lo, hi)
    current = next((p for p in pieces if p.start <= now < p.end), None)
    if current is None:  # cannot happen: the timeline covers [lo, hi)
        return LineDuty(line, (), None, None)
    # A piece that touches the expansion edge has an unknown true start or end.
    since = None if current.start <= lo else current.start
    until = None if current.end >= hi else current.end
    following = next((p for p in pieces if p.start >= current.end and p.who), None)
    nxt = following.who if following else ()
    next_at = following.start if following else None
    return LineDuty(
        line=line,
        on_duty=current.who,
        since=since,
        until=until,
        next=nxt,
        next_at=next_at,
        sources=current.sources,
    )


def resolve_roster(lines: Sequence[str], shifts: Sequence[Shift], now: datetime) -> list[LineDuty]:
    """One LineDuty per line: the given order first, then any line only a feed knows."""
    order = list(dict.fromkeys(lines))
    order += sorted({s.line for s in shifts} - set(order))
    return [resolve_line(line, shifts, now) for line in order]


@dataclass(frozen=True, slots=True)
class RosterBatch:
    """One answer of a roster feed: its shifts around the time asked for."""

    shifts: tuple[Shift, ...]
    # Lines this feed is configured to serve: shown (as an alarm) even with no shift.
    lines: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
