"""Duty roster: per line who is on duty, contact, since/until, a hand-off countdown, who is
next. A gap (nobody on duty) is a red row and raises `gapAlarm` — the hook for a sound.
A line whose feed failed stays on the board, greyed, with the failure and the data's age."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter

from noc_wallboard.presentation import RosterLineVM
from noc_wallboard.presentation.i18n import QT_TRANSLATE_NOOP, translate
from noc_wallboard.ui.painted import PaintedPanel, draw_text
from noc_wallboard.ui.theme import Scale, color, text_on


class RosterView(PaintedPanel):
    title = QT_TRANSLATE_NOOP("board", "On duty")
    # Emitted with the lines newly in a gap (empty list: every gap is covered again).
    # A sound player (wall mode) connects here; the view itself makes no noise.
    gapAlarm = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[RosterLineVM] = []
        self._sounding: set[str] = set()
        self.setObjectName("rosterView")

    def set_scale(self, scale: Scale) -> None:
        super().set_scale(scale)
        self._fit()

    def set_lines(self, lines: list[RosterLineVM]) -> None:
        if lines != self._lines:
            self._lines = lines
            self._fit()
            self.update()
        sounding = {line.line for line in lines if line.sound}
        if sounding != self._sounding:
            new = sorted(sounding - self._sounding)
            self._sounding = sounding
            if new or not sounding:
                self.gapAlarm.emit(new)

    @property
    def sounding(self) -> set[str]:
        return set(self._sounding)

    def _fit(self) -> None:
        # Every line must stay readable: never squeeze two lines into one row.
        self.setMinimumHeight(self.scale.px(44) + self.scale.px(50) * max(len(self._lines), 1))

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        s = self.scale
        if not self._lines:
            p.setPen(color("text.dim"))
            p.setFont(s.font(16))
            text = translate("board", "no roster configured")
            draw_text(p, body, text, Qt.AlignmentFlag.AlignCenter)
            return
        row_h = min(s.px(72), body.height() / len(self._lines))
        for i, line in enumerate(self._lines):
            row = QRectF(body.left(), body.top() + i * row_h, body.width(), row_h - s.px(4))
            self._paint_row(p, row, line)

    def _paint_row(self, p: QPainter, row: QRectF, line: RosterLineVM) -> None:
        s = self.scale
        if line.alarm:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color("alarm"))
            p.drawRoundedRect(row, s.px(5), s.px(5))
        elif line.stale:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color("panel.alt"))
            p.drawRoundedRect(row, s.px(5), s.px(5))
        if line.alarm:
            fg = dim = text_on("alarm")
        elif line.stale:
            fg, dim = color("stale.text"), color("stale.dim")
        else:
            fg, dim = color("text"), color("text.dim")
        line_w = s.px(56)
        p.setPen(fg)
        p.setFont(s.font(22, bold=True))
        glyph = "\u26a0 " if line.alarm else ""
        draw_text(p, QRectF(row.left() + s.px(6), row.top(), line_w, row.height()), line.line)
        x = row.left() + line_w + s.px(8)
        top_h = row.height() * 0.55
        countdown = ""
        clock_w = 0.0
        if line.countdown:
            # Hand-off in ⇄ mm:ss; in a gap, when the next shift starts ("in 2h 05m").
            countdown = (
                translate("roster", "in {time}").format(time=line.countdown)
                if line.alarm
                else f"\u21c4 {line.countdown}"
            )
            clock_w = max(
                s.px(120),
                QFontMetrics(s.font(17, bold=True, mono=True)).horizontalAdvance(countdown)
                + s.px(8),
            )
        p.setFont(s.font(19, bold=True))
        draw_text(p, QRectF(x, row.top(), row.right() - x - clock_w, top_h), glyph + line.on_duty)
        if countdown:
            if line.soon and not line.alarm and not line.stale:
                p.setPen(color("clock.at_risk"))
            p.setFont(s.font(17, bold=True, mono=True))
            clock = QRectF(row.right() - clock_w - s.px(6), row.top(), clock_w, top_h)
            draw_text(p, clock, countdown, Qt.AlignmentFlag.AlignRight)
        p.setFont(s.font(13))
        p.setPen(dim)
        parts = (
            (line.feed_text,) if line.stale else (),
            (line.contact, line.shift_text, line.next_text),
            () if line.stale else (line.feed_text,),
        )
        details = "  ·  ".join(t for group in parts for t in group if t)
        bottom = QRectF(x, row.top() + top_h, row.right() - x - s.px(6), row.height() - top_h)
        draw_text(p, bottom, details)
