"""A loud banner while any source is down: what failed, since when, how old the data is."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from noc_wallboard.presentation import SourceChipVM
from noc_wallboard.ui.painted import draw_text
from noc_wallboard.ui.theme import Scale, color, text_on


class SourceBanner(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.scale = Scale(1.0)
        self._down: list[SourceChipVM] = []
        self.setObjectName("sourceBanner")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.hide()

    def set_scale(self, scale: Scale) -> None:
        self.scale = scale
        self._resize()

    def set_sources(self, chips: list[SourceChipVM]) -> None:
        down = [c for c in chips if not c.ok and c.error]
        if down != self._down:
            self._down = down
            self._resize()
            self.setVisible(bool(down))
            self.update()

    def _resize(self) -> None:
        self.setFixedHeight(self.scale.px(34) * max(len(self._down), 1) + self.scale.px(8))

    def messages(self) -> list[str]:
        return [f"{c.text} \u2014 {c.error}" for c in self._down]

    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.scale
        p = QPainter(self)
        p.fillRect(self.rect(), color("bg"))
        box = QRectF(self.rect()).adjusted(s.px(4), s.px(2), -s.px(4), -s.px(2))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color("alarm"))
        p.drawRoundedRect(box, s.px(6), s.px(6))
        p.setPen(text_on("alarm"))
        p.setFont(s.font(17, bold=True))
        line_h = s.px(34)
        for i, msg in enumerate(self.messages()):
            draw_text(
                p,
                QRectF(
                    box.left() + s.px(12),
                    box.top() + s.px(2) + i * line_h,
                    box.width() - s.px(24),
                    line_h,
                ),
                f"\u26a0 {msg}",
            )
        p.end()
