"""What the board should sound, and when: pure decisions over the board state and a clock.

No Qt and no audio here. The ui feeds `SoundScheduler.update` with each new `BoardState`
and with the time once a second, and plays the cue it returns through a `SoundPlayer`
(QtMultimedia, or `NullPlayer` where there is no audio). Tests drive it with a fake clock.

Rules:
- An *alarm* is an open, unacknowledged incident of a severity that has a sound, not
  silenced (maintenance) or inhibited. The cue is the most urgent such severity.
- A new alarm (a new incident, or one whose severity rose) sounds at once; while any
  alarm remains, the cue repeats every `repeat` (never, with `repeat = 0`).
  Acknowledging or resolving the last one stops it.
- Mute silences everything until unmuted. Snooze quiets the alarms open when it was
  pressed, until it runs out: a new alarm (or a snoozed one whose severity rises) during
  a snooze sounds and repeats as usual — snoozing one known problem must not hide the
  next. When a mute or snooze ends while an alarm is still open, the cue sounds at once:
  the end of a silence is never silent.
- A roster line that falls into a gap (nobody on duty) plays the `gap` cue once.
- A severity the policy does not list never silently vanishes: `unknown` has a sound
  by default, and an incident's severity always maps to one of the board's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Protocol

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.severity import Severity

GAP = "gap"
BUILT_IN = "built-in"
# Cues of the built-in sounds: one per severity, and the roster gap alarm.
CUES = (*(s.value for s in Severity.ordered()), GAP)
DEFAULT_SOUNDS: Mapping[str, str | None] = {
    "critical": BUILT_IN,
    "major": BUILT_IN,
    "minor": None,
    "warning": None,
    "info": None,
    "unknown": BUILT_IN,
    GAP: BUILT_IN,
}


@dataclass(frozen=True, slots=True)
class SoundPolicy:
    """`[sound]` of the config. `sounds` maps a cue to `"built-in"`, a WAV file, or None
    (silent). `modes`: where the board makes sound at all (the wall by default)."""

    sounds: Mapping[str, str | Path | None] = field(default_factory=lambda: dict(DEFAULT_SOUNDS))
    repeat: timedelta = timedelta(minutes=2)
    snooze: timedelta = timedelta(minutes=15)
    volume: float = 0.8
    modes: frozenset[str] = frozenset({"wall"})

    def enabled_in(self, mode: str) -> bool:
        return mode in self.modes

    def sounds_for(self, severity: Severity) -> bool:
        return self.sounds.get(severity.value) is not None

    def source(self, cue: str) -> str | Path | None:
        return self.sounds.get(cue)


class Reason(Enum):
    NEW = "new"  # a new alarm (or a severity rise)
    REPEAT = "repeat"  # the alarm is still unacknowledged after `repeat`
    RESUMED = "resumed"  # a mute or snooze ended while an alarm was still open
    GAP = "gap"  # a roster line fell into a gap


@dataclass(frozen=True, slots=True)
class Cue:
    name: str  # a key of `SoundPolicy.sounds`: a severity's value or "gap"
    reason: Reason


@dataclass(frozen=True, slots=True)
class SoundStatus:
    """What the attention indicator shows."""

    enabled: bool
    muted: bool
    snoozed_until: datetime | None
    alarm: Severity | None  # most urgent unacknowledged sounding severity, if any
    alarms: int  # how many incidents are sounding


class SoundPlayer(Protocol):
    """Plays a cue. Implementations never raise: a board with a broken speaker still runs."""

    @property
    def available(self) -> bool: ...

    def play(self, cue: str) -> None: ...

    def stop(self) -> None: ...


class NullPlayer:
    """No audio (no QtMultimedia, no output device, headless): remembers what it would
    have played, so the board and its tests behave the same."""

    def __init__(self, why: str = "") -> None:
        self.why = why
        self.played: list[str] = []

    @property
    def available(self) -> bool:
        return False

    def play(self, cue: str) -> None:
        self.played.append(cue)
        del self.played[:-100]  # a wall runs for weeks: keep a short tail only

    def stop(self) -> None:
        pass


def alarms(state: BoardState, policy: SoundPolicy) -> dict[tuple[str, str], Severity]:
    """Incidents that sound: open, unacknowledged, not silenced or inhibited, of a
    severity with a sound."""
    return {
        item.incident.key: item.incident.severity
        for item in state.incidents
        if item.incident.state is IncidentState.OPEN
        and not item.incident.silenced
        and not item.incident.inhibited
        and policy.sounds_for(item.incident.severity)
    }


def gap_lines(state: BoardState) -> frozenset[str]:
    return frozenset(d.line for d in state.roster if d.is_empty)


class SoundScheduler:
    def __init__(self, policy: SoundPolicy, mode: str) -> None:
        self.policy = policy
        self.enabled = policy.enabled_in(mode)
        self.muted = False
        self.snoozed_until: datetime | None = None
        self._alarms: dict[tuple[str, str], Severity] = {}
        # The alarms a snooze covers, at the severity they had when it was pressed.
        self._snoozed: dict[tuple[str, str], Severity] = {}
        self._gaps: frozenset[str] = frozenset()
        self._new = False  # a new alarm since the last cue
        self._new_gap = False
        self._resumed = False  # a mute or snooze ended
        self._last_played: datetime | None = None

    # ------------------------------------------------------------ controls
    def mute(self) -> None:
        self.muted = True

    def unmute(self) -> None:
        if self.muted:
            self.muted = False
            self._resumed = True

    def toggle_mute(self) -> bool:
        if self.muted:
            self.unmute()
        else:
            self.mute()
        return self.muted

    def snooze(self, now: datetime, duration: timedelta | None = None) -> datetime:
        """Quiet the alarms open now for `duration` (the policy's snooze by default)."""
        self.snoozed_until = now + (duration if duration is not None else self.policy.snooze)
        self._snoozed = dict(self._alarms)
        return self.snoozed_until

    def cancel_snooze(self) -> None:
        if self.snoozed_until is not None:
            self.snoozed_until = None
            self._snoozed = {}
            self._resumed = True

    def replay(self) -> None:
        """Sound an open alarm again at the next update (a speaker came back)."""
        self._resumed = True

    def snoozing(self, now: datetime) -> bool:
        return self.snoozed_until is not None and now < self.snoozed_until

    def silenced(self, now: datetime) -> bool:
        """Nothing can sound: muted, or snoozed with every open alarm covered."""
        return self.muted or (self.snoozing(now) and self._sounding_worst() is None)

    def status(self, now: datetime) -> SoundStatus:
        snoozed = self.snoozed_until if self.snoozed_until and now < self.snoozed_until else None
        return SoundStatus(self.enabled, self.muted, snoozed, self.worst, len(self._alarms))

    @property
    def worst(self) -> Severity | None:
        return min(self._alarms.values(), key=lambda s: s.rank) if self._alarms else None

    def _sounding_worst(self) -> Severity | None:
        """The most urgent alarm a snooze does not cover (every alarm without one)."""
        worst: Severity | None = None
        for key, sev in self._alarms.items():
            covered = self._snoozed.get(key)
            if covered is not None and sev.rank >= covered.rank:
                continue  # snoozed, and no worse than when it was
            if worst is None or sev.rank < worst.rank:
                worst = sev
        return worst

    # ------------------------------------------------------------ decisions
    def observe(self, state: BoardState) -> None:
        """Take in a new board state: new alarms and new gaps are remembered as triggers."""
        current = alarms(state, self.policy)
        for key, sev in current.items():
            before = self._alarms.get(key)
            if before is None or sev.rank < before.rank:
                self._new = True
        self._alarms = current
        # An alarm acknowledged or resolved leaves the snooze: if it comes back, it is news.
        self._snoozed = {k: v for k, v in self._snoozed.items() if k in current}
        if not current:
            # Acknowledged or resolved before it sounded: nothing left to announce.
            self._new = False
            self._last_played = None
        gaps = gap_lines(state)
        if gaps - self._gaps and self.policy.source(GAP) is not None:
            self._new_gap = True
        self._gaps = gaps

    def update(self, now: datetime, state: BoardState | None = None) -> Cue | None:
        """The cue to play at `now` (at most one), after taking in `state` if given."""
        if state is not None:
            self.observe(state)
        if not self.enabled:
            self._new = self._new_gap = self._resumed = False
            return None
        if self.snoozed_until is not None and now >= self.snoozed_until:
            self.snoozed_until = None
            self._snoozed = {}
            self._resumed = True
        if self.muted:
            # Triggers that arrive during a mute are not saved up: when it ends, an alarm
            # still open sounds once at once (`RESUMED`), then repeats as usual.
            self._new = self._new_gap = False
            return None
        worst = self._sounding_worst()
        if worst is not None:
            reason: Reason | None = None
            if self._new:
                reason = Reason.NEW
            elif self._resumed:
                reason = Reason.RESUMED
            elif self._last_played is None:
                reason = Reason.NEW  # open at start-up: it was never announced
            elif (
                self.policy.repeat > timedelta(0) and now - self._last_played >= self.policy.repeat
            ):
                reason = Reason.REPEAT
            self._resumed = False
            if reason is not None:
                self._new = False
                self._last_played = now
                return Cue(worst.value, reason)
        else:
            # Everything open is snoozed: a "new" that only concerned covered alarms is
            # spent, and the next uncovered alarm starts its own repeat period.
            self._new = False
            self._last_played = None
        self._resumed = False
        if self._new_gap:
            self._new_gap = False
            return Cue(GAP, Reason.GAP)
        return None
