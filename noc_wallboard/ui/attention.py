"""Attention for a running board: its sound (one controller per process, whatever the
number of wall screens) and, at the desk, tray notifications.

`run.py` creates one `Attention` and feeds it every board state; once a second it
attaches itself to each board window it has not seen (screens plugged and unplugged
make and drop windows): the window's attention bar shows the sound's state and offers
its buttons, and M / S mute and snooze from a window that has the focus (the desk). A
wall window never has it: `open_control` gives the wall `noc-wallboard sound …` and
SIGUSR1/SIGUSR2 instead (`ui/control.py`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer

from noc_wallboard.domain.board import BoardState
from noc_wallboard.services.sound import SoundPlayer, SoundPolicy
from noc_wallboard.ui.control import SoundControlServer, install_signal_controls
from noc_wallboard.ui.main_window import BoardWindow
from noc_wallboard.ui.sound import SoundController
from noc_wallboard.ui.tray import TrayNotifier


class Attention(QObject):
    def __init__(
        self,
        mode: str,
        policy: SoundPolicy | None = None,
        windows: Callable[[], Iterable[BoardWindow]] = list,
        player: SoundPlayer | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        self.sound = SoundController(policy or SoundPolicy(), mode, player, parent=self)
        self.tray: TrayNotifier | None = None
        self._windows: weakref.WeakSet[BoardWindow] = weakref.WeakSet()
        self._list_windows = windows
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.attach(self._list_windows()))
        self.control: SoundControlServer | None = None
        self._restore_signals: Callable[[], None] | None = None

    def open_control(self, name: str, signals: bool = True) -> bool:
        """Mute and snooze without the focus: the local socket `name` and, with
        `signals`, SIGUSR1/SIGUSR2. Nothing to control on a board without sound."""
        if not self.sound.enabled:
            return False
        self.control = SoundControlServer(self.sound, self)
        listening = self.control.listen(name)
        if signals and self._restore_signals is None:
            self._restore_signals = install_signal_controls(self.sound)
        return listening

    def attach(self, windows: Iterable[BoardWindow]) -> None:
        """Connect windows not yet attached (cheap: called on every tick)."""
        for window in windows:
            if window in self._windows:
                continue
            self._windows.add(window)
            if self.sound.enabled:
                self.sound.indicatorChanged.connect(window.attention.set_indicator)
                window.attention.muteClicked.connect(self.sound.toggle_mute)
                window.attention.snoozeClicked.connect(self.sound.toggle_snooze)
                window.attention.set_indicator(self.sound.indicator(self.sound.now()))
                self.sound.install_shortcuts(window)
            if self.mode == "desk" and self.tray is None:
                actions = (
                    (self.sound.toggle_mute, self.sound.toggle_snooze)
                    if self.sound.enabled
                    else None
                )
                self.tray = TrayNotifier(window, self.mode, sound_actions=actions)

    def start(self) -> None:
        self.attach(self._list_windows())
        self._timer.start(1000)
        self.sound.start()

    def stop(self) -> None:
        self._timer.stop()
        self.sound.stop()
        if self.control is not None:
            self.control.close()
        if self._restore_signals is not None:
            self._restore_signals()
            self._restore_signals = None
        if self.tray is not None and self.tray.tray is not None:
            self.tray.tray.hide()

    def on_state(self, state: BoardState, changes: object = None) -> None:
        self.sound.on_state(state, changes)
        if self.tray is not None:
            self.tray.on_state(state, changes)
