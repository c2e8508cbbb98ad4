"""The incident list: a table whose delegate paints severity chips and countdowns.

Unacknowledged rows are bright and bold; acknowledged rows are dimmer and smaller.
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from noc_wallboard.domain.severity import Severity
from noc_wallboard.presentation import IncidentRowVM, format_age
from noc_wallboard.presentation.i18n import translate
from noc_wallboard.presentation.incidents import severity_word
from noc_wallboard.presentation.wall import compact_state, elide_keeping_tail, two_lines
from noc_wallboard.ui.incident_model import (
    COL_ACK,
    COL_AGE,
    COL_RESOLVE,
    COL_RESPOND,
    IncidentTableModel,
)
from noc_wallboard.ui.painted import draw_text
from noc_wallboard.ui.theme import Scale, color, ink, text_on


class IncidentDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget, model: IncidentTableModel) -> None:
        super().__init__(parent)
        self.scale = Scale(1.0)
        self._model = model
        # Narrow tables (portrait walls): the State column shows a glyph, not a word, so
        # the titles of what is broken get the room.
        self.compact_state = False

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.row()
        vm: IncidentRowVM | None = self._model.row_vm(row)
        if vm is None:
            return
        s = self.scale
        rect = QRectF(option.rect)
        painter.save()
        selected = bool(option.state & option.state.State_Selected)
        painter.fillRect(rect, color("grid") if selected else color("panel"))
        painter.setPen(color("bg"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        col = index.column()
        inner = rect.adjusted(s.px(6), s.px(2), -s.px(6), -s.px(2))
        size = 15 if vm.acknowledged else 18
        if col == 0:
            if vm.acknowledged:
                painter.setPen(ink(vm.token))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color(vm.token))
                painter.drawRoundedRect(inner, s.px(4), s.px(4))
                painter.setPen(text_on(vm.token))
            painter.setFont(s.font(size - 2, bold=True))
            draw_text(painter, inner.adjusted(s.px(6), 0, 0, 0), f"{vm.glyph} {vm.severity_word}")
        elif col == COL_ACK:
            self._paint_ack_button(painter, inner, vm, self._model.text_at(row, col))
        elif col in (COL_RESPOND, COL_RESOLVE):
            clock = self._model.clock_at(row, col)
            painter.setFont(s.font(size, bold=not vm.acknowledged, mono=True))
            if clock is None:
                painter.setPen(color("text.dim"))
                draw_text(painter, inner, "\u2014", Qt.AlignmentFlag.AlignRight)
            else:
                painter.setPen(color(clock.token))
                draw_text(painter, inner, clock.text, Qt.AlignmentFlag.AlignRight)
                text_w = painter.fontMetrics().horizontalAdvance(clock.text)
                if clock.badge:
                    # Business-hours and paused clocks say so: their time runs differently.
                    painter.setFont(s.font(10, bold=True))
                    badge_w = painter.fontMetrics().horizontalAdvance(clock.badge) + s.px(4)
                    if text_w + badge_w <= inner.width():
                        risky = clock.token == "clock.at_risk"
                        badge_ink = "clock.at_risk" if risky else "text.dim"
                        painter.setPen(color("clock.paused") if clock.paused else ink(badge_ink))
                        draw_text(painter, inner, clock.badge, Qt.AlignmentFlag.AlignLeft)
        else:
            text = self._model.text_at(row, col)
            now = getattr(self._model, "_now", None)
            if col == 6 and self.compact_state and now is not None:
                text = compact_state(vm, now)
            dim = vm.acknowledged or vm.stale or col in (2, 3)
            painter.setPen(color("text.dim") if dim else color("text"))
            painter.setFont(s.font(size, bold=(col == 1 and not vm.acknowledged)))
            if col == 1 and self._paint_title(painter, inner, str(text), size, vm):
                painter.restore()
                return
            if col == 6 and vm.ack_mark:
                # Pending, sent or failed: the outbox's word, in its own colour.
                painter.setPen(ink(vm.ack_token))
                painter.setFont(s.font(size - 2, bold=True))
            elif col == 6 and not vm.acknowledged and vm.state_word in ("OPEN", "RE-OPENED"):
                painter.setPen(ink("sev.critical"))
                painter.setFont(s.font(size, bold=True))
            draw_text(painter, inner, str(text))
        painter.restore()

    def _paint_title(
        self, painter: QPainter, inner: QRectF, title: str, size: int, vm: IncidentRowVM
    ) -> bool:
        """The title of what is broken, whole if at all possible: on one line, in type up
        to 3 points smaller; else on two lines in that type; else cut keeping its host
        ("Filesystem almost… globex-db-01"), never "Filesystem almost full on glo…"."""
        fm = painter.fontMetrics()
        if fm.horizontalAdvance(title) <= inner.width():
            return False  # drawn the usual way
        s = self.scale
        bold = not vm.acknowledged
        for points in (size - 1, size - 2, size - 3):  # a little smaller, on one line
            font = s.font(points, bold=bold)
            if QFontMetrics(font).horizontalAdvance(title) + 1 <= inner.width():
                painter.setFont(font)
                draw_text(painter, inner, title)
                return True
        small = s.font(size - 3, bold=bold)
        small_fm = QFontMetrics(small)
        lines = two_lines(title, inner.width(), small_fm.horizontalAdvance)
        # Two lines need their height (give or take the leading) in the row.
        if lines is not None and 2 * small_fm.height() <= inner.height() * 1.1:
            painter.setFont(small)
            half = inner.height() / 2
            top = QRectF(inner.left(), inner.top(), inner.width(), half)
            bottom = QRectF(inner.left(), inner.top() + half, inner.width(), half)
            painter.drawText(
                top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, lines[0]
            )
            painter.drawText(
                bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, lines[1]
            )
            return True
        text = elide_keeping_tail(title, inner.width(), fm.horizontalAdvance)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        return True

    def _paint_ack_button(
        self, painter: QPainter, rect: QRectF, vm: IncidentRowVM, text: str
    ) -> None:
        if not text:
            return
        s = self.scale
        token = "alarm" if vm.ack_failed_request else "source.ok"
        painter.setPen(color(token))
        painter.setBrush(color("panel.alt"))
        painter.drawRoundedRect(rect, s.px(5), s.px(5))
        painter.setFont(s.font(14, bold=True))
        draw_text(painter, rect, text, Qt.AlignmentFlag.AlignCenter)


class IncidentTable(QTableView):
    """`ackRequested(keys, action, comment)` and `retryRequested(request_id)` are the
    engineer's intents; the window's owner turns them into outbox requests."""

    ackRequested = Signal(list, str, str)
    retryRequested = Signal(str)
    commentWanted = Signal(list, str)  # keys, action ("ack" or "comment"): ask for a text

    def __init__(self, model: IncidentTableModel) -> None:
        super().__init__()
        self.setObjectName("incidentTable")
        self.setModel(model)
        self._delegate = IncidentDelegate(self, model)
        self.setItemDelegate(self._delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self._model = model
        self.clicked.connect(self._on_click)
        if model.columnCount() > COL_ACK:
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.customContextMenuRequested.connect(self._menu)
        self.set_scale(Scale(1.0))

    # ------------------------------------------------------------ acknowledgement
    def selected_keys(self) -> list[tuple[str, str]]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return self._model.keys_at(rows)

    def _on_click(self, index: QModelIndex) -> None:
        if index.column() != COL_ACK:
            return
        vm = self._model.row_vm(index.row())
        if vm is None:
            return
        if vm.ack_failed_request is not None:
            self.retryRequested.emit(vm.ack_failed_request)
        elif vm.can_ack:
            # One click, no dialog: the ack goes to the outbox at once.
            self.ackRequested.emit([vm.key], "ack", "")

    def _menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        keys = self.selected_keys()
        vm = self._model.row_vm(index.row())
        if vm is None:
            return
        if vm.key not in keys:
            keys = [vm.key]
        rows = [self._model.row_vm_by_key(k) for k in keys]
        ackable = [r.key for r in rows if r is not None and r.can_ack]
        acked = [r.key for r in rows if r is not None and r.acknowledged]
        menu = QMenu(self)
        n = len(ackable)
        if ackable:
            act = menu.addAction(
                translate("acks", "Acknowledge ({n})").format(n=n)
                if n > 1
                else translate("acks", "Acknowledge")
            )
            act.triggered.connect(lambda: self.ackRequested.emit(ackable, "ack", ""))
            act = menu.addAction(translate("acks", "Acknowledge with comment\u2026"))
            act.triggered.connect(lambda: self.commentWanted.emit(ackable, "ack"))
        if acked or any(r is not None and r.ack_mark for r in rows):
            act = menu.addAction(translate("acks", "Add comment\u2026"))
            act.triggered.connect(lambda: self.commentWanted.emit(keys, "comment"))
        if acked:
            act = menu.addAction(translate("acks", "Unacknowledge"))
            act.triggered.connect(lambda: self.ackRequested.emit(acked, "unack", ""))
        if vm.ack_failed_request is not None:
            request_id = vm.ack_failed_request
            act = menu.addAction(translate("acks", "Retry"))
            act.triggered.connect(lambda: self.retryRequested.emit(request_id))
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(pos))

    def set_scale(self, scale: Scale) -> None:
        self._delegate.scale = scale
        self.verticalHeader().setDefaultSectionSize(scale.px(38))
        self.verticalHeader().setMinimumSectionSize(scale.px(20))
        header = self.horizontalHeader()
        header.setFont(scale.font(14, bold=True))
        header.setFixedHeight(scale.px(30))
        self._fit_columns()
        self.setStyleSheet(
            f"QTableView {{ background: {color('panel').name()}; border: none; }}"
            f"QHeaderView::section {{ background: {color('panel.alt').name()};"
            f" color: {color('text.dim').name()}; border: none;"
            f" padding-left: {scale.px(6)}px; }}"
            f"QScrollBar:vertical {{ background: {color('panel').name()};"
            f" width: {scale.px(10)}px; }}"
            f"QScrollBar::handle:vertical {{ background: {color('grid').name()}; }}"
        )
        self.viewport().update()

    # Shares of the width per column; the title (column 1) takes what is left.
    _SHARES: ClassVar[dict[int, float]] = {0: 0.15, 2: 0.14, 3: 0.08, 4: 0.09, 5: 0.09, 6: 0.17}

    def _fit_columns(self) -> None:
        width = max(self.viewport().width(), 200)
        widths = {col: int(width * share) for col, share in self._SHARES.items()}
        # Severity and countdowns are never elided (wall type is large): they get what
        # their text needs, taken from "where" and "state", never from the title.
        s = self._delegate.scale
        # Measured in the board's language: Russian words and units are longer.
        widest_clock = translate("duration", "{h}:{mm}h").format(h="\u221200", mm="00")
        clock = QFontMetrics(s.font(18, bold=True, mono=True)).horizontalAdvance(widest_clock)
        sev_fm = QFontMetrics(s.font(16, bold=True))
        sev = max(sev_fm.horizontalAdvance(f"\u2716 {severity_word(w)}") for w in Severity)
        age = QFontMetrics(s.font(18)).horizontalAdvance(format_age(timedelta(minutes=59)))
        need = {
            0: sev + s.px(24),
            COL_AGE: age + s.px(14),
            COL_RESPOND: clock + s.px(16),
            COL_RESOLVE: clock + s.px(16),
        }
        # Nor are the headers of these columns ("Возраст" is wider than "Age").
        header_fm = QFontMetrics(s.font(14, bold=True))
        for col in need:
            title = str(self.model().headerData(col, Qt.Orientation.Horizontal) or "")
            need[col] = max(need[col], header_fm.horizontalAdvance(title) + s.px(14))
        excess = 0
        for col, minimum in need.items():
            if widths[col] < minimum:
                excess += minimum - widths[col]
                widths[col] = minimum
        # "where" and "state" give way, down to a floor: the state keeps its "OPEN".
        state_w = QFontMetrics(s.font(18, bold=True)).horizontalAdvance(
            translate("incidents", "OPEN")
        )
        floor = {2: int(width * 0.06), 6: max(int(width * 0.06), state_w + s.px(14))}
        # The title must keep room to name what is broken: when the fixed columns leave
        # it less than 40 % (portrait, Russian, large type), the State column shrinks to
        # a glyph (and who acked), the word's colour and the row's weight saying the rest.
        fixed = sum(widths.values()) - widths[2] - widths[6] + floor[2]
        compact = self.model().columnCount() <= COL_ACK and width - fixed - floor[6] < 0.4 * width
        self._delegate.compact_state = compact
        if compact:
            ack_w = QFontMetrics(s.font(15)).horizontalAdvance("\u2713 alice 59m")
            floor[6] = ack_w + s.px(14)
            widths[6] = min(widths[6], floor[6])
        for col in (2, 6):
            take = min(excess // 2 + excess % 2, widths[col] - floor[col])
            widths[col] -= max(take, 0)
            excess -= max(take, 0)
        if self.model().columnCount() > COL_ACK:
            # The ack button takes its share from "where" and "state", never the title.
            button = QFontMetrics(s.font(14, bold=True)).horizontalAdvance(
                translate("acks", "\u21bb RETRY")
            )
            widths[COL_ACK] = button + s.px(24)
            for col in (2, 6):
                widths[col] = max(floor[col], widths[col] - widths[COL_ACK] // 2)
        # A "where" too narrow for "acme · db…" says nothing: the title takes its room
        # (narrow portrait walls, large type).
        where_fm = QFontMetrics(s.font(18))
        self.setColumnHidden(2, widths[2] < where_fm.horizontalAdvance("acme \u00b7 db") + s.px(12))
        for col, w in widths.items():
            self.setColumnWidth(col, w)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()
