"""Every figure of both reports for tests/history_scenario.py, worked out by hand.

Handover 2026-03-10 08:00–20:00 UTC (at-risk horizon 2 h), the same shift reported while
in progress (at 14:30, the ledger as it stood then), SLA report 2026-03 made at
2026-04-01 00:02 UTC, in UTC and in Europe/Berlin. Percentiles are nearest-rank: p50 of
n values is the ⌈n/2⌉-th. MTTA counts per response cycle (cycle start → its first ack).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from noc_wallboard.domain.history import EventKind, History
from noc_wallboard.domain.report_handover import HandoverReport
from noc_wallboard.domain.report_sla import SlaReport
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState
from tests.history_scenario import t

S = timedelta(seconds=1)
M = timedelta(minutes=1)
H = timedelta(hours=1)
D = timedelta(days=1)
ALL = ["P1", "P2", "I0", "A4", "A1", "A2", "A3", "G1", "I1", "G2", "G4", "I2", "G3"]
EVENTS = 41


def ids(records) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.incident_id for r in records]


def assert_history(history: History, outages: list | None = None) -> None:  # type: ignore[type-arg]
    """The ledger holds one row per occurrence and one event per transition."""
    assert ids(history.incidents) == ALL
    events = [(e.incident_id, e.kind, e.at, e.actor) for e in history.events]
    assert len(events) == len(set(events)) == EVENTS
    assert ("A1", EventKind.UNACKNOWLEDGED, t(3, 10, 9, 20), None) in events
    assert ("A4", EventKind.SEVERITY_CHANGED, t(3, 10, 12), None) in events
    assert ("A4", EventKind.REOPENED, t(3, 10, 12), None) in events
    assert ("A4", EventKind.ACKNOWLEDGED, t(3, 10, 12, 5), "erin") in events
    a4 = next(r for r in history.incidents if r.incident_id == "A4")
    assert (a4.severity, a4.first_severity) == (Severity.CRITICAL, Severity.MAJOR)
    assert (a4.first_ack_at, a4.first_ack_by, a4.acked_by) == (t(3, 10, 7, 10), "dave", "erin")
    assert a4.resolved_at == t(3, 10, 21)
    # One row per response cycle: A4 and G4 were re-opened after an ack.
    cycles = {
        r.incident_id: [(c.started_at, c.severity, c.ack_at, c.ack_by) for c in r.cycles]
        for r in history.incidents
    }
    assert cycles["A4"] == [
        (t(3, 10, 7), Severity.MAJOR, t(3, 10, 7, 10), "dave"),
        (t(3, 10, 12), Severity.CRITICAL, t(3, 10, 12, 5), "erin"),
    ]
    assert cycles["G4"] == [
        (t(3, 20, 10), Severity.MAJOR, t(3, 20, 10, 50), "bob"),
        (t(3, 20, 11), Severity.CRITICAL, t(3, 20, 11, 5), "carol"),
    ]
    assert cycles["A1"] == [(t(3, 10, 9), Severity.CRITICAL, t(3, 10, 9, 5), "alice")]
    assert all(len(c) == 1 for k, c in cycles.items() if k not in ("A4", "G4"))
    g4 = next(r for r in history.incidents if r.incident_id == "G4")
    assert [(c.clock.state, c.clock.actual) for c in g4.cycles if c.clock] == [
        (ClockState.BREACHED, 50 * M),
        (ClockState.MET, 5 * M),
    ]
    # Events carry their occurrence.
    assert all(
        e.opened_at
        == next(r.opened_at for r in history.incidents if r.incident_id == e.incident_id)
        for e in history.events
    )
    assert [(o.source, o.started_at, o.ended_at) for o in history.outages] == (
        outages or [("am", t(3, 10, 13), t(3, 10, 13, 30))]
    )


def assert_handover(report: HandoverReport, outage_end: datetime | None = None) -> None:
    assert (report.outgoing, report.incoming) == ("Anna", "Ben")
    opened = {s: ids(i.record for i in items) for s, items in report.open_by_severity if items}
    assert opened == {Severity.CRITICAL: ["A4"], Severity.WARNING: ["A3"]}
    a4 = report.open_by_severity[0][1][0]
    assert (a4.state.acknowledged, a4.state.owner) == (True, "erin")
    assert a4.response is not None and a4.response.state is ClockState.MET
    assert a4.resolution is not None and a4.resolution.state is ClockState.BREACHED
    assert a4.resolution.overrun == 9 * H  # due 11:00, still open at 20:00
    a3 = report.open_by_severity[3][1][0]
    assert (a3.state.acknowledged, a3.state.owner) == (False, None)
    assert [(r.record.incident_id, r.clock.kind, r.due_in) for r in report.at_risk] == [
        ("A3", "response", 30 * M)
    ]
    assert ids(report.new) == ["A1", "A2", "A3"]
    assert ids(report.acknowledged) == ["A4", "A1", "A2"]
    assert ids(report.resolved) == ["A1", "A2"]
    assert [
        (
            b.record.incident_id,
            b.clock.kind,
            b.clock.breached_at,
            b.clock.target,
            b.clock.actual,
            b.clock.overrun,
        )
        for b in report.breached
    ] == [
        ("A2", "response", t(3, 10, 10, 15), 15 * M, 20 * M, 5 * M),
        ("A4", "resolution", t(3, 10, 11), 4 * H, 13 * H, 9 * H),
        ("A2", "resolution", t(3, 10, 14), 4 * H, 5 * H, 1 * H),
    ]
    # MTTA per cycle acked in the shift: A1 5m, A2 20m, A4's second cycle 5m (12:00 →
    # 12:05); A4's first cycle (acked 07:10) and A3 (20:10) are outside the shift.
    assert (report.mtta.count, report.mtta.mean, report.mtta.p50, report.mtta.p90) == (
        3,
        10 * M,
        5 * M,
        20 * M,
    )
    # MTTR: A1 1h, A2 5h.
    assert (report.mttr.count, report.mttr.mean, report.mttr.p50, report.mttr.p90) == (
        2,
        3 * H,
        1 * H,
        5 * H,
    )
    assert [(o.source, o.start, o.end) for o in report.outages] == [
        ("am", t(3, 10, 13), outage_end or t(3, 10, 13, 30))
    ]
    assert [(p.line, p.who, p.start, p.end) for p in report.roster] == [
        ("L1", ("Anna",), t(3, 10, 8), t(3, 10, 20))
    ]
    assert not report.in_progress and report.figures_at == t(3, 10, 20)


def assert_handover_in_progress(report: HandoverReport) -> None:
    """The 08:00–20:00 shift reported at 14:30 from the ledger as it stood then: figures
    as of 14:30, never as of 20:00."""
    assert report.in_progress and report.figures_at == t(3, 10, 14, 30)
    opened = {s: ids(i.record for i in items) for s, items in report.open_by_severity if items}
    assert opened == {Severity.CRITICAL: ["A4", "A2"]}
    a4, a2 = report.open_by_severity[0][1]
    assert a4.resolution is not None and a4.resolution.overrun == 3 * H + 30 * M
    assert a2.resolution is not None and a2.resolution.overrun == 30 * M
    assert report.at_risk == ()
    assert ids(report.new) == ["A1", "A2"]
    assert ids(report.acknowledged) == ["A4", "A1", "A2"]
    assert ids(report.resolved) == ["A1"]
    assert [
        (b.record.incident_id, b.clock.kind, b.clock.breached_at, b.clock.actual, b.clock.overrun)
        for b in report.breached
    ] == [
        ("A2", "response", t(3, 10, 10, 15), 20 * M, 5 * M),
        ("A4", "resolution", t(3, 10, 11), 7 * H + 30 * M, 3 * H + 30 * M),
        ("A2", "resolution", t(3, 10, 14), 4 * H + 30 * M, 30 * M),
    ]
    assert (report.mtta.count, report.mtta.mean) == (3, 10 * M)
    assert (report.mttr.count, report.mttr.mean) == (1, 1 * H)
    assert [(o.source, o.start, o.end) for o in report.outages] == [
        ("am", t(3, 10, 13), t(3, 10, 13, 30))
    ]


def assert_sla(report: SlaReport) -> None:
    assert report.label == "2026-03" and not report.in_progress
    assert [c.client for c in report.clients] == ["acme", "globex", "initech"]
    acme, globex, initech = report.clients
    m, p = acme.month, acme.previous
    assert (m.count(Severity.CRITICAL), m.count(Severity.WARNING), m.total) == (3, 1, 4)
    # Response cycles: A4 twice (10m of 30m as major, 5m of 15m once critical), A1, A2
    # (breached), A3.
    assert (m.response.met, m.response.breached, m.response.eligible) == (4, 1, 5)
    assert m.response.percent == 80.0
    assert (m.resolution.met, m.resolution.breached, m.resolution.percent) == (2, 2, 50.0)
    assert [
        (b.record.incident_id, b.clock.kind, b.clock.target, b.clock.actual, b.overrun)
        for b in m.breaches
    ] == [
        ("A4", "resolution", 4 * H, 14 * H, 10 * H),
        ("A2", "response", 15 * M, 20 * M, 5 * M),
        ("A2", "resolution", 4 * H, 5 * H, 1 * H),
    ]
    # MTTA per cycle: 10m and 5m (A4), 5m, 20m, 40m; MTTR 14h, 1h, 5h, 12h30.
    assert (m.mtta.count, m.mtta.mean, m.mtta.p50, m.mtta.p90) == (5, 16 * M, 10 * M, 40 * M)
    assert (m.mttr.count, m.mttr.mean, m.mttr.p50, m.mttr.p90) == (
        4,
        8 * H + 7 * M + 30 * M / 60,
        5 * H,
        14 * H,
    )
    # February: P1 met/met, P2 response breached by 10m.
    assert (p.count(Severity.CRITICAL), p.count(Severity.MAJOR), p.total) == (1, 1, 2)
    assert (p.response.percent, p.resolution.percent) == (50.0, 100.0)
    assert [(b.record.incident_id, b.clock.kind, b.overrun) for b in p.breaches] == [
        ("P2", "response", 10 * M)
    ]
    assert (p.mtta.mean, p.mtta.p50, p.mtta.p90) == (25 * M, 10 * M, 40 * M)
    assert (p.mttr.mean, p.mttr.p50, p.mttr.p90) == (3 * H, 2 * H, 4 * H)

    g, gp = globex.month, globex.previous
    assert (g.count(Severity.CRITICAL), g.count(Severity.MINOR), g.total) == (3, 1, 4)
    # G2 resolved unacked after 30m: response breached. G4's first cycle (major, acked
    # after 50m) breached and stays breached after the re-open; its second cycle met.
    # G3 still running: not eligible.
    assert (g.response.met, g.response.breached, g.response.running) == (1, 2, 1)
    assert round(g.response.percent or 0, 1) == 33.3
    assert (g.resolution.met, g.resolution.running, g.resolution.percent) == (2, 1, 100.0)
    assert [
        (b.record.incident_id, b.clock.label, b.severity, b.clock.target, b.overrun)
        for b in g.breaches
    ] == [
        ("G2", "response", Severity.CRITICAL, 15 * M, 15 * M),
        ("G4", "response", Severity.MAJOR, 30 * M, 20 * M),
    ]
    assert (g.mtta.count, g.mtta.mean, g.mtta.p50, g.mtta.p90) == (
        2,
        27 * M + 30 * S,
        5 * M,
        50 * M,
    )
    assert (g.mttr.count, g.mttr.mean, g.mttr.p50, g.mttr.p90) == (3, 70 * M, 1 * H, 2 * H)
    assert gp.total == 0 and gp.response.percent is None
    assert dict(g.per_day)[t(3, 15, 0).date()] == 1 and len(g.per_day) == 31

    # initech, business hours in Berlin. I1: response 20m (Fri 16:50–17:00, Mon
    # 09:00–09:10); resolution 5h10 of 4h. I2, still open at the report: both clocks
    # overrun in business time only (Fri after due, Mon 30, Tue 31), not over the weekend.
    i, ip = initech.month, initech.previous
    assert (i.count(Severity.CRITICAL), i.total) == (2, 2)
    assert (i.response.met, i.response.breached, i.response.percent) == (1, 1, 50.0)
    assert (i.resolution.met, i.resolution.breached, i.resolution.percent) == (0, 2, 0.0)
    assert [
        (b.record.incident_id, b.clock.kind, b.clock.stopped, b.clock.actual, b.overrun)
        for b in i.breaches
    ] == [
        ("I1", "resolution", True, 5 * H + 10 * M, 1 * H + 10 * M),
        ("I2", "response", False, 17 * H, 16 * H + 30 * M),
        ("I2", "resolution", False, 17 * H, 13 * H),
    ]
    # MTTA and MTTR in calendar time: Fri 15:50 → Mon 08:10 and → Mon 13:00.
    assert (i.mtta.count, i.mtta.mean) == (1, 2 * D + 16 * H + 20 * M)
    assert (i.mttr.count, i.mttr.mean) == (1, 2 * D + 21 * H + 10 * M)
    # February in UTC holds I0 (opened 02-28 23:30).
    assert (ip.total, ip.response.met, ip.resolution.met) == (1, 1, 1)
    assert (ip.mtta.mean, ip.mttr.mean) == (33 * H, 33 * H + 30 * M)


def assert_sla_berlin(report: SlaReport) -> None:
    """March in Europe/Berlin: from 02-28 23:00 to 03-31 22:00 UTC. I0 (02-28 23:30 UTC)
    moves into March, G3 (03-31 23:50 UTC) into April."""
    assert report.timezone == "Europe/Berlin"
    assert [c.client for c in report.clients] == ["acme", "globex", "initech"]
    acme, globex, initech = report.clients
    assert (acme.month.total, acme.month.response.percent) == (4, 80.0)
    assert acme.previous.total == 2
    g = globex.month
    assert ids(b.record for b in g.breaches) == ["G2", "G4"]
    assert (g.total, g.count(Severity.CRITICAL), g.response.running) == (3, 2, 0)
    assert (g.resolution.met, g.resolution.running) == (2, 0)
    assert len(g.per_day) == 31
    i, ip = initech.month, initech.previous
    assert (i.total, i.count(Severity.MAJOR), i.count(Severity.CRITICAL)) == (3, 1, 2)
    assert (i.response.met, i.response.breached) == (2, 1)
    assert round(i.response.percent or 0, 1) == 66.7
    assert (i.resolution.met, i.resolution.breached) == (1, 2)
    # MTTA: I0 33h, I1 64h20.
    assert (i.mtta.count, i.mtta.mean, i.mtta.p50, i.mtta.p90) == (
        2,
        2 * D + 40 * M,
        33 * H,
        2 * D + 16 * H + 20 * M,
    )
    assert ip.total == 0
