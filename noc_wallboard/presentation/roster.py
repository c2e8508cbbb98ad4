"""View-models of the duty roster."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from noc_wallboard.domain.roster import LineDuty
from noc_wallboard.presentation.formatting import format_age, format_clock_time


@dataclass(frozen=True, slots=True)
class RosterLineVM:
    line: str
    on_duty: str
    contact: str
    until_text: str
    next_text: str
    alarm: bool


def roster_line(duty: LineDuty, now: datetime) -> RosterLineVM:
    if duty.is_empty:
        nxt = ", ".join(p.name for p in duty.next)
        return RosterLineVM(
            duty.line,
            "NOBODY ON DUTY",
            "",
            "",
            f"next: {nxt} at {format_clock_time(duty.next_at)}" if nxt else "",
            True,
        )
    names = ", ".join(p.name for p in duty.on_duty)
    contact = ", ".join(p.contact for p in duty.on_duty if p.contact)
    until = ""
    if duty.until is not None:
        until = f"until {format_clock_time(duty.until)} ({format_age(duty.until - now)})"
    nxt = ", ".join(p.name for p in duty.next)
    return RosterLineVM(duty.line, names, contact, until, f"next: {nxt}" if nxt else "", False)
