"""iCalendar feeds that must not take the board down: runaway recurrences are refused with
bounded work, one bad event or zone name is skipped and noted instead of failing the feed."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from noc_wallboard.adapters import ical, roster_feeds
from noc_wallboard.adapters.ical import EventMapping, parse_calendar
from noc_wallboard.adapters.roster_feeds import IcalFeed
from noc_wallboard.config.schema import RosterFeedConfig
from noc_wallboard.domain.errors import SourceProtocolError, SourceTimeout, SourceUnavailable
from noc_wallboard.domain.roster_timeline import HORIZON, LOOKBACK, RosterBatch, resolve_line

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ical"
NOW = datetime(2026, 3, 29, 12, tzinfo=UTC)
PERSON = EventMapping(re.compile(r"^\s*(?P<person>.+?)\s*$"), line="L1", timezone="UTC")


def calendar(*events: list[str], head: str = "") -> bytes:
    body = "".join("BEGIN:VEVENT\r\n" + "\r\n".join(e) + "\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{head}{body}END:VCALENDAR\r\n".encode()


def event(uid: str, rule: str | None, start: str = "20260301T070000Z", **kw: str) -> list[str]:
    lines = [f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"DTSTART:{start}"]
    lines.append(f"DTEND:{kw.pop('end', '20260301T190000Z')}")
    if rule:
        lines.append(f"RRULE:{rule}")
    lines += [f"{k.upper()}:{v}" for k, v in kw.items()]
    lines.append(f"SUMMARY:{uid}")
    return lines


def parse(data: bytes, mapping: EventMapping = PERSON, **kw) -> RosterBatch:
    return parse_calendar(data, mapping, NOW - LOOKBACK, NOW + HORIZON, "cal", **kw)


GOOD = event("Anna", "FREQ=DAILY")


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",  # grew ~30 MiB/s without end
        "FREQ=MINUTELY",  # took 4 s before the count was checked
        "FREQ=HOURLY;BYMINUTE=" + ",".join(map(str, range(0, 60, 2))),
        "FREQ=DAILY;BYHOUR="
        + ",".join(map(str, range(24)))
        + ";BYMINUTE="
        + ",".join(map(str, range(0, 60, 4))),
        "FREQ=SECONDLY;BYHOUR=8",  # few matches, but the expander steps through every second
        "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,30",
    ],
)
def test_runaway_rule_is_refused_before_it_is_expanded(rule):
    data = calendar(GOOD, event("Runaway", rule, end="20260301T070001Z"))
    began = time.perf_counter()
    with pytest.raises(SourceProtocolError, match=r"repeats too often|stepping through"):
        parse(data)
    assert time.perf_counter() - began < 0.5


def test_dense_rule_that_started_long_ago_is_refused():
    # Hourly since 1990: the expander would walk 300 000 hours to reach the window.
    data = calendar(event("Old", "FREQ=HOURLY", start="19900101T000000Z", end="19900101T003000Z"))
    with pytest.raises(SourceProtocolError, match="stepping through"):
        parse(data)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "FREQ=HOURLY;INTERVAL=12",
        "FREQ=SECONDLY;COUNT=3",
    ],
)
def test_ordinary_rules_since_long_ago_still_expand(rule):
    data = calendar(event("Anna", rule, start="20150105T070000Z", end="20150105T190000Z"))
    assert parse(data).shifts or "COUNT" in rule


def test_total_occurrences_are_capped_across_series(monkeypatch):
    monkeypatch.setattr(ical, "MAX_OCCURRENCES", 100)
    data = calendar(*(event(f"P{i}", "FREQ=DAILY") for i in range(5)))
    with pytest.raises(SourceProtocolError, match="more than 100 events"):
        parse(data)


def test_expansion_stops_at_its_time_budget():
    with pytest.raises(SourceTimeout, match="longer than"):
        parse(calendar(GOOD, event("Ben", "FREQ=DAILY")), budget_s=-1)


async def test_a_parse_still_running_is_not_started_twice(monkeypatch):
    """A poll that timed out leaves its worker thread running; the next poll must not start
    another one beside it (each poll used to add one more runaway thread)."""
    release = threading.Event()
    calls = []

    def slow_parse(data, **kw):
        calls.append(1)
        release.wait(5)
        return RosterBatch(())

    monkeypatch.setattr(roster_feeds, "parse_calendar", slow_parse)
    cfg = RosterFeedConfig.model_validate(
        {"name": "cal", "kind": "ical", "line": "L1", "path": str(FIXTURES / "moscow.ics")}
    )
    feed = IcalFeed(cfg, None)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(feed.fetch_shifts(NOW), 0.2)
    with pytest.raises(SourceUnavailable, match="still running"):
        await feed.fetch_shifts(NOW)
    release.set()
    for _ in range(50):  # the first worker finishes and frees the feed
        await asyncio.sleep(0.02)
        if not feed._parsing.locked():
            break
    assert (await feed.fetch_shifts(NOW)).shifts == ()
    assert len(calls) == 2


# -- one bad value no longer fails the whole feed ----------------------------------------


@pytest.mark.parametrize(
    ("zone", "hands_off_utc"),
    [
        ("W. Europe Standard Time", 6),  # Windows name → Europe/Berlin: 08:00 CEST
        ("Europe/Berlin", 6),
        ("Not/AZone", 7),  # dropped: UTC times stay as they are
    ],
)
def test_x_wr_timezone_windows_names_are_mapped_and_unknown_ones_dropped(zone, hands_off_utc):
    batch = parse(calendar(GOOD, head=f"X-WR-TIMEZONE:{zone}\r\n"))
    duty = resolve_line("L1", batch.shifts, NOW)
    assert [p.name for p in duty.on_duty] == ["Anna"]
    assert duty.since == datetime(2026, 3, 29, hands_off_utc, tzinfo=UTC)
    if zone == "Not/AZone":
        assert any("X-WR-TIMEZONE 'Not/AZone'" in n for n in batch.notes)
    else:
        assert batch.notes == ()


@pytest.mark.parametrize(
    "bad",
    [
        ["UID:b", "DTSTAMP:20260101T000000Z", "DTSTART:2026XX01T070000Z", "SUMMARY:Ben"],
        event("Ben", "FREQ=DAILY;BYHOUR=99"),
        event("Ben", "FREQ=DAILY", exdate="2026garbage"),
        event("Ben", None, end="xx"),
        ["UID:b", "DTSTAMP:20260101T000000Z", "DTEND:20260301T190000Z", "SUMMARY:Ben"],
    ],
    ids=["dtstart", "rrule", "exdate", "dtend", "no-dtstart"],
)
def test_one_malformed_event_is_skipped_and_counted(bad):
    batch = parse(calendar(GOOD, bad))
    duty = resolve_line("L1", batch.shifts, NOW)
    assert [p.name for p in duty.on_duty] == ["Anna"]
    assert {s.who[0].name for s in batch.shifts} == {"Anna"}
    assert any("1 malformed" in n for n in batch.notes)


def test_skipped_events_are_logged_once_on_the_feed(caplog):
    from noc_wallboard.services.roster_polling import RosterEntry, RosterPolling

    class Store:
        def __init__(self):
            self.applied = []

        def apply_roster(self, name, result, now):
            self.applied.append(result)

    class Feed:
        name, kind = "cal", "ical"

        async def fetch_shifts(self, around):
            return parse(calendar(GOOD, event("Ben", "FREQ=DAILY;BYHOUR=99")))

    store = Store()
    entry = RosterEntry(Feed(), timedelta(minutes=5), timedelta(seconds=30))
    polling = RosterPolling(store, [entry], lambda: NOW)  # type: ignore[arg-type]
    asyncio.run(polling.poll_once())
    asyncio.run(polling.poll_once())
    assert isinstance(store.applied[-1], RosterBatch)  # a warning, not a failure
    warnings = [r for r in caplog.records if "malformed" in r.getMessage()]
    assert len(warnings) == 1
