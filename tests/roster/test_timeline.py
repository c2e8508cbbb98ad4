"""Rotations, overrides, follow-the-sun windows and gaps on one timeline."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from noc_wallboard.domain.roster import (
    DailyWindow,
    Override,
    Participant,
    Rotation,
    resolve_rotation,
)
from noc_wallboard.domain.roster_timeline import (
    HORIZON,
    LOOKBACK,
    Shift,
    resolve_line,
    resolve_roster,
    rotation_shifts,
)

A, B, C = Participant("Anna", "+49 1"), Participant("Ben"), Participant("Cleo")
NY_PERSON = Participant("Nate", "+1 212")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def resolve(rotations: list[Rotation], line: str, now: datetime):
    shifts = [s for r in rotations for s in rotation_shifts(r, now - LOOKBACK, now + HORIZON)]
    return resolve_line(line, shifts, now)


def rot(shift: timedelta, tz: str = "Europe/Berlin", **kw) -> Rotation:
    return Rotation("L1", (A, B, C), shift, datetime(2026, 1, 5, 8, 0), tz, **kw)


@pytest.mark.parametrize(
    ("rotation", "now"),
    [
        (rot(timedelta(hours=12)), utc(2026, 1, 5, 21)),
        (rot(timedelta(hours=12)), utc(2026, 3, 29, 5)),  # Berlin spring forward
        (rot(timedelta(hours=12)), utc(2026, 10, 25, 6, 30)),  # Berlin fall back
        (rot(timedelta(hours=8)), utc(2026, 3, 29, 1)),
        (rot(timedelta(days=7)), utc(2026, 4, 1, 12)),
        (rot(timedelta(hours=12), "America/New_York"), utc(2026, 3, 8, 12)),
        (rot(timedelta(hours=12), "America/New_York"), utc(2026, 11, 1, 12)),
        (rot(timedelta(hours=12), "Europe/Moscow"), utc(2026, 7, 1, 6)),
        (rot(timedelta(hours=7)), utc(2026, 6, 1, 3)),  # does not divide a day
    ],
)
def test_timeline_agrees_with_the_single_rotation_resolver(rotation, now):
    old, new = resolve_rotation(rotation, now), resolve(rotation and [rotation], "L1", now)
    assert new.on_duty == old.on_duty
    assert (new.since, new.until, new.next, new.next_at) == (
        old.since,
        old.until,
        old.next,
        old.next_at,
    )


@pytest.mark.parametrize(
    ("now", "who", "since", "until"),
    [
        # Override 24 Dec 08:00 → 27 Dec 08:00 Berlin (a date range handed to Cleo).
        (utc(2026, 12, 24, 6, 59), (A,), None, utc(2026, 12, 24, 7)),
        (utc(2026, 12, 24, 7), (C,), utc(2026, 12, 24, 7), utc(2026, 12, 27, 7)),
        (utc(2026, 12, 26, 23), (C,), utc(2026, 12, 24, 7), utc(2026, 12, 27, 7)),
        (utc(2026, 12, 27, 7), (A,), utc(2026, 12, 27, 7), utc(2026, 12, 28, 7)),
    ],
)
def test_override_replaces_whole_shifts(now, who, since, until):
    # Daily shifts alternate A, B at 08:00 Berlin; the override wins while it lasts.
    over = Override(
        datetime(2026, 12, 24, 8, tzinfo=BERLIN), datetime(2026, 12, 27, 8, tzinfo=BERLIN), C
    )
    r = Rotation(
        "L1", (A, B), timedelta(days=1), datetime(2026, 1, 5, 8), "Europe/Berlin", overrides=(over,)
    )
    duty = resolve([r], "L1", now)
    assert duty.on_duty == who
    if since is not None:
        assert duty.since == since
    if until is not None:
        assert duty.until == until
    assert "override" in duty.sources if who == (C,) else True


def follow_the_sun(start_berlin: time = time(7), end_berlin: time = time(19)):
    day = Rotation(
        "L2",
        (A, B),
        timedelta(days=1),
        datetime(2026, 1, 5, 7),
        "Europe/Berlin",
        window=DailyWindow(start_berlin, end_berlin),
    )
    night = Rotation(
        "L2",
        (NY_PERSON,),
        timedelta(days=1),
        datetime(2026, 1, 5, 13),
        "America/New_York",
        window=DailyWindow(time(13), time(1)),
    )
    return [day, night]


@pytest.mark.parametrize(
    ("now", "who", "since", "until", "nxt"),
    [
        # Winter: Berlin 07–19 CET = 06–18 UTC; New York 13–01 EST = 18–06 UTC. Seamless.
        (utc(2026, 1, 14, 12), (B,), utc(2026, 1, 14, 6), utc(2026, 1, 14, 18), (NY_PERSON,)),
        (utc(2026, 1, 14, 23), (NY_PERSON,), utc(2026, 1, 14, 18), utc(2026, 1, 15, 6), (A,)),
        # 8–29 March: New York is on EDT, Berlin still on CET: the legs overlap by an hour
        # in the evening (both on duty) and leave an hour uncovered in the morning.
        (
            utc(2026, 3, 10, 17, 30),
            (A, NY_PERSON),
            utc(2026, 3, 10, 17),
            utc(2026, 3, 10, 18),
            (NY_PERSON,),
        ),
        (utc(2026, 3, 11, 5, 30), (), utc(2026, 3, 11, 5), utc(2026, 3, 11, 6), (B,)),
    ],
)
def test_follow_the_sun_across_zones_and_dst_mismatch(now, who, since, until, nxt):
    duty = resolve(follow_the_sun(), "L2", now)
    assert set(duty.on_duty) == set(who)
    assert (duty.since, duty.until) == (since, until)
    assert duty.next == nxt
    assert duty.is_empty == (who == ())


def test_gap_between_feed_shifts_reports_since_until_and_next():
    now = utc(2026, 11, 27, 10)
    shifts = [
        Shift("DB", (A,), now - timedelta(hours=8), now - timedelta(minutes=40), "cal"),
        Shift("DB", (B,), now + timedelta(minutes=80), now + timedelta(hours=9), "cal"),
    ]
    duty = resolve_line("DB", shifts, now)
    assert duty.is_empty
    assert duty.since == now - timedelta(minutes=40)
    assert duty.until == duty.next_at == now + timedelta(minutes=80)
    assert duty.next == (B,)


def test_nobody_scheduled_at_all_is_a_gap_with_no_next():
    duty = resolve_line("L9", [], utc(2026, 11, 27))
    assert duty.is_empty and duty.next == () and duty.since is None and duty.until is None


def test_consecutive_shifts_of_the_same_person_merge_into_one_handoff():
    now = utc(2026, 11, 27, 10)
    shifts = [
        Shift("L1", (A,), utc(2026, 11, 27, 0), utc(2026, 11, 27, 8)),
        Shift("L1", (A,), utc(2026, 11, 27, 8), utc(2026, 11, 27, 16)),
        Shift("L1", (B,), utc(2026, 11, 27, 16), utc(2026, 11, 28, 0)),
    ]
    duty = resolve_line("L1", shifts, now)
    assert (duty.since, duty.until, duty.next) == (
        utc(2026, 11, 27, 0),
        utc(2026, 11, 27, 16),
        (B,),
    )


def test_same_person_from_two_sources_keeps_the_contact():
    now = utc(2026, 11, 27, 10)
    shifts = [
        Shift("L1", (Participant("Anna"),), utc(2026, 11, 27, 0), utc(2026, 11, 28), "pd"),
        Shift("L1", (A,), utc(2026, 11, 27, 0), utc(2026, 11, 28), "cal"),
    ]
    duty = resolve_line("L1", shifts, now)
    assert duty.on_duty == (A,)
    assert duty.sources == ("cal", "pd")


def test_roster_order_configured_lines_first_then_feed_lines():
    now = utc(2026, 11, 27, 10)
    shifts = [
        Shift("Z9", (A,), now, now + timedelta(hours=1)),
        Shift("A1", (B,), now, now + timedelta(hours=1)),
    ]
    lines = [d.line for d in resolve_roster(["L2", "L1", "L2"], shifts, now)]
    assert lines == ["L2", "L1", "A1", "Z9"]


@pytest.mark.parametrize(
    ("now", "who", "since", "until"),
    [
        # Lars covers the Berlin leg (07–19 CET = 06–18 UTC) of 24–26 Dec only.
        (utc(2026, 12, 24, 12), ("Lars",), utc(2026, 12, 24, 6), utc(2026, 12, 24, 18)),
        # At night the New York leg is on duty as usual: the override is not 24 h.
        (utc(2026, 12, 24, 23), ("Nate",), utc(2026, 12, 24, 18), utc(2026, 12, 25, 6)),
        (utc(2026, 12, 26, 3), ("Nate",), utc(2026, 12, 25, 18), utc(2026, 12, 26, 6)),
        (utc(2026, 12, 26, 7), ("Lars",), utc(2026, 12, 26, 6), utc(2026, 12, 26, 18)),
        (utc(2026, 12, 27, 7), ("Anna", "Ben"), None, None),  # after the override
    ],
)
def test_override_on_one_follow_the_sun_leg_keeps_to_that_leg(now, who, since, until):
    day, night = follow_the_sun()
    lars = Participant("Lars")
    over = Override(
        datetime(2026, 12, 24, 7, tzinfo=BERLIN), datetime(2026, 12, 27, 7, tzinfo=BERLIN), lars
    )
    day = Rotation(
        day.line, day.participants, day.shift, day.anchor, day.timezone, day.window, (over,)
    )
    duty = resolve([day, night], "L2", now)
    if len(who) == 1:
        assert [p.name for p in duty.on_duty] == list(who)
        assert (duty.since, duty.until) == (since, until)
    else:
        assert duty.on_duty[0].name in who


def test_override_does_not_hide_a_feed_shift_on_the_same_line():
    now = utc(2026, 12, 25, 12)
    over = Override(utc(2026, 12, 24), utc(2026, 12, 27), C)
    r = Rotation("L1", (A, B), timedelta(days=1), datetime(2026, 1, 5, 8), overrides=(over,))
    shifts = rotation_shifts(r, now - LOOKBACK, now + HORIZON)
    shifts.append(Shift("L1", (NY_PERSON,), utc(2026, 12, 25), utc(2026, 12, 26), "cal"))
    duty = resolve_line("L1", shifts, now)
    assert set(duty.on_duty) == {C, NY_PERSON}
