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


# ---------------------------------------------------------------- calendars, pauses, cycles
from datetime import UTC, datetime, time  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from noc_wallboard.domain.calendar import BusinessHours  # noqa: E402
from noc_wallboard.domain.sla import PauseRule, SlaPolicies, SlaPolicy, SlaTarget  # noqa: E402

BER = ZoneInfo("Europe/Berlin")
OFFICE = BusinessHours("office", "Europe/Berlin", {d: ((time(9), time(17)),) for d in range(1, 6)})


def test_business_clock_does_not_count_the_night():
    started = datetime(2026, 11, 26, 16, 50, tzinfo=BER)  # Thursday
    now = datetime(2026, 11, 27, 9, 2, tzinfo=BER)  # next morning
    clock = compute_clock(started, T15, None, now, 0.75, OFFICE)
    assert clock.remaining == timedelta(minutes=3)
    assert clock.due_at == datetime(2026, 11, 27, 9, 5, tzinfo=BER)
    assert clock.state is ClockState.AT_RISK
    assert clock.business and clock.calendar == "office"
    # Between polls the countdown follows the calendar: nothing counts at night.
    friday_evening = datetime(2026, 11, 27, 8, 0, tzinfo=BER)
    early = compute_clock(started, T15, None, friday_evening, 0.75, OFFICE)
    assert early.remaining_at(friday_evening + timedelta(minutes=30)) == timedelta(minutes=5)


def test_business_clock_breaches_only_in_working_time():
    started = datetime(2026, 11, 27, 16, 55, tzinfo=BER)  # Friday
    monday = datetime(2026, 11, 30, 9, 9, tzinfo=BER)
    clock = compute_clock(started, T15, None, monday, 0.75, OFFICE)
    assert clock.state is ClockState.AT_RISK and clock.remaining == timedelta(minutes=1)
    late = compute_clock(started, T15, None, monday + timedelta(minutes=5), 0.75, OFFICE)
    assert late.state is ClockState.BREACHED and late.remaining == -timedelta(minutes=4)


@pytest.mark.parametrize(
    ("pauses", "state", "remaining_min", "due_shift_min"),
    [
        (((NOW - timedelta(minutes=8), NOW - timedelta(minutes=3)),), ClockState.RUNNING, 10, 5),
        (((NOW - timedelta(minutes=4), None),), ClockState.PAUSED, 9, 4),
        (((NOW - timedelta(minutes=30), None),), ClockState.PAUSED, 15, 10),
    ],
)
def test_pauses_stop_the_count_and_move_the_due_time(pauses, state, remaining_min, due_shift_min):
    started = NOW - timedelta(minutes=10)
    clock = compute_clock(started, T15, None, NOW, 0.75, None, pauses)
    assert clock.state is state
    assert clock.remaining == timedelta(minutes=remaining_min)
    assert clock.original_due_at == started + T15
    assert clock.due_at == started + T15 + timedelta(minutes=due_shift_min)
    if state is ClockState.PAUSED:
        assert clock.remaining_at(NOW + timedelta(minutes=20)) == clock.remaining


def test_breached_wins_over_paused():
    started = NOW - timedelta(minutes=30)
    clock = compute_clock(
        started, T15, None, NOW, 0.75, None, ((NOW - timedelta(minutes=1), None),)
    )
    assert clock.state is ClockState.BREACHED


def test_policy_chosen_by_labels_first_match_wins():
    gold = SlaPolicy(
        {Severity.CRITICAL: SlaTarget(timedelta(minutes=5), timedelta(hours=1))},
        name="acme-gold",
        match={"client": "acme"},
    )
    db = SlaPolicy(
        {Severity.CRITICAL: SlaTarget(timedelta(minutes=10), timedelta(hours=2))},
        name="databases",
        match_re={"service": "db|cache"},
    )
    policies = SlaPolicies([gold, db, POLICY])
    acme = incident("a", Severity.CRITICAL, labels={"client": "acme", "service": "db"})
    other_db = incident("b", Severity.CRITICAL, labels={"client": "globex", "service": "db"})
    web = incident("c", Severity.CRITICAL, labels={"client": "globex", "service": "web"})
    partial = incident("d", Severity.CRITICAL, labels={"client": "x", "service": "dbx"})
    assert compute_incident_sla(acme, policies, NOW).policy == "acme-gold"
    assert compute_incident_sla(other_db, policies, NOW).policy == "databases"
    assert compute_incident_sla(web, policies, NOW).policy == "default"
    assert compute_incident_sla(partial, policies, NOW).policy == "default"
    assert compute_incident_sla(acme, policies, NOW).response.target == timedelta(minutes=5)


def test_no_policy_selects_means_no_clock():
    only_acme = SlaPolicies([SlaPolicy(POLICY.targets, match={"client": "acme"})])
    assert compute_incident_sla(incident("x", labels={"client": "z"}), only_acme, NOW) is None


def test_pause_rule_by_label_and_status():
    policy = SlaPolicy(
        POLICY.targets,
        pause=PauseRule(labels={"waiting": "client"}, statuses=frozenset({"shelved"})),
    )
    waiting = incident("w", labels={"waiting": "client"})
    sla = compute_incident_sla(waiting, policy, NOW)
    assert sla.response.state is ClockState.PAUSED and sla.resolution.state is ClockState.PAUSED
    from dataclasses import replace

    shelved = replace(incident("s"), raw_status="Shelved")
    assert compute_incident_sla(shelved, policy, NOW).response.paused
    assert not compute_incident_sla(incident("n"), policy, NOW).response.paused


def test_severity_rise_after_ack_starts_a_new_response_cycle():
    from dataclasses import replace

    acked = incident(
        "r",
        Severity.CRITICAL,
        timedelta(minutes=40),
        acked_by="alice",
        acked_after=timedelta(minutes=5),
    )
    risen = replace(acked, response_started_at=NOW - timedelta(minutes=10))
    sla = compute_incident_sla(risen, POLICY, NOW)
    assert sla.response.ticking  # the old ack does not answer the new cycle
    assert sla.response.remaining == timedelta(minutes=5)
    assert sla.resolution.remaining == timedelta(hours=4) - timedelta(minutes=40)
    reacked = replace(risen, acknowledged_at=NOW - timedelta(minutes=2))
    assert compute_incident_sla(reacked, POLICY, NOW).response.state is ClockState.MET


def test_clock_crossing_dst_in_24x7_counts_real_time():
    # Europe/Berlin falls back at 03:00 on 2026-10-25: 24×7 counts absolute time.
    started = datetime(2026, 10, 25, 2, 30, tzinfo=BER).astimezone(UTC)
    now = datetime(2026, 10, 25, 3, 30, tzinfo=BER).astimezone(UTC)
    clock = compute_clock(started, timedelta(hours=4), None, now, 0.75)
    assert clock.remaining == timedelta(hours=2)  # 02:30 CEST → 03:30 CET is two hours


def test_business_clock_due_at_close_of_day_is_not_breached_overnight():
    started = datetime(2026, 11, 26, 3, 0, tzinfo=BER)  # opened overnight, Thursday
    eight_hours = timedelta(hours=8)
    at_close = datetime(2026, 11, 26, 17, 0, tzinfo=BER)
    clock = compute_clock(started, eight_hours, None, at_close, 0.75, OFFICE)
    assert clock.remaining == timedelta(0)
    night = datetime(2026, 11, 26, 23, 0, tzinfo=BER)
    assert clock.state_at(night) is ClockState.AT_RISK  # nothing counts at night
    assert clock.remaining_at(night) == timedelta(0)
    morning = datetime(2026, 11, 27, 9, 1, tzinfo=BER)
    assert clock.state_at(morning) is ClockState.BREACHED


def test_a_contract_silent_about_a_severity_falls_back_to_the_default():
    gold = SlaPolicy(
        {Severity.CRITICAL: SlaTarget(timedelta(minutes=5), timedelta(hours=1))},
        name="gold",
        match={"client": "acme"},
    )
    policies = SlaPolicies([gold, POLICY])
    warning = incident("w", Severity.WARNING, labels={"client": "acme"})
    assert compute_incident_sla(warning, policies, NOW).policy == "default"
    only_gold = SlaPolicies([gold])
    assert compute_incident_sla(warning, only_gold, NOW) is None


def test_status_spans_pause_only_for_statuses_the_policy_names():
    from dataclasses import replace

    shelved = (("shelved", NOW - timedelta(minutes=8), NOW - timedelta(minutes=3)),)
    inc = replace(incident("s", age=timedelta(minutes=10)), status_spans=shelved)
    pausing = SlaPolicy(POLICY.targets, pause=PauseRule(statuses=frozenset({"shelved"})))
    assert compute_incident_sla(inc, pausing, NOW).response.remaining == timedelta(minutes=10)
    assert compute_incident_sla(inc, POLICY, NOW).response.remaining == timedelta(minutes=5)
