"""The wall's incident table never cuts a row: the rows that fit are shown whole and a
"+N more" line says what the others are. A wall cannot scroll.

The line is refitted once per batch of row changes, not once per row: a page switch at
1,000 incidents is ~1,000 row operations, and refitting (which summarises every hidden
row) after each made the switch quadratic. Row signals only mark the line dirty; the
refit runs on the next event-loop pass, or at once when the window calls `flush` after
applying a state."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from noc_wallboard.presentation.wall import overflow_texts
from noc_wallboard.ui.incident_model import IncidentTableModel
from noc_wallboard.ui.incident_view import IncidentTable
from noc_wallboard.ui.painted import draw_text
from noc_wallboard.ui.theme import Scale, color


class IncidentOverflow(QWidget):
    """Laid over the bottom of the table, from the end of the last whole row down."""

    def __init__(self, table: IncidentTable, model: IncidentTableModel) -> None:
        super().__init__(table)
        self.setObjectName("incidentOverflow")
        self._table = table
        self._model = model
        self.scale = Scale(1.0)
        self.text = ""
        self.visible_rows = 0
        self.refits = 0  # how many times the line was laid out (tests, benchmarks)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.refit)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.hide()
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.modelReset,
            model.layoutChanged,
        ):
            signal.connect(self._dirty)
        self._filter = _ResizeWatch(self)
        # The viewport's own resize: by then the table has laid it out.
        table.viewport().installEventFilter(self._filter)

    def set_scale(self, scale: Scale) -> None:
        self.scale = scale
        self.refit()

    def _dirty(self, *_: object) -> None:
        if not self._pending.isActive():
            self._pending.start()

    def flush(self) -> None:
        """Refit now if rows changed since the last refit (after a state is applied)."""
        if self._pending.isActive():
            self.refit()

    def refit(self, *_: object) -> None:
        self._pending.stop()
        self.refits += 1
        table = self._table
        viewport = table.viewport().geometry()
        rows = self._model.rowCount()
        row_h = max(table.verticalHeader().defaultSectionSize(), 1)
        if rows * row_h <= viewport.height():
            self.visible_rows = rows
            self.text = ""
            self.hide()
            return
        line_h = self.scale.px(34)
        fit = max(0, (viewport.height() - line_h) // row_h)
        self.visible_rows = fit
        hidden = [self._model.row_vm(r) for r in range(fit, rows)]
        texts = overflow_texts([vm for vm in hidden if vm is not None])
        # The longest form that fits whole; the last one elides if it must.
        fm = QFontMetrics(self.scale.font(17, bold=True))
        room = viewport.width() - self.scale.px(24)
        self.text = next((t for t in texts if fm.horizontalAdvance(t) + 1 <= room), texts[-1])
        top = viewport.top() + fit * row_h
        self.setGeometry(viewport.left(), top, viewport.width(), viewport.bottom() + 1 - top)
        table.scrollToTop()
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.scale
        p = QPainter(self)
        p.fillRect(self.rect(), color("panel"))
        p.setPen(color("text"))
        p.setFont(s.font(17, bold=True))
        line = QRectF(s.px(12), 0, self.width() - s.px(24), s.px(34))
        draw_text(p, line, self.text)
        p.end()


class _ResizeWatch(QObject):
    def __init__(self, overflow: IncidentOverflow) -> None:
        super().__init__(overflow)
        self._overflow = overflow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._overflow.refit()
        return False
