"""Desktop notifications at the desk, through the system tray.

A message for each new critical or major incident and for each source that goes down
(`services.notices` decides, `presentation.attention` words it). Only in desk mode and
only where a system tray exists: a wall never pops anything up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QAction, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from noc_wallboard.domain.board import BoardState
from noc_wallboard.presentation.attention import (
    NotificationVM,
    incident_notification,
    incidents_summary,
    source_down_notification,
)
from noc_wallboard.presentation.i18n import translate
from noc_wallboard.services.notices import Notice, NoticeKind, NoticeTracker
from noc_wallboard.ui.theme import color, text_on

log = logging.getLogger(__name__)
MESSAGE_MS = 15_000


def notification_vm(notice: Notice) -> NotificationVM:
    if notice.kind is NoticeKind.INCIDENT and notice.incident is not None:
        return incident_notification(notice.incident)
    if notice.kind is NoticeKind.SOURCE_DOWN and notice.source is not None:
        return source_down_notification(notice.source.name, notice.source.error)
    return incidents_summary(notice.counts)


def tray_available(mode: str) -> bool:
    return mode == "desk" and QSystemTrayIcon.isSystemTrayAvailable()


def board_icon(token: str = "allclear") -> QIcon:
    """A small square in a status colour with a white "N": the board in the tray."""
    pix = QPixmap(64, 64)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color(token))
    p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    font = QFont("DejaVu Sans")
    font.setPixelSize(40)
    font.setBold(True)
    p.setFont(font)
    p.setPen(text_on(token))
    p.drawText(QRectF(0, 0, 64, 64), Qt.AlignmentFlag.AlignCenter, "N")
    p.end()
    return QIcon(pix)


class TrayNotifier(QObject):
    """`tray` may be given (tests); otherwise one is made when `tray_available(mode)`."""

    def __init__(
        self,
        window: QWidget,
        mode: str,
        tray: QSystemTrayIcon | None = None,
        sound_actions: tuple[Callable[[], None], Callable[[], None]] | None = None,
    ) -> None:
        super().__init__(window)
        self.mode = mode
        self.tracker = NoticeTracker()
        self.sent: list[NotificationVM] = []
        self.tray: QSystemTrayIcon | None = None
        if mode != "desk":
            return  # the wall: never
        if tray is None and not tray_available(mode):
            log.info("no system tray: desktop notifications are off")
            return
        self.tray = tray if tray is not None else QSystemTrayIcon(board_icon(), self)
        self.tray.setToolTip("NOC Wallboard")
        self._window = window
        self._menu = QMenu(window)
        show = QAction(translate("notify", "Show board"), self._menu)
        show.triggered.connect(self.show_board)
        self._menu.addAction(show)
        if sound_actions is not None:
            for label, slot in zip(
                (translate("sound", "Mute"), translate("sound", "Snooze")),
                sound_actions,
                strict=True,
            ):
                action = QAction(label, self._menu)
                action.triggered.connect(slot)
                self._menu.addAction(action)
        self.tray.setContextMenu(self._menu)
        self.tray.activated.connect(self._activated)
        self.tray.show()

    def show_board(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:  # a click on the icon
            self.show_board()

    @property
    def enabled(self) -> bool:
        return self.tray is not None

    def on_state(self, state: BoardState, changes: object = None) -> None:
        if self.tray is None:
            return
        for notice in self.tracker.update(state):
            vm = notification_vm(notice)
            icon = (
                QSystemTrayIcon.MessageIcon.Critical
                if vm.urgent
                else QSystemTrayIcon.MessageIcon.Warning
            )
            self.tray.showMessage(vm.title, vm.body, icon, MESSAGE_MS)
            self.sent.append(vm)
            del self.sent[:-50]
