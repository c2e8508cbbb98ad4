"""SLA countdowns: the most urgent clocks, large. Repaints itself at 1 Hz, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter

from noc_wallboard.domain.board import BoardIncident
from noc_wallboard.domain.sla import SlaClock
from noc_wallboard.presentation import SEVERITY_GLYPH, CoverageVM, clock_vm, severity_token
from noc_wallboard.ui.painted import PaintedPanel, draw_text
from noc_wallboard.ui.theme import Scale, color


@dataclass(frozen=True)
class _Entry:
    item: BoardIncident
    which: str  # "response" or "resolution"


class SlaCountdowns(PaintedPanel):
    title = "SLA countdowns"

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[_Entry] = []
        self._now: datetime | None = None
        self._coverage = CoverageVM(True, "", "allclear")
        self.setObjectName("slaCountdowns")

    def set_incidents(
        self, items: tuple[BoardIncident, ...], now: datetime, coverage: CoverageVM
    ) -> None:
        """Unacknowledged incidents race their response clock, acknowledged ones their
        resolution clock; stopped clocks are not countdowns."""
        entries = []
        for item in items:
            if item.sla is None:
                continue
            if not item.incident.is_acknowledged and item.sla.response.ticking:
                entries.append(_Entry(item, "response"))
            elif item.sla.resolution.ticking:
                entries.append(_Entry(item, "resolution"))
        entries.sort(key=lambda e: self._clock(e).due_at)
        self._entries = entries
        self._now = now
        self._coverage = coverage
        self.update()

    @staticmethod
    def _clock(entry: _Entry) -> SlaClock:
        sla = entry.item.sla
        assert sla is not None
        return sla.response if entry.which == "response" else sla.resolution

    def set_scale(self, scale: Scale) -> None:
        super().set_scale(scale)
        self.setMinimumHeight(scale.px(44) + 3 * scale.px(46))  # title + three clocks

    def tick(self, now: datetime) -> None:
        self._now = now
        if self._entries:
            self.update()

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        s = self.scale
        if self._now is None:
            return
        if not self._entries:
            p.setFont(s.font(22, bold=True))
            if self._coverage.known:
                p.setPen(color("allclear"))
                draw_text(p, body, "\u2714 no clock running", Qt.AlignmentFlag.AlignCenter)
            else:
                p.setPen(color(self._coverage.token))
                blind = self._coverage.token == "alarm"
                text = "clocks unknown" if blind else "no incident source configured"
                draw_text(p, body, text, Qt.AlignmentFlag.AlignCenter)
            return
        row_h = s.px(46)
        rows = max(1, int(body.height() // row_h))
        clock_font = s.font(32, bold=True, mono=True)
        clock_w = QFontMetrics(clock_font).horizontalAdvance("\u221299:99h") + s.px(12)
        for i, entry in enumerate(self._entries[:rows]):
            top = body.top() + i * row_h
            inc = entry.item.incident
            clock = self._clock(entry)
            vm = clock_vm(clock, self._now, "respond" if entry.which == "response" else "resolve")
            p.setFont(clock_font)
            p.setPen(color(vm.token))
            draw_text(p, QRectF(body.left(), top, clock_w, row_h), vm.text)
            x = body.left() + clock_w
            p.setFont(s.font(18, bold=True))
            p.setPen(color(severity_token(inc.severity)))
            glyph_w = s.px(26)
            draw_text(p, QRectF(x, top, glyph_w, row_h), SEVERITY_GLYPH[inc.severity])
            x += glyph_w
            p.setPen(color("text"))
            p.setFont(s.font(17, bold=not inc.is_acknowledged))
            title_rect = QRectF(x, top, body.right() - x, row_h * 0.6)
            draw_text(p, title_rect, inc.title)
            p.setFont(s.font(13))
            p.setPen(color("text.dim"))
            where = inc.labels.get("client") or inc.source
            draw_text(
                p,
                QRectF(x, top + row_h * 0.55, body.right() - x, row_h * 0.4),
                f"{vm.caption} · {where}",
            )
        hidden = len(self._entries) - rows
        if hidden > 0:
            p.setFont(s.font(13))
            p.setPen(color("text.dim"))
            draw_text(
                p,
                QRectF(body.left(), body.bottom() - s.px(16), body.width(), s.px(16)),
                f"+{hidden} more clocks",
                Qt.AlignmentFlag.AlignRight,
            )
