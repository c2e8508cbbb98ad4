"""Health panels: one card per panel, its worst tiles by name, the rest summarised.

When tiles do not fit, the board lists what is broken and counts the rest rather than
scrolling: a wall nobody touches cannot scroll. A panel with `group_by` whose tiles do not
fit shows its warning and critical tiles by name first, then rolls the rest (ok, unknown)
up into groups (client, site…), each with its worst status and counts; at the desk a click
on a group drills into all its tiles and a click on the "back" chip returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPainter

from noc_wallboard.domain.health import PanelState, TileStatus
from noc_wallboard.presentation import (
    STATUS_GLYPH,
    PanelVM,
    TileVM,
    format_age,
    panel_vm,
    status_token,
)
from noc_wallboard.presentation.health import GroupVM
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate
from noc_wallboard.ui.health_chips import (
    PROBLEMS,
    SPARK_W,
    flow_fits,
    group_width,
    more_width,
    paint_group,
    paint_more,
    paint_tile,
    tile_width,
)
from noc_wallboard.ui.painted import PaintedPanel, draw_text
from noc_wallboard.ui.theme import color, ink

BACK = QT_TRANSLATE_NOOP("health", "\u2039 all groups")


class HealthPanels(PaintedPanel):
    title = QT_TRANSLATE_NOOP("board", "Infrastructure health")

    def __init__(self, interactive: bool = False) -> None:
        super().__init__()
        self._panels: list[PanelVM] = []
        self._vm_cache: dict[str, tuple[PanelState, str | None, PanelVM]] = {}
        self._interactive = interactive
        self._drill: dict[str, str] = {}  # panel name → the group drilled into (desk only)
        self._hits: list[tuple[QRectF, str, str | None]] = []  # chip → (panel, group|None=back)
        self.drawn_tiles: list[str] = []  # titles of the tiles of the last paint, in order
        self.drawn_chips: list[QRectF] = []  # every chip of the last paint, "+N more" too
        self.setObjectName("healthPanels")
        if interactive:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_panels(self, panels: list[PanelVM]) -> None:
        if panels != self._panels:
            self._panels = panels
            self.update()

    def set_states(self, panels: Sequence[PanelState], now: datetime) -> None:
        """View-models rebuilt only for panels that changed: the store replaces a panel's
        state when it changes and keeps the same object otherwise. A stale panel's texts
        also change with its age."""
        cache: dict[str, tuple[PanelState, str | None, PanelVM]] = {}
        vms = []
        for panel in panels:
            age = format_age(now - panel.updated_at) if panel.stale and panel.updated_at else None
            known = self._vm_cache.get(panel.spec.name)
            if known is not None and known[0] is panel and known[1] == age:
                vm = known[2]
            else:
                vm = panel_vm(panel, now)
            cache[panel.spec.name] = (panel, age, vm)
            vms.append(vm)
        self._vm_cache = cache
        self.set_panels(vms)

    # ------------------------------------------------------------ desk: drill into a group
    def drill(self, panel: str, group: str | None) -> None:
        if group is None:
            self._drill.pop(panel, None)
        else:
            self._drill[panel] = group
        self.update()

    def drilled(self, panel: str) -> str | None:
        return self._drill.get(panel)

    def group_at(self, x: float, y: float) -> tuple[str, str | None] | None:
        for rect, panel, group in self._hits:
            if rect.contains(x, y):
                return panel, group
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.group_at(event.position().x(), event.position().y())
        if not self._interactive or hit is None:
            super().mousePressEvent(event)
            return
        self.drill(*hit)

    def useful_height(self, width: float) -> int:
        """The height at which every panel has room for its name and one row of chips:
        below it a wall could no longer name a single broken tile."""
        s = self.scale
        n = len(self._panels)
        if n == 0:
            return 0
        gap, min_w = s.px(8), s.px(260)
        body_w = width - 2 * s.px(4) - 2 * s.px(12)
        most = max(1, min(n, int((body_w + gap) // (min_w + gap))))
        rows = -(-n // most)
        title = QFontMetrics(s.font(15, bold=True)).height() + s.px(6)
        card = 2 * s.px(6) + s.px(26) + s.px(2) + s.px(26)  # padding, name, one chip row
        return 2 * s.px(4) + 2 * s.px(8) + title + rows * card + (rows - 1) * gap

    # ------------------------------------------------------------ painting
    def paint_body(self, p: QPainter, body: QRectF) -> None:
        s = self.scale
        self._hits = []
        self.drawn_tiles = []
        self.drawn_chips = []
        if not self._panels:
            p.setPen(color("text.dim"))
            p.setFont(s.font(16))
            text = translate("board", "no health panels configured")
            draw_text(p, body, text, Qt.AlignmentFlag.AlignCenter)
            return
        gap = s.px(8)
        min_w = s.px(260)
        most = max(1, min(len(self._panels), int((body.width() + gap) // (min_w + gap))))
        rows = -(-len(self._panels) // most)
        cols = -(-len(self._panels) // rows)  # spread evenly: no half-empty last row
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
            p.setPen(ink("sev.major") if panel.stale else color("text.dim"))
            draw_text(p, QRectF(inner.left(), y, inner.width(), s.px(18)), panel.note)
            y += s.px(22)
        area = QRectF(inner.left(), y, inner.width(), inner.bottom() - y)
        self._paint_content(p, area, panel)

    def _paint_content(self, p: QPainter, area: QRectF, panel: PanelVM) -> None:
        s = self.scale
        p.setFont(s.font(14, bold=True))
        fm = QFontMetrics(p.font())
        chip_h, gap = s.px(26), s.px(5)
        drilled = next((g for g in panel.groups if g.name == self._drill.get(panel.name)), None)
        if drilled is not None:
            back_text = translate("health", BACK)
            back_w = fm.horizontalAdvance(back_text) + s.px(20)
            back = QRectF(area.left(), area.top(), back_w, chip_h)
            p.setPen(color("text.dim"))
            p.setBrush(color("panel"))
            p.drawRoundedRect(back, s.px(4), s.px(4))
            draw_text(p, back.adjusted(s.px(8), 0, 0, 0), back_text)
            self._hits.append((back, panel.name, None))
            label = f"{panel.group_by} = {drilled.name}: {drilled.summary}"
            p.setPen(color("text"))
            draw_text(
                p,
                QRectF(back.right() + gap, back.top(), area.right() - back.right(), chip_h),
                label,
            )
            self._paint_tile_flow(p, area.adjusted(0, chip_h + gap, 0, 0), drilled.tiles)
            return
        # Lazily measured: the check stops at the first chip that does not fit.
        widths = (tile_width(fm, s, t, area.width()) for t in panel.tiles)
        if panel.groups and not flow_fits(widths, area, chip_h, gap):
            # What is broken by name first, then the rest rolled up: a group chip never
            # hides a critical host while the wall has room for "acme 12 ok".
            self._paint_flow(p, area, panel.name, (*panel.problems, *panel.rollup))
            return
        self._paint_tile_flow(p, area, panel.tiles)

    def _paint_tile_flow(self, p: QPainter, area: QRectF, tiles: tuple[TileVM, ...]) -> None:
        self._paint_flow(p, area, "", tiles)

    def _paint_flow(
        self, p: QPainter, area: QRectF, panel: str, chips: Sequence[TileVM | GroupVM]
    ) -> None:
        """Tiles and group chips that wrap, in order (worst first); when space runs out, a
        last chip says how many tiles are left and how many of them are not ok."""
        s = self.scale
        chip_h = s.px(26)
        gap = s.px(5)
        x, y = area.left(), area.top()
        p.setFont(s.font(14, bold=True))
        fm = QFontMetrics(p.font())
        measured: dict[int, float] = {}
        hidden: list[tuple[int, int]] = []  # (tiles, not ok) behind chip j onwards

        def more_w(j: int) -> float:
            """Room for the "+N more" chip if the flow stopped before chip `j`."""
            if not hidden:  # filled once, when the flow first reaches its last row
                rest = bad = 0
                for chip in reversed(chips):
                    n, k = _hidden((chip,))
                    rest, bad = rest + n, bad + k
                    hidden.append((rest, bad))
                hidden.reverse()
                hidden.append((0, 0))
            return more_width(fm, s, *hidden[j])

        def width(j: int) -> float:  # measured once, and only as far as the flow needs
            if j not in measured:
                chip = chips[j]
                measured[j] = (
                    tile_width(fm, s, chip, area.width())
                    if isinstance(chip, TileVM)
                    else group_width(fm, s, chip, area.width(), self._interactive)
                )
            return measured[j]

        for i, chip in enumerate(chips):
            w = width(i)
            if x + w > area.right() and x > area.left():
                if y + 2 * chip_h + gap > area.bottom():
                    # No row below: "+N more" goes here, in the room kept for it, rather
                    # than over the chips of this row.
                    rest, bad = _hidden(chips[i:])
                    self._more(p, QRectF(x, y, area.right() - x, chip_h), rest, bad, area)
                    return
                x, y = area.left(), y + chip_h + gap
            last_row = y + 2 * chip_h + gap > area.bottom()
            rest_fits = last_row and flow_fits(
                (width(j) for j in range(i, len(chips))),
                QRectF(x, y, area.right() - x, chip_h),
                chip_h,
                gap,
            )
            if y + chip_h > area.bottom() or (
                last_row and not rest_fits and x + w + gap + more_w(i + 1) > area.right()
            ):
                room = area.right() - x - gap - more_w(i + 1)
                broken = isinstance(chip, TileVM) and chip.status in PROBLEMS
                fits = y + chip_h <= area.bottom()
                # Shortened, a chip must still say something: its whole value and at
                # least the first dozen letters of its name.
                legible = area.width() + 1
                if isinstance(chip, TileVM):
                    head = f"{chip.glyph} {chip.title[:12]}\u2026  {chip.value_text}"
                    legible = fm.horizontalAdvance(head) + s.px(16)
                    legible += s.px(SPARK_W + 6) if chip.spark else 0
                alone = fits and broken and x == area.left()
                if alone and room < legible:
                    # Room for this chip or the count, not both: what is broken, by name;
                    # the title line still counts the rest.
                    rect = QRectF(x, y, min(w, area.width()), chip_h)
                    self.drawn_chips.append(rect)
                    assert isinstance(chip, TileVM)
                    paint_tile(p, s, rect, chip)
                    self.drawn_tiles.append(chip.title)
                    return
                if not (alone and room >= legible):
                    rest, bad = _hidden(chips[i:])
                    self._more(p, QRectF(x, y, area.right() - x, chip_h), rest, bad, area)
                    return
                # A row that has room for one chip shows what is broken, by name
                # (shortened), before the count of the rest — never the count alone.
                w = room
            rect = QRectF(x, y, w, chip_h)
            self.drawn_chips.append(rect)
            p.setFont(s.font(14, bold=True))
            if isinstance(chip, TileVM):
                paint_tile(p, s, rect, chip)
                self.drawn_tiles.append(chip.title)
            else:
                paint_group(p, s, rect, chip, self._interactive)
                self._hits.append((rect, panel, chip.name))
            x += w + gap

    def _more(self, p: QPainter, rect: QRectF, rest: int, bad: int, area: QRectF) -> None:
        if area.height() < rect.height():
            return  # a window too small for even one row: the counts on the title line remain
        if rect.top() + rect.height() > area.bottom():
            rect.moveTop(area.bottom() - rect.height())
        self.drawn_chips.append(QRectF(rect.left(), rect.top(), rect.width(), rect.height()))
        paint_more(p, self.scale, rect, rest, bad)


def _hidden(chips: Sequence[TileVM | GroupVM]) -> tuple[int, int]:
    """Tiles behind the "+N more" chip, and how many of them are not ok."""
    rest = bad = 0
    for chip in chips:
        if isinstance(chip, TileVM):
            rest += 1
            bad += not chip.is_ok
        else:
            rest += len(chip.tiles)
            bad += chip.not_ok
    return rest, bad
