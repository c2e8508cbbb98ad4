"""The recorder on SQLite: two boards on one ledger, restarts, outages, retention, a ledger
that fails, and the clock-skew correction undone."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from noc_wallboard.adapters.ledger.history import SqlHistory
from noc_wallboard.adapters.ledger.tables import (
    incident_events,
    incidents,
    response_cycles,
    source_outages,
)
from noc_wallboard.domain.errors import SourceUnavailable
from noc_wallboard.domain.history import EventKind, HistoryBatch
from noc_wallboard.domain.roster_timeline import rotation_shifts
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState
from noc_wallboard.ports import IncidentBatch
from noc_wallboard.services.reports import load_handover, load_sla
from tests.history_expected import ALL, EVENTS, assert_handover, assert_history, assert_sla
from tests.history_scenario import (
    CALENDARS,
    ROTATION,
    SHIFT,
    SLA_AT,
    SOURCE,
    STEPS,
    apply,
    incident,
    new_recorder,
    new_store,
    play,
    play_two_boards,
    play_two_boards_at_once,
    t,
)

M = timedelta(minutes=1)
H = timedelta(hours=1)


def count(ledger: SqlHistory, table) -> int:  # type: ignore[no-untyped-def]
    with ledger._engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


async def test_two_boards_on_one_ledger_write_one_history(ledger: SqlHistory) -> None:
    """Board B polls the same source 7 s after board A: whatever B adds is a duplicate of
    A's rows (same source times) or loses the compare-and-set (its own later times)."""
    await play_two_boards(ledger, SqlHistory(ledger._engine, "board-b:2"))
    late = t(3, 10, 13, 30) + timedelta(seconds=7)
    # Each board saw the outage itself: two observations, merged in the report.
    assert_history(
        ledger.load(t(2, 1, 0), t(4, 2, 0)),
        outages=[
            ("am", t(3, 10, 13), t(3, 10, 13, 30)),
            (
                "am",
                t(
                    3,
                    10,
                    13,
                    0,
                )
                + timedelta(seconds=7),
                late,
            ),
        ],
    )
    assert count(ledger, incidents) == len(ALL)
    assert count(ledger, incident_events) == EVENTS
    assert count(ledger, response_cycles) == len(ALL) + 2  # A4 and G4 re-opened
    report = load_handover(
        ledger,
        *SHIFT,
        generated_at=SLA_AT,
        risk_horizon=timedelta(hours=2),
        lines=["L1"],
        shifts=rotation_shifts(ROTATION, t(3, 1, 0), t(4, 1, 0)),
        outgoing="Anna",
        incoming="Ben",
        calendars=CALENDARS,
    )
    assert_handover(report, outage_end=late)
    assert_sla(load_sla(ledger, 2026, 3, at=SLA_AT, calendars=CALENDARS))


async def test_two_boards_writing_at_the_same_moment_write_one_history(
    ledger: SqlHistory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Both boards poll together and their writer threads write at once, every step."""
    monkeypatch.setattr("noc_wallboard.services.recorder.FIRST_RETRY_S", 0.01)
    await play_two_boards_at_once(ledger, SqlHistory(ledger._engine, "board-b:2"))
    history = ledger.load(t(2, 1, 0), t(4, 2, 0))
    # Both observers saw the outage from the same moment: two rows, one period.
    assert_history(
        history,
        outages=[("am", t(3, 10, 13), t(3, 10, 13, 30)), ("am", t(3, 10, 13), t(3, 10, 13, 30))],
    )
    assert count(ledger, incidents) == len(ALL)
    assert count(ledger, incident_events) == EVENTS
    assert count(ledger, response_cycles) == len(ALL) + 2
    assert_sla(load_sla(ledger, 2026, 3, at=SLA_AT, calendars=CALENDARS))


async def test_a_restarted_board_continues_the_same_history(ledger: SqlHistory) -> None:
    """Stopped after A4 was re-opened and acked again, restarted before A2 resolves: the
    new run takes the re-opened cycle and its ack back from the ledger."""
    cut = next(i for i, s in enumerate(STEPS) if s.at == t(3, 10, 12, 5)) + 1
    await play(ledger, STEPS[:cut])
    store = new_store(STEPS[cut].at)
    recorder = new_recorder(ledger, "board-a:3")
    await recorder.start(store)
    for step in STEPS[cut:]:
        apply(store, step)
    await recorder.drain()
    await recorder.stop()
    assert_history(ledger.load(t(2, 1, 0), t(4, 2, 0)))
    assert_sla(load_sla(ledger, 2026, 3, at=SLA_AT, calendars=CALENDARS))
    # assert_sla holds only because the restarted store took A4's re-opened cycle and
    # its 12:05 ack back from the ledger (else its response clock runs from 07:00).


async def test_an_incident_that_ended_while_nobody_recorded_is_closed(ledger: SqlHistory) -> None:
    """Acked after 5 minutes, then no board recorded; a board restarted at 11:00 finds it
    gone. The occurrence resolves at 11:00 with both clocks stopped there (the restarted
    board never showed it, so it computes them from the ledger's row): no false breach in
    a report made weeks later."""
    store = new_store(t(3, 1, 9))
    recorder = new_recorder(ledger)
    await recorder.start(store)
    for at, ack in ((t(3, 1, 9), None), (t(3, 1, 9, 5), t(3, 1, 9, 5))):
        batch = IncidentBatch(
            (incident("X1", Severity.CRITICAL, t(3, 1, 9), ack, "al" if ack else None),)
        )
        store.apply_incidents(SOURCE, batch, at)
    await recorder.drain()
    await recorder.stop()
    later = new_store(t(3, 1, 11))
    again = new_recorder(ledger, "board-a:9")
    await again.start(later)
    later.apply_incidents(SOURCE, SourceUnavailable("down"), t(3, 1, 10, 59))  # no answer yet
    await again.drain()
    assert ledger.load(t(3, 1, 0), t(3, 3, 0)).incidents[0].resolved_at is None
    later.apply_incidents(SOURCE, IncidentBatch(()), t(3, 1, 11))
    await again.drain()
    await again.stop()
    history = ledger.load(t(3, 1, 0), t(3, 3, 0))
    rec = history.incidents[0]
    assert rec.resolved_at == t(3, 1, 11)
    resolved = [e for e in history.events if e.kind is EventKind.RESOLVED]
    assert len(resolved) == 1 and "no board was recording" in resolved[0].detail
    assert rec.resolution is not None and rec.response is not None
    assert (rec.resolution.running, rec.resolution.stopped_at, rec.resolution.actual) == (
        False,
        t(3, 1, 11),
        2 * H,
    )
    assert (rec.response.running, rec.response.actual) == (False, 5 * M)
    month = load_sla(ledger, 2026, 3, at=t(3, 31, 23)).clients[0].month
    assert (month.response.met, month.resolution.met, month.breaches) == (1, 1, ())


async def test_an_occurrence_that_ended_between_two_polls_gets_final_clocks(
    ledger: SqlHistory,
) -> None:
    """The same id fires again between two polls: the old occurrence resolved when the
    new one opened, its clocks stopped then."""
    store = new_store(t(3, 1, 9))
    recorder = new_recorder(ledger)
    await recorder.start(store)
    first = incident("Y1", Severity.CRITICAL, t(3, 1, 9), None, None)
    store.apply_incidents(SOURCE, IncidentBatch((first,)), t(3, 1, 9))
    again = incident("Y1", Severity.CRITICAL, t(3, 1, 9, 10), None, None)
    store.apply_incidents(SOURCE, IncidentBatch((again,)), t(3, 1, 9, 11))
    await recorder.drain()
    await recorder.stop()
    history = ledger.load(t(3, 1, 0), t(3, 2, 0))
    old, new = history.incidents
    assert old.resolved_at == t(3, 1, 9, 10) and new.resolved_at is None
    # The old occurrence's `resolved` is dated when the new one opened: it still belongs
    # to the old one (events carry their occurrence; dating alone would misplace it).
    assert sorted((e.at, e.kind.value, e.opened_at) for e in history.events) == [
        (t(3, 1, 9), "opened", t(3, 1, 9)),
        (t(3, 1, 9, 10), "opened", t(3, 1, 9, 10)),
        (t(3, 1, 9, 10), "resolved", t(3, 1, 9)),
    ]
    assert old.resolution is not None and old.response is not None
    assert (old.response.running, old.response.actual, old.response.state) == (
        False,
        10 * M,
        ClockState.MET,
    )
    assert (old.resolution.running, old.resolution.actual) == (False, 10 * M)


async def test_clock_skew_correction_is_undone(ledger: SqlHistory) -> None:
    """A source 5 minutes ahead: the board corrects its times, the ledger keeps the source's."""
    store = new_store(t(3, 1, 9))
    recorder = new_recorder(ledger)
    await recorder.start(store)
    opened = t(3, 1, 9, 5)  # on the source's clock
    for minute in range(3):
        batch = IncidentBatch(
            (incident("S1", Severity.CRITICAL, opened, None, None),),
            clock_skew=timedelta(minutes=5),
        )
        store.apply_incidents(SOURCE, batch, t(3, 1, 9, 1 + minute))
    board = next(i.incident for i in store.state.incidents)
    assert board.opened_at == t(3, 1, 9, 0)
    await recorder.drain()
    await recorder.stop()
    rec = ledger.load(t(3, 1, 0), t(3, 2, 0)).incidents[0]
    assert rec.opened_at == opened
    assert rec.response is not None and rec.response.due_at == opened + timedelta(minutes=15)


async def test_retention_prunes_what_ended_long_ago(ledger: SqlHistory) -> None:
    await play(ledger)
    # P1, P2, their six events and two cycles; no outage ended before March.
    removed = ledger.prune(t(3, 1, 0))
    assert removed == 2 + 6 + 2
    assert [r.incident_id for r in ledger.load(t(2, 1, 0), t(4, 2, 0)).incidents][:2] == [
        "I0",
        "A4",
    ]
    assert count(ledger, source_outages) == 1
    assert count(ledger, response_cycles) == len(ALL) + 2 - 2


async def test_retention_keeps_the_events_of_a_newer_occurrence(ledger: SqlHistory) -> None:
    """Z1 resolved long ago and fired again (still open): pruning the old occurrence
    leaves every event of the new one, even those older than the cut."""
    store = new_store(t(1, 5, 9))
    recorder = new_recorder(ledger)
    await recorder.start(store)
    old = incident("Z1", Severity.MAJOR, t(1, 5, 9), None, None)
    store.apply_incidents(SOURCE, IncidentBatch((old,)), t(1, 5, 9))
    store.apply_incidents(SOURCE, IncidentBatch(()), t(1, 5, 10))
    new = incident("Z1", Severity.MAJOR, t(1, 20, 9), t(1, 20, 9, 5), "al")
    store.apply_incidents(SOURCE, IncidentBatch((new,)), t(1, 20, 9, 5))
    await recorder.drain()
    await recorder.stop()
    assert ledger.prune(t(2, 1, 0)) == 1 + 2 + 1  # the old occurrence, 2 events, 1 cycle
    history = ledger.load(t(1, 1, 0), t(3, 1, 0))
    assert [(e.kind, e.at) for e in history.events] == [
        (EventKind.OPENED, t(1, 20, 9)),
        (EventKind.ACKNOWLEDGED, t(1, 20, 9, 5)),
    ]


class FlakyLedger:
    """Fails the first writes like a database that is restarting."""

    def __init__(self, inner: SqlHistory, failures: int) -> None:
        self.inner, self.failures, self.calls = inner, failures, 0

    def write(self, batch: HistoryBatch) -> None:
        self.calls += 1
        if self.failures:
            self.failures -= 1
            raise SourceUnavailable("ledger restarting")
        self.inner.write(batch)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)


async def test_writes_are_retried_until_the_ledger_answers(ledger: SqlHistory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("noc_wallboard.services.recorder.FIRST_RETRY_S", 0.01)
    flaky = FlakyLedger(ledger, failures=3)
    recorder = new_recorder(flaky)  # type: ignore[arg-type]
    store = new_store(t(3, 1, 9))
    await recorder.start(store)
    store.apply_incidents(
        SOURCE, IncidentBatch((incident("R1", Severity.MAJOR, t(3, 1, 9), None, None),)), t(3, 1, 9)
    )
    await asyncio.wait_for(recorder.drain(), 10)
    await recorder.stop()
    assert recorder.errors == 3
    assert [r.incident_id for r in ledger.load(t(3, 1, 0), t(3, 2, 0)).incidents] == ["R1"]


async def test_recording_never_runs_on_the_observing_thread(ledger: SqlHistory) -> None:
    """observe() only queues: a ledger that blocks does not block the store."""
    import threading

    gate = threading.Event()

    class Slow(FlakyLedger):
        def write(self, batch: HistoryBatch) -> None:
            gate.wait(5)
            self.inner.write(batch)

    recorder = new_recorder(Slow(ledger, 0))  # type: ignore[arg-type]
    store = new_store(t(3, 1, 9))
    await recorder.start(store)
    store.apply_incidents(
        SOURCE, IncidentBatch((incident("Q1", Severity.MAJOR, t(3, 1, 9), None, None),)), t(3, 1, 9)
    )  # returns at once although the write waits
    assert ledger.load(t(3, 1, 0), t(3, 2, 0)).incidents == ()
    gate.set()
    await recorder.drain()
    await recorder.stop()
    assert len(ledger.load(t(3, 1, 0), t(3, 2, 0)).incidents) == 1


def test_first_ack_of_a_cycle_answers_the_response_clock_after_a_re_ack() -> None:
    """Store memory: an ack that lapsed and came back later still answered at the first."""
    store = new_store(t(3, 1, 9))
    opened = t(3, 1, 9)
    for at, ack in (
        (t(3, 1, 9), None),
        (t(3, 1, 9, 5), t(3, 1, 9, 5)),
        (t(3, 1, 9, 20), None),
        (t(3, 1, 9, 25), t(3, 1, 9, 25)),
    ):
        batch = IncidentBatch(
            (incident("M1", Severity.CRITICAL, opened, ack, "al" if ack else None),)
        )
        store.apply_incidents(SOURCE, batch, at)
    item = store.state.incidents[0]
    assert item.sla is not None and item.sla.response.remaining == timedelta(minutes=10)


async def test_a_full_backlog_is_merged_and_nothing_is_lost(
    ledger: SqlHistory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The ledger is down while the whole month is observed (a backlog of 3 pending
    writes at most): the writes merge instead of dropping any, and once the ledger
    answers the history is complete."""
    import threading

    monkeypatch.setattr("noc_wallboard.services.recorder.MAX_BACKLOG", 3)
    monkeypatch.setattr("noc_wallboard.services.recorder.FIRST_RETRY_S", 0.01)
    up = threading.Event()

    class Down(FlakyLedger):
        def write(self, batch: HistoryBatch) -> None:
            if not up.is_set():
                raise SourceUnavailable("ledger restarting")
            self.inner.write(batch)

    recorder = new_recorder(Down(ledger, 0))  # type: ignore[arg-type]
    store = new_store()
    await recorder.start(store)
    for step in STEPS:
        apply(store, step)
    assert recorder.merged > 0
    up.set()
    await asyncio.wait_for(recorder.drain(), 20)
    await recorder.stop()
    assert (recorder.dropped, recorder.abandoned) == (0, 0)
    assert_history(ledger.load(t(2, 1, 0), t(4, 2, 0)))
    assert_sla(load_sla(ledger, 2026, 3, at=SLA_AT, calendars=CALENDARS))


async def test_a_refused_write_drops_only_the_refused_occurrence(
    ledger: SqlHistory, caplog
) -> None:  # type: ignore[no-untyped-def]
    """A row the database refuses (here: an id PostgreSQL would find too long) is not
    retried forever and does not take the other incidents of its write with it."""
    from noc_wallboard.adapters.ledger.history import HistoryRejected

    class Picky(FlakyLedger):
        def write(self, batch: HistoryBatch) -> None:
            self.calls += 1
            if any(r.incident_id == "BAD" for r in batch.records):
                raise HistoryRejected("value too long for type character varying(200)")
            self.inner.write(batch)

    picky = Picky(ledger, 0)
    recorder = new_recorder(picky)  # type: ignore[arg-type]
    store = new_store(t(3, 1, 9))
    await recorder.start(store)
    batch = IncidentBatch(
        (
            incident("OK1", Severity.MAJOR, t(3, 1, 9), None, None),
            incident("BAD", Severity.MAJOR, t(3, 1, 9), None, None),
        )
    )
    store.apply_incidents(SOURCE, batch, t(3, 1, 9))
    await asyncio.wait_for(recorder.drain(), 10)
    await recorder.stop()
    assert [r.incident_id for r in ledger.load(t(3, 1, 0), t(3, 2, 0)).incidents] == ["OK1"]
    assert recorder.dropped == 1 and picky.calls == 1 + 2  # the whole write, then each part
    assert "refused am/BAD" in caplog.text


async def test_stop_ends_the_open_outages_at_the_last_check(ledger: SqlHistory) -> None:
    store = new_store(t(3, 1, 9))
    recorder = new_recorder(ledger)
    await recorder.start(store)
    for minute in range(3):
        store.apply_incidents(SOURCE, SourceUnavailable("refused"), t(3, 1, 9, minute))
    await recorder.drain()
    await recorder.stop()
    [outage] = ledger.load(t(3, 1, 0), t(3, 2, 0)).outages
    assert (outage.started_at, outage.ended_at) == (t(3, 1, 9), t(3, 1, 9, 2))


async def test_an_outage_whose_board_vanished_ends_at_its_last_check(ledger: SqlHistory) -> None:
    """A board killed while a source was down leaves its outage open: a report counts it
    as ended at the last check once that is older than three poll intervals."""
    ledger.write(
        HistoryBatch(
            outages_started=(
                _outage(t(3, 1, 9), checked=t(3, 1, 9, 30)),
                _outage(t(3, 1, 11, 50), checked=t(3, 1, 11, 59), observer="live:1"),
            )
        )
    )
    report = load_handover(
        ledger,
        t(3, 1, 8),
        t(3, 1, 20),
        generated_at=t(3, 1, 12),
        risk_horizon=timedelta(hours=2),
        outage_stale_after=timedelta(minutes=3),
    )
    assert [(o.start, o.end) for o in report.outages] == [
        (t(3, 1, 9), t(3, 1, 9, 30)),
        (t(3, 1, 11, 50), None),  # checked a minute ago: still down
    ]


def _outage(start, checked, observer: str = "gone:1"):  # type: ignore[no-untyped-def]
    from noc_wallboard.domain.history import Outage

    return Outage(SOURCE, start, None, "refused", "unavailable", observer, checked)


async def test_what_cannot_be_written_at_stop_is_counted_and_logged(
    ledger: SqlHistory, caplog, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("noc_wallboard.services.recorder.FIRST_RETRY_S", 0.01)
    down = FlakyLedger(ledger, failures=10**6)
    recorder = new_recorder(down)  # type: ignore[arg-type]
    store = new_store(t(3, 1, 9))
    await recorder.start(store)
    store.apply_incidents(
        SOURCE, IncidentBatch((incident("L1", Severity.MAJOR, t(3, 1, 9), None, None),)), t(3, 1, 9)
    )
    await recorder.stop()
    assert recorder.abandoned == 1
    assert "abandoned at stop" in caplog.text and "1 incident row(s)" in caplog.text
