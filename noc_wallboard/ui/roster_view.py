"""Duty roster: per line who is on duty, until when, and who is next. A gap is an alarm."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from noc_wallboard.presentation import RosterLineVM
from noc_wallboard.ui.painted import PaintedPanel, draw_text
from noc_wallboard.ui.theme import Scale, color, text_on


class RosterView(PaintedPanel):
    title = "On duty"

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[RosterLineVM] = []
        self.setObjectName("rosterView")

    def set_scale(self, scale: Scale) -> None:
        super().set_scale(scale)
        self._fit()

    def set_lines(self, lines: list[RosterLineVM]) -> None:
        if lines != self._lines:
            self._lines = lines
            self._fit()
            self.update()

    def _fit(self) -> None:
        # Every line must stay readable: never squeeze two lines into one row.
        self.setMinimumHeight(self.scale.px(44) + self.scale.px(52) * max(len(self._lines), 1))

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        s = self.scale
        if not self._lines:
            p.setPen(color("text.dim"))
            p.setFont(s.font(16))
            draw_text(p, body, "no roster configured", Qt.AlignmentFlag.AlignCenter)
            return
        row_h = min(s.px(64), body.height() / len(self._lines))
        line_w = s.px(56)
        for i, line in enumerate(self._lines):
            row = QRectF(body.left(), body.top() + i * row_h, body.width(), row_h - s.px(4))
            if line.alarm:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color("alarm"))
                p.drawRoundedRect(row, s.px(5), s.px(5))
            fg = text_on("alarm") if line.alarm else color("text")
            p.setPen(fg)
            p.setFont(s.font(22, bold=True))
            draw_text(p, QRectF(row.left() + s.px(6), row.top(), line_w, row.height()), line.line)
            x = row.left() + line_w + s.px(8)
            top_h = row.height() * 0.55
            p.setFont(s.font(19, bold=True))
            draw_text(p, QRectF(x, row.top(), row.right() - x, top_h), line.on_duty)
            p.setFont(s.font(13))
            p.setPen(fg if line.alarm else color("text.dim"))
            details = "  ·  ".join(t for t in (line.contact, line.until_text, line.next_text) if t)
            draw_text(
                p, QRectF(x, row.top() + top_h, row.right() - x, row.height() - top_h), details
            )
