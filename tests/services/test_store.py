from __future__ import annotations

from datetime import timedelta

from noc_wallboard.domain.errors import SourceUnavailable
from noc_wallboard.domain.health import TileStatus
from noc_wallboard.domain.severity import Severity
from noc_wallboard.ports import IncidentBatch, PanelAnswer
from tests.factories import NOW, incident, make_store, populated_store, samples

LATER = NOW + timedelta(seconds=30)


def test_counts_include_every_severity_with_unacknowledged():
    state = populated_store().state
    assert {s.value for s in state.counts} == {
        "critical",
        "major",
        "minor",
        "warning",
        "info",
        "unknown",
    }
    assert state.counts[Severity.CRITICAL].total == 2
    assert state.counts[Severity.MAJOR].total == 1
    assert state.counts[Severity.MAJOR].unacknowledged == 0
    assert state.counts[Severity.UNKNOWN].total == 1


def test_incidents_sorted_unacked_first_then_least_time_left():
    titles = [i.incident.title for i in populated_store().state.incidents]
    # breached critical (−5 min), warning with 10 min left, critical with 11 min left,
    # unknown (no clock), then the acknowledged one last.
    assert titles == ["db-01 down", "Disk 85%", "web-02 CPU high", "Odd severity", "Backup failed"]


def test_failed_metrics_source_keeps_last_tiles_greyed_with_reason():
    store = populated_store()
    store.apply_metrics("prom", SourceUnavailable("cannot connect"), LATER)
    state = store.state
    prom = next(s for s in state.sources if s.name == "prom")
    assert not prom.ok and prom.failing_since == LATER and prom.last_success == NOW
    panel = state.panels[0]
    assert panel.stale and "cannot connect" in (panel.error or "")
    assert {t.status for t in panel.tiles} == {TileStatus.STALE}
    assert sorted(t.value for t in panel.tiles) == [42, 85, 99.5]


def test_failing_since_is_kept_across_repeated_failures_and_cleared_on_recovery():
    store = populated_store()
    store.apply_metrics("prom", SourceUnavailable("x"), LATER)
    store.apply_metrics("prom", SourceUnavailable("y"), LATER + timedelta(seconds=15))
    prom = next(s for s in store.state.sources if s.name == "prom")
    assert prom.failing_since == LATER and prom.error == "unavailable: y"
    store.apply_metrics(
        "prom",
        [PanelAnswer("CPU busy", samples({"a": 1})), PanelAnswer("Targets up", samples({"a": 1}))],
        LATER + timedelta(seconds=30),
    )
    prom = next(s for s in store.state.sources if s.name == "prom")
    assert prom.ok and prom.failing_since is None
    assert not store.state.panels[0].stale


def test_failed_incident_source_keeps_incidents_marked_stale():
    store = populated_store()
    store.apply_incidents("am", SourceUnavailable("down"), LATER)
    assert len(store.state.incidents) == 5
    assert all(i.stale for i in store.state.incidents)


def test_one_panel_error_does_not_fail_the_source():
    store = populated_store()
    store.apply_metrics(
        "prom",
        [
            PanelAnswer("CPU busy", error="rejected: bad_data"),
            PanelAnswer("Targets up", samples({})),
        ],
        LATER,
    )
    state = store.state
    assert next(s for s in state.sources if s.name == "prom").ok
    assert state.panels[0].stale and state.panels[0].error == "rejected: bad_data"
    assert not state.panels[1].stale and state.panels[1].tiles == ()


def test_change_set_names_only_changed_incidents():
    store = populated_store()
    before = {i.incident.id: i.incident for i in store.state.incidents}
    changed = incident(
        "a2",
        Severity.CRITICAL,
        timedelta(minutes=4),
        title="web-02 CPU high",
        acked_by="bob",
        acked_after=timedelta(minutes=1),
    )
    kept = [before[k] for k in ("a1", "a3", "a4", "a5")]
    seen = []
    store.subscribe(lambda state, changes: seen.append(changes))
    changes = store.apply_incidents(
        "am", IncidentBatch((*kept, changed, incident("new", Severity.MAJOR))), NOW
    )
    assert changes.added == (("am", "new"),)
    assert changes.updated == (("am", "a2"),)
    assert changes.removed == ()
    assert seen == [changes]
    changes = store.apply_incidents("am", IncidentBatch(tuple(kept)), NOW)
    assert set(changes.removed) == {("am", "a2"), ("am", "new")}


def test_incidents_are_known_only_when_every_incident_source_answered():
    store = make_store()
    assert not store.state.incidents_known
    assert store.state.blind_incident_sources == ("am",)
    store.apply_incidents("am", IncidentBatch(()), NOW)
    assert store.state.incidents_known
    store.apply_incidents("am", SourceUnavailable("down"), LATER)
    assert not store.state.incidents_known


def test_empty_line_in_roster_is_reported():
    state = make_store().state
    l2 = next(d for d in state.roster if d.line == "L2")
    assert l2.is_empty


def test_a_result_that_cannot_be_applied_fails_the_source_and_keeps_the_last_board():
    from datetime import UTC, datetime

    store = populated_store()
    before = [i.incident.key for i in store.state.incidents]
    absurd = incident(
        "far", Severity.CRITICAL, timedelta(0), now=datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    )
    store.apply_incidents("am", IncidentBatch((absurd,)), LATER)
    state = store.state
    am = next(s for s in state.sources if s.name == "am")
    assert not am.ok and "could not be used" in (am.error or "")
    assert [i.incident.key for i in state.incidents] == before
    store.tick(LATER + timedelta(seconds=5))  # the board keeps ticking


def test_a_failing_listener_does_not_stop_the_store():
    store = populated_store()
    seen = []

    def broken(state, changes):
        raise RuntimeError("view bug")

    store.subscribe(broken)
    store.subscribe(lambda state, changes: seen.append(changes))
    store.tick(LATER)
    assert len(seen) == 1


def test_stale_tiles_remember_their_last_status_and_sort_by_it():
    store = populated_store()
    store.apply_metrics("prom", SourceUnavailable("down"), LATER)
    tiles = store.state.panels[0].tiles
    assert [t.last_status.value for t in tiles] == ["critical", "warning", "ok"]
    store.apply_metrics("prom", SourceUnavailable("still down"), LATER + timedelta(seconds=9))
    assert [t.last_status.value for t in store.state.panels[0].tiles] == [
        "critical",
        "warning",
        "ok",
    ]


def test_panel_without_series_is_unknown_not_green():
    store = make_store()
    store.apply_metrics(
        "prom", [PanelAnswer("CPU busy", ()), PanelAnswer("Targets up", samples({"a": 1}))], NOW
    )
    assert store.state.panels[0].worst is TileStatus.UNKNOWN
    assert store.state.panels[1].worst is TileStatus.OK
