"""SLA countdowns: the most urgent clocks, large. Repaints itself at 1 Hz, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter

from noc_wallboard.domain.board import BoardIncident
from noc_wallboard.domain.sla import SlaClock
from noc_wallboard.presentation import SEVERITY_GLYPH, CoverageVM, clock_vm, severity_token
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate
from noc_wallboard.presentation.incidents import RESOLVE, RESPOND, severity_word
from noc_wallboard.ui.painted import PaintedPanel, draw_text, fitted_font
from noc_wallboard.ui.theme import Scale, color, ink


@dataclass(frozen=True)
class _Entry:
    item: BoardIncident
    which: str  # "response" or "resolution"


class SlaCountdowns(PaintedPanel):
    title = QT_TRANSLATE_NOOP("board", "SLA countdowns")

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
                text = "\u2714 " + translate("board", "no clock running")
                draw_text(p, body, text, Qt.AlignmentFlag.AlignCenter)
            else:
                p.setPen(color(self._coverage.token))
                blind = self._coverage.token == "alarm"
                text = (
                    translate("board", "clocks unknown")
                    if blind
                    else translate("board", "no incident source configured")
                )
                draw_text(p, body, text, Qt.AlignmentFlag.AlignCenter)
            return
        row_h = s.px(46)
        rows = max(1, int(body.height() // row_h))
        clock_font = s.font(32, bold=True, mono=True)
        widest = translate("duration", "{h}:{mm}h").format(h="\u221299", mm="99")  # "−99:99h"
        clock_w = QFontMetrics(clock_font).horizontalAdvance(widest) + s.px(12)
        for i, entry in enumerate(self._entries[:rows]):
            top = body.top() + i * row_h
            inc = entry.item.incident
            clock = self._clock(entry)
            vm = clock_vm(clock, self._now, RESPOND if entry.which == "response" else RESOLVE)
            p.setFont(clock_font)
            p.setPen(color(vm.token))
            draw_text(p, QRectF(body.left(), top, clock_w, row_h), vm.text)
            x = body.left() + clock_w
            p.setFont(s.font(18, bold=True))
            p.setPen(ink(severity_token(inc.severity)))
            glyph_w = s.px(26)
            draw_text(p, QRectF(x, top, glyph_w, row_h), SEVERITY_GLYPH[inc.severity])
            x += glyph_w
            p.setPen(color("text"))
            p.setFont(s.font(17, bold=not inc.is_acknowledged))
            title_rect = QRectF(x, top, body.right() - x, row_h * 0.6)
            draw_text(p, title_rect, inc.title)
            p.setPen(color("text.dim"))
            where = inc.labels.get("client") or inc.source
            # The glyph's severity as a word too (colour and shape are never alone), then
            # whose, then what the clock is; smaller type before anything is cut.
            caption = f"{severity_word(inc.severity)} · {where} · {vm.caption}"
            caption_rect = QRectF(x, top + row_h * 0.55, body.right() - x, row_h * 0.4)
            p.setFont(fitted_font(s, 13, caption, caption_rect.width(), floor=0.8))
            draw_text(p, caption_rect, caption)
        hidden = len(self._entries) - rows
        if hidden > 0:
            p.setFont(s.font(13))
            p.setPen(color("text.dim"))
            draw_text(
                p,
                QRectF(body.left(), body.bottom() - s.px(16), body.width(), s.px(16)),
                translate("board", "+%n more clocks", None, hidden),
                Qt.AlignmentFlag.AlignRight,
            )
