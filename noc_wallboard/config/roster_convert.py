"""Roster config → domain rotations (windows and overrides resolved in the rotation's zone)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from noc_wallboard.config.schema import OverrideConfig, RosterFeedConfig, RotationConfig
from noc_wallboard.domain.roster import DailyWindow, Override, Participant, Rotation


def _window(hours: str | None) -> DailyWindow | None:
    if hours is None:
        return None
    first, second = hours.split("-")
    h1, m1 = (int(x) for x in first.split(":"))
    h2, m2 = (int(x) for x in second.split(":"))
    # "24:00" is the end of the day; as a time of day it is midnight.
    return DailyWindow(time(h1, m1), time(h2 % 24, m2))


def _moment(value: date | datetime, handoff: time, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=zone)
    # A bare date means the hand-off on that day: overrides replace whole shifts.
    return datetime.combine(value, handoff, zone)


def _override(o: OverrideConfig, r: RotationConfig, zone: ZoneInfo) -> Override:
    return Override(
        start=_moment(o.start, r.handoff, zone),
        end=_moment(o.end, r.handoff, zone),
        who=Participant(o.name, o.contact),
    )


def rotation(r: RotationConfig) -> Rotation:
    zone = ZoneInfo(r.timezone)
    return Rotation(
        line=r.line,
        participants=tuple(Participant(p.name, p.contact) for p in r.participants),
        shift=r.shift,
        anchor=datetime.combine(r.start, r.handoff),
        timezone=r.timezone,
        window=_window(r.hours),
        overrides=tuple(_override(o, r, zone) for o in r.overrides),
    )


def feed_lines(feed: RosterFeedConfig) -> list[str]:
    """Lines a feed's config says it serves: shown (as an alarm) until the feed fills them."""
    if feed.kind == "pagerduty":
        return list(dict.fromkeys(feed.levels.values()))
    fixed = [feed.line] if feed.line else []
    return list(dict.fromkeys([*fixed, *feed.categories.values()]))
