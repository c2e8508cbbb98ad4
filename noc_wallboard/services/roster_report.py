"""`noc-wallboard roster`: who is on duty at a given time, as JSON or a table."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.roster import LineDuty
from noc_wallboard.domain.timeutil import parse_duration, rfc3339
from noc_wallboard.services.snapshot import roster_list

# How far from now `--at` may go: far enough for any roster question, and far enough from
# datetime's limits that the expansion window around it cannot overflow.
AT_RANGE = timedelta(days=100 * 366)


def parse_at(text: str | None, now: datetime) -> datetime:
    """`now`, `+8h` / `-1d` (relative), or ISO 8601; without an offset, local time.

    Raises ValueError (with a message for the user) for anything else, and for a time
    more than 100 years from now.
    """
    if text is None or text.strip().lower() == "now":
        return now
    value = text.strip()
    try:
        moment = _parse_at(value, now)
    except OverflowError:
        moment = None
    except ValueError:
        raise ValueError(
            f"--at: expected 'now', '+8h' or an ISO time such as 2026-12-24T19:00+01:00, "
            f"got {text!r}"
        ) from None
    if moment is None or abs(moment - now) > AT_RANGE:
        raise ValueError(f"--at: {text!r} is more than 100 years from now")
    return moment


def _parse_at(value: str, now: datetime) -> datetime:
    m = re.fullmatch(r"([+-])(.+)", value)
    if m:
        delta = parse_duration(m.group(2))
        return now + delta if m.group(1) == "+" else now - delta
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.astimezone()


def at_option_value(argv: list[str]) -> list[str]:
    """`--at -1d` → `--at=-1d`: argparse takes a value that starts with '-' for an option."""
    out: list[str] = []
    glue = False
    for arg in argv:
        if glue and re.match(r"-\d", arg):
            out[-1] = f"--at={arg}"
        else:
            out.append(arg)
        glue = arg == "--at"
    return out


def roster_doc(state: BoardState, at: datetime, feeds: list[str]) -> dict[str, Any]:
    return {
        "at": rfc3339(at),
        "roster": roster_list(state.roster),
        "feeds": [
            {"name": s.name, "ok": s.ok, "error": s.error, "last_success": rfc3339(s.last_success)}
            for s in state.sources
            if s.name in feeds
        ],
    }


def _local(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone().strftime("%a %Y-%m-%d %H:%M %Z")


def _row(duty: LineDuty) -> tuple[str, ...]:
    names = ", ".join(p.name for p in duty.on_duty) or "NOBODY (gap)"
    contact = ", ".join(p.contact for p in duty.on_duty if p.contact) or "-"
    nxt = ", ".join(p.name for p in duty.next) or "-"
    flag = " (stale)" if duty.stale else ""
    return (
        duty.line,
        names + flag,
        contact,
        _local(duty.since),
        _local(duty.until),
        nxt,
        _local(duty.next_at),
    )


def roster_table(state: BoardState, at: datetime, feeds: list[str]) -> str:
    rows: list[tuple[str, ...]] = [
        ("LINE", "ON DUTY", "CONTACT", "SINCE", "UNTIL", "NEXT", "NEXT AT")
    ]
    rows += [_row(d) for d in state.roster]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = [f"who is on duty at {_local(at)}"]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    for s in state.sources:
        if s.name in feeds and not s.ok:
            out.append(f"feed {s.name} FAILED: {s.error}")
    if not state.roster:
        out.append("no roster configured")
    return "\n".join(out)
