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

PAUSING = SlaPolicy(POLICY.targets, pause=PauseRule(labels={"waiting": "client"}))


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


def test_observed_pause_runs_from_first_sight_to_end():
    memory = IncidentMemory(PAUSING)
    base = incident("p", Severity.CRITICAL, timedelta(minutes=10))
    waiting = replace(base, labels={**base.labels, "waiting": "client"})
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
    base = incident("p", Severity.CRITICAL, timedelta(minutes=2))
    waiting = replace(base, labels={**base.labels, "waiting": "client"})
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
    small = replace(inc, opened_at=inc.opened_at + timedelta(seconds=1))
    store.apply_incidents("am", IncidentBatch((small,), clock_skew=timedelta(seconds=1)), NOW)
    am = next(s for s in store.state.sources if s.name == "am")
    assert am.warning is None
    assert store.state.incidents[0].incident.opened_at == small.opened_at  # noise: untouched
