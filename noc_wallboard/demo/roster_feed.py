"""The demo's duty roster: every kind of source the board reads, around the real time.

- L1: a config rotation with an override (someone covers the afternoon today);
- L2: follow-the-sun, a Berlin leg by day and a New York leg by night;
- L3: an iCalendar feed (a file the demo writes): a weekly recurrence with an EXDATE,
  a modified occurrence (RECURRENCE-ID) and a Windows zone name, as Outlook exports;
- DB: from the same feed (CATEGORIES), with a hole in it right now: the gap alarm.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from noc_wallboard.demo.panels import DEMO_ENGINEERS

BERLIN = ZoneInfo("Europe/Berlin")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%Y%m%dT%H%M%S")


def demo_calendar(now: datetime) -> str:
    l3 = DEMO_ENGINEERS["L3"]
    monday = (now.astimezone(BERLIN) - timedelta(days=now.astimezone(BERLIN).weekday())).date()
    first = datetime.combine(monday - timedelta(weeks=4), time(9, 0), BERLIN)
    skipped = first + timedelta(weeks=2)  # EXDATE: a week covered by the rotation below
    moved = first + timedelta(weeks=4)  # this week's shift, moved to start an hour early
    hour = now.replace(minute=0, second=0, microsecond=0)
    # The DB line: the last shift ended 40 minutes ago, the next starts in 1h20m.
    db_before = (hour - timedelta(hours=8), now - timedelta(minutes=40))
    db_after = (now + timedelta(minutes=80), now + timedelta(hours=9))
    tz = "W. Europe Standard Time"  # Outlook writes Windows zone names
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//NOC Wallboard demo//EN",
        "BEGIN:VEVENT",
        "UID:l3-weekly@demo",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART;TZID={tz}:{_local(first)}",
        f"DTEND;TZID={tz}:{_local(first + timedelta(weeks=1))}",
        "RRULE:FREQ=WEEKLY;INTERVAL=1",
        f"EXDATE;TZID={tz}:{_local(skipped)}",
        f"SUMMARY:L3: {l3[0]}",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:l3-weekly@demo",
        f"DTSTAMP:{_stamp(now)}",
        f"RECURRENCE-ID;TZID={tz}:{_local(moved)}",
        f"DTSTART;TZID={tz}:{_local(moved - timedelta(hours=1))}",
        f"DTEND;TZID={tz}:{_local(moved + timedelta(weeks=1))}",
        "SEQUENCE:1",
        f"SUMMARY:L3: {l3[1]}",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:l3-swap@demo",
        f"DTSTAMP:{_stamp(now)}",
        f"DTSTART;TZID={tz}:{_local(skipped)}",
        f"DTEND;TZID={tz}:{_local(skipped + timedelta(weeks=1))}",
        f"SUMMARY:L3: {l3[2]}",
        "END:VEVENT",
    ]
    for i, (start, end) in enumerate((db_before, db_after)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:db-{i}@demo",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(start)}",
            f"DTEND:{_stamp(end)}",
            f"SUMMARY:{('Noor Haddad', 'Tomás Silva')[i]}",
            "CATEGORIES:database,on-call",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def demo_roster(now: datetime, workdir: Path) -> dict[str, Any]:
    """The `[roster]` table of the demo config; writes the feed file into `workdir`."""
    feed = workdir / "oncall.ics"
    feed.write_text(demo_calendar(now), encoding="utf-8")
    people = {
        line: [{"name": n, "contact": f"+1 555 01{i:02d}"} for i, n in enumerate(names)]
        for line, names in DEMO_ENGINEERS.items()
    }
    today = now.astimezone(BERLIN).date()
    return {
        "lines": ["L1", "L2", "L3", "DB"],
        "rotations": [
            {
                "line": "L1",
                "participants": people["L1"],
                "shift": "8h",
                "handoff": time(7, 0),
                "start": date(2026, 1, 5),
                "timezone": "Europe/Berlin",
                "overrides": [
                    {
                        "start": datetime.combine(today, time(12, 0)),
                        "end": datetime.combine(today, time(15, 0)),
                        "name": "Lars Eriksson",
                        "contact": "+1 555 0103",
                    }
                ],
            },
            {
                "line": "L2",
                "participants": people["L2"][:2],
                "shift": "1d",
                "handoff": time(7, 0),
                "timezone": "Europe/Berlin",
                "hours": "07:00-19:00",
            },
            {
                "line": "L2",
                "participants": [{"name": "Chen Wei", "contact": "+1 212 555 0102"}],
                "shift": "1d",
                "handoff": time(13, 0),
                "timezone": "America/New_York",
                "hours": "13:00-01:00",
            },
        ],
        "feeds": [
            {
                "name": "oncall-calendar",
                "kind": "ical",
                "path": str(feed),
                "interval": "5m",
                "pattern": r"^(?:(?P<line>L\d):\s*)?(?P<person>.+)$",
                "categories": {"database": "DB"},
                "contacts": {
                    **{name: f"+1 555 013{i}" for i, name in enumerate(DEMO_ENGINEERS["L3"])},
                    "Noor Haddad": "+1 555 0140",
                    "Tomás Silva": "+1 555 0141",
                },
            }
        ],
    }
