"""`[wall]` and `[[pages]]` → the domain's WallSpec."""

from __future__ import annotations

from datetime import timedelta

from noc_wallboard.config.sla_schema import DAY_NUMBERS
from noc_wallboard.config.wall_schema import PageConfig, WallConfig, hours_range
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.wall import (
    MINUTES_PER_DAY,
    ClockZone,
    LabelFilter,
    PageSpec,
    Schedule,
    WallSpec,
    zone_label,
)


def wall_spec(
    wall: WallConfig,
    pages: list[PageConfig],
    poll_intervals: list[timedelta],
    screen: str | None = None,
) -> WallSpec:
    """`screen` (the `--screen` option) overrides `wall.screen`."""
    stall = wall.stall_after
    if stall is None:
        shortest = min(poll_intervals, default=timedelta(seconds=40))
        stall = max(shortest * 3, timedelta(minutes=1))
    return WallSpec(
        viewing_distance_m=wall.viewing_distance,
        screen_diagonal_in=wall.screen_size,
        clocks=tuple(ClockZone(c.label or zone_label(c.zone), c.zone) for c in wall.clocks),
        pages=tuple(page_spec(p, wall.dwell) for p in pages),
        hold=wall.hold,
        interrupt_severities=frozenset(Severity(s) for s in wall.interrupt),
        interrupt_on_breach=wall.interrupt_on_breach,
        stall_after=stall,
        screen=screen if screen is not None else wall.screen,
    )


def page_spec(page: PageConfig, default_dwell: timedelta) -> PageSpec:
    schedule = None
    days = frozenset(DAY_NUMBERS[d] for d in page.days)
    if page.hours or len(days) < 7:
        windows = tuple(hours_range(h) for h in page.hours) or ((0, MINUTES_PER_DAY),)
        schedule = Schedule(windows, days, page.timezone)
    return PageSpec(
        name=page.name,
        dwell=page.dwell or default_dwell,
        schedule=schedule,
        filter=LabelFilter(dict(page.match), dict(page.match_re)),
        panels=tuple(page.panels) if page.panels is not None else None,
        regions=frozenset(page.show),
        screens=tuple(page.screens),
    )
