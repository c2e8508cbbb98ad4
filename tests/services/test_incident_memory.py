"""What the store remembers between polls: response cycles, observed pauses, clock skew."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState, PauseRule, SlaPolicies, SlaPolicy
from noc_wallboard.ports import IncidentBatch
from noc_wallboard.services.incident_memory import IncidentMemory
from noc_wallboard.services.store import BoardStore
from tests.factories import NOW, POLICY, incident, make_store

PAUSING = SlaPolicy(
    POLICY.targets,
    pause=PauseRule(labels={"waiting": "client"}, statuses=frozenset({"shelved"})),
)


def test_severity_rise_after_ack_starts_a_new_cycle_and_the_old_ack_no_longer_counts():
    memory = IncidentMemory(POLICY)
    warn = incident("x", Severity.WARNING, timedelta(minutes=30), acked_by="alice")
    memory.observe("am", (warn,), NOW)
    crit = replace(warn, severity=Severity.CRITICAL)
    (seen,) = memory.observe("am", (crit,), NOW + timedelta(minutes=1))
    assert seen.response_started_at == NOW + timedelta(minutes=1)
    # A rise without a prior ack is just an escalation of the running cycle.
    fresh = IncidentMemory(POLICY)
    fresh.observe("am", (incident("y", Severity.WARNING),), NOW)
    (y,) = fresh.observe("am", (incident("y", Severity.CRITICAL),), NOW + timedelta(minutes=1))
    assert y.response_started_at is None


def test_observed_status_pause_runs_from_first_sight_to_end():
    memory = IncidentMemory(PAUSING)
    base = replace(incident("p", Severity.CRITICAL, timedelta(minutes=10)), raw_status="open")
    waiting = replace(base, raw_status="shelved")
    memory.observe("am", (base,), NOW)
    (a,) = memory.observe("am", (waiting,), NOW + timedelta(minutes=1))
    assert a.pauses == ((NOW + timedelta(minutes=1), None),)
    (b,) = memory.observe("am", (base,), NOW + timedelta(minutes=4))
    assert b.pauses == ((NOW + timedelta(minutes=1), NOW + timedelta(minutes=4)),)


def test_memory_forgets_incidents_that_left_their_source():
    memory = IncidentMemory(POLICY)
    memory.observe("am", (incident("a"), incident("b")), NOW)
    memory.observe("other", (incident("c", source="other"),), NOW)
    memory.observe("am", (incident("a"),), NOW)
    assert len(memory) == 2


def test_store_pause_moves_the_due_time_by_the_paused_time():
    store = BoardStore(
        title="t",
        sources=[("am", "alertmanager")],
        panels=[],
        sla=SlaPolicies([PAUSING]),
        rotations=[],
        now=NOW,
        incident_sources=["am"],
    )
    base = replace(incident("p", Severity.CRITICAL, timedelta(minutes=2)), raw_status="open")
    waiting = replace(base, raw_status="shelved")
    store.apply_incidents("am", IncidentBatch((base,)), NOW)
    store.apply_incidents("am", IncidentBatch((waiting,)), NOW + timedelta(minutes=1))
    clock = store.state.incidents[0].sla.response
    assert clock.state is ClockState.PAUSED
    store.apply_incidents("am", IncidentBatch((base,)), NOW + timedelta(minutes=6))
    clock = store.state.incidents[0].sla.response
    assert clock.state is ClockState.RUNNING
    assert clock.due_at - clock.original_due_at == timedelta(minutes=5)


def test_clock_skew_is_corrected_and_warned():
    store = make_store()
    inc = incident("s", Severity.CRITICAL, timedelta(minutes=5))
    ahead = replace(inc, opened_at=inc.opened_at + timedelta(seconds=90))
    store.apply_incidents("am", IncidentBatch((ahead,), clock_skew=timedelta(seconds=90)), NOW)
    item = store.state.incidents[0]
    assert item.incident.opened_at == inc.opened_at
    assert item.sla.response.remaining == timedelta(minutes=10)
    am = next(s for s in store.state.sources if s.name == "am")
    assert am.clock_skew_s == 90 and "clock +90s off" in (am.warning or "")


def test_jittering_skew_readings_move_nothing():
    store = make_store()
    inc = incident("s", Severity.CRITICAL, timedelta(minutes=5))
    ahead = replace(inc, opened_at=inc.opened_at + timedelta(seconds=3))
    opened = []
    touched = 0
    for i, reading in enumerate([3.4, 2.6, 3.3, 2.5, 3.0, 2.7, 3.4, 2.6]):
        changes = store.apply_incidents(
            "am",
            IncidentBatch((ahead,), clock_skew=timedelta(seconds=reading)),
            NOW + timedelta(seconds=5 * i),
        )
        touched += len(changes.updated) if i else 0
        opened.append(store.state.incidents[0].incident.opened_at)
    assert len(set(opened)) == 1 and opened[0] == inc.opened_at
    assert touched == 0
    am = next(s for s in store.state.sources if s.name == "am")
    assert am.warning is None  # 3 s is corrected silently; 30 s would warn


def test_skew_tracker_hysteresis():
    from noc_wallboard.services.clock_skew import SkewTracker

    tracker = SkewTracker()
    for reading in (0.4, 1.6, 1.2, 2.4):
        assert tracker.update(timedelta(seconds=reading)) == timedelta(0)  # noise
    for _ in range(5):
        tracker.update(timedelta(seconds=40))
    assert tracker.applied == timedelta(seconds=40)
    assert tracker.update(timedelta(seconds=41)) == timedelta(seconds=40)  # within the step
    assert tracker.update(None) == timedelta(seconds=40)


def test_label_pause_of_an_alert_counts_from_its_opening_even_on_first_sight():
    store = BoardStore(
        title="t",
        sources=[("am", "alertmanager")],
        panels=[],
        sla=SlaPolicies([PAUSING]),
        rotations=[],
        now=NOW,
        incident_sources=["am"],
    )
    base = incident("w", Severity.CRITICAL, timedelta(hours=3))
    waiting = replace(base, labels={**base.labels, "waiting": "client"})
    store.apply_incidents("am", IncidentBatch((waiting,)), NOW)
    sla = store.state.incidents[0].sla
    assert sla.response.state is ClockState.PAUSED
    assert sla.resolution.remaining == timedelta(hours=4)  # nothing counted since it opened


def test_first_ack_answers_the_response_even_after_the_ack_lapses():
    store = make_store()
    acked = incident(
        "a",
        Severity.CRITICAL,
        timedelta(minutes=10),
        acked_by="alice",
        acked_after=timedelta(minutes=5),
    )
    store.apply_incidents("am", IncidentBatch((acked,)), NOW)
    lapsed = replace(acked, state=acked.state.OPEN, acknowledged_at=None, acknowledged_by=None)
    store.apply_incidents("am", IncidentBatch((lapsed,)), NOW + timedelta(hours=1))
    response = store.state.incidents[0].sla.response
    assert response.state is ClockState.MET
    assert response.remaining == timedelta(minutes=10)
