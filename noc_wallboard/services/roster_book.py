"""The roster part of the board: config rotations plus the last good answer of each feed.

A failing feed keeps its last good shifts; the lines they cover are marked stale so the
board greys them and says why, instead of showing a roster it can no longer vouch for.
Every line a feed has ever served stays on the board for the life of the process: when a
later answer is empty or leaves it out, it shows as a gap (the alarm), not nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from noc_wallboard.domain.roster import LineDuty, Rotation
from noc_wallboard.domain.roster_timeline import (
    HORIZON,
    LOOKBACK,
    RosterBatch,
    Shift,
    resolve_roster,
    rotation_shifts,
)

# Rotation shifts are expanded once for a window this much wider than needed and reused
# until `now` drifts out of it: the roster is recomputed on every tick.
_MARGIN = timedelta(days=7)


class RosterBook:
    def __init__(
        self,
        rotations: Sequence[Rotation],
        lines: Sequence[str] = (),
        feeds: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """`feeds`: each feed's name → the lines its config says it serves (may be empty)."""
        self._rotations = list(rotations)
        feeds = feeds or {}
        self._lines = [*lines, *(r.line for r in self._rotations)]
        self._lines += [line for declared in feeds.values() for line in declared]
        self._batches: dict[str, RosterBatch] = {
            f: RosterBatch((), lines=tuple(declared)) for f, declared in feeds.items() if declared
        }
        self._errors: dict[str, str | None] = {f: "no answer yet" for f in feeds}
        self._cache: tuple[datetime, datetime, list[Shift]] | None = None
        # Feed → every line it has ever served (declared or in a shift), never forgotten.
        self._served: dict[str, set[str]] = {}

    def update(self, feed: str, batch: RosterBatch) -> None:
        self._batches[feed] = batch
        self._errors[feed] = None
        served = self._served.setdefault(feed, set())
        served.update(batch.lines)
        served.update(s.line for s in batch.shifts)

    def fail(self, feed: str, error: str) -> None:
        self._errors[feed] = error

    def _rotation_shifts(self, now: datetime) -> list[Shift]:
        cached = self._cache
        if cached is not None and cached[0] <= now - LOOKBACK and now + HORIZON <= cached[1]:
            return cached[2]
        lo, hi = now - LOOKBACK - _MARGIN, now + HORIZON + _MARGIN
        shifts = [s for r in self._rotations for s in rotation_shifts(r, lo, hi)]
        self._cache = (lo, hi, shifts)
        return shifts

    def resolve(self, now: datetime) -> tuple[LineDuty, ...]:
        shifts = list(self._rotation_shifts(now))
        lines = list(self._lines)
        feed_lines: dict[str, set[str]] = {}
        for feed, batch in self._batches.items():
            shifts += batch.shifts
            lines += batch.lines
            feed_lines[feed] = {*batch.lines, *self._served.get(feed, ())}
        # Lines only a feed knows, in the order resolve_roster gives lines seen in shifts.
        lines += sorted({line for served in feed_lines.values() for line in served} - set(lines))
        duties = resolve_roster(lines, shifts, now)
        return tuple(self._mark(d, feed_lines) for d in duties)

    def _mark(self, duty: LineDuty, feed_lines: dict[str, set[str]]) -> LineDuty:
        # A feed that never answered and declares no lines may serve any line.
        problems = [
            f"{feed}: {error}"
            for feed, error in self._errors.items()
            if error is not None and (feed not in feed_lines or duty.line in feed_lines[feed])
        ]
        if not problems:
            return duty
        return replace(duty, stale=True, error="; ".join(problems))
