"""Header: board title, per-source freshness, clocks in several zones, the page and a
heartbeat that proves the board is alive."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.wall import ClockZone
from noc_wallboard.presentation import SourceChipVM
from noc_wallboard.presentation.wall import (
    ClockTextVM,
    Heartbeat,
    HeartbeatVM,
    PageVM,
    clock_texts,
)
from noc_wallboard.ui.painted import draw_text
from noc_wallboard.ui.theme import Scale, color, text_on

# Clocks are laid out before the first tick too (their widths never depend on the time).
_BEFORE_FIRST_TICK = datetime(2000, 1, 1, tzinfo=UTC)


class HeaderBar(QWidget):
    """Row 1: heartbeat, title, page, clocks (and the source chips when they fit).
    Below it, only when needed: the heartbeat's alarm, an interrupt's hold, and the
    source chips wrapped over as many rows as they take — every source stays visible
    with the age of its data, however narrow the screen."""

    def __init__(self) -> None:
        super().__init__()
        self.scale = Scale(1.0)
        self._title = ""
        self._chips: list[SourceChipVM] = []
        self._now: datetime | None = None
        self._zones: tuple[ClockZone, ...] = ()
        self.heartbeat = Heartbeat()
        # Loop gaps on a monotonic clock: immune to NTP steps (tests give a fake one).
        self.monotonic: Callable[[], float] = time.monotonic
        self._beat = HeartbeatVM(False, False, "", "status.ok")
        self._page = PageVM("", None, "", "")
        self._chip_rows: list[list[tuple[QRectF, str, SourceChipVM]]] = []
        self._chips_inline = True
        self._hold_lines = 1  # 2: the hold's "until" on a line of its own (portrait)
        self._laid_clocks_w = 0.0
        self._laid_for: tuple[float, ...] = ()
        self.drawn_chips: list[str] = []  # texts of the chips of the last layout
        self.setObjectName("headerBar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFixedHeight(58)

    # ------------------------------------------------------------ inputs
    def set_scale(self, scale: Scale) -> None:
        self.scale = scale
        self._relayout()

    def set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self._relayout()

    def set_sources(self, chips: list[SourceChipVM]) -> None:
        if chips != self._chips:
            self._chips = chips
            self._relayout()

    def set_clocks(self, zones: tuple[ClockZone, ...]) -> None:
        self._zones = zones
        self._relayout()

    def set_page(self, page: PageVM) -> None:
        if page == self._page:
            return
        layout_changed = (page.text, page.hold_text) != (self._page.text, self._page.hold_text)
        self._page = page
        if layout_changed:
            self._relayout()
        else:
            self.update()  # the dwell bar moved

    def note_state(self, state: BoardState) -> None:
        """Every state from the engine: proof that data still flows."""
        self.heartbeat.state_seen(state, state.generated_at)

    def tick(self, now: datetime) -> None:
        """Once a second: the clock moves and the heartbeat blinks, proving the board lives."""
        self._now = now
        self.heartbeat.tick(now, self.monotonic())
        beat = self.heartbeat.vm(now)
        alarm_changed = beat.alarm != self._beat.alarm
        self._beat = beat
        if alarm_changed or self._clocks_width() != self._laid_clocks_w:
            self._relayout()
        else:
            self.update()

    @property
    def heartbeat_vm(self) -> HeartbeatVM:
        return self._beat

    @property
    def chips_inline(self) -> bool:
        return self._chips_inline

    def showEvent(self, event: QShowEvent) -> None:
        # Hidden boards are not ticked (a wall whose screen was unplugged): shown again,
        # the gap since their last tick is no stall of the loop.
        self.heartbeat.resume()
        super().showEvent(event)

    # ------------------------------------------------------------ layout
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _row1_height(self) -> int:
        return self.scale.px(58)

    def _strip_height(self) -> int:
        return self.scale.px(40)

    def _clock_texts(self) -> list[ClockTextVM]:
        return clock_texts(self._now or _BEFORE_FIRST_TICK, self._zones)

    def _clocks_width(self) -> float:
        s = self.scale
        width = 0.0
        for ct in self._clock_texts():
            width += self._clock_width(ct) + s.px(18)
        return width

    def _clock_width(self, ct: ClockTextVM) -> float:
        s = self.scale
        big = QFontMetrics(s.font(26 if ct.main else 21, bold=True, mono=True))
        small = QFontMetrics(s.font(12, bold=True))
        # The widest a time can get, so the clocks never jitter as digits change.
        sample = "00:00:00" if ct.main else ct.time.replace(ct.time[:5], "00:00")
        return max(big.horizontalAdvance(sample), small.horizontalAdvance(ct.label)) + s.px(4)

    def _left_width(self) -> float:
        s = self.scale
        return float(s.px(12) + s.px(16) + s.px(10)) + self._title_width()

    def _title_room(self) -> float:
        s = self.scale
        return self.width() - 2 * s.px(12) - s.px(26) - self._clocks_width() - s.px(20)

    def _title_font(self) -> QFont:
        """26 points, or down to 20 when the clocks leave less room (portrait)."""
        s = self.scale
        room = self._title_room()
        for points in (26, 24, 22, 20):
            font = s.font(points, bold=True)
            if QFontMetrics(font).horizontalAdvance(self._title) <= room:
                return font
        return font

    def _page_font(self) -> QFont:
        return self.scale.font(13, bold=True)

    def _title_width(self) -> float:
        """The title, and under it the page: as wide as the wider of the two needs, up to
        what the clocks leave."""
        s = self.scale
        fm = QFontMetrics(self._title_font())
        room = self._title_room()
        want = fm.horizontalAdvance(self._title)
        if self._page.text:
            want = max(want, QFontMetrics(self._page_font()).horizontalAdvance(self._page.text))
        return max(min(want + s.px(20), room), 0.0)

    def _relayout(self) -> None:
        s = self.scale
        width = self.width()
        fm = QFontMetrics(s.font(15, bold=True))
        pad = s.px(20)
        gap = s.px(8)
        chip_h = s.px(32)
        # Inline: every chip between the title (and page) and the clocks.
        left = self._left_width()
        self._laid_clocks_w = self._clocks_width()
        right = width - s.px(12) - self._laid_clocks_w - s.px(12)
        widths = [fm.horizontalAdvance(c.text) + pad for c in self._chips]
        # Back from two rows to one only with room for ages to grow ("59s" → "1h 05m"):
        # the chips must not jump between one row and two as the seconds go by.
        context = (width, s.unit, left, right)  # the same room as the last layout
        settled = context == self._laid_for and not self._chips_inline
        self._laid_for = context
        reserve = fm.horizontalAdvance("000") * len(widths) if settled else 0
        inline = left + sum(widths) + reserve + gap * max(len(widths) - 1, 0) <= right
        rows: list[list[tuple[QRectF, str, SourceChipVM]]] = []
        y = float(self._row1_height())
        if self._beat.alarm:
            y += self._strip_height()
        self._hold_lines = 1
        if self._page.hold_text:
            self._hold_lines = 2 if self._hold_needs_two_lines() else 1
            y += self._strip_height() * self._hold_lines
        if inline:
            x = left
            row = []
            for chip, w in zip(self._chips, widths, strict=True):
                row.append(
                    (QRectF(x, (self._row1_height() - chip_h) / 2, w, chip_h), chip.text, chip)
                )
                x += w + gap
            rows.append(row)
        else:
            # Wrapped under the header's first row, as many rows as the chips need.
            avail = width - 2 * s.px(12)
            x = s.px(12)
            row = []
            top = y + (self._strip_height() - chip_h) / 2
            for chip, w in zip(self._chips, widths, strict=True):
                if row and x + w > s.px(12) + avail:
                    rows.append(row)
                    row = []
                    x = s.px(12)
                    y += self._strip_height()
                    top = y + (self._strip_height() - chip_h) / 2
                text = chip.text
                if w > avail:  # one chip wider than the screen: the only case that elides
                    w = avail
                    text = fm.elidedText(chip.text, Qt.TextElideMode.ElideRight, int(w - pad))
                row.append((QRectF(x, top, w, chip_h), text, chip))
                x += w + gap
            if row:
                rows.append(row)
                y += self._strip_height()
        self._chip_rows = rows
        self._chips_inline = inline
        self.drawn_chips = [text for row in rows for _, text, _ in row]
        height = int(y) + s.px(4)
        if self.height() != height:
            self.setFixedHeight(height)
        self.update()

    def _hold_needs_two_lines(self) -> bool:
        """Title and "until" side by side would cut the title (a portrait screen): the
        title gets the strip's whole width and "until" a line beneath it."""
        s = self.scale
        inner = self.width() - 2 * s.px(4) - 2 * s.px(12)
        title = QFontMetrics(s.font(19, bold=True)).horizontalAdvance(self._page.hold_text)
        until = QFontMetrics(s.font(16, bold=True)).horizontalAdvance(self._page.hold_until)
        return bool(self._page.hold_until) and title + s.px(22) + until > inner

    @property
    def hold_lines(self) -> int:
        return self._hold_lines if self._page.hold_text else 0

    # ------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.scale
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), color("bg"))
        row1 = QRectF(s.px(12), 0, self.width() - 2 * s.px(12), self._row1_height())
        self._paint_heartbeat(p, row1)
        x = row1.left() + s.px(16) + s.px(10)
        p.setPen(color("text"))
        p.setFont(self._title_font())
        title_w = self._title_width()
        if self._page.text:
            # The page under the title: it costs no width the source chips need.
            title_h = s.px(38)
            draw_text(p, QRectF(x, row1.top() + s.px(1), title_w, title_h), self._title)
            self._paint_page(p, QRectF(x, row1.top() + title_h, title_w, s.px(17)))
        else:
            draw_text(p, QRectF(x, row1.top(), title_w, row1.height()), self._title)
        if self._now is not None:
            self._paint_clocks(p, row1)
        y = row1.bottom()
        if self._beat.alarm:
            self._paint_strip(p, y, self._beat.text, "alarm")
            y += self._strip_height()
        if self._page.hold_text:
            self._paint_strip(
                p,
                y,
                self._page.hold_text,
                self._page.hold_token,
                self._page.hold_until,
                lines=self._hold_lines,
            )
        p.setFont(s.font(15, bold=True))
        for row in self._chip_rows:
            for box, text, chip in row:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color(chip.token) if not chip.ok else color("panel.alt"))
                p.drawRoundedRect(box, s.px(5), s.px(5))
                p.setPen(text_on(chip.token) if not chip.ok else color(chip.token))
                draw_text(p, box.adjusted(s.px(10), 0, -s.px(4), 0), text)
        p.end()

    def _paint_heartbeat(self, p: QPainter, row: QRectF) -> None:
        s = self.scale
        d = s.px(16)
        box = QRectF(row.left(), row.center().y() - d / 2, d, d)
        p.setPen(Qt.PenStyle.NoPen)
        if self._beat.alarm:
            # A square, not a dot: the shape changes too, not only the colour.
            p.setBrush(color("alarm") if self._beat.phase else color("grid"))
            p.drawRect(box)
        else:
            p.setBrush(color("status.ok") if self._beat.phase else color("grid"))
            p.drawEllipse(box)

    def _paint_page(self, p: QPainter, area: QRectF) -> None:
        s = self.scale
        p.setFont(self._page_font())
        p.setPen(color("text.dim"))
        w = min(QFontMetrics(p.font()).horizontalAdvance(self._page.text) + s.px(4), area.width())
        text_rect = QRectF(area.left(), area.top(), w, area.height())
        draw_text(p, text_rect, self._page.text)
        if self._page.progress is not None:
            # How long until the next page: a thin bar under the page's name.
            bar = QRectF(area.left(), area.bottom(), w, s.px(2))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color("grid"))
            p.drawRect(bar)
            p.setBrush(color("text.dim"))
            p.drawRect(
                QRectF(bar.left(), bar.top(), bar.width() * self._page.progress, bar.height())
            )

    def _paint_clocks(self, p: QPainter, row: QRectF) -> None:
        s = self.scale
        x = row.right()
        for ct in reversed(self._clock_texts()):
            w = self._clock_width(ct)
            box = QRectF(x - w, row.top(), w, row.height())
            label_h = s.px(17)
            p.setFont(s.font(12, bold=True))
            p.setPen(color("text.dim"))
            draw_text(
                p,
                QRectF(box.left(), box.top() + s.px(3), w, label_h),
                ct.label,
                Qt.AlignmentFlag.AlignRight,
            )
            p.setFont(s.font(26 if ct.main else 21, bold=True, mono=True))
            p.setPen(color("text") if ct.main else color("text.dim").lighter(125))
            draw_text(
                p,
                QRectF(box.left(), box.top() + label_h, w, box.height() - label_h - s.px(2)),
                ct.time,
                Qt.AlignmentFlag.AlignRight,
            )
            x -= w + s.px(18)

    def _paint_strip(
        self, p: QPainter, top: float, text: str, token: str, right: str = "", lines: int = 1
    ) -> None:
        s = self.scale
        strip_h = self._strip_height()
        box = QRectF(s.px(4), top + s.px(2), self.width() - 2 * s.px(4), strip_h * lines - s.px(4))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color(token))
        p.drawRoundedRect(box, s.px(6), s.px(6))
        p.setPen(text_on(token))
        inner = box.adjusted(s.px(12), 0, -s.px(12), 0)
        if right and lines > 1:
            # Portrait: the title across the whole strip, how the hold ends beneath it.
            first = QRectF(inner.left(), inner.top(), inner.width(), strip_h - s.px(4))
            p.setFont(s.font(19, bold=True))
            draw_text(p, first, text)
            p.setFont(s.font(16, bold=True))
            second = QRectF(inner.left(), first.bottom(), inner.width(), strip_h - s.px(4))
            draw_text(p, second, right)
            return
        if right:
            # How the hold ends stays whole; the title gives way if something must.
            p.setFont(s.font(16, bold=True))
            right_w = float(QFontMetrics(p.font()).horizontalAdvance(right) + s.px(6))
            right_w = min(right_w, inner.width() * 0.5)
            draw_text(
                p,
                QRectF(inner.right() - right_w, inner.top(), right_w, inner.height()),
                right,
                Qt.AlignmentFlag.AlignRight,
            )
            inner.setRight(inner.right() - right_w - s.px(16))
        p.setFont(s.font(19, bold=True))
        draw_text(p, inner, text)
