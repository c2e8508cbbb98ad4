from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from noc_wallboard.domain.roster import Participant, Rotation, resolve_rotation

A, B, C = Participant("Anna", "+1"), Participant("Ben"), Participant("Cleo")
BERLIN = ZoneInfo("Europe/Berlin")


def rot(shift: timedelta, tz: str = "Europe/Berlin") -> Rotation:
    return Rotation("L1", (A, B, C), shift, datetime(2026, 1, 5, 8, 0), tz)


def test_twelve_hour_rotation_cycles_participants():
    duty = resolve_rotation(rot(timedelta(hours=12)), datetime(2026, 1, 5, 21, 0, tzinfo=BERLIN))
    assert duty.on_duty == (B,)
    assert duty.since == datetime(2026, 1, 5, 20, 0, tzinfo=BERLIN)
    assert duty.until == datetime(2026, 1, 6, 8, 0, tzinfo=BERLIN)
    assert duty.next == (C,) and duty.next_at == duty.until


@pytest.mark.parametrize(
    ("local_now", "who", "since_hour"),
    [
        # Spring forward 2026-03-29 02:00 → 03:00 in Berlin: hand-offs stay at 08:00/20:00 local.
        (datetime(2026, 3, 29, 9, 0), None, 8),
        (datetime(2026, 3, 29, 20, 30), None, 20),
        # Fall back 2026-10-25.
        (datetime(2026, 10, 25, 7, 59), None, 20),
        (datetime(2026, 10, 25, 8, 0), None, 8),
    ],
)
def test_handoffs_keep_local_time_across_dst(local_now, who, since_hour):
    duty = resolve_rotation(rot(timedelta(hours=12)), local_now.replace(tzinfo=BERLIN))
    assert duty.since is not None
    assert duty.since.astimezone(BERLIN).hour == since_hour
    assert duty.until is not None
    assert duty.until.astimezone(BERLIN).hour in (8, 20)


def test_weekly_rotation_across_dst_keeps_handoff_hour():
    r = Rotation("L3", (A, B), timedelta(days=7), datetime(2026, 3, 23, 9, 0), "Europe/Berlin")
    duty = resolve_rotation(r, datetime(2026, 4, 1, 12, 0, tzinfo=UTC))
    assert duty.since == datetime(2026, 3, 30, 9, 0, tzinfo=BERLIN)
    assert duty.on_duty == (B,)


def test_moscow_has_no_dst():
    r = Rotation("L1", (A, B), timedelta(hours=12), datetime(2026, 1, 5, 8, 0), "Europe/Moscow")
    duty = resolve_rotation(r, datetime(2026, 7, 1, 6, 0, tzinfo=UTC))  # 09:00 Moscow
    assert duty.since == datetime(2026, 7, 1, 5, 0, tzinfo=UTC)


def test_before_the_first_shift_nobody_is_on_duty_and_next_is_known():
    duty = resolve_rotation(rot(timedelta(hours=12)), datetime(2026, 1, 1, tzinfo=UTC))
    assert duty.is_empty
    assert duty.next == (A,)


def test_empty_rotation_is_an_empty_line():
    r = Rotation("L2", (), timedelta(hours=12), datetime(2026, 1, 5, 8, 0), "UTC")
    assert resolve_rotation(r, datetime(2026, 2, 1, tzinfo=UTC)).is_empty


def test_shift_that_does_not_divide_a_day_runs_in_absolute_time():
    r = Rotation("L1", (A, B), timedelta(hours=7), datetime(2026, 1, 5, 0, 0), "UTC")
    duty = resolve_rotation(r, datetime(2026, 1, 5, 15, 0, tzinfo=UTC))
    assert duty.since == datetime(2026, 1, 5, 14, 0, tzinfo=UTC)
    assert duty.on_duty == (A,)


def test_odd_shifts_keep_absolute_spacing_across_dst():
    r = Rotation("L1", (A, B), timedelta(hours=5), datetime(2026, 3, 28, 0, 0), "Europe/Berlin")
    before = resolve_rotation(r, datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    after = resolve_rotation(r, datetime(2026, 3, 30, 12, 0, tzinfo=UTC))
    for duty in (before, after):
        assert duty.since is not None and duty.until is not None
        assert duty.until - duty.since == timedelta(hours=5)
        # Hand-offs stay on a 5-hour grid in UTC, whatever the local offset does.
        anchor = datetime(2026, 3, 27, 23, 0, tzinfo=UTC)
        assert (duty.since - anchor) % timedelta(hours=5) == timedelta(0)
