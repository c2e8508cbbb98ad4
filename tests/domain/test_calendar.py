"""Business calendars: counted time and due times, across nights, weekends, holidays, DST."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from noc_wallboard.domain.calendar import AlwaysOn, BusinessHours

BER = ZoneInfo("Europe/Berlin")
NY = ZoneInfo("America/New_York")
NINE_TO_FIVE = ((time(9), time(17)),)
WEEKDAYS = {d: NINE_TO_FIVE for d in range(1, 6)}
BERLIN = BusinessHours("berlin-office", "Europe/Berlin", WEEKDAYS, frozenset({date(2026, 12, 25)}))
SPLIT = BusinessHours(
    "split", "Europe/Berlin", {d: ((time(8), time(12)), (time(13), time(17))) for d in range(1, 6)}
)


def b(*args: int) -> datetime:
    return datetime(*args, tzinfo=BER)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (b(2026, 11, 23, 10), b(2026, 11, 23, 12), 2),  # Monday inside hours
        (b(2026, 11, 23, 7), b(2026, 11, 23, 10), 1),  # before opening counts nothing
        (b(2026, 11, 23, 16), b(2026, 11, 24, 10), 2),  # across a night
        (b(2026, 11, 27, 16), b(2026, 11, 30, 10), 2),  # across a weekend
        (b(2026, 11, 28, 10), b(2026, 11, 29, 18), 0),  # all weekend
        (b(2026, 12, 24, 16), b(2026, 12, 28, 10), 2),  # Christmas holiday skipped
        (b(2026, 11, 23, 12), b(2026, 11, 23, 11), 0),  # reversed
    ],
)
def test_counted_business_time(start, end, hours):
    assert BERLIN.counted(start, end) == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("start", "amount", "due"),
    [
        (b(2026, 11, 23, 10), timedelta(hours=1), b(2026, 11, 23, 11)),
        (b(2026, 11, 23, 16, 30), timedelta(hours=1), b(2026, 11, 24, 9, 30)),
        (b(2026, 11, 27, 16, 45), timedelta(minutes=15), b(2026, 11, 27, 17)),
        (b(2026, 11, 27, 16, 50), timedelta(minutes=15), b(2026, 11, 30, 9, 5)),
        (b(2026, 11, 28, 3), timedelta(minutes=15), b(2026, 11, 30, 9, 15)),
        (b(2026, 12, 24, 16), timedelta(hours=2), b(2026, 12, 28, 10)),
        (b(2026, 11, 23, 10), timedelta(0), b(2026, 11, 23, 10)),
    ],
)
def test_due_in_business_time(start, amount, due):
    assert BERLIN.add(start, amount) == due


def test_split_day_skips_lunch():
    assert SPLIT.counted(b(2026, 11, 23, 11), b(2026, 11, 23, 14)) == timedelta(hours=2)
    assert SPLIT.add(b(2026, 11, 23, 11, 30), timedelta(hours=1)) == b(2026, 11, 23, 13, 30)


def test_dst_spring_forward_night_shift_is_an_hour_shorter():
    # 22:00–06:00 local, Saturday night into Sunday 2026-03-29 (02:00 → 03:00 in Berlin).
    nights = BusinessHours(
        "nights", "Europe/Berlin", {6: ((time(22), time(0)),), 7: ((time(0), time(6)),)}
    )
    start = b(2026, 3, 28, 21)
    end = b(2026, 3, 29, 7)
    assert nights.counted(start, end) == timedelta(hours=7)


def test_dst_fall_back_office_day_keeps_wall_clock_bounds():
    ny = BusinessHours("ny", "America/New_York", WEEKDAYS)
    # 2026-11-01 is the US fall-back Sunday; Monday 2 November counts 09:00–17:00 EST.
    start = datetime(2026, 10, 30, 16, tzinfo=NY)  # Friday 16:00 EDT
    due = ny.add(start, timedelta(hours=2))
    assert due == datetime(2026, 11, 2, 10, tzinfo=NY)
    assert due.astimezone(NY).utcoffset() == timedelta(hours=-5)


def test_calendar_without_working_hours_has_no_due_time():
    closed = BusinessHours("closed", "UTC", {})
    assert closed.add(b(2026, 1, 1), timedelta(minutes=1)) is None
    assert closed.counted(b(2026, 1, 1), b(2026, 2, 1)) == timedelta(0)


def test_always_on():
    cal = AlwaysOn()
    assert cal.counted(b(2026, 1, 1), b(2026, 1, 2)) == timedelta(days=1)
    assert cal.add(b(2026, 1, 1), timedelta(hours=4)) == b(2026, 1, 1, 4)
    assert cal.is_24x7 and not BERLIN.is_24x7


def test_long_spans_use_running_totals_and_agree_with_a_day_by_day_walk():
    import random

    rng = random.Random(11)
    cal = BusinessHours(
        "x", "America/New_York", SPLIT.week, frozenset({date(2026, 3, 9), date(2026, 11, 26)})
    )
    base = datetime(2026, 1, 1, tzinfo=NY)
    for _ in range(300):
        start = base + timedelta(minutes=rng.randrange(0, 500 * 24 * 60))
        end = start + timedelta(minutes=rng.randrange(0, 120 * 24 * 60))
        assert cal.counted(start, end) == cal._scan(start, end), (start, end)
