"""View-models of the duty roster: who, contact, since/until with a hand-off countdown, next.

A line with nobody on duty is an alarm (red, and `sound` set: the hook a wall's sound
player listens to). A line whose feed failed keeps its last good answer, greyed, saying
which feed failed and how old the data is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from noc_wallboard.domain.board import SourceStatus
from noc_wallboard.domain.roster import LineDuty, Participant
from noc_wallboard.presentation.formatting import format_age, format_countdown

# Hand-offs closer than this are highlighted and count down in seconds.
HANDOFF_SOON = timedelta(minutes=15)
_CONFIG_SOURCES = ("config", "override")


@dataclass(frozen=True, slots=True)
class RosterLineVM:
    line: str
    on_duty: str
    contact: str
    until_text: str
    next_text: str
    alarm: bool
    since_text: str = ""
    countdown: str = ""  # time to the hand-off (or, in a gap, to the next shift)
    soon: bool = False
    stale: bool = False
    feed_text: str = ""
    sound: bool = False  # hook: play the gap alarm while any line has this set

    @property
    def shift_text(self) -> str:
        """`Thu 22:00–06:00`: the compact since/until the board has room for."""
        since = self.since_text.removeprefix("since ")
        until = self.until_text.removeprefix("until ")
        if since and until:
            return f"{since}–{until}"
        return self.since_text or self.until_text


def when(moment: datetime | None, now: datetime, dated: bool = False) -> str:
    """`19:00` today, `Mon 07:00` within a week, `3 Dec 07:00` beyond or when `dated`
    (a week-long shift reads "23 Nov 08:00–30 Nov 08:00", not "Mon 08:00–Mon 08:00")."""
    if moment is None:
        return "?"
    local, today = moment.astimezone(), now.astimezone()
    if local.date() == today.date() and not dated:
        return local.strftime("%H:%M")
    if abs(local - today) < timedelta(days=6) and not dated:
        return local.strftime("%a %H:%M")
    return f"{local.day} {local.strftime('%b %H:%M')}"


def _countdown(target: datetime | None, now: datetime) -> str:
    if target is None:
        return ""
    left = target - now
    return format_countdown(left) if left < timedelta(hours=1) else format_age(left)


def _people(people: Sequence[Participant]) -> str:
    return ", ".join(p.name for p in people)


def _feed_text(duty: LineDuty, sources: Sequence[SourceStatus], now: datetime) -> str:
    feeds = [s for s in sources if s.name in duty.sources and s.name not in _CONFIG_SOURCES]
    if duty.stale:
        # Short: the banner carries the full failure; the row says which feed and how old.
        failing = [s for s in sources if not s.ok and f"{s.name}:" in (duty.error or "")]
        if not failing:
            return "\u26a0 " + (duty.error or "feed failed")
        return " · ".join(
            f"\u26a0 {s.name} DOWN, data {format_age(s.age(now))} old"
            if s.last_success
            else f"\u26a0 {s.name}: no data yet"
            for s in failing
        )
    return " · ".join(f"{s.name} {format_age(s.age(now))} old" for s in feeds)


def roster_line(
    duty: LineDuty, now: datetime, sources: Sequence[SourceStatus] = ()
) -> RosterLineVM:
    feed = _feed_text(duty, sources, now)
    nxt = _people(duty.next)
    next_contact = ", ".join(p.contact for p in duty.next if p.contact)
    if duty.is_empty:
        start = f" at {when(duty.next_at, now)}" if duty.next_at else ""
        return RosterLineVM(
            line=duty.line,
            on_duty="NOBODY ON DUTY",
            contact="",
            until_text=f"gap since {when(duty.since, now)}" if duty.since else "",
            next_text=f"next: {nxt}{start}" if nxt else "no one scheduled",
            alarm=True,
            countdown=_countdown(duty.next_at, now),
            stale=duty.stale,
            feed_text=feed,
            sound=True,
        )
    # Shifts of several days name dates: weekdays alone would repeat.
    dated = (
        duty.since is not None
        and duty.until is not None
        and (duty.until - duty.since >= timedelta(days=6))
    )
    until = ""
    if duty.until is not None:
        until = f"until {when(duty.until, now, dated)}"
    next_text = ""
    if nxt:
        next_text = f"next: {nxt}" + (f" ({next_contact})" if next_contact else "")
        if duty.next_at is not None and duty.next_at != duty.until:
            next_text += f" at {when(duty.next_at, now)}"
    soon = duty.until is not None and duty.until - now <= HANDOFF_SOON
    return RosterLineVM(
        line=duty.line,
        on_duty=_people(duty.on_duty),
        contact=", ".join(p.contact for p in duty.on_duty if p.contact),
        until_text=until,
        next_text=next_text,
        alarm=False,
        since_text=f"since {when(duty.since, now, dated)}" if duty.since else "",
        countdown=_countdown(duty.until, now),
        soon=soon,
        stale=duty.stale,
        feed_text=feed,
    )
