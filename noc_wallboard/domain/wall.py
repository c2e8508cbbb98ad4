"""What a wall shows: pages (filters, regions, schedules, dwell) and the wall's settings.

Pure data plus the two questions asked of it: is a page scheduled at `now`, and does a
set of labels belong on a page. Nothing here reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from noc_wallboard.domain.severity import Severity

# Regions of the board a page can show.
REGIONS = ("incidents", "sla", "roster", "health")
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class LabelFilter:
    """`match`: exact label values; `match_re`: full-match regular expressions. All must
    hold. An empty filter lets everything through."""

    match: Mapping[str, str] = field(default_factory=dict)
    match_re: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.match and not self.match_re

    def matches(self, labels: Mapping[str, str]) -> bool:
        if any(labels.get(k) != v for k, v in self.match.items()):
            return False
        return all(re.fullmatch(rx, labels.get(k, "")) for k, rx in self.match_re.items())

    def describe(self) -> str:
        parts = list(self.match.values())
        parts += [f"{k}~{rx}" for k, rx in self.match_re.items()]
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Schedule:
    """Local time-of-day windows on some weekdays in a zone.

    `windows` are (start, end) minutes after local midnight; end ≤ start crosses midnight
    (the window belongs to the day it starts on). `days` are ISO weekdays (1 = Monday).
    """

    windows: tuple[tuple[int, int], ...]
    days: frozenset[int] = frozenset(range(1, 8))
    zone: str = "UTC"

    def active(self, now: datetime) -> bool:
        local = now.astimezone(ZoneInfo(self.zone))
        minute = local.hour * 60 + local.minute
        today = local.isoweekday()
        yesterday = 7 if today == 1 else today - 1
        for start, end in self.windows:
            if start < end:
                if today in self.days and start <= minute < end:
                    return True
            else:  # overnight: from start today to end tomorrow
                if today in self.days and minute >= start:
                    return True
                if yesterday in self.days and minute < end:
                    return True
        return False


@dataclass(frozen=True, slots=True)
class PageSpec:
    name: str
    dwell: timedelta = timedelta(seconds=30)
    schedule: Schedule | None = None  # None: always
    filter: LabelFilter = field(default_factory=LabelFilter)
    panels: tuple[str, ...] | None = None  # health panels shown; None: all
    regions: frozenset[str] = frozenset(REGIONS)
    # Screens (index as text, or name) this page is shown on; empty: every screen.
    screens: tuple[str, ...] = ()

    def scheduled(self, now: datetime) -> bool:
        return self.schedule is None or self.schedule.active(now)

    def shows_incidents(self) -> bool:
        return "incidents" in self.regions or "sla" in self.regions

    def on_screen(self, index: int, name: str) -> bool:
        if not self.screens:
            return True
        return any(s == str(index) or s.lower() == name.lower() for s in self.screens)


# The whole board, unfiltered: the page when none is configured or none is scheduled,
# and where an interrupt holds when no configured page shows the incident.
OVERVIEW = PageSpec(name="overview", dwell=timedelta(days=1))


@dataclass(frozen=True, slots=True)
class ClockZone:
    label: str
    zone: str


def zone_label(zone: str) -> str:
    """`Europe/Moscow` → `Moscow`, `America/Argentina/Buenos_Aires` → `Buenos Aires`."""
    if zone.upper() in ("UTC", "ETC/UTC", "Z"):
        return "UTC"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True, slots=True)
class WallSpec:
    viewing_distance_m: float = 5.0
    screen_diagonal_in: float | None = None  # None: from the screen's EDID, else 55"
    clocks: tuple[ClockZone, ...] = ()  # empty: local time and UTC
    pages: tuple[PageSpec, ...] = ()
    hold: timedelta = timedelta(minutes=10)
    interrupt_severities: frozenset[Severity] = frozenset({Severity.CRITICAL})
    interrupt_on_breach: bool = True
    # No state from the engine, or no source polled, for this long: the heartbeat alarms.
    stall_after: timedelta = timedelta(minutes=2)
    screen: str | None = None  # None: the primary screen; "all": one board per screen

    def pages_for(self, index: int, name: str) -> tuple[PageSpec, ...]:
        return tuple(p for p in self.pages if p.on_screen(index, name))
