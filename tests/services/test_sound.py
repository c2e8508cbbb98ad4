"""The sound scheduler: what sounds when, given board states, a fake clock, mute and snooze."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from noc_wallboard.domain.board import BoardIncident, BoardState
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.roster import LineDuty, Participant
from noc_wallboard.domain.severity import Severity
from noc_wallboard.services.sound import (
    GAP,
    NullPlayer,
    Reason,
    SoundPolicy,
    SoundScheduler,
)
from tests.factories import NOW, incident

S = timedelta(seconds=1)
POLICY = SoundPolicy(repeat=timedelta(minutes=2), snooze=timedelta(minutes=15))


def board(*incidents: Incident, at=NOW, roster: tuple[LineDuty, ...] = ()) -> BoardState:
    return BoardState(
        generated_at=at,
        incidents=tuple(BoardIncident(i, None) for i in incidents),
        roster=roster,
    )


def acked(inc: Incident) -> Incident:
    return replace(inc, state=IncidentState.ACKNOWLEDGED, acknowledged_by="alice")


def run(sched: SoundScheduler, start, seconds: int) -> list[tuple[int, str, Reason]]:
    """Tick once a second for `seconds`; the cues played, at which second."""
    out = []
    for s in range(1, seconds + 1):
        cue = sched.update(start + s * S)
        if cue is not None:
            out.append((s, cue.name, cue.reason))
    return out


def wall() -> SoundScheduler:
    return SoundScheduler(POLICY, "wall")


def test_a_new_critical_incident_plays_at_once():
    sched = wall()
    assert sched.update(NOW, board()) is None
    cue = sched.update(NOW + S, board(incident("c1", Severity.CRITICAL)))
    assert cue is not None and (cue.name, cue.reason) == ("critical", Reason.NEW)


def test_it_repeats_at_the_period_until_acknowledged():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    played = run(sched, NOW, 5 * 60)
    assert [(s, r) for s, _, r in played] == [(120, Reason.REPEAT), (240, Reason.REPEAT)]
    # Acknowledged: nothing more, however long the board runs.
    sched.update(NOW + 300 * S, board(acked(c1)))
    assert run(sched, NOW + 300 * S, 10 * 60) == []


def test_resolving_the_last_alarm_stops_it_and_a_later_one_plays_at_once():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    sched.update(NOW + 10 * S, board())  # resolved: gone from the board
    assert run(sched, NOW + 10 * S, 300) == []
    cue = sched.update(NOW + 400 * S, board(incident("c2", Severity.CRITICAL)))
    assert cue is not None and cue.reason is Reason.NEW


def test_the_most_urgent_unacknowledged_severity_is_the_cue():
    sched = wall()
    major = incident("m1", Severity.MAJOR)
    crit = incident("c1", Severity.CRITICAL)
    assert sched.update(NOW, board(major)).name == "major"
    assert sched.update(NOW + S, board(major, crit)).name == "critical"
    sched.update(NOW + 2 * S, board(major, acked(crit)))
    assert run(sched, NOW + 2 * S, 120)[-1][1] == "major"


def test_a_second_new_incident_plays_again_before_the_repeat_period():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    cue = sched.update(NOW + 30 * S, board(c1, incident("c2", Severity.CRITICAL)))
    assert cue is not None and cue.reason is Reason.NEW
    # ...and the repeat counts from that cue.
    assert run(sched, NOW + 30 * S, 120)[0][0] == 120


def test_a_severity_rise_is_a_new_alarm():
    sched = wall()
    inc = incident("x", Severity.MAJOR)
    sched.update(NOW, board(inc))
    cue = sched.update(NOW + 5 * S, board(replace(inc, severity=Severity.CRITICAL)))
    assert cue is not None and (cue.name, cue.reason) == ("critical", Reason.NEW)


def test_mute_silences_until_unmuted_then_it_sounds_at_once():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.mute()
    assert sched.update(NOW, board(c1)) is None
    assert run(sched, NOW, 600) == []
    sched.unmute()
    cue = sched.update(NOW + 601 * S)
    assert cue is not None and cue.reason is Reason.RESUMED
    assert run(sched, NOW + 601 * S, 120)[0] == (120, "critical", Reason.REPEAT)


def test_unmuting_after_everything_was_acknowledged_is_silent():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    sched.mute()
    sched.update(NOW + S, board(acked(c1)))
    sched.unmute()
    assert run(sched, NOW + S, 300) == []


def test_snooze_is_quiet_for_its_length_then_an_open_alarm_sounds_again():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    until = sched.snooze(NOW + S)
    assert until == NOW + S + timedelta(minutes=15)
    played = run(sched, NOW, 20 * 60)
    assert played[0] == (15 * 60 + 1, "critical", Reason.RESUMED)
    assert sched.status(NOW + 20 * 60 * S).snoozed_until is None


def test_snooze_covers_only_the_alarms_open_when_pressed():
    # Snoozing the known outage must not swallow the next one.
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    sched.snooze(NOW + S)
    assert run(sched, NOW + S, 59) == []
    c2 = incident("c2", Severity.MAJOR)
    cue = sched.update(NOW + 60 * S, board(c1, c2))
    assert cue is not None and (cue.name, cue.reason) == ("major", Reason.NEW)
    # The new one repeats as usual while the snooze goes on; c1 stays snoozed.
    assert run(sched, NOW + 60 * S, 120) == [(120, "major", Reason.REPEAT)]
    assert sched.status(NOW + 180 * S).snoozed_until is not None
    # Acknowledged: quiet again until the snooze ends, then c1 sounds at once.
    sched.update(NOW + 200 * S, board(c1, acked(c2)))
    played = run(sched, NOW + 200 * S, 15 * 60)
    assert played[0] == (15 * 60 + 1 - 200, "critical", Reason.RESUMED)


def test_a_snoozed_alarm_whose_severity_rises_sounds():
    sched = wall()
    m1 = incident("m1", Severity.MAJOR)
    sched.update(NOW, board(m1))
    sched.snooze(NOW)
    assert sched.update(NOW + 10 * S, board(m1)) is None
    cue = sched.update(NOW + 20 * S, board(replace(m1, severity=Severity.CRITICAL)))
    assert cue is not None and (cue.name, cue.reason) == ("critical", Reason.NEW)


def test_a_snoozed_alarm_acknowledged_and_reopened_is_news():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    sched.snooze(NOW)
    assert sched.update(NOW + 10 * S, board(acked(c1))) is None
    cue = sched.update(NOW + 20 * S, board(c1))
    assert cue is not None and cue.reason is Reason.NEW


def test_mute_stays_global_for_new_alarms():
    sched = wall()
    sched.update(NOW, board(incident("c1", Severity.CRITICAL)))
    sched.mute()
    both = board(incident("c1", Severity.CRITICAL), incident("c2", Severity.CRITICAL))
    assert sched.update(NOW + S, both) is None
    assert run(sched, NOW + S, 600) == []


def test_snooze_that_ends_after_the_ack_is_silent():
    sched = wall()
    c1 = incident("c1", Severity.CRITICAL)
    sched.update(NOW, board(c1))
    sched.snooze(NOW, timedelta(minutes=5))
    sched.update(NOW + 60 * S, board(acked(c1)))
    assert run(sched, NOW, 10 * 60) == []


def test_the_desk_is_quiet_by_default_and_sounds_when_the_config_asks():
    desk = SoundScheduler(POLICY, "desk")
    assert not desk.enabled
    assert desk.update(NOW, board(incident("c1", Severity.CRITICAL))) is None
    asked = SoundScheduler(replace(POLICY, modes=frozenset({"wall", "desk"})), "desk")
    assert asked.update(NOW, board(incident("c1", Severity.CRITICAL))) is not None


@pytest.mark.parametrize(
    ("severity", "sounds"),
    [
        (Severity.CRITICAL, True),
        (Severity.MAJOR, True),
        (Severity.UNKNOWN, True),  # a severity nobody mapped never goes silently
        (Severity.MINOR, False),
        (Severity.WARNING, False),
        (Severity.INFO, False),
    ],
)
def test_default_sounding_severities(severity, sounds):
    cue = wall().update(NOW, board(incident("x", severity)))
    assert (cue is not None) is sounds
    if sounds:
        assert cue.name == severity.value


def test_silenced_and_inhibited_incidents_do_not_sound():
    sched = wall()
    quiet = (
        replace(incident("s", Severity.CRITICAL), silenced=True),
        replace(incident("i", Severity.CRITICAL), inhibited=True),
    )
    assert sched.update(NOW, board(*quiet)) is None


def test_repeat_zero_plays_once_per_new_alarm():
    sched = SoundScheduler(replace(POLICY, repeat=timedelta(0)), "wall")
    assert sched.update(NOW, board(incident("c1", Severity.CRITICAL))) is not None
    assert run(sched, NOW, 3600) == []


def test_a_roster_gap_plays_the_gap_cue_once_when_it_begins():
    sched = wall()
    covered = LineDuty("L1", (Participant("Ann"),), NOW, NOW + timedelta(hours=8))
    gap = LineDuty("L2", (), NOW, None)
    assert sched.update(NOW, board(roster=(covered,))) is None
    cue = sched.update(NOW + S, board(roster=(covered, gap)))
    assert cue is not None and (cue.name, cue.reason) == (GAP, Reason.GAP)
    assert run(sched, NOW + S, 600) == []
    assert sched.update(NOW + 700 * S, board(roster=(covered, gap))) is None


def test_an_incident_cue_goes_first_and_the_gap_follows_on_the_next_tick():
    sched = wall()
    gap = LineDuty("L2", (), NOW, None)
    first = sched.update(NOW, board(incident("c1", Severity.CRITICAL), roster=(gap,)))
    assert first is not None and first.name == "critical"
    second = sched.update(NOW + S)
    assert second is not None and second.name == GAP


def test_a_cue_set_to_off_is_silent():
    policy = replace(POLICY, sounds={**POLICY.sounds, "critical": None, GAP: None})
    sched = SoundScheduler(policy, "wall")
    gap = LineDuty("L2", (), NOW, None)
    assert sched.update(NOW, board(incident("c1", Severity.CRITICAL), roster=(gap,))) is None


def test_status_says_what_is_sounding_muted_and_snoozed():
    sched = wall()
    sched.update(NOW, board(incident("c1", Severity.CRITICAL), incident("m", Severity.MAJOR)))
    status = sched.status(NOW)
    assert (status.alarm, status.alarms, status.muted) == (Severity.CRITICAL, 2, False)
    sched.toggle_mute()
    sched.snooze(NOW)
    status = sched.status(NOW + S)
    assert status.muted and status.snoozed_until == NOW + timedelta(minutes=15)


def test_null_player_keeps_a_short_tail():
    player = NullPlayer("no audio")
    for i in range(250):
        player.play(f"c{i}")
    assert not player.available
    assert player.played[-1] == "c249" and len(player.played) == 100
