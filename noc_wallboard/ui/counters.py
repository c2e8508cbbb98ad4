"""Incident counters by severity: unacknowledged dominant, total beside it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from noc_wallboard.presentation import CounterVM, CoverageVM
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate
from noc_wallboard.ui.painted import PaintedPanel, draw_text, fitted_font
from noc_wallboard.ui.theme import Scale, color, text_on


class SeverityCounters(PaintedPanel):
    title = QT_TRANSLATE_NOOP("board", "Open incidents")

    def __init__(self) -> None:
        super().__init__()
        self._counters: list[CounterVM] = []
        self._coverage = CoverageVM(True, "", "allclear")
        self.setObjectName("severityCounters")

    def set_scale(self, scale: Scale) -> None:
        self.setMinimumHeight(scale.px(112))
        super().set_scale(scale)

    def set_counters(self, counters: list[CounterVM], coverage: CoverageVM) -> None:
        if counters != self._counters or coverage != self._coverage:
            self._counters = counters
            self._coverage = coverage
            self.update()

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        s = self.scale
        if not self._counters:
            return
        if all(c.total == 0 for c in self._counters) and not self._coverage.known:
            # Blind is not clear: never show green when a source is not answering.
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(
                color(self._coverage.token)
                if self._coverage.token == "alarm"
                else color("panel.alt")
            )
            p.drawRoundedRect(body, s.px(6), s.px(6))
            p.setPen(text_on("alarm") if self._coverage.token == "alarm" else color("text.dim"))
            p.setFont(s.font(24, bold=True))
            draw_text(p, body, self._coverage.text, Qt.AlignmentFlag.AlignCenter)
            return
        if all(c.total == 0 for c in self._counters):
            # The big "all clear" state: nothing open anywhere, and every source answered.
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color("allclear"))
            p.drawRoundedRect(body, s.px(6), s.px(6))
            p.setPen(text_on("allclear"))
            p.setFont(s.font(40, bold=True))
            text = "\u2714  " + translate("board", "ALL CLEAR — no open incidents")
            draw_text(p, body, text, Qt.AlignmentFlag.AlignCenter)
            return
        gap = s.px(8)
        n = len(self._counters)
        w = (body.width() - gap * (n - 1)) / n
        for i, c in enumerate(self._counters):
            box = QRectF(body.left() + i * (w + gap), body.top(), w, body.height())
            active = c.unacknowledged > 0
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color(c.token) if active else color("panel.alt"))
            p.drawRoundedRect(box, s.px(6), s.px(6))
            fg = text_on(c.token) if active else color("text.dim")
            p.setPen(fg)
            label_h = box.height() * 0.28
            label = f"{c.glyph} {c.word}"
            label_rect = QRectF(box.left() + s.px(10), box.top(), box.width() - s.px(20), label_h)
            p.setFont(fitted_font(s, 16, label, label_rect.width(), bold=True))
            draw_text(p, label_rect, label)
            num_rect = QRectF(
                box.left() + s.px(10),
                box.top() + label_h,
                box.width() - s.px(20),
                box.height() - label_h - s.px(4),
            )
            big = max(12.0, min(box.height() * 0.62 / s.unit, 72.0))
            p.setFont(s.font(big, bold=True))
            draw_text(p, num_rect, str(c.unacknowledged), Qt.AlignmentFlag.AlignLeft)
            p.setFont(s.font(15))
            acked = c.total - c.unacknowledged
            if acked:
                # Acknowledged ones are shown, but small: the unacknowledged number dominates.
                p.setFont(s.font(13))
                draw_text(
                    p,
                    QRectF(
                        num_rect.left(), num_rect.bottom() - s.px(20), num_rect.width(), s.px(18)
                    ),
                    translate("board", "+{n} acked").format(n=acked),
                    Qt.AlignmentFlag.AlignRight,
                )
