"""Chips of the health panels: one tile (with its sparkline) or one roll-up group.

Painted, not widgets: a wall of 2,000 tiles repaints in a few milliseconds this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen

from noc_wallboard.domain.health import SPARKLINE_WIDTH, TileStatus
from noc_wallboard.presentation.health import GroupVM, TileVM
from noc_wallboard.presentation.i18n import translate
from noc_wallboard.ui.painted import draw_text
from noc_wallboard.ui.theme import Scale, color, ink, text_on

PROBLEMS = (TileStatus.WARNING, TileStatus.CRITICAL)
SPARK_W = SPARKLINE_WIDTH  # board points of a sparkline inside a chip (its default points)


def tile_width(fm: QFontMetrics, s: Scale, tile: TileVM, limit: float) -> float:
    width = fm.horizontalAdvance(tile.text) + s.px(16)
    if tile.spark:
        width += s.px(SPARK_W + 6)
    return min(width, limit)


DRILL = " \u203a"  # "›": this chip opens (desk only)


def group_width(fm: QFontMetrics, s: Scale, group: GroupVM, limit: float, drillable: bool) -> float:
    text = group.text + (DRILL if drillable else "")
    return min(fm.horizontalAdvance(text) + s.px(20), limit)


def flow_fits(widths: Iterable[float], area: QRectF, chip_h: float, gap: float) -> bool:
    """Would chips of these widths, wrapped left to right, fit in `area`?"""
    x, y = area.left(), area.top()
    for w in widths:
        if x + w > area.right() and x > area.left():
            x, y = area.left(), y + chip_h + gap
        if y + chip_h > area.bottom():
            return False
        x += w + gap
    return True


def paint_tile(p: QPainter, s: Scale, rect: QRectF, tile: TileVM) -> None:
    problem = tile.status in PROBLEMS
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color(tile.token) if problem else color("panel"))
    p.drawRoundedRect(rect, s.px(4), s.px(4))
    if problem:
        fg = text_on(tile.token)
    elif tile.status is TileStatus.OK:
        fg = color("text")
    else:
        fg = color("text.dim")
    text_rect = rect.adjusted(s.px(8), 0, -s.px(6), 0)
    if tile.spark:
        spark = QRectF(
            rect.right() - s.px(SPARK_W + 6), rect.top() + s.px(4), s.px(SPARK_W), rect.height()
        ).adjusted(0, 0, 0, -s.px(8))
        paint_sparkline(p, s, spark, tile.spark, fg)
        text_rect.setRight(spark.left() - s.px(4))
    p.setPen(fg)
    fm = QFontMetrics(p.font())
    if fm.horizontalAdvance(tile.text) <= text_rect.width():
        draw_text(p, text_rect, tile.text)
        return
    # Too long: the name of what is broken stays whole ("acme-db-02:9100"), with the
    # value's first word ("down:", "98%") beside it; the reason after it gives way.
    value = f"  {tile.value_text}"
    name = f"{tile.glyph} {tile.title}"
    head = value.split(":", 1)[0] + (":" if ":" in value else "")
    title_w = split_tile(
        fm.horizontalAdvance(name),
        fm.horizontalAdvance(head),
        fm.horizontalAdvance(value),
        text_rect.width(),
    )
    # +1: elidedText rounds advances differently and cuts a text exactly as wide as its room.
    title_w = min(title_w + 1, text_rect.width())
    title_rect = QRectF(text_rect.left(), text_rect.top(), title_w, rect.height())
    draw_text(p, title_rect, name)
    value_w = text_rect.width() - title_w
    draw_text(p, QRectF(title_rect.right(), rect.top(), value_w, rect.height()), value)


def split_tile(name_w: float, head_w: float, value_w: float, width: float) -> float:
    """The width the tile's name gets in a chip too narrow for name and value: all it
    needs while the value's first word still fits beside it; else up to three quarters
    of the chip (the value's first word, "недоступен:", is cut before the name is)."""
    if name_w + value_w <= width or name_w + head_w <= width:
        return name_w
    return min(name_w, max(width - head_w, width * 0.75))


def paint_sparkline(
    p: QPainter, s: Scale, rect: QRectF, points: Sequence[float | None], pen: QColor
) -> None:
    """A polyline, broken at gaps (NaN in the range answer): a gap is not a zero."""
    if len(points) < 2:
        return
    path = QPainterPath()
    step = rect.width() / (len(points) - 1)
    drawing = False
    for i, v in enumerate(points):
        if v is None:
            drawing = False
            continue
        point = QPointF(rect.left() + i * step, rect.bottom() - v * rect.height())
        if drawing:
            path.lineTo(point)
        else:
            path.moveTo(point)
            drawing = True
    line = QPen(pen)
    line.setWidthF(max(1.0, s.unit * 1.6))
    p.setPen(line)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)


def paint_group(p: QPainter, s: Scale, rect: QRectF, group: GroupVM, drillable: bool) -> None:
    """A roll-up: the group's worst status as the chip's colour, its counts as text; a
    bordered chip so it never reads as a single host."""
    problem = group.worst in PROBLEMS
    p.setPen(QPen(color(group.token), max(1.0, s.unit * 2)))
    p.setBrush(color(group.token) if problem else color("panel"))
    p.drawRoundedRect(rect, s.px(4), s.px(4))
    p.setPen(text_on(group.token) if problem else color("text"))
    text = group.text + (DRILL if drillable else "")
    draw_text(p, rect.adjusted(s.px(10), 0, -s.px(6), 0), text)


def paint_more(p: QPainter, s: Scale, rect: QRectF, rest: int, bad: int) -> None:
    """The last chip when space runs out: how many are hidden and whether any is not ok.
    "all ok" only when every hidden one is fresh and ok; stale or unknown are not ok."""
    p.setFont(s.font(14, bold=bool(bad)))
    p.setPen(ink("sev.major") if bad else color("text.dim"))
    draw_text(p, rect.adjusted(s.px(4), 0, 0, 0), more_text(rest, bad))


def more_text(rest: int, bad: int) -> str:
    more = translate("health", "+{n} more").format(n=rest)
    if bad:
        return more + " " + translate("health", "({n} not ok)").format(n=bad)
    return more + " \u2014 " + translate("health", "all ok")


def more_width(fm: QFontMetrics, s: Scale, rest: int, bad: int) -> float:
    """Room the "+N more" chip needs (measured in the bold font: never too little)."""
    return fm.horizontalAdvance(more_text(rest, bad)) + s.px(16)
