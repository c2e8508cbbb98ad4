"""iCalendar roster feeds (PagerDuty, Grafana OnCall, Opsgenie, Google, Outlook exports).

`parse_calendar` is pure and CPU-bound (a year of recurrences can take a while): the feed
runs it in a worker thread. `recurring-ical-events` expands RRULE/RDATE, applies EXDATE
and RECURRENCE-ID overrides and, through `x-wr-timezone`, Google's X-WR-TIMEZONE;
icalendar maps Windows zone names ("Romance Standard Time") to IANA ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.roster import Participant
from noc_wallboard.domain.roster_timeline import RosterBatch, Shift

# A calendar this big is not a roster; refuse it rather than stall a worker for minutes.
MAX_OCCURRENCES = 20_000


@dataclass(frozen=True, slots=True)
class EventMapping:
    """How an event becomes (line, person): a regex on SUMMARY with named groups `person`
    and optionally `line`; else a CATEGORIES → line table; else one fixed line."""

    pattern: re.Pattern[str]
    line: str | None = None
    categories: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, str] = field(default_factory=dict)
    timezone: str = "UTC"  # floating and all-day times when the feed names no zone

    def lines(self) -> tuple[str, ...]:
        known = [self.line] if self.line else []
        return tuple(dict.fromkeys([*known, *self.categories.values()]))


def _categories(event: Any) -> list[str]:
    raw = event.get("CATEGORIES")
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for item in items:
        cats = getattr(item, "cats", None)
        out += [str(c).strip() for c in cats] if cats is not None else str(item).split(",")
    return [c.strip() for c in out if c.strip()]


def _line_and_person(event: Any, mapping: EventMapping) -> tuple[str | None, str | None]:
    summary = str(event.get("SUMMARY") or "").strip()
    m = mapping.pattern.search(summary)
    if m is None:
        return None, None
    person = (m.group("person") or "").strip() or None
    line = m.groupdict().get("line")
    if not line:
        folded = {k.casefold(): v for k, v in mapping.categories.items()}
        line = next(
            (folded[c.casefold()] for c in _categories(event) if c.casefold() in folded), None
        )
    return (line or mapping.line), person


def _contact(event: Any, person: str, mapping: EventMapping) -> str | None:
    if person in mapping.contacts:
        return mapping.contacts[person]
    attendee = event.get("ATTENDEE")
    if attendee is not None and not isinstance(attendee, list):
        text = str(attendee)
        return text[7:] if text.lower().startswith("mailto:") else None
    return None


def _aware(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        # Floating times (no TZID, no Z) are the feed's local time.
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    # All-day events begin at local midnight of their date.
    return datetime.combine(value, datetime.min.time(), zone)


def _bounds(event: Any, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    start_prop = event.get("DTSTART")
    if start_prop is None:
        return None
    raw_start = start_prop.dt
    start = _aware(raw_start, zone)
    end_prop = event.get("DTEND")
    if end_prop is not None:
        end = _aware(end_prop.dt, zone)
    elif event.get("DURATION") is not None:
        end = start + event.get("DURATION").dt
    elif not isinstance(raw_start, datetime):
        end = _aware(raw_start + timedelta(days=1), zone)
    else:
        return None  # an instant, not a shift
    return (start, end) if end > start else None


def parse_calendar(
    data: bytes, mapping: EventMapping, start: datetime, end: datetime, source: str
) -> RosterBatch:
    """Shifts of the events overlapping [start, end). Raises SourceProtocolError."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise SourceProtocolError(f"not an iCalendar file: {str(exc)[:120]}") from None
    if not isinstance(calendar, icalendar.Calendar):
        raise SourceProtocolError("not an iCalendar file: no VCALENDAR")
    zone_name = str(calendar.get("X-WR-TIMEZONE") or mapping.timezone)
    try:
        zone = ZoneInfo(zone_name)
    except (KeyError, ValueError):
        zone = ZoneInfo(mapping.timezone)
    try:
        occurrences = recurring_ical_events.of(calendar).between(start, end)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise SourceProtocolError(f"calendar could not be expanded: {str(exc)[:120]}") from None
    shifts, notes = _shifts(occurrences, mapping, zone, source)
    return RosterBatch(shifts, lines=mapping.lines(), notes=notes)


def _shifts(
    occurrences: Sequence[Any], mapping: EventMapping, zone: ZoneInfo, source: str
) -> tuple[tuple[Shift, ...], tuple[str, ...]]:
    if len(occurrences) > MAX_OCCURRENCES:
        raise SourceProtocolError(f"calendar expands to {len(occurrences)} events; refused")
    shifts: list[Shift] = []
    skipped = 0
    for event in occurrences:
        if str(event.get("STATUS") or "").upper() == "CANCELLED":
            continue
        bounds = _bounds(event, zone)
        line, person = _line_and_person(event, mapping)
        if bounds is None or line is None or person is None:
            skipped += 1
            continue
        who = (Participant(person, _contact(event, person, mapping)),)
        shifts.append(Shift(line, who, bounds[0], bounds[1], source))
    notes = (f"{skipped} events matched no line or person",) if skipped else ()
    return tuple(shifts), notes
