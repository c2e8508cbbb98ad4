"""iCalendar fixtures → who is on duty: DST in Berlin and New York, Moscow without DST,
Outlook's Windows zone names with EXDATE and a moved occurrence, Google's X-WR-TIMEZONE
with UTC, floating and all-day times."""

# ruff: noqa: E501 - the case tables read best one case per line
from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from noc_wallboard.adapters.ical import EventMapping, parse_calendar
from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.roster_timeline import HORIZON, LOOKBACK, resolve_line

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ical"
PERSON = re.compile(r"^\s*(?P<person>.+?)\s*$")
LINE_PERSON = re.compile(r"^(?:(?P<line>L\d):\s*)?(?P<person>.+)$")

MAPPINGS = {
    "berlin_dst.ics": EventMapping(PERSON, line="L1"),
    "new_york_dst.ics": EventMapping(re.compile(r"^Primary: (?P<person>.+)$"), line="L1"),
    "moscow.ics": EventMapping(re.compile(r"^On Call - (?P<person>.+?) - "), line="L1"),
    "outlook_windows_tz.ics": EventMapping(PERSON, line="L2", categories={"escalation": "L3"}),
    "google_xwr.ics": EventMapping(LINE_PERSON, line="L1"),
}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def duty_at(fixture: str, line: str, now: datetime):
    batch = parse_calendar(
        (FIXTURES / fixture).read_bytes(), MAPPINGS[fixture], now - LOOKBACK, now + HORIZON, "cal"
    )
    return resolve_line(line, batch.shifts, now)


CASES = [
    # fixture, line, now (UTC), on duty, since (UTC), until (UTC), next
    # Berlin spring forward (2026-03-29 02:00 CET → 03:00 CEST): the night shift is 11 h.
    ("berlin_dst.ics", "L1", utc(2026, 3, 29, 5, 0), "Ben Keller", utc(2026, 3, 28, 19), utc(2026, 3, 29, 6), "Anna Schmidt"),
    ("berlin_dst.ics", "L1", utc(2026, 3, 29, 6, 30), "Anna Schmidt", utc(2026, 3, 29, 6), utc(2026, 3, 29, 18), "Ben Keller"),
    # Berlin fall back (2026-10-25 03:00 CEST → 02:00 CET): the night shift is 13 h.
    ("berlin_dst.ics", "L1", utc(2026, 10, 25, 3, 0), "Ben Keller", utc(2026, 10, 24, 18), utc(2026, 10, 25, 7), "Anna Schmidt"),
    # EXDATE removes Anna's 2026-10-26 day shift: a gap between two night shifts.
    ("berlin_dst.ics", "L1", utc(2026, 10, 26, 12, 0), None, utc(2026, 10, 26, 7), utc(2026, 10, 26, 19), "Ben Keller"),
    # New York spring forward on 2026-03-08: 09:00 EST = 14:00 UTC, 09:00 EDT = 13:00 UTC.
    ("new_york_dst.ics", "L1", utc(2026, 3, 9, 12, 30), "Carol Diaz", utc(2026, 3, 2, 14), utc(2026, 3, 9, 13), "Dave Okafor"),
    ("new_york_dst.ics", "L1", utc(2026, 3, 9, 13, 30), "Dave Okafor", utc(2026, 3, 9, 13), utc(2026, 3, 16, 13), "Carol Diaz"),
    # New York fall back on 2026-11-01: the hand-off moves from 13:00 to 14:00 UTC.
    ("new_york_dst.ics", "L1", utc(2026, 11, 2, 13, 30), "Carol Diaz", utc(2026, 10, 26, 13), utc(2026, 11, 2, 14), "Dave Okafor"),
    # Moscow has no DST: 09:00 MSK is 06:00 UTC in January and July alike.
    ("moscow.ics", "L1", utc(2026, 1, 15, 6, 30), "Olga Ivanova", utc(2026, 1, 15, 6), utc(2026, 1, 15, 18), "Ivan Petrov"),
    ("moscow.ics", "L1", utc(2026, 7, 1, 5, 59), "Ivan Petrov", utc(2026, 6, 30, 18), utc(2026, 7, 1, 6), "Olga Ivanova"),
    # Outlook: "Romance Standard Time", EXDATE on the 23rd → a gap.
    ("outlook_windows_tz.ics", "L2", utc(2026, 10, 23, 12), None, utc(2026, 10, 23, 6), utc(2026, 10, 24, 6), "Élodie Martin"),
    # Across the DST end the daily shifts merge; the moved occurrence (RECURRENCE-ID) starts
    # at 10:00 instead of 08:00 and with Marc instead: a 2 h gap before it.
    ("outlook_windows_tz.ics", "L2", utc(2026, 10, 25, 12), "Élodie Martin", utc(2026, 10, 24, 6), utc(2026, 10, 26, 7), "Marc Dubois"),
    ("outlook_windows_tz.ics", "L2", utc(2026, 10, 26, 8), None, utc(2026, 10, 26, 7), utc(2026, 10, 26, 9), "Marc Dubois"),
    # "Eastern Standard Time" without a VTIMEZONE, on New York's 25-hour day; CATEGORIES → L3.
    ("outlook_windows_tz.ics", "L3", utc(2026, 11, 1, 12), "Sam Lee", utc(2026, 11, 1, 4), utc(2026, 11, 2, 5), None),
    # A cancelled event is no shift; COUNT=20 counts the EXDATE'd day too: last ends 8 Nov.
    ("outlook_windows_tz.ics", "L2", utc(2026, 10, 30, 7), "Élodie Martin", utc(2026, 10, 27, 7), utc(2026, 11, 8, 7), None),
    # Google: UTC times with X-WR-TIMEZONE keep 08:00 Berlin after the DST change (06:00 UTC).
    ("google_xwr.ics", "L1", utc(2026, 3, 27, 7, 30), "Greta Vogel", utc(2026, 3, 27, 7), utc(2026, 3, 27, 19), "Greta Vogel"),
    ("google_xwr.ics", "L1", utc(2026, 3, 30, 6, 30), "Greta Vogel", utc(2026, 3, 30, 6), utc(2026, 3, 30, 18), "Greta Vogel"),
    # A floating time is the calendar's X-WR-TIMEZONE: 19:00–07:00 CEST = 17:00–05:00 UTC.
    # Both are on duty in the overlap with Greta's day shift (until 18:00 UTC).
    ("google_xwr.ics", "L1", utc(2026, 4, 1, 17, 30), ("Greta Vogel", "Night cover Hugo"), utc(2026, 4, 1, 17), utc(2026, 4, 1, 18), "Night cover Hugo"),
    ("google_xwr.ics", "L1", utc(2026, 4, 1, 20), "Night cover Hugo", utc(2026, 4, 1, 18), utc(2026, 4, 2, 5), "Greta Vogel"),
    # An all-day event covers local midnight to midnight; its SUMMARY names the line.
    ("google_xwr.ics", "L2", utc(2026, 4, 5, 12), "Petra Lang", utc(2026, 4, 3, 22), utc(2026, 4, 5, 22), None),
]  # fmt: skip


@pytest.mark.parametrize(("fixture", "line", "now", "who", "since", "until", "nxt"), CASES)
def test_who_is_on_duty(fixture, line, now, who, since, until, nxt):
    duty = duty_at(fixture, line, now)
    expected = list(who) if isinstance(who, tuple) else [who] if who else []
    assert sorted(p.name for p in duty.on_duty) == expected
    assert duty.since == since
    assert duty.until == until
    assert [p.name for p in duty.next] == ([nxt] if nxt else [])
    if who is None:
        assert duty.next_at == until  # a gap ends when the next shift starts


def test_attendee_email_is_the_contact():
    duty = duty_at("moscow.ics", "L1", utc(2026, 1, 15, 6, 30))
    assert duty.on_duty[0].contact == "olga@noc.example"
    assert duty.next[0].contact == "ivan@noc.example"


def test_configured_contacts_win_and_unmatched_events_are_noted():
    mapping = EventMapping(
        re.compile(r"^Primary: (?P<person>.+)$"), line=None, contacts={"Carol Diaz": "+1 212"}
    )
    now = utc(2026, 3, 9, 12)
    data = (FIXTURES / "new_york_dst.ics").read_bytes()
    batch = parse_calendar(data, mapping, now - LOOKBACK, now + HORIZON, "cal")
    assert batch.shifts == ()  # no line: nothing can be placed
    assert batch.notes and "matched no line" in batch.notes[0]
    mapping = EventMapping(mapping.pattern, line="L1", contacts=mapping.contacts)
    batch = parse_calendar(data, mapping, now - LOOKBACK, now + HORIZON, "cal")
    assert {s.who[0].contact for s in batch.shifts if s.who[0].name == "Carol Diaz"} == {"+1 212"}


@pytest.mark.parametrize(
    "body",
    [b"", b"<html>login</html>", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", b"\xff\xfe\x00"],
)
def test_garbage_is_a_protocol_error(body):
    with pytest.raises(SourceProtocolError):
        parse_calendar(body, MAPPINGS["berlin_dst.ics"], utc(2026, 1, 1), utc(2026, 2, 1), "cal")
