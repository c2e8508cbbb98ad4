"""Incident list model, updated by row operations from the store's change set.

Never `modelReset` on a poll: selection and scroll survive. Countdown columns are
refreshed once a second with a dataChanged for just those cells.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.presentation import ClockVM, IncidentRowVM, incident_clocks, incident_row
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate
from noc_wallboard.services.changes import ChangeSet, IncidentKey

COLUMNS = (
    QT_TRANSLATE_NOOP("columns", "Severity"),
    QT_TRANSLATE_NOOP("columns", "Incident"),
    QT_TRANSLATE_NOOP("columns", "Where"),
    QT_TRANSLATE_NOOP("columns", "Age"),
    QT_TRANSLATE_NOOP("columns", "Respond"),
    QT_TRANSLATE_NOOP("columns", "Resolve"),
    QT_TRANSLATE_NOOP("columns", "State"),
)
COL_AGE = 3
COL_RESPOND = 4
COL_RESOLVE = 5
COL_STATE = 6
COL_ACK = 7  # desk only (or a touch wall): the one-click Acknowledge button
ACK_COLUMN = QT_TRANSLATE_NOOP("columns", "Ack")
ROW_VM_ROLE = Qt.ItemDataRole.UserRole + 1
CLOCK_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


class IncidentTableModel(QAbstractTableModel):
    def __init__(self, ack_column: bool = False) -> None:
        super().__init__()
        self.columns = (*COLUMNS, ACK_COLUMN) if ack_column else COLUMNS
        self._keys: list[IncidentKey] = []
        self._items: dict[IncidentKey, BoardIncident] = {}
        self._rows: dict[IncidentKey, IncidentRowVM] = {}
        self._now: datetime | None = None
        self.rows_touched = 0  # measured by tests and benchmarks

    # ------------------------------------------------------------ Qt API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("columns", self.columns[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._now is None:
            return None
        key = self._keys[index.row()]
        vm = self._rows[key]
        col = index.column()
        if role == ROW_VM_ROLE:
            return vm
        if role == CLOCK_ROLE and col in (COL_RESPOND, COL_RESOLVE):
            return self._clock(key, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_STATE, COL_ACK) and vm.ack_mark:
            return vm.state_text(self._now)  # the whole reason of a failure, not elided
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col in (COL_RESPOND, COL_RESOLVE):
                clock = self._clock(key, col)
                return clock.text if clock else "\u2014"
            return (
                f"{vm.glyph} {vm.severity_word}",
                vm.title,
                vm.where,
                vm.age(self._now),
                None,
                None,
                vm.state_text(self._now),
                ack_button_text(vm),
            )[col]
        return None

    def _clock(self, key: IncidentKey, col: int) -> ClockVM | None:
        assert self._now is not None
        respond, resolve = incident_clocks(self._items[key], self._now)
        return respond if col == COL_RESPOND else resolve

    # ------------------------------------------------------------ updates
    def key_at(self, row: int) -> IncidentKey:
        return self._keys[row]

    # The delegate reads rows through these plain Python calls, not `index.data()`:
    # PySide6 mishandles the reference count of None when an invalid QVariant comes back
    # through `index.data()`, and a wall repainting for hours would crash
    # ("none_dealloc"). Python objects never cross Qt here.
    def row_vm(self, row: int) -> IncidentRowVM | None:
        if self._now is None or not 0 <= row < len(self._keys):
            return None
        return self._rows[self._keys[row]]

    def clock_at(self, row: int, col: int) -> ClockVM | None:
        if self._now is None or not 0 <= row < len(self._keys):
            return None
        return self._clock(self._keys[row], col)

    def text_at(self, row: int, col: int) -> str:
        if self._now is None or not 0 <= row < len(self._keys):
            return ""
        vm = self._rows[self._keys[row]]
        texts = {0: f"{vm.glyph} {vm.severity_word}", 1: vm.title, 2: vm.where}
        if col == 3:
            return vm.age(self._now)
        if col == 6:
            return vm.state_text(self._now)
        if col in (COL_RESPOND, COL_RESOLVE):
            clock = self._clock(self._keys[row], col)
            return clock.text if clock else "\u2014"
        if col == COL_ACK:
            return ack_button_text(vm)
        return texts.get(col, "")

    def row_vm_by_key(self, key: IncidentKey) -> IncidentRowVM | None:
        return self._rows.get(key)

    def keys_at(self, rows: list[int]) -> list[IncidentKey]:
        return [self._keys[r] for r in rows if 0 <= r < len(self._keys)]

    def item(self, key: IncidentKey) -> BoardIncident | None:
        return self._items.get(key)

    def apply(self, state: BoardState, changes: ChangeSet | None) -> None:
        """Bring rows in line with the state's order using inserts, removes, moves and
        per-row dataChanged — only for the rows that changed."""
        now = state.generated_at
        self._now = now
        new_items = {i.incident.key: i for i in state.incidents}
        new_order = [i.incident.key for i in state.incidents]
        # 1. removals (bottom-up so indices stay valid)
        gone = [k for k in self._keys if k not in new_items]
        for key in gone:
            row = self._keys.index(key)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._keys[row]
            self._items.pop(key, None)
            self._rows.pop(key, None)
            self.endRemoveRows()
            self.rows_touched += 1
        # 2. updates of existing rows
        changed = set(changes.updated) if changes is not None else set(new_items)
        for row, key in enumerate(self._keys):
            item = new_items[key]
            self._items[key] = item  # new clocks; their cells repaint on the next tick
            if key in changed:
                refreshed = incident_row(item)
                if refreshed != self._rows[key]:
                    self._rows[key] = refreshed
                    self.dataChanged.emit(
                        self.index(row, 0), self.index(row, len(self.columns) - 1)
                    )
                    self.rows_touched += 1
        # 3. inserts and moves to reach the urgency order
        for target, key in enumerate(new_order):
            if target < len(self._keys) and self._keys[target] == key:
                continue
            if key in self._rows:
                src = self._keys.index(key)
                self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), target)
                self._keys.insert(target, self._keys.pop(src))
                self.endMoveRows()
            else:
                self.beginInsertRows(QModelIndex(), target, target)
                self._keys.insert(target, key)
                self._items[key] = new_items[key]
                self._rows[key] = incident_row(new_items[key])
                self.endInsertRows()
            self.rows_touched += 1

    def tick(self, now: datetime) -> None:
        """1 Hz: only the time-dependent cells (age, countdowns, ack age) change.

        The view repaints just the visible part of that range."""
        self._now = now
        if self._keys:
            last = len(self._keys) - 1
            self.dataChanged.emit(self.index(0, COL_AGE), self.index(last, COL_STATE))


def ack_button_text(vm: IncidentRowVM) -> str:
    """The ack cell: a button on rows one click can acknowledge, retry on failures."""
    if vm.ack_failed_request is not None:
        return translate("acks", "\u21bb RETRY")
    if vm.can_ack:
        return translate("acks", "\u2713 ACK")
    return ""
