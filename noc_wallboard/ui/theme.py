"""Colour tokens → colours, and type that scales with the screen.

Palette after Okabe & Ito (colour-blind safe); severity is also glyph + word.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

_TOKENS = {
    "bg": "#101418",
    "panel": "#1a2027",
    "panel.alt": "#212932",
    "grid": "#2c3640",
    "text": "#e8edf2",
    "text.dim": "#8c99a6",
    "text.inverse": "#101418",
    "sev.critical": "#D55E00",
    "sev.major": "#E69F00",
    "sev.minor": "#CC79A7",
    "sev.warning": "#F0E442",
    "sev.info": "#56B4E9",
    "sev.unknown": "#9aa5b1",
    "status.ok": "#009E73",
    "status.warning": "#F0E442",
    "status.critical": "#D55E00",
    "status.unknown": "#9aa5b1",
    "status.stale": "#55606b",
    "clock.running": "#e8edf2",
    "clock.at_risk": "#E69F00",
    "clock.breached": "#ff5a36",
    "clock.met": "#009E73",
    "clock.paused": "#56B4E9",
    "source.ok": "#009E73",
    "source.wait": "#8c99a6",
    "source.warn": "#E69F00",
    "source.down": "#D55E00",
    "alarm": "#D55E00",
    "allclear": "#009E73",
}

# Text on a coloured chip: dark on light colours, light on dark ones.
_DARK_TEXT_ON = {"sev.warning", "sev.major", "sev.info", "status.warning", "sev.unknown"}


def color(token: str) -> QColor:
    return QColor(_TOKENS.get(token, "#ff00ff"))


def text_on(token: str) -> QColor:
    return color("text.inverse") if token in _DARK_TEXT_ON else QColor("#ffffff")


@dataclass(frozen=True)
class Scale:
    """Type size derived from the window and the mode.

    `unit` is one "board point" in pixels: 1080-line screens get 1.0 at the desk;
    the wall is read from metres away, so it is larger.
    """

    unit: float

    @classmethod
    def for_size(cls, width: int, height: int, mode: str) -> Scale:
        # Fit a reference 1920×1080 canvas (1080×1920 when portrait): a portrait
        # 1080p screen gets the same type size as a landscape one.
        if height > width:
            base = min(width / 1080, height / 1920)
        else:
            base = min(width / 1920, height / 1080)
        base = max(base, 0.45)
        return cls(base * (1.25 if mode == "wall" else 1.0))

    def px(self, points: float) -> int:
        return max(1, round(points * self.unit))

    def font(self, points: float, bold: bool = False, mono: bool = False) -> QFont:
        font = QFont("DejaVu Sans Mono" if mono else "DejaVu Sans")
        font.setPixelSize(self.px(points))
        font.setBold(bold)
        if mono:
            font.setStyleHint(QFont.StyleHint.Monospace)
        return font
