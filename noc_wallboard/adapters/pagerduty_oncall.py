"""PagerDuty REST v2 `GET /oncalls` → roster shifts.

`escalation_level` is the line (1 → L1 unless configured otherwise). With `earliest=true`
PagerDuty returns, per escalation policy, level and user, only the earliest on-call in the
window: whoever is on call now, and the next hand-off of everyone else — enough for
"who now, until when, who next". `start`/`end` are null for someone always on call
(a user named directly in the escalation policy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.roster import Participant
from noc_wallboard.domain.roster_timeline import Shift
from noc_wallboard.domain.timeutil import parse_rfc3339, rfc3339

ONCALLS_PATH = "/oncalls"
PAGE_LIMIT = 100
ACCEPT = "application/vnd.pagerduty+json;version=2"


def build_oncalls_params(
    since: datetime,
    until: datetime,
    *,
    escalation_policy_ids: Sequence[str] = (),
    schedule_ids: Sequence[str] = (),
    offset: int = 0,
) -> list[tuple[str, str]]:
    params = [
        ("time_zone", "UTC"),
        ("since", rfc3339(since) or ""),
        ("until", rfc3339(until) or ""),
        ("earliest", "true"),
        ("include[]", "users"),
        ("limit", str(PAGE_LIMIT)),
        ("offset", str(offset)),
    ]
    params += [("escalation_policy_ids[]", p) for p in escalation_policy_ids]
    params += [("schedule_ids[]", s) for s in schedule_ids]
    return params


def line_of(level: int, levels: Mapping[int, str]) -> str:
    return levels.get(level, f"L{level}")


def _time(value: Any, default: datetime, what: str) -> datetime:
    if value is None:
        return default
    try:
        return parse_rfc3339(str(value))
    except (ValueError, OverflowError):
        raise SourceProtocolError(f"on-call with an invalid {what}: {str(value)[:40]}") from None


def _person(user: Any) -> Participant:
    if not isinstance(user, dict):
        raise SourceProtocolError("on-call without a user")
    # With include[]=users the user is the full object (name, email); else a reference.
    name = str(user.get("name") or user.get("summary") or user.get("id") or "").strip()
    if not name:
        raise SourceProtocolError("on-call user without a name")
    email = user.get("email")
    return Participant(name[:120], str(email)[:200] if email else None)


def parse_oncalls(
    doc: Any,
    *,
    levels: Mapping[int, str],
    window: tuple[datetime, datetime],
    source: str,
) -> tuple[list[Shift], bool]:
    """One page → (shifts, more pages?)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("oncalls"), list):
        raise SourceProtocolError("answer has no 'oncalls' list")
    shifts: list[Shift] = []
    for item in doc["oncalls"]:
        if not isinstance(item, dict):
            raise SourceProtocolError("on-call is not an object")
        level = item.get("escalation_level")
        if not isinstance(level, int) or isinstance(level, bool) or level < 1:
            raise SourceProtocolError(f"on-call with an invalid escalation_level: {level!r}")
        start = _time(item.get("start"), window[0], "start")
        end = _time(item.get("end"), window[1], "end")
        if end <= start:
            continue
        who = (_person(item.get("user")),)
        shifts.append(Shift(line_of(level, levels), who, start, end, source))
    return shifts, bool(doc.get("more"))
