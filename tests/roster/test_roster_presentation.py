"""Roster view-models: countdowns, gaps (alarm + sound hook), stale feeds with their age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from noc_wallboard.domain.board import SourceStatus
from noc_wallboard.domain.roster import LineDuty, Participant
from noc_wallboard.presentation.roster import roster_line, when

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
A, B = Participant("Anna", "+49 1"), Participant("Ben", "+49 2")


def duty(**kw) -> LineDuty:
    base = {
        "line": "L1",
        "on_duty": (A,),
        "since": NOW - timedelta(hours=2),
        "until": NOW + timedelta(hours=3, minutes=5),
        "next": (B,),
        "next_at": None,
    }
    base["next_at"] = kw.get("until", base["until"])
    return LineDuty(**{**base, **kw})  # fmt: skip


@pytest.mark.parametrize(
    ("until", "countdown", "soon"),
    [
        (NOW + timedelta(hours=3, minutes=5), "3h 05m", False),
        (NOW + timedelta(minutes=42, seconds=7), "42:07", False),
        (NOW + timedelta(minutes=9), "09:00", True),
        (NOW + timedelta(days=3, hours=2), "3d 2h", False),
    ],
)
def test_handoff_countdown(until, countdown, soon):
    vm = roster_line(duty(until=until), NOW)
    assert vm.countdown == countdown and vm.soon is soon
    assert not vm.alarm and not vm.sound
    assert vm.contact == "+49 1"
    assert vm.next_text == "next: Ben (+49 2)"


def test_gap_is_an_alarm_with_the_sound_hook():
    vm = roster_line(
        duty(on_duty=(), since=NOW - timedelta(minutes=40), until=NOW + timedelta(minutes=80)),
        NOW,
    )
    assert vm.alarm and vm.sound
    assert vm.on_duty == "NOBODY ON DUTY"
    assert vm.countdown == "1h 20m"
    assert vm.next_text.startswith("next: Ben at ")
    assert vm.until_text.startswith("gap since ")


def test_gap_with_nobody_scheduled():
    vm = roster_line(LineDuty("L3", (), None, None), NOW)
    assert vm.alarm and vm.next_text == "no one scheduled" and vm.countdown == ""


def test_feed_age_and_failure():
    ok = SourceStatus("pd", "pagerduty", ok=True, last_success=NOW - timedelta(minutes=2))
    vm = roster_line(duty(sources=("pd",)), NOW, [ok])
    assert vm.feed_text == "pd 2m old" and not vm.stale
    down = SourceStatus(
        "pd", "pagerduty", ok=False, last_success=NOW - timedelta(minutes=12),
        error="timeout: no answer", failing_since=NOW - timedelta(minutes=7),
    )  # fmt: skip
    vm = roster_line(duty(sources=("pd",), stale=True, error="pd: timeout: no answer"), NOW, [down])
    assert vm.stale and not vm.alarm
    assert vm.feed_text == "\u26a0 pd DOWN, data 12m old"
    assert vm.on_duty == "Anna"  # the last good roster is still shown


def test_shift_text_is_compact():
    vm = roster_line(duty(), NOW)
    assert "\u2013" in vm.shift_text


def test_when_formats_near_and_far_times():
    assert when(None, NOW) == "?"
    assert when(NOW + timedelta(days=2), NOW)[:3].isalpha()
    assert when(NOW + timedelta(days=20), NOW).startswith("17 Dec")


def test_week_long_shift_names_dates():
    vm = roster_line(duty(since=NOW - timedelta(days=4), until=NOW + timedelta(days=3)), NOW)
    assert vm.shift_text.count("Nov") == 2  # local dates of both ends, e.g. 23 Nov–30 Nov


def test_stale_line_of_a_feed_that_never_answered():
    never = SourceStatus("pd", "pagerduty", ok=False, last_success=None, error="x")
    vm = roster_line(
        LineDuty("L1", (), None, None, stale=True, error="pd: no answer yet"), NOW, [never]
    )
    assert vm.alarm and vm.feed_text == "\u26a0 pd: no data yet"
    vm = roster_line(LineDuty("L1", (), None, None, stale=True, error="pd: no answer yet"), NOW)
    assert vm.feed_text == "\u26a0 pd: no answer yet"
