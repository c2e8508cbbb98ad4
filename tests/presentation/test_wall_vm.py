"""The wall's header and footer view-models, screen choice and type size, on fake clocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.wall import ClockZone, PageSpec, zone_label
from noc_wallboard.presentation import incident_row
from noc_wallboard.presentation.rotation import CAUSE_NEW, Hold, PageChoice
from noc_wallboard.presentation.screens import (
    ScreenInfo,
    board_unit,
    body_text_arcmin,
    choose_screen,
    plausible_diagonal,
)
from noc_wallboard.presentation.wall import Heartbeat, clock_texts, overflow_text, page_vm
from tests.factories import NOW, populated_store

S = timedelta(seconds=1)


# ---------------------------------------------------------------- clocks
def test_clocks_in_configured_zones():
    zones = (
        ClockZone("UTC", "UTC"),
        ClockZone(zone_label("Europe/Moscow"), "Europe/Moscow"),
        ClockZone("Tokyo DC", "Asia/Tokyo"),
        ClockZone(zone_label("America/Los_Angeles"), "America/Los_Angeles"),
    )
    texts = clock_texts(NOW.replace(hour=20, minute=5, second=7), zones)
    assert [(c.label, c.time, c.main) for c in texts] == [
        ("UTC", "20:05:07", True),  # the first clock has seconds: it visibly moves
        ("Moscow", "23:05", False),
        ("Tokyo DC", "05:05 +1d", False),
        ("Los Angeles", "12:05", False),
    ]
    behind = clock_texts(NOW.replace(hour=1), (zones[0], zones[3]))
    assert behind[1].time == "17:00 \u22121d"


def test_without_zones_local_time_and_utc():
    texts = clock_texts(NOW, ())
    assert texts[0].main and len(texts[0].time) == 8
    assert all(not c.main for c in texts[1:])


# ---------------------------------------------------------------- heartbeat
def test_heartbeat_alternates_every_second_while_alive():
    beat = Heartbeat(stall_after=timedelta(minutes=2))
    state = populated_store().state
    phases = []
    for i in range(4):
        beat.tick(NOW + i * S)
        beat.state_seen(state, NOW + i * S)
        vm = beat.vm(NOW + i * S)
        assert not vm.alarm and vm.text == ""
        phases.append(vm.phase)
    assert phases == [True, False, True, False]


def test_a_late_tick_means_the_loop_froze_and_is_reported_for_a_minute():
    beat = Heartbeat()
    state = populated_store().state
    beat.tick(NOW)
    beat.state_seen(state, NOW)
    beat.tick(NOW + 9 * S)  # 9 s between two 1 Hz ticks
    vm = beat.vm(NOW + 9 * S)
    assert vm.alarm and "FROZE 9s" in vm.text and vm.token == "alarm"
    for i in range(10, 70):
        beat.tick(NOW + i * S)
        beat.state_seen(state, NOW + i * S)
    assert beat.vm(NOW + 69 * S).alarm
    beat.tick(NOW + 70 * S)
    assert not beat.vm(NOW + 70 * S).alarm


def test_no_state_from_the_engine_means_the_board_is_stuck():
    beat = Heartbeat(stall_after=timedelta(seconds=60))
    beat.state_seen(populated_store().state, NOW)
    for i in range(1, 62):
        beat.tick(NOW + i * S)
    assert not beat.vm(NOW + 60 * S).alarm
    vm = beat.vm(NOW + 61 * S)
    assert vm.alarm and "BOARD STUCK" in vm.text and "1m" in vm.text


def test_states_without_polls_mean_polling_is_stuck():
    beat = Heartbeat(stall_after=timedelta(seconds=60))
    state = populated_store().state  # its sources were last polled at NOW
    for i in range(0, 100):
        beat.tick(NOW + i * S)
        beat.state_seen(replace(state, generated_at=NOW + i * S), NOW + i * S)
    vm = beat.vm(NOW + 99 * S)
    assert vm.alarm and "POLLING STUCK" in vm.text


# ---------------------------------------------------------------- pages and "+N more"
def test_page_indicator_and_dwell_progress():
    choice = PageChoice(PageSpec("acme", dwell=40 * S), 2, 3, NOW)
    vm = page_vm(choice, NOW + 10 * S)
    assert vm.text == "2/3 \u00b7 acme" and vm.progress == pytest.approx(0.25)
    assert vm.hold_text == ""
    assert page_vm(PageChoice(PageSpec("overview"), 0, 0, NOW), NOW).text == ""


def test_hold_says_why_what_and_until_when():
    hold = Hold(("am", "c1"), CAUSE_NEW, "db-01 down", Severity.CRITICAL, NOW, NOW + 600 * S)
    vm = page_vm(PageChoice(PageSpec("acme"), 1, 2, NOW, hold=hold), NOW + 60 * S)
    assert vm.progress is None and vm.hold_token == "sev.critical"
    assert "NEW \u2716 CRITICAL: db-01 down" in vm.hold_text
    assert vm.hold_until == "held until ack \u00b7 max 09:00"


def test_overflow_names_what_is_hidden():
    rows = [incident_row(i) for i in populated_store().state.incidents]
    assert overflow_text([]) == ""
    assert overflow_text(rows[-1:]) == f"+1 more: {rows[-1].glyph} {rows[-1].severity.value} " + (
        rows[-1].title
    )
    text = overflow_text(rows[1:])
    assert text.startswith("+4 more: 1 \u2716 critical")
    assert "1 \u25b2 major" in text and "(1 acknowledged)" in text


# ---------------------------------------------------------------- screens
SCREENS = [
    ScreenInfo(0, "eDP-1", primary=True),
    ScreenInfo(1, "HDMI-1", width=3840, height=2160),
    ScreenInfo(2, "DP-2", width=2160, height=3840),
]


@pytest.mark.parametrize(
    ("wanted", "index", "fallback"),
    [
        (None, 0, False),
        ("1", 1, False),
        ("2", 2, False),
        ("HDMI-1", 1, False),
        ("hdmi-1", 1, False),
        ("DP-3", 0, True),  # unplugged: on the primary meanwhile
        ("7", 0, True),
    ],
)
def test_choose_screen(wanted, index, fallback):
    choice = choose_screen(wanted, SCREENS)
    assert choice.screen is not None
    assert (choice.screen.index, choice.fallback) == (index, fallback)
    if fallback:
        assert "not connected" in choice.reason and "1=HDMI-1" in choice.reason


def test_choose_screen_without_a_primary_or_any_screen():
    others = [ScreenInfo(0, "A"), ScreenInfo(1, "B")]
    assert choose_screen(None, others).screen == others[0]
    assert choose_screen("B", others).screen == others[1]
    assert choose_screen("B", []).screen is None


def test_edid_sizes_are_believed_only_when_plausible():
    assert plausible_diagonal(1210, 680) == pytest.approx(54.6, abs=0.1)  # a 55" TV
    assert plausible_diagonal(0, 0) is None
    assert plausible_diagonal(160, 90) is None  # centimetres reported as millimetres


def test_type_grows_with_distance_and_pixel_size_within_what_fits():
    near = board_unit(1920, 1080, "wall", 3.0, 55).unit
    far = board_unit(1920, 1080, "wall", 5.0, 55).unit
    assert near < far
    assert board_unit(1920, 1080, "desk", 8.0, 55).unit == 1.0
    # 4K halves the pixel: twice the unit for the same physical letters.
    assert board_unit(3840, 2160, "wall", 5.0, 55).unit == pytest.approx(2 * far)
    # Portrait: the same pixels per letter as landscape.
    assert board_unit(2160, 3840, "wall", 5.0, 55).unit == pytest.approx(2 * far)
    # 8 m on a 55" 1080p screen asks more than the layout can hold: capped and said so.
    limited = board_unit(1920, 1080, "wall", 8.0, 55)
    assert limited.limited and limited.unit == pytest.approx(1.6)
    # An 85" screen at 8 m is within reach, and its body text gets the target angle.
    big = board_unit(1920, 1080, "wall", 8.0, 85)
    assert not big.limited
    assert body_text_arcmin(big.unit, 1920, 1080, 8.0, 85) == pytest.approx(8.0, abs=0.01)


def test_loop_gaps_are_measured_on_the_monotonic_clock():
    beat = Heartbeat()
    beat.tick(NOW, monotonic=100.0)
    beat.state_seen(populated_store().state, NOW)
    # NTP steps the wall clock an hour forward; one real second passed: no stall.
    later = NOW + timedelta(hours=1)
    beat.tick(later, monotonic=101.0)
    beat.state_seen(populated_store(later).state, later)
    assert not beat.vm(later).alarm
    # …and back: still none.
    beat.tick(NOW, monotonic=102.0)
    beat.state_seen(populated_store().state, NOW)
    assert not beat.vm(NOW).alarm
    # A real stall: 8 s on the monotonic clock, whatever the wall clock says.
    beat.tick(NOW + S, monotonic=110.0)
    vm = beat.vm(NOW + S)
    assert vm.alarm and "FROZE 8s" in vm.text


def test_resume_forgets_the_ticks_a_hidden_board_did_not_get():
    beat = Heartbeat()
    beat.tick(NOW, monotonic=0.0)
    beat.resume()  # hidden for ten minutes (its screen unplugged), shown again
    beat.tick(NOW + 600 * S, monotonic=600.0)
    beat.state_seen(populated_store(NOW + 600 * S).state, NOW + 600 * S)
    assert not beat.vm(NOW + 600 * S).alarm


# ---------------------------------------------------------------- narrow rows
def _chars(text: str) -> float:
    return float(len(text))  # one unit per character: easy to reason about


def test_elision_keeps_the_host_at_the_end_of_a_title():
    from noc_wallboard.presentation.wall import elide_keeping_tail

    title = "Filesystem almost full on globex-db-01"
    assert elide_keeping_tail(title, 40, _chars) == title
    # Not "Filesystem almost full on glo…": the host is what tells where.
    assert elide_keeping_tail(title, 31, _chars) == "Filesystem almost\u2026 globex-db-01"
    assert elide_keeping_tail(title, 30, _chars) == "Filesystem\u2026 globex-db-01"
    # A last word that names no host is cut the usual way.
    assert elide_keeping_tail("Disk is almost entirely full", 20, _chars) == (
        "Disk is almost enti\u2026"
    )
    # A host wider than half the room: the usual cut too.
    assert elide_keeping_tail("Down: very-long-host-name-01", 20, _chars).endswith("\u2026")


def test_two_lines_break_at_a_word_and_keep_the_host():
    from noc_wallboard.presentation.wall import two_lines

    assert two_lines("High CPU on globex-lb-01", 30, _chars) is None  # one line holds it
    assert two_lines("Filesystem almost full on globex-db-01", 26, _chars) == (
        "Filesystem almost full on",
        "globex-db-01",
    )
    assert two_lines("Supercalifragilistic", 10, _chars) is None


def test_compact_state_is_a_glyph_or_who_acked():
    from noc_wallboard.presentation.wall import compact_state

    rows = {r.key[1]: r for r in (incident_row(i) for i in populated_store().state.incidents)}
    opened = next(r for r in rows.values() if r.state_word == "OPEN")
    assert compact_state(opened, NOW) == "\u25cf"
    acked = next(r for r in rows.values() if r.acknowledged)
    assert compact_state(acked, NOW).startswith(f"\u2713 {acked.acknowledged_by} ")
