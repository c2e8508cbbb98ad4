"""Base for custom-painted board regions: cheap to repaint, plain text only."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from noc_wallboard.presentation.i18n import translate
from noc_wallboard.ui.theme import Scale, color


class PaintedPanel(QWidget):
    """A rounded card with a title. Subclasses paint their body in `paint_body`.

    `title` is English, marked with QT_TRANSLATE_NOOP("board", …): shown translated."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = Scale(1.0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_scale(self, scale: Scale) -> None:
        self.scale = scale
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(self.rect(), color("bg"))
        s = self.scale
        card = QRectF(self.rect()).adjusted(s.px(4), s.px(4), -s.px(4), -s.px(4))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color("panel"))
        p.drawRoundedRect(card, s.px(8), s.px(8))
        body = card.adjusted(s.px(12), s.px(8), -s.px(12), -s.px(8))
        if self.title:
            p.setFont(s.font(15, bold=True))
            p.setPen(color("text.dim"))
            h = QFontMetrics(p.font()).height()
            p.drawText(
                QRectF(body.left(), body.top(), body.width(), h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                translate("board", self.title).upper(),
            )
            body.setTop(body.top() + h + s.px(6))
        self.paint_body(p, body)
        p.end()

    def paint_body(self, p: QPainter, body: QRectF) -> None:
        raise NotImplementedError


def fitted_font(
    scale: Scale, points: float, text: str, width: float, bold: bool = False, floor: float = 0.7
) -> QFont:
    """The font of `points` (board points), made smaller (down to `floor` of it) until
    `text` fits `width`: a word is better smaller than cut (Russian words are longer)."""
    size = points
    font = scale.font(size, bold=bold)
    # +1: elidedText rounds advances differently and cuts a text exactly as wide as `width`.
    while size > points * floor and QFontMetrics(font).horizontalAdvance(text) + 1 > width:
        size -= 0.5
        font = scale.font(size, bold=bold)
    return font


def elide(p: QPainter, text: str, width: float) -> str:
    return QFontMetrics(p.font()).elidedText(text, Qt.TextElideMode.ElideRight, int(width))


def draw_text(
    p: QPainter,
    rect: QRectF,
    text: str,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """Single-line, elided, vertically centred plain text."""
    p.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, elide(p, text, rect.width()))
