"""Colour tokens → colours, and type that scales with the screen.

Palette after Okabe & Ito (colour-blind safe); severity is also glyph + word. Two themes:
`dark` (the wall's default) and `light` (bright rooms, desks); `use_theme` picks one
before the first window is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

from noc_wallboard.presentation.screens import board_unit

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
    "stale.text": "#889aab",  # greyed rows (a failed feed's last answer)
    "stale.dim": "#778696",
}

# Light theme: the same Okabe–Ito hues as fills (chips, counters, banners), so critical
# and major still differ in lightness for colour-blind eyes; text drawn in a severity's
# colour uses the darker `_LIGHT_INK` shade, readable on white.
_LIGHT = {
    "bg": "#dfe4e9",
    "panel": "#ffffff",
    "panel.alt": "#eef1f4",
    "grid": "#c9d1d9",
    "text": "#0f1419",
    "text.dim": "#4f5b66",
    "text.inverse": "#0f1419",
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
    "status.stale": "#a3adb7",
    "clock.running": "#0f1419",
    "clock.at_risk": "#9A6200",
    "clock.breached": "#C0300A",
    "clock.met": "#007A5A",
    "clock.paused": "#0072B2",
    "source.ok": "#007A5A",
    "source.wait": "#6b7782",
    "source.warn": "#9A6200",
    "source.down": "#D55E00",
    "alarm": "#D55E00",
    "allclear": "#009E73",
    "stale.text": "#6b7782",
    "stale.dim": "#7b8691",
}
_LIGHT_INK = {
    "sev.critical": "#C34A00",
    "sev.major": "#9A6200",
    "sev.minor": "#A23C7E",
    "sev.warning": "#7A6F00",
    "sev.info": "#0072B2",
    "sev.unknown": "#5f6b77",
}

THEMES = ("dark", "light")
# Text on a coloured chip: dark on light colours, light on dark ones.
_DARK_TEXT_ON = {
    "dark": frozenset(
        {"sev.warning", "sev.major", "sev.info", "status.warning", "sev.unknown", "source.wait"}
    ),
    "light": frozenset(
        {
            "sev.warning",
            "sev.major",
            "sev.minor",
            "sev.info",
            "sev.unknown",
            "status.warning",
            "status.ok",
            "status.unknown",
            "allclear",
        }
    ),
}
_PALETTES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "dark": (_TOKENS, {}),
    "light": (_LIGHT, _LIGHT_INK),
}


@dataclass
class _Active:
    name: str
    tokens: dict[str, str]
    ink: dict[str, str]


_active = _Active("dark", _TOKENS, {})


def use_theme(name: str) -> None:
    """Switch the palette every `color()` call reads; call before building windows."""
    if name not in _PALETTES:
        raise ValueError(f"unknown theme {name!r} (one of {', '.join(THEMES)})")
    _active.name = name
    _active.tokens, _active.ink = _PALETTES[name]


def theme_name() -> str:
    return _active.name


def tokens(name: str | None = None) -> dict[str, str]:
    """The token table of a theme (the active one by default), for tests and tools."""
    return dict(_PALETTES[name or _active.name][0])


def color(token: str) -> QColor:
    return QColor(_active.tokens.get(token, "#ff00ff"))


def ink(token: str) -> QColor:
    """A token's colour for text and glyphs on a panel (darker shades in the light theme)."""
    shade = _active.ink.get(token)
    return QColor(shade) if shade is not None else color(token)


def text_on(token: str) -> QColor:
    """Text on a chip filled with `token`: dark on light colours, white on dark ones."""
    return color("text.inverse") if token in _DARK_TEXT_ON[_active.name] else QColor("#ffffff")


@dataclass(frozen=True)
class Scale:
    """Type size derived from the window, the mode and, on the wall, the viewing distance.

    `unit` is one "board point" in pixels: 1080-line screens get 1.0 at the desk. The
    wall sizes its body text for the viewing distance on the screen's pixel size
    (`presentation.screens.board_unit`), within what the layout can hold.
    """

    unit: float

    @classmethod
    def for_size(
        cls,
        width: int,
        height: int,
        mode: str,
        distance_m: float | None = None,
        diagonal_in: float | None = None,
    ) -> Scale:
        # A reference 1920×1080 canvas (1080×1920 when portrait) fitted to the window:
        # a portrait 1080p screen gets the same type size as a landscape one.
        return cls(board_unit(width, height, mode, distance_m, diagonal_in).unit)

    def px(self, points: float) -> int:
        return max(1, round(points * self.unit))

    def font(self, points: float, bold: bool = False, mono: bool = False) -> QFont:
        font = QFont("DejaVu Sans Mono" if mono else "DejaVu Sans")
        font.setPixelSize(self.px(points))
        font.setBold(bold)
        if mono:
            font.setStyleHint(QFont.StyleHint.Monospace)
        return font
