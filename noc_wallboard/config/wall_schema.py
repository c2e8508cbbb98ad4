"""Config models of the wall: `[wall]` (screen, viewing distance, clocks, interrupts) and
`[[pages]]` (rotation with a dwell per page, schedules, label filters)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from noc_wallboard.config.sla_schema import Day, Sev
from noc_wallboard.config.types import Duration, ZoneName

Region = Literal["incidents", "sla", "roster", "health"]
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|cm|mm|ft|in|\"|)\s*$")
_TO_METRES = {"m": 1.0, "": 1.0, "cm": 0.01, "mm": 0.001, "ft": 0.3048, "in": 0.0254, '"': 0.0254}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _length_m(value: object, default_unit: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number, unit = float(value), default_unit
    elif isinstance(value, str) and (m := _LENGTH.match(value)):
        number, unit = float(m.group(1)), m.group(2) or default_unit
    else:
        raise ValueError(f"expected a length such as '5m', '16ft' or '55in', got {value!r}")
    return number * _TO_METRES[unit]


def _distance(value: object) -> float:
    metres = _length_m(value, "m")
    if not 0.3 <= metres <= 50:
        raise ValueError("viewing distance must be between 0.3m and 50m")
    return metres


def _diagonal(value: object) -> float | None:
    if value is None:
        return None
    inches = _length_m(value, "in") / 0.0254
    if not 10 <= inches <= 300:
        raise ValueError("screen size (the diagonal) must be between 10in and 300in")
    return inches


class ClockConfig(_Strict):
    zone: ZoneName
    label: str | None = Field(default=None, min_length=1)


def _clock(value: object) -> object:
    return {"zone": value} if isinstance(value, str) else value


def _screen(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


ScreenRef = Annotated[str, BeforeValidator(_screen), Field(min_length=1)]


def _critical_only() -> list[Sev]:
    return ["critical"]


class WallConfig(_Strict):
    # Which screen `--mode wall` covers: an index, a name (HDMI-1) or "all" (one board
    # per screen). `--screen` overrides it.
    screen: ScreenRef | None = None
    viewing_distance: Annotated[float, BeforeValidator(_distance)] = 5.0
    # The screen's diagonal; without it the screen's own report (EDID), else 55in.
    screen_size: Annotated[float | None, BeforeValidator(_diagonal)] = None
    clocks: list[Annotated[ClockConfig, BeforeValidator(_clock)]] = Field(default_factory=list)
    dwell: Duration = timedelta(seconds=30)
    hold: Duration = timedelta(minutes=10)
    interrupt: list[Sev] = Field(default_factory=_critical_only)
    interrupt_on_breach: bool = True
    # The heartbeat alarms when nothing was polled, or the board got no update, for this
    # long. Default: three times the shortest poll interval, at least 1m.
    stall_after: Duration | None = None

    @field_validator("dwell")
    @classmethod
    def _dwell(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=5):
            raise ValueError("dwell must be at least 5s (a page needs time to be read)")
        return value

    @field_validator("stall_after")
    @classmethod
    def _stall(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(seconds=10):
            raise ValueError("stall_after must be at least 10s")
        return value


def _all_days() -> list[Day]:
    return ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _regions() -> list[Region]:
    return ["incidents", "sla", "roster", "health"]


def minutes_of_day(text: str) -> int:
    """`08:30` → 510; `24:00` → 1440 (the end of the day)."""
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if not m or int(m[1]) > 24 or int(m[2]) > 59 or (int(m[1]) == 24 and int(m[2])):
        raise ValueError(f"invalid time {text.strip()!r}; expected HH:MM")
    return int(m[1]) * 60 + int(m[2])


def hours_range(text: str) -> tuple[int, int]:
    """`08:00-18:00` → minutes (480, 1080). A range may cross midnight (`22:00-06:00`):
    it then belongs to the day it starts on."""
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"expected a range like '08:00-18:00', got {text!r}")
    start, end = minutes_of_day(parts[0]), minutes_of_day(parts[1])
    if start == 1440:
        raise ValueError(f"{text!r}: a range cannot start at 24:00")
    if start == end:
        raise ValueError(f"{text!r}: start and end must differ")
    return start, end


def _hours_range(text: str) -> str:
    hours_range(text)
    return text.strip()


class PageConfig(_Strict):
    name: str = Field(min_length=1)
    dwell: Duration | None = None  # default: wall.dwell
    show: list[Region] = Field(default_factory=_regions, min_length=1)
    # Label filter on incidents and health tiles: `{ client = "acme" }`, `{ site = "fra1" }`.
    match: dict[str, str] = Field(default_factory=dict)
    match_re: dict[str, str] = Field(default_factory=dict)
    panels: list[str] | None = None  # health panels by name; default: all
    # Time-of-day schedule: shown only in these local hours, on these days, in timezone.
    hours: list[Annotated[str, AfterValidator(_hours_range)]] = Field(default_factory=list)
    days: list[Day] = Field(default_factory=_all_days, min_length=1)
    timezone: ZoneName = "UTC"
    screens: list[ScreenRef] = Field(default_factory=list)

    @field_validator("dwell")
    @classmethod
    def _dwell(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(seconds=5):
            raise ValueError("dwell must be at least 5s (a page needs time to be read)")
        return value

    @field_validator("match_re")
    @classmethod
    def _regexes(cls, value: dict[str, str]) -> dict[str, str]:
        for label, rx in value.items():
            try:
                re.compile(rx)
            except re.error as exc:
                raise ValueError(f"{label}: not a valid regular expression: {exc}") from None
        return value


def check_pages(pages: list[PageConfig], panel_names: list[str]) -> None:
    """Cross-references of `[[pages]]`: unique names, known panels."""
    names = [p.name for p in pages]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"pages: names must be unique; repeated: {', '.join(dupes)}")
    for i, page in enumerate(pages):
        for panel in page.panels or []:
            if panel not in panel_names:
                raise ValueError(
                    f"pages[{i}].panels: no panel named {panel!r} "
                    f"(known: {', '.join(panel_names) or 'none'})"
                )
