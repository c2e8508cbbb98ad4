"""Sound on the wall: QtMultimedia's QSoundEffect behind the Qt-free `SoundPlayer`, and
the controller that asks `services.sound.SoundScheduler` what to play, once a second.

Where there is no QtMultimedia (its system libraries missing) or no audio output (a
headless wall, CI), the board runs with a `NullPlayer` and the indicator says so: a
wall that cannot make a sound must not pretend it can.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from noc_wallboard.domain.board import BoardState
from noc_wallboard.presentation.attention import SoundIndicatorVM, no_audio, sound_indicator
from noc_wallboard.services.sound import (
    BUILT_IN,
    Cue,
    NullPlayer,
    SoundPlayer,
    SoundPolicy,
    SoundScheduler,
)

log = logging.getLogger(__name__)


def built_in_sound(cue: str) -> Path:
    """The WAV shipped in the package for a cue (`packaging/make_sounds.py` made them)."""
    return Path(str(resources.files("noc_wallboard") / "sounds" / f"{cue}.wav"))


class QtSoundPlayer:
    """One preloaded QSoundEffect per cue; playing a cue restarts it."""

    def __init__(self, policy: SoundPolicy, parent: QObject | None = None) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QSoundEffect

        self._effects: dict[str, QSoundEffect] = {}
        for cue, spec in policy.sounds.items():
            if spec is None:
                continue
            path = built_in_sound(cue) if spec == BUILT_IN else Path(spec)
            effect = QSoundEffect(parent)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(policy.volume)
            self._effects[cue] = effect

    @property
    def available(self) -> bool:
        return True

    def play(self, cue: str) -> None:
        effect = self._effects.get(cue)
        if effect is None:
            return
        if effect.status() == effect.Status.Error:
            log.warning("cannot play the %s sound (%s)", cue, effect.source().toLocalFile())
            return
        effect.stop()
        effect.play()

    def stop(self) -> None:
        for effect in self._effects.values():
            effect.stop()

    def close(self) -> None:
        """Let go of the effects (and their audio device)."""
        for effect in self._effects.values():
            effect.stop()
            effect.deleteLater()
        self._effects.clear()


PlayerFactory = Callable[[SoundPolicy, QObject], SoundPlayer]


def make_player(policy: SoundPolicy, parent: QObject | None = None) -> SoundPlayer:
    """QtMultimedia when it loads and an audio output exists, else a `NullPlayer`."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:  # e.g. libpulse0 missing: the board runs on, silently
        log.warning("no sound: QtMultimedia cannot load (%s)", exc)
        return NullPlayer(f"QtMultimedia: {exc}")
    if not QMediaDevices.audioOutputs():
        log.warning("no sound: no audio output device")
        return NullPlayer("no audio output")
    return QtSoundPlayer(policy, parent)


def utc_now() -> datetime:
    return datetime.now(UTC)


class SoundController(QObject):
    """Feeds the scheduler with board states and a 1 Hz clock; plays what it decides.

    `indicatorChanged` carries the `SoundIndicatorVM` for the attention bars (muted,
    snoozed, no audio); `played` each cue played, for logs and tests."""

    indicatorChanged = Signal(object)
    played = Signal(object)

    def __init__(
        self,
        policy: SoundPolicy,
        mode: str,
        player: SoundPlayer | None = None,
        clock: Callable[[], datetime] = utc_now,
        parent: QObject | None = None,
        player_factory: PlayerFactory | None = None,
    ) -> None:
        """`player`: a fixed player (tests). Without one the controller makes its own
        (`player_factory`, QtMultimedia by default) and makes it again whenever the
        audio outputs change: a wall booted before its speaker, or whose HDMI audio came
        and went with the screen, still sounds."""
        super().__init__(parent)
        self.policy = policy
        self.mode = mode
        self.scheduler = SoundScheduler(policy, mode)
        self._make_player: PlayerFactory | None = None
        self._devices: QObject | None = None
        if player is None:
            if self.scheduler.enabled:
                self._make_player = player_factory or make_player
                player = self._make_player(policy, self)
                self._watch_devices()
            else:
                player = NullPlayer("off")
        self.player = player
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.tick(self._clock()))
        self._last_vm: SoundIndicatorVM | None = None

    @property
    def enabled(self) -> bool:
        return self.scheduler.enabled

    def now(self) -> datetime:
        return self._clock()

    def start(self) -> None:
        if self.enabled:
            self._timer.start(1000)
        self._publish(self._clock())

    def stop(self) -> None:
        self._timer.stop()
        self.player.stop()

    # ------------------------------------------------------------ audio devices
    def _watch_devices(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError:  # no QtMultimedia: nothing to watch, the null player stays
            return
        devices = QMediaDevices(self)
        devices.audioOutputsChanged.connect(self.rebuild_player)
        self._devices = devices

    def rebuild_player(self) -> None:
        """The audio outputs changed: a new player on what there is now. An alarm open
        when a speaker comes (back) sounds at once."""
        if self._make_player is None:
            return
        old = self.player
        old.stop()
        close = getattr(old, "close", None)
        if callable(close):
            close()
        self.player = self._make_player(self.policy, self)
        log.info(
            "audio outputs changed: sound %s",
            "on" if self.player.available else "unavailable (no audio output)",
        )
        if self.player.available and not old.available:
            self.scheduler.replay()
        self.tick(self._clock())

    # ------------------------------------------------------------ inputs
    def on_state(self, state: BoardState, changes: object = None) -> None:
        now = self._clock()
        self._play(self.scheduler.update(now, state))
        self._publish(now)

    def tick(self, now: datetime) -> None:
        self._play(self.scheduler.update(now))
        self._publish(now)

    # ------------------------------------------------------------ controls
    def toggle_mute(self) -> None:
        muted = self.scheduler.toggle_mute()
        if muted:
            self.player.stop()
        log.info("sound %s", "muted" if muted else "unmuted")
        self.tick(self._clock())

    def toggle_snooze(self) -> None:
        now = self._clock()
        if self.scheduler.status(now).snoozed_until is not None:
            self.scheduler.cancel_snooze()
            log.info("snooze ended by hand")
            self.tick(now)
        else:
            self.snooze()

    def set_muted(self, muted: bool) -> None:
        if muted != self.scheduler.muted:
            self.toggle_mute()

    def snooze(self, duration: timedelta | None = None) -> None:
        """Snooze the alarms open now for `duration` (the policy's by default)."""
        now = self._clock()
        until = self.scheduler.snooze(now, duration)
        self.player.stop()
        log.info("sound snoozed until %s", until.isoformat())
        self.tick(now)

    def end_snooze(self) -> None:
        now = self._clock()
        if self.scheduler.status(now).snoozed_until is not None:
            self.scheduler.cancel_snooze()
            log.info("snooze ended by hand")
        self.tick(now)

    def status_text(self) -> str:
        """For `noc-wallboard sound status` (English: it is a command's answer)."""
        now = self._clock()
        st = self.scheduler.status(now)
        parts = ["muted" if st.muted else "sound on"]
        if st.snoozed_until is not None:
            parts.append(f"snoozed until {st.snoozed_until.astimezone():%H:%M}")
        if st.alarm is not None:
            parts.append(f"{st.alarms} alarm(s), worst {st.alarm.value}")
        else:
            parts.append("nothing sounding")
        if not self.player.available:
            parts.append("no audio device")
        return ", ".join(parts)

    def install_shortcuts(self, window: QWidget) -> None:
        """M mutes or unmutes, S snoozes or ends the snooze, in a window that has the
        focus (the desk). A wall window never takes the focus: it is controlled with
        `noc-wallboard sound …` or SIGUSR1/SIGUSR2 (`ui/control.py`)."""
        for key, slot in (("M", self.toggle_mute), ("S", self.toggle_snooze)):
            # Owned by the window: they go when its screen is unplugged.
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------ outputs
    def indicator(self, now: datetime) -> SoundIndicatorVM:
        status = self.scheduler.status(now)
        vm = sound_indicator(
            muted=status.muted,
            snoozed_until=status.snoozed_until,
            alarm=status.alarm,
            now=now,
            snooze_minutes=max(1, round(self.policy.snooze.total_seconds() / 60)),
        )
        if self.enabled and not self.player.available and not (vm.muted or vm.snoozed):
            vm = no_audio(vm)
        return vm

    def _publish(self, now: datetime) -> None:
        vm = self.indicator(now)
        if vm != self._last_vm:
            self._last_vm = vm
            self.indicatorChanged.emit(vm)

    def _play(self, cue: Cue | None) -> None:
        if cue is None:
            return
        log.info("sound: %s (%s)", cue.name, cue.reason.value)
        self.player.play(cue.name)
        self.played.emit(cue)
