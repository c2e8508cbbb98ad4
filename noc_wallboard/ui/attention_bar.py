"""The sound indicator beside the incidents title, and the desk's mute/snooze buttons.

On the wall it appears only when something is wrong with the sound (muted, snoozed, no
audio device): a quiet wall says it is quiet. At the desk, when sound is on there, it
also shows what is sounding and offers Mute and Snooze.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from noc_wallboard.presentation.attention import SoundIndicatorVM
from noc_wallboard.ui.theme import Scale, color, ink


class AttentionBar(QWidget):
    muteClicked = Signal()
    snoozeClicked = Signal()

    def __init__(self, mode: str = "desk") -> None:
        super().__init__()
        self.mode = mode
        self.setObjectName("attentionBar")
        self.scale = Scale(1.0)
        self._vm: SoundIndicatorVM | None = None
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.mute = QPushButton()
        self.snooze = QPushButton()
        for button in (self.mute, self.snooze):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setVisible(mode == "desk")
        self.mute.clicked.connect(self.muteClicked)
        self.snooze.clicked.connect(self.snoozeClicked)
        self._row = row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.mute)
        row.addWidget(self.snooze)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.hide()  # until a sound controller says sound is on in this mode

    def set_scale(self, scale: Scale) -> None:
        self.scale = scale
        self._row.setSpacing(scale.px(6))
        self.label.setFont(scale.font(15, bold=True))
        for button in (self.mute, self.snooze):
            button.setFont(scale.font(13, bold=True))
        self._style()

    def set_indicator(self, vm: SoundIndicatorVM | None) -> None:
        """None: no sound in this mode, nothing to show."""
        self._vm = vm
        if vm is None:
            self.hide()
            return
        wall = self.mode == "wall"
        text = vm.text if (vm.on_wall or not wall) else ""
        self.label.setText(text)
        self.label.setVisible(bool(text))
        self.mute.setText(vm.mute_label)
        self.snooze.setText(vm.snooze_label)
        self.setVisible(bool(text) or not wall)
        self._style()

    def _style(self) -> None:
        s = self.scale
        token = self._vm.token if self._vm is not None else "text.dim"
        self.label.setStyleSheet(f"color: {ink(token).name()}; padding: 0 {s.px(8)}px;")
        button = (
            f"QPushButton {{ background: {color('panel.alt').name()};"
            f" color: {color('text').name()}; border: 1px solid {color('grid').name()};"
            f" border-radius: {s.px(4)}px; padding: {s.px(3)}px {s.px(10)}px; }}"
            f"QPushButton:checked {{ background: {color('grid').name()}; }}"
        )
        for b in (self.mute, self.snooze):
            b.setStyleSheet(button)
