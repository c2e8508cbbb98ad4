"""Re-emits board store changes as Qt signals on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from noc_wallboard.domain.board import BoardState
from noc_wallboard.services.changes import ChangeSet


class BoardBridge(QObject):
    changed = Signal(object, object)  # BoardState, ChangeSet

    def publish(self, state: BoardState, changes: ChangeSet) -> None:
        self.changed.emit(state, changes)
