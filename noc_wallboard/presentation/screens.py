"""Which screen a wall board goes to, and how large its type is there. Qt-free.

Screens are described by `ScreenInfo` (the ui reads them from QGuiApplication), so the
choice is a plain function a test can call with any set of screens.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

ALL = "all"


@dataclass(frozen=True, slots=True)
class ScreenInfo:
    index: int
    name: str  # the platform's name: HDMI-1, DP-2, eDP-1…
    primary: bool = False
    width: int = 1920
    height: int = 1080
    diagonal_in: float | None = None  # from EDID, when the screen reports a plausible size


@dataclass(frozen=True, slots=True)
class ScreenChoice:
    screen: ScreenInfo | None  # None: no screen at all
    fallback: bool  # the wanted screen is absent: shown on the primary meanwhile
    reason: str = ""


def choose_screen(wanted: str | None, screens: Sequence[ScreenInfo]) -> ScreenChoice:
    """`wanted`: None (the primary screen), an index (`"1"`), or a name (`"HDMI-1"`,
    case-insensitive). A wanted screen that is not connected falls back to the primary
    (then the first); the board moves back when it returns."""
    if not screens:
        return ScreenChoice(None, wanted is not None, "no screen connected")
    primary = next((s for s in screens if s.primary), screens[0])
    if wanted is None or wanted == "":
        return ScreenChoice(primary, False)
    if wanted.isdigit():
        index = int(wanted)
        found = next((s for s in screens if s.index == index), None)
    else:
        found = next((s for s in screens if s.name == wanted), None) or next(
            (s for s in screens if s.name.lower() == wanted.lower()), None
        )
    if found is not None:
        return ScreenChoice(found, False)
    known = ", ".join(f"{s.index}={s.name}" for s in screens)
    return ScreenChoice(primary, True, f"screen {wanted!r} not connected (have {known})")


def plausible_diagonal(width_mm: float, height_mm: float) -> float | None:
    """The diagonal in inches of a reported physical size, or None when the report is
    absent or absurd (EDIDs of TVs and projectors often say 0, or centimetres as mm)."""
    if width_mm <= 0 or height_mm <= 0:
        return None
    inches = math.hypot(width_mm, height_mm) / 25.4
    return inches if 10 <= inches <= 150 else None


# ---------------------------------------------------------------- type size
# Layout is drawn on a reference canvas of 1920×1080 board points (1080×1920 in portrait);
# one board point is `unit` pixels.
DEFAULT_DIAGONAL_IN = 55.0
# The body text (incident titles, names on duty: 18 board points) is sized so its capital
# letters subtend this angle at the viewing distance: 20/20 vision resolves letters of
# 5 arcminutes; a board read at a glance, by tired eyes, needs about twice that.
BODY_POINTS = 18.0
CAP_HEIGHT = 0.73  # of the font's pixel size (DejaVu Sans)
TARGET_ARCMIN = 8.0
# Larger than this share of the fitted size and the layout no longer fits the screen.
WALL_MIN_SHARE, WALL_MAX_SHARE = 1.0, 1.6


def fitted_unit(width: int, height: int) -> float:
    portrait = height > width
    base = min(width / 1080, height / 1920) if portrait else min(width / 1920, height / 1080)
    return max(base, 0.45)


def distance_unit(width: int, height: int, distance_m: float, diagonal_in: float) -> float:
    """The unit at which body text reaches TARGET_ARCMIN at `distance_m` on a screen of
    `diagonal_in` with `width`×`height` pixels (square pixels)."""
    pixel_mm = diagonal_in * 25.4 / math.hypot(width, height)
    cap_mm = distance_m * 1000 * math.tan(math.radians(TARGET_ARCMIN / 60))
    return cap_mm / CAP_HEIGHT / pixel_mm / BODY_POINTS


@dataclass(frozen=True, slots=True)
class Sizing:
    unit: float
    wanted: float  # what the distance asked for
    limited: bool  # the screen is too small for the distance: type is as large as fits


def board_unit(
    width: int,
    height: int,
    mode: str,
    distance_m: float | None = None,
    diagonal_in: float | None = None,
) -> Sizing:
    """One board point in pixels. Desk: the fitted canvas. Wall: what the viewing
    distance needs on this screen's pixel size, between the fitted canvas and 1.6 times
    it (beyond that the regions no longer fit, so the board says it is limited)."""
    fit = fitted_unit(width, height)
    if mode != "wall":
        return Sizing(fit, fit, False)
    wanted = distance_unit(width, height, distance_m or 5.0, diagonal_in or DEFAULT_DIAGONAL_IN)
    low, high = fit * WALL_MIN_SHARE, fit * WALL_MAX_SHARE
    return Sizing(min(max(wanted, low), high), wanted, wanted > high)


def body_text_arcmin(
    unit: float, width: int, height: int, distance_m: float, diagonal_in: float
) -> float:
    """The angle the body text's capitals subtend (logged when a wall takes its screen)."""
    pixel_mm = diagonal_in * 25.4 / math.hypot(width, height)
    cap_mm = BODY_POINTS * unit * CAP_HEIGHT * pixel_mm
    return math.degrees(math.atan(cap_mm / (distance_m * 1000))) * 60
