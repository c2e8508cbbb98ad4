"""Header: board title, per-source freshness, clocks and a heartbeat."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from noc_wallboard.presentation import SourceChipVM
from noc_wallboard.ui.painted import draw_text, elide
from noc_wallboard.ui.theme import Scale, color, text_on


class HeaderBar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.scale = Scale(1.0)
        self._title = ""
        self._chips: list[SourceChipVM] = []
        self._now: datetime | None = None
        self._beat = False
        self.setObjectName("headerBar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_scale(self, scale: Scale) -> None:
        self.scale = scale
        self.setFixedHeight(scale.px(58))
        self.update()

    def set_title(self, title: str) -> None:
        self._title = title
        self.update()

    def set_sources(self, chips: list[SourceChipVM]) -> None:
        self._chips = chips
        self.update()

    def tick(self, now: datetime) -> None:
        """Once a second: the clock moves and the heartbeat blinks, proving the board lives."""
        self._now = now
        self._beat = not self._beat
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.scale
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), color("bg"))
        r = QRectF(self.rect()).adjusted(s.px(12), s.px(4), -s.px(12), -s.px(4))
        # Heartbeat dot.
        d = s.px(14)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color("status.ok") if self._beat else color("grid"))
        p.drawEllipse(QRectF(r.left(), r.center().y() - d / 2, d, d))
        x = r.left() + d + s.px(10)
        p.setPen(color("text"))
        p.setFont(s.font(26, bold=True))
        title_w = min(
            QFontMetrics(p.font()).horizontalAdvance(self._title) + s.px(20), r.width() * 0.35
        )
        draw_text(p, QRectF(x, r.top(), title_w, r.height()), self._title)
        x += title_w
        # Clocks on the right.
        clock_w = 0.0
        if self._now is not None:
            local = self._now.astimezone()
            text = f"{local:%H:%M:%S} {local.tzname()}"
            if local.utcoffset():
                text += f"   {self._now.astimezone(UTC):%H:%M} UTC"
            p.setFont(s.font(24, bold=True, mono=True))
            clock_w = QFontMetrics(p.font()).horizontalAdvance(text) + s.px(8)
            draw_text(
                p,
                QRectF(r.right() - clock_w, r.top(), clock_w, r.height()),
                text,
                Qt.AlignmentFlag.AlignRight,
            )
        # Source chips between title and clocks; a down source is a loud red chip.
        p.setFont(s.font(15, bold=True))
        fm = QFontMetrics(p.font())
        chip_h = s.px(32)
        right_limit = r.right() - clock_w - s.px(12)
        for chip in self._chips:
            text = elide(p, chip.text, max(right_limit - x - s.px(16), 0))
            w = fm.horizontalAdvance(text) + s.px(20)
            if x + w > right_limit or not text:
                break
            box = QRectF(x, r.center().y() - chip_h / 2, w, chip_h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color(chip.token) if not chip.ok else color("panel.alt"))
            p.drawRoundedRect(box, s.px(5), s.px(5))
            p.setPen(text_on(chip.token) if not chip.ok else color(chip.token))
            draw_text(p, box.adjusted(s.px(10), 0, -s.px(4), 0), text)
            x += w + s.px(8)
        p.end()
