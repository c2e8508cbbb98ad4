from __future__ import annotations

from datetime import timedelta

import pytest

from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState, compute_clock, compute_incident_sla
from tests.factories import NOW, POLICY, incident

T15 = timedelta(minutes=15)


@pytest.mark.parametrize(
    ("elapsed_min", "stopped_min", "state", "remaining_s"),
    [
        (0, None, ClockState.RUNNING, 900),
        (5, None, ClockState.RUNNING, 600),
        (11.25, None, ClockState.AT_RISK, 225),  # exactly 75 % of the target
        (11, None, ClockState.RUNNING, 240),
        (14.99, None, ClockState.AT_RISK, 0.6),
        (15, None, ClockState.AT_RISK, 0),  # due now: not yet overrun
        (20, None, ClockState.BREACHED, -300),
        (20, 10, ClockState.MET, 300),  # acked after 10 min: met, frozen at 5 min spare
        (20, 15, ClockState.MET, 0),  # acked exactly on the due time
        (30, 17, ClockState.BREACHED, -120),  # acked late: completed breach
    ],
)
def test_clock_states(elapsed_min, stopped_min, state, remaining_s):
    started = NOW - timedelta(minutes=elapsed_min)
    stopped = None if stopped_min is None else started + timedelta(minutes=stopped_min)
    clock = compute_clock(started, T15, stopped, NOW, 0.75)
    assert clock.state is state
    assert clock.remaining.total_seconds() == pytest.approx(remaining_s, abs=0.01)
    assert clock.due_at == started + T15
    assert clock.original_due_at == clock.due_at
    assert clock.ticking is (stopped is None)


def test_remaining_at_counts_down_without_recompute():
    clock = compute_clock(NOW - timedelta(minutes=5), T15, None, NOW, 0.75)
    assert clock.remaining_at(NOW + timedelta(seconds=30)) == timedelta(minutes=9, seconds=30)
    stopped = compute_clock(NOW - timedelta(minutes=5), T15, NOW, NOW, 0.75)
    assert stopped.remaining_at(NOW + timedelta(hours=1)) == timedelta(minutes=10)


def test_incident_clocks_use_ack_for_response_and_keep_resolution_running():
    inc = incident("x", Severity.CRITICAL, timedelta(minutes=30), acked_by="alice")
    sla = compute_incident_sla(inc, POLICY, NOW)
    assert sla is not None
    assert sla.response.state is ClockState.MET
    assert sla.resolution.state is ClockState.RUNNING
    assert sla.resolution.remaining == timedelta(hours=3, minutes=30)


def test_severity_without_target_has_no_clock():
    assert compute_incident_sla(incident("x", Severity.INFO), POLICY, NOW) is None
    assert compute_incident_sla(incident("y", Severity.UNKNOWN), POLICY, NOW) is None


def test_resolved_without_ack_stops_both_clocks():
    inc = incident("x", Severity.CRITICAL, timedelta(minutes=30))
    sla = compute_incident_sla(inc, POLICY, NOW, resolved_at=NOW - timedelta(minutes=20))
    assert sla is not None
    assert sla.response.state is ClockState.MET
    assert sla.resolution.state is ClockState.MET


def test_clock_state_moves_with_time_without_recompute():
    clock = compute_clock(NOW, T15, None, NOW, 0.5)
    assert clock.state_at(NOW + timedelta(minutes=7)) is ClockState.RUNNING
    assert clock.state_at(NOW + timedelta(minutes=7, seconds=30)) is ClockState.AT_RISK
    assert clock.state_at(NOW + timedelta(minutes=15, seconds=1)) is ClockState.BREACHED
    met = compute_clock(NOW, T15, NOW + timedelta(minutes=1), NOW, 0.5)
    assert met.state_at(NOW + timedelta(hours=1)) is ClockState.MET
