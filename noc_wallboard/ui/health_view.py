"""Health panels: one card per panel, its worst tiles by name, the rest summarised.

When tiles do not fit, the board lists what is broken and counts the rest rather
than scrolling: a wall nobody touches cannot scroll.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter

from noc_wallboard.domain.health import TileStatus
from noc_wallboard.presentation import STATUS_GLYPH, PanelVM, TileVM, status_token
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
        name = f"{STATUS_GLYPH[worst]} {panel.name}"
        name_w = min(QFontMetrics(p.font()).horizontalAdvance(name) + s.px(12), inner.width())
        draw_text(p, QRectF(inner.left(), inner.top(), name_w, head_h), name)
        # Counts share the title line so tiles get the space.
        p.setFont(s.font(13))
        p.setPen(color("text.dim"))
        draw_text(
            p,
            QRectF(inner.left() + name_w, inner.top(), inner.width() - name_w, head_h),
            panel.summary,
            Qt.AlignmentFlag.AlignRight,
        )
        y = inner.top() + head_h + s.px(2)
        if panel.note:
            p.setPen(color("sev.major") if panel.stale else color("text.dim"))
            draw_text(p, QRectF(inner.left(), y, inner.width(), s.px(18)), panel.note)
            y += s.px(22)
        self._paint_tile_flow(p, QRectF(inner.left(), y, inner.width(), inner.bottom() - y), panel)

    def _paint_tile_flow(self, p: QPainter, area: QRectF, panel: PanelVM) -> None:
        """Tiles as chips that wrap, worst first; when space runs out, a last chip says
        how many are left and whether any of them is not ok."""
        s = self.scale
        chip_h = s.px(26)
        gap = s.px(5)
        x, y = area.left(), area.top()
        tiles = panel.tiles
        p.setFont(s.font(14, bold=True))
        fm = QFontMetrics(p.font())
        more_w = fm.horizontalAdvance("+999 more (99 not ok)") + s.px(16)
        for i, tile in enumerate(tiles):
            text = f"{tile.glyph} {tile.title}  {tile.value_text}"
            w = min(fm.horizontalAdvance(text) + s.px(16), area.width())
            if x + w > area.right() and x > area.left():
                x, y = area.left(), y + chip_h + gap
            last_row = y + 2 * chip_h + gap > area.bottom()
            rest_fits = last_row and self._fits(fm, tiles[i:], x, area.right(), gap)
            if y + chip_h > area.bottom() or (
                last_row and not rest_fits and x + w + gap + more_w > area.right()
            ):
                self._paint_more(p, QRectF(x, y, area.right() - x, chip_h), tiles[i:], area)
                return
            self._paint_chip(p, QRectF(x, y, w, chip_h), tile, text)
            x += w + gap

    def _fits(
        self, fm: QFontMetrics, tiles: tuple[TileVM, ...], x: float, right: float, gap: int
    ) -> bool:
        for tile in tiles:
            x += fm.horizontalAdvance(f"{tile.glyph} {tile.title}  {tile.value_text}")
            x += self.scale.px(16) + gap
            if x - gap > right:
                return False
        return True

    def _paint_chip(self, p: QPainter, rect: QRectF, tile: TileVM, text: str) -> None:
        s = self.scale
        problem = tile.status in (TileStatus.WARNING, TileStatus.CRITICAL)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color(tile.token) if problem else color("panel"))
        p.drawRoundedRect(rect, s.px(4), s.px(4))
        if problem:
            p.setPen(text_on(tile.token))
        elif tile.status is TileStatus.OK:
            p.setPen(color("text"))
        else:
            p.setPen(color("text.dim"))
        draw_text(p, rect.adjusted(s.px(8), 0, -s.px(6), 0), text)

    def _paint_more(
        self, p: QPainter, rect: QRectF, rest: tuple[TileVM, ...], area: QRectF
    ) -> None:
        s = self.scale
        if area.height() < rect.height():
            return  # a window too small for even one row: the counts on the title line remain
        if rect.top() + rect.height() > area.bottom():
            rect.moveTop(area.bottom() - rect.height())
        bad = sum(1 for t in rest if not t.is_ok)
        p.setFont(s.font(14, bold=bool(bad)))
        p.setPen(color("sev.major") if bad else color("text.dim"))
        # "all ok" only when every hidden tile is fresh and ok; stale or unknown are not ok.
        text = f"+{len(rest)} more" + (f" ({bad} not ok)" if bad else " \u2014 all ok")
        draw_text(p, rect.adjusted(s.px(4), 0, 0, 0), text)
