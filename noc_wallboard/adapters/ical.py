"""iCalendar roster feeds (PagerDuty, Grafana OnCall, Opsgenie, Google, Outlook exports).

`parse_calendar` is pure and CPU-bound (a year of recurrences can take a while): the feed
runs it in a worker thread. `recurring-ical-events` expands RRULE/RDATE, applies EXDATE
and RECURRENCE-ID overrides and, through `x-wr-timezone`, Google's X-WR-TIMEZONE;
icalendar maps Windows zone names ("Romance Standard Time") to IANA ones.

Bounded work: every RRULE is sized before it is expanded (a rule that would repeat more
often than a roster can, such as FREQ=SECONDLY, is refused with a feed error); series are
expanded one by one, stopping at MAX_OCCURRENCES and at the time budget. One bad event
or series is skipped and counted in the batch's notes instead of failing the feed.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone
from icalendar.timezone import tzp

from noc_wallboard.domain.errors import SourceProtocolError, SourceTimeout
from noc_wallboard.domain.roster import Participant
from noc_wallboard.domain.roster_timeline import RosterBatch, Shift

# A calendar this big is not a roster; refuse it rather than stall a worker for minutes.
MAX_OCCURRENCES = 20_000
# Candidate instants one RRULE may make the expander step through, from its DTSTART to the
# end of the window (dateutil walks every period, also those before the window): ~0.5 s.
MAX_RULE_STEPS = 200_000
# Wall-clock budget of one parse; checked between series, each of which is bounded above.
PARSE_BUDGET_S = 15.0

_PERIOD = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(days=7),
    "MONTHLY": timedelta(days=28),  # the shortest month: an upper bound on periods
    "YEARLY": timedelta(days=365),
}
_DAYS_PER_PERIOD = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_DAY_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")
# Which BYxxx parts add instants (rather than filter them) at each frequency.
_TIME_PARTS = {
    "SECONDLY": (),
    "MINUTELY": ("BYSECOND",),
    "HOURLY": ("BYMINUTE", "BYSECOND"),
}
_ALL_TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


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


def _zone_name(calendar: icalendar.Calendar, fallback: str) -> tuple[str, str | None]:
    """X-WR-TIMEZONE as an IANA name, normalised in the calendar (Windows names mapped);
    an unknown one is dropped, with a note, so that x-wr-timezone does not fail the feed."""
    raw = calendar.get("X-WR-TIMEZONE")
    if raw is None:
        return fallback, None
    name = str(raw).strip()
    found = tzp.timezone(name) if name else None
    key = getattr(found, "key", None)  # a ZoneInfo: an IANA zone, maybe from a Windows name
    del calendar["X-WR-TIMEZONE"]
    if not key:
        return fallback, f"unknown X-WR-TIMEZONE {name[:60]!r} ignored; times read as {fallback}"
    calendar["X-WR-TIMEZONE"] = key
    return key, None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _check_rule(event: Any, zone: ZoneInfo, start: datetime, end: datetime) -> None:
    """Refuse a rule that repeats more often than a roster can (bounded work).

    Upper bounds, not exact counts: periods × the instants the BYxxx parts can add per
    period, both over the window and from DTSTART (dateutil steps through every period).
    """
    rules = _as_list(event.get("RRULE"))
    if not rules:
        return
    first = _aware(event.get("DTSTART").dt, zone)
    for rule in rules:
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        if freq not in _PERIOD:
            continue  # malformed: the expander rejects it and the series is skipped
        interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
        period = _PERIOD[freq] * interval
        per_period = 1
        for part in _TIME_PARTS.get(freq, _ALL_TIME_PARTS):
            per_period *= max(1, len(rule.get(part) or ()))
        if freq in _DAYS_PER_PERIOD and any(rule.get(p) for p in _DAY_PARTS):
            per_period *= _DAYS_PER_PERIOD[freq]
        last = end
        until = (rule.get("UNTIL") or [None])[0]
        if isinstance(until, date):
            last = min(last, _aware(until, zone) + timedelta(days=1))
        filters = any(k.startswith("BY") for k in rule)
        steps = max(0, math.ceil((last - first) / period) + 1)
        count = (rule.get("COUNT") or [None])[0]
        if isinstance(count, int) and not filters:
            steps = min(steps, max(count, 0))
        in_window = min(steps, math.ceil((end - start) / period) + 1) * per_period
        what = str(event.get("SUMMARY") or event.get("UID") or "?").strip()[:60]
        if in_window > MAX_OCCURRENCES:
            raise SourceProtocolError(
                f"event {what!r} repeats too often (RRULE FREQ={freq}, INTERVAL={interval}): "
                f"up to {in_window:,} occurrences in the roster window, limit "
                f"{MAX_OCCURRENCES:,}; refused"
            )
        if steps * per_period > MAX_RULE_STEPS:
            raise SourceProtocolError(
                f"event {what!r} (RRULE FREQ={freq}, INTERVAL={interval}) starts "
                f"{first:%Y-%m-%d}: expanding it means stepping through up to "
                f"{steps * per_period:,} instants, limit {MAX_RULE_STEPS:,}; refused"
            )


def _series(calendar: icalendar.Calendar) -> list[list[Any]]:
    """VEVENTs grouped by UID (a series and its modified occurrences)."""
    groups: dict[str, list[Any]] = {}
    for n, event in enumerate(calendar.walk("VEVENT")):
        uid = str(event.get("UID") or f"\x00no-uid-{n}")
        groups.setdefault(uid, []).append(event)
    return list(groups.values())


def _expand(group: list[Any], timezones: list[Any], start: datetime, end: datetime) -> list[Any]:
    """Occurrences of one series; raises whatever the expander raises for a bad one."""
    single = icalendar.Calendar()
    for component in [*timezones, *group]:
        single.add_component(component)
    return list(recurring_ical_events.of(single).between(start, end))


def parse_calendar(
    data: bytes,
    mapping: EventMapping,
    start: datetime,
    end: datetime,
    source: str,
    *,
    budget_s: float = PARSE_BUDGET_S,
) -> RosterBatch:
    """Shifts of the events overlapping [start, end). Raises SourceProtocolError, or
    SourceTimeout when the expansion outlasts `budget_s` (checked between series)."""
    deadline = time.monotonic() + budget_s
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise SourceProtocolError(f"not an iCalendar file: {str(exc)[:120]}") from None
    if not isinstance(calendar, icalendar.Calendar):
        raise SourceProtocolError("not an iCalendar file: no VCALENDAR")
    zone_name, zone_note = _zone_name(calendar, mapping.timezone)
    zone = ZoneInfo(zone_name)
    try:
        # Google's X-WR-TIMEZONE, once for the whole calendar (then per series: no-op).
        calendar = x_wr_timezone.to_standard(calendar)
    except Exception as exc:  # a third-party walker over untrusted input
        raise SourceProtocolError(f"calendar could not be read: {str(exc)[:120]}") from None
    timezones = list(calendar.walk("VTIMEZONE"))
    occurrences: list[Any] = []
    bad = 0
    for group in _series(calendar):
        if time.monotonic() > deadline:
            raise SourceTimeout(f"calendar expansion took longer than {budget_s:g}s; refused")
        try:
            for event in group:
                _check_rule(event, zone, start, end)
            found = _expand(group, timezones, start, end)
        except SourceProtocolError:
            raise
        except Exception:  # one malformed series (unsized = unexpanded) must not fail the feed
            bad += 1
            continue
        occurrences += found
        if len(occurrences) > MAX_OCCURRENCES:
            raise SourceProtocolError(
                f"calendar expands to more than {MAX_OCCURRENCES:,} events; refused"
            )
    shifts, notes = _shifts(occurrences, mapping, zone, source)
    if bad:
        notes = (f"{bad} malformed events or series skipped", *notes)
    if zone_note:
        notes = (zone_note, *notes)
    return RosterBatch(shifts, lines=mapping.lines(), notes=notes)


def _shifts(
    occurrences: Iterable[Any], mapping: EventMapping, zone: ZoneInfo, source: str
) -> tuple[tuple[Shift, ...], tuple[str, ...]]:
    shifts: list[Shift] = []
    skipped = 0
    bad = 0
    for event in occurrences:
        if str(event.get("STATUS") or "").upper() == "CANCELLED":
            continue
        try:
            bounds = _bounds(event, zone)
            line, person = _line_and_person(event, mapping)
            who = (Participant(person, _contact(event, person, mapping)),) if person else ()
        except Exception:  # a malformed occurrence: skip it, count it
            bad += 1
            continue
        if bounds is None or line is None or not who:
            skipped += 1
            continue
        shifts.append(Shift(line, who, bounds[0], bounds[1], source))
    notes: tuple[str, ...] = ()
    if bad:
        notes += (f"{bad} malformed events skipped",)
    if skipped:
        notes += (f"{skipped} events matched no line or person",)
    return tuple(shifts), notes
