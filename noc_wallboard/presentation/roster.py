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
from noc_wallboard.presentation.i18n import month_name, translate, weekday_name

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
    since_at: str = ""  # the moments alone ("Thu 22:00"), for the compact shift text
    until_at: str = ""

    @property
    def shift_text(self) -> str:
        """`Thu 22:00–06:00`: the compact since/until the board has room for."""
        if self.since_at and self.until_at:
            return f"{self.since_at}–{self.until_at}"
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
        return f"{weekday_name(local.weekday())} {local:%H:%M}"
    return f"{local.day} {month_name(local.month)} {local:%H:%M}"


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
            return "\u26a0 " + (duty.error or translate("roster", "feed failed"))
        return " · ".join(
            "\u26a0 "
            + (
                translate("roster", "{name} DOWN, data {age} old").format(
                    name=s.name, age=format_age(s.age(now))
                )
                if s.last_success
                else translate("roster", "{name}: no data yet").format(name=s.name)
            )
            for s in failing
        )
    return " · ".join(
        translate("roster", "{name} {age} old").format(name=s.name, age=format_age(s.age(now)))
        for s in feeds
    )


def roster_line(
    duty: LineDuty, now: datetime, sources: Sequence[SourceStatus] = ()
) -> RosterLineVM:
    feed = _feed_text(duty, sources, now)
    nxt = _people(duty.next)
    next_contact = ", ".join(p.contact for p in duty.next if p.contact)
    if duty.is_empty:
        if not nxt:
            next_text = translate("roster", "no one scheduled")
        elif duty.next_at:
            next_text = translate("roster", "next: {who} at {time}").format(
                who=nxt, time=when(duty.next_at, now)
            )
        else:
            next_text = translate("roster", "next: {who}").format(who=nxt)
        gap_since = (
            translate("roster", "gap since {time}").format(time=when(duty.since, now))
            if duty.since
            else ""
        )
        return RosterLineVM(
            line=duty.line,
            on_duty=translate("roster", "NOBODY ON DUTY"),
            contact="",
            until_text=gap_since,
            next_text=next_text,
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
    until_at = when(duty.until, now, dated) if duty.until is not None else ""
    since_at = when(duty.since, now, dated) if duty.since else ""
    next_text = ""
    if nxt:
        who = nxt + (f" ({next_contact})" if next_contact else "")
        if duty.next_at is not None and duty.next_at != duty.until:
            next_text = translate("roster", "next: {who} at {time}").format(
                who=who, time=when(duty.next_at, now)
            )
        else:
            next_text = translate("roster", "next: {who}").format(who=who)
    soon = duty.until is not None and duty.until - now <= HANDOFF_SOON
    return RosterLineVM(
        line=duty.line,
        on_duty=_people(duty.on_duty),
        contact=", ".join(p.contact for p in duty.on_duty if p.contact),
        until_text=translate("roster", "until {time}").format(time=until_at) if until_at else "",
        next_text=next_text,
        alarm=False,
        since_text=translate("roster", "since {time}").format(time=since_at) if since_at else "",
        countdown=_countdown(duty.until, now),
        soon=soon,
        stale=duty.stale,
        feed_text=feed,
        since_at=since_at,
        until_at=until_at,
    )
