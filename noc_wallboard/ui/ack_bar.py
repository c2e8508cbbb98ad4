"""Above the desk's incident table: batch acknowledgement and the outcome of the last one.

No dialogs on the one-click path; messages (a refusal, the ledger down) appear here.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from noc_wallboard.domain.ack import AckRequest, AckState
from noc_wallboard.presentation.i18n import translate
from noc_wallboard.ui.incident_view import IncidentTable
from noc_wallboard.ui.theme import Scale, color


class AckBar(QWidget):
    batchRequested = Signal(list)  # keys

    def __init__(self, table: IncidentTable, actor: str) -> None:
        super().__init__()
        self.setObjectName("ackBar")
        self._table = table
        self._actor = actor
        self._showing_failure = False
        self.button = QPushButton()
        self.button.setObjectName("ackSelected")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self._batch)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.who = QLabel()
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.button)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.who)
        table.selectionModel().selectionChanged.connect(self.refresh)
        table.model().dataChanged.connect(self.refresh)
        table.model().rowsRemoved.connect(self.refresh)
        self.refresh()

    def ackable_selection(self) -> list[tuple[str, str]]:
        model = self._table.model()
        keys = self._table.selected_keys()
        rows = [model.row_vm_by_key(k) for k in keys]  # type: ignore[attr-defined]
        return [r.key for r in rows if r is not None and r.can_ack]

    def refresh(self, *_: object) -> None:
        n = len(self.ackable_selection())
        self.button.setEnabled(n > 0)
        self.button.setText(
            translate("acks", "\u2713 Acknowledge selected ({n})").format(n=n)
            if n
            else translate("acks", "Select incidents to acknowledge several")
        )
        self.who.setText(translate("acks", "acknowledging as {who}").format(who=self._actor))

    def set_requests(self, requests: Sequence[AckRequest]) -> None:
        """A failed acknowledgement is said here in full — also when its incident has
        left the table since (resolved meanwhile): the row's cell is narrow or gone."""
        failed = [r for r in requests if r.state is AckState.FAILED]
        if failed:
            last = failed[-1]
            text = translate("acks", "{n} acknowledgement(s) failed \u2014 {title}: {why}").format(
                n=len(failed), title=last.title or last.incident_id, why=last.last_error or "?"
            )
            self.show_message(text, alarm=True)
        elif self._showing_failure:
            self.show_message("")

    def show_message(self, text: str, alarm: bool = False) -> None:
        self._showing_failure = alarm
        self.message.setText(text)
        token = "alarm" if alarm else "text.dim"
        self.message.setStyleSheet(f"color: {color(token).name()};")

    def _batch(self) -> None:
        keys = self.ackable_selection()
        if keys:
            self.batchRequested.emit(keys)

    def set_scale(self, scale: Scale) -> None:
        font = scale.font(13, bold=True)
        self.button.setFont(font)
        self.button.setStyleSheet(
            f"QPushButton {{ background: {color('panel.alt').name()};"
            f" color: {color('source.ok').name()}; border: 1px solid {color('source.ok').name()};"
            f" border-radius: {scale.px(4)}px; padding: {scale.px(3)}px {scale.px(10)}px; }}"
            f"QPushButton:disabled {{ color: {color('text.dim').name()};"
            f" border-color: {color('grid').name()}; }}"
        )
        self.message.setFont(scale.font(13))
        self.who.setFont(scale.font(12))
        self.who.setStyleSheet(f"color: {color('text.dim').name()};")
