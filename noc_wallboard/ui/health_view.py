"""Health panels: one card per panel, its worst tiles by name, the rest summarised.

When tiles do not fit, the board lists what is broken and counts the rest rather
than scrolling: a wall nobody touches cannot scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from noc_wallboard.domain.health import TileStatus
from noc_wallboard.presentation import STATUS_GLYPH, PanelVM, status_token
from noc_wallboard.ui.painted import PaintedPanel, draw_text
from noc_wallboard.ui.theme import color, text_on


class HealthPanels(PaintedPanel):
    title = "Infrastructure health"

    def __init__(self) -> None:
        super().__init__()
        self._panels: list[PanelVM] = []
        self.setObjectName("healthPanels")

    def set_panels(self, panels: list[PanelVM]) -> None:
        if panels != self._panels:
            self._panels = panels
            self.update()

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        s = self.scale
        if not self._panels:
            p.setPen(color("text.dim"))
            p.setFont(s.font(16))
            draw_text(p, body, "no health panels configured", Qt.AlignmentFlag.AlignCenter)
            return
        gap = s.px(8)
        min_w = s.px(260)
        cols = max(1, min(len(self._panels), int((body.width() + gap) // (min_w + gap))))
        rows = -(-len(self._panels) // cols)
        w = (body.width() - gap * (cols - 1)) / cols
        h = (body.height() - gap * (rows - 1)) / rows
        for i, panel in enumerate(self._panels):
            r, c = divmod(i, cols)
            rect = QRectF(body.left() + c * (w + gap), body.top() + r * (h + gap), w, h)
            self._paint_panel(p, rect, panel)

    def _paint_panel(self, p: QPainter, rect: QRectF, panel: PanelVM) -> None:
        s = self.scale
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color("panel.alt"))
        p.drawRoundedRect(rect, s.px(6), s.px(6))
        # Status bar on the left edge: the panel's worst tile at a glance.
        worst = TileStatus.STALE if panel.stale else panel.worst
        p.setBrush(color(status_token(worst)))
        p.drawRoundedRect(QRectF(rect.left(), rect.top(), s.px(6), rect.height()), 3, 3)
        inner = rect.adjusted(s.px(14), s.px(6), -s.px(8), -s.px(6))
        head_h = s.px(26)
        p.setPen(color("text"))
        p.setFont(s.font(17, bold=True))
        draw_text(
            p,
            QRectF(inner.left(), inner.top(), inner.width(), head_h),
            f"{STATUS_GLYPH[worst]} {panel.name}",
        )
        y = inner.top() + head_h
        p.setFont(s.font(13))
        p.setPen(color("status.stale") if panel.stale else color("text.dim"))
        sub = panel.summary if not panel.note else f"{panel.summary} · {panel.note}"
        if panel.stale:
            p.setPen(color("sev.major"))
        draw_text(p, QRectF(inner.left(), y, inner.width(), s.px(18)), sub)
        y += s.px(22)
        row_h = s.px(24)
        capacity = max(0, int((inner.bottom() - y) // row_h))
        tiles = panel.tiles
        show = tiles if len(tiles) <= capacity else tiles[: max(capacity - 1, 0)]
        value_w = s.px(92)
        for tile in show:
            row = QRectF(inner.left(), y, inner.width(), row_h - s.px(3))
            token = tile.token
            problem = tile.status in (TileStatus.WARNING, TileStatus.CRITICAL)
            if problem:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color(token))
                p.drawRoundedRect(row, s.px(4), s.px(4))
                p.setPen(text_on(token))
            else:
                p.setPen(color(token) if tile.status is not TileStatus.OK else color("text"))
                if tile.status is TileStatus.STALE:
                    p.setPen(color("text.dim"))
            p.setFont(s.font(15, bold=problem))
            text_rect = row.adjusted(s.px(6), 0, -s.px(6), 0)
            draw_text(
                p,
                QRectF(text_rect.left(), row.top(), text_rect.width() - value_w, row.height()),
                f"{tile.glyph} {tile.title}",
            )
            draw_text(
                p,
                QRectF(text_rect.right() - value_w, row.top(), value_w, row.height()),
                tile.value_text,
                Qt.AlignmentFlag.AlignRight,
            )
            y += row_h
        rest = tiles[len(show) :]
        if rest:
            bad = sum(1 for t in rest if t.status in (TileStatus.WARNING, TileStatus.CRITICAL))
            p.setFont(s.font(14))
            p.setPen(color("text.dim"))
            text = f"+{len(rest)} more" + (f" ({bad} not ok)" if bad else " \u2014 all ok")
            draw_text(p, QRectF(inner.left() + s.px(6), y, inner.width(), row_h), text)
