"""The incident list: a table whose delegate paints severity chips and countdowns.

Unacknowledged rows are bright and bold; acknowledged rows are dimmer and smaller.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from noc_wallboard.presentation import IncidentRowVM
from noc_wallboard.ui.incident_model import (
    COL_RESOLVE,
    COL_RESPOND,
    IncidentTableModel,
)
from noc_wallboard.ui.painted import draw_text
from noc_wallboard.ui.theme import Scale, color, text_on


class IncidentDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget, model: IncidentTableModel) -> None:
        super().__init__(parent)
        self.scale = Scale(1.0)
        self._model = model

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
                painter.setPen(color(vm.token))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color(vm.token))
                painter.drawRoundedRect(inner, s.px(4), s.px(4))
                painter.setPen(text_on(vm.token))
            painter.setFont(s.font(size - 2, bold=True))
            draw_text(painter, inner.adjusted(s.px(6), 0, 0, 0), f"{vm.glyph} {vm.severity_word}")
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
                        painter.setPen(color("clock.paused") if clock.paused else color("text.dim"))
                        draw_text(painter, inner, clock.badge, Qt.AlignmentFlag.AlignLeft)
        else:
            text = self._model.text_at(row, col)
            dim = vm.acknowledged or vm.stale or col in (2, 3)
            painter.setPen(color("text.dim") if dim else color("text"))
            painter.setFont(s.font(size, bold=(col == 1 and not vm.acknowledged)))
            if col == 6 and not vm.acknowledged and vm.state_word in ("OPEN", "RE-OPENED"):
                painter.setPen(color("sev.critical"))
                painter.setFont(s.font(size, bold=True))
            draw_text(painter, inner, str(text))
        painter.restore()


class IncidentTable(QTableView):
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
        self.set_scale(Scale(1.0))

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
        for col, share in self._SHARES.items():
            self.setColumnWidth(col, int(width * share))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()
