"""Pure figures: clocks read back from the ledger, business-hours overruns, response cycles,
merged writes, roster pieces, and the retention floor."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from noc_wallboard.domain.calendar import BusinessHours
from noc_wallboard.domain.history import (
    ClockRecord,
    EventKind,
    HistoryBatch,
    HistoryEvent,
    IncidentRecord,
    Outage,
    ResponseCycle,
    merge_batches,
    split_batch,
)
from noc_wallboard.domain.report_figures import clock_at, response_clocks_at
from noc_wallboard.domain.report_handover import roster_pieces
from noc_wallboard.domain.roster import Participant
from noc_wallboard.domain.roster_timeline import Shift
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import ClockState

M = timedelta(minutes=1)
H = timedelta(hours=1)


def t(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def running(target: timedelta, due: datetime) -> ClockRecord:
    return ClockRecord(target, timedelta(0), due, ClockState.RUNNING, True)


def test_a_clock_nobody_stopped_stops_at_the_resolution() -> None:
    """Acked after 5 min, resolved at 11:00 while no board recorded: the row still holds
    the resolution clock as running (as of 09:05). At the month's end it is met in 2 h —
    not breached by 26 days."""
    rec = IncidentRecord(
        "am",
        "X1",
        t(3, 1, 9),
        "x",
        Severity.CRITICAL,
        response=ClockRecord(15 * M, 5 * M, t(3, 1, 9, 15), ClockState.MET, False, t(3, 1, 9, 5)),
        resolution=running(4 * H, t(3, 1, 13)),
        resolved_at=t(3, 1, 11),
    )
    end = clock_at(rec, "resolution", t(3, 31, 23))
    assert end is not None
    assert (end.state, end.actual, end.stopped, end.overrun) == (ClockState.MET, 2 * H, True, None)
    late = IncidentRecord(**{**_fields(rec), "resolved_at": t(3, 1, 14)})
    over = clock_at(late, "resolution", t(3, 31, 23))
    assert over is not None and (over.state, over.overrun) == (ClockState.BREACHED, 1 * H)
    # Before the resolution, the clock was running.
    before = clock_at(rec, "resolution", t(3, 1, 10))
    assert before is not None and (before.state, before.actual) == (ClockState.RUNNING, 1 * H)


def _fields(rec: IncidentRecord) -> dict:  # type: ignore[type-arg]
    return {f: getattr(rec, f) for f in rec.__dataclass_fields__}


OFFICE = BusinessHours("office", "Europe/Berlin", {d: ((time(9), time(17)),) for d in range(1, 6)})


def test_a_running_business_hours_clock_overruns_in_business_time_only() -> None:
    """Due Friday 16:30 Berlin (15:30 UTC); on Monday 10:00 Berlin it is 1 h 30 over
    (Fri 16:30–17:00, Mon 09:00–10:00), not 65 h 30."""
    rec = IncidentRecord(
        "am",
        "B1",
        t(3, 13, 15),
        "x",
        Severity.CRITICAL,
        sla_policy="office",
        response=running(30 * M, t(3, 13, 15, 30)),
    )
    at = t(3, 16, 9)  # Monday 10:00 Berlin
    clock = clock_at(rec, "response", at, {"office": OFFICE})
    assert clock is not None and (clock.state, clock.overrun) == (ClockState.BREACHED, 90 * M)
    calendar_time = clock_at(rec, "response", at)
    assert calendar_time is not None and calendar_time.overrun == 65 * H + 30 * M
    # Saturday noon: still only the half hour of Friday.
    weekend = clock_at(rec, "response", t(3, 14, 11), {"office": OFFICE})
    assert weekend is not None and weekend.overrun == 30 * M


def test_each_response_cycle_keeps_its_own_verdict() -> None:
    """Major acked 20 min late (breach), raised to critical and acked in 5 min (met)."""
    first = ClockRecord(
        30 * M, 50 * M, t(3, 20, 10, 30), ClockState.BREACHED, False, t(3, 20, 10, 50)
    )
    second = ClockRecord(15 * M, 5 * M, t(3, 20, 11, 15), ClockState.MET, False, t(3, 20, 11, 5))
    rec = IncidentRecord(
        "am",
        "G4",
        t(3, 20, 10),
        "x",
        Severity.CRITICAL,
        response=second,
        response_started_at=t(3, 20, 11),
        cycles=(
            ResponseCycle(t(3, 20, 10), Severity.MAJOR, first, t(3, 20, 10, 50), "bob"),
            ResponseCycle(t(3, 20, 11), Severity.CRITICAL, second, t(3, 20, 11, 5), "carol"),
        ),
    )
    clocks = response_clocks_at(rec, t(3, 31, 0))
    assert [(c.cycle, c.label, c.severity, c.state, c.overrun) for c in clocks] == [
        (1, "response", Severity.MAJOR, ClockState.BREACHED, 20 * M),
        (2, "response (cycle 2)", Severity.CRITICAL, ClockState.MET, None),
    ]
    # At 10:59 only the first cycle had begun.
    assert [c.cycle for c in response_clocks_at(rec, t(3, 20, 10, 59))] == [1]
    current = clock_at(rec, "response", t(3, 31, 0))
    assert current is not None and current.cycle == 2


def test_a_superseded_cycle_never_answered_ends_where_the_next_begins() -> None:
    """A source re-opened an unacknowledged incident: the first cycle's clock stops at
    the second cycle's start."""
    rec = IncidentRecord(
        "am",
        "R1",
        t(3, 1, 9),
        "x",
        Severity.CRITICAL,
        cycles=(
            ResponseCycle(t(3, 1, 9), Severity.CRITICAL, running(15 * M, t(3, 1, 9, 15))),
            ResponseCycle(t(3, 1, 9, 10), Severity.CRITICAL, running(15 * M, t(3, 1, 9, 25))),
        ),
    )
    first, second = response_clocks_at(rec, t(3, 1, 12))
    assert (first.stopped, first.state, first.actual) == (True, ClockState.MET, 10 * M)
    assert (second.stopped, second.state, second.overrun) == (
        False,
        ClockState.BREACHED,
        2 * H + 35 * M,
    )


def record(sev: Severity, cycle: datetime | None, at: datetime) -> IncidentRecord:
    return IncidentRecord(
        "am",
        "M1",
        t(3, 1, 9),
        f"seen {at:%H:%M}",
        sev,
        first_severity=sev,
        response_started_at=cycle,
        sla_at=at,
    )


def test_merged_writes_lose_no_event_nor_cycle() -> None:
    events = [
        HistoryEvent("am", "M1", EventKind.OPENED, t(3, 1, 9), t(3, 1, 9)),
        HistoryEvent("am", "M1", EventKind.ACKNOWLEDGED, t(3, 1, 9, 5), t(3, 1, 9), actor="al"),
        HistoryEvent("am", "M1", EventKind.REOPENED, t(3, 1, 9, 30), t(3, 1, 9)),
    ]
    outage = Outage("am", t(3, 1, 9, 40), None, "down", "unavailable", "me", t(3, 1, 9, 40))
    batches = [
        HistoryBatch(records=(record(Severity.MAJOR, None, t(3, 1, 9)),), events=(events[0],)),
        HistoryBatch(records=(record(Severity.MAJOR, None, t(3, 1, 9, 5)),), events=(events[1],)),
        HistoryBatch(
            records=(record(Severity.CRITICAL, t(3, 1, 9, 30), t(3, 1, 9, 30)),),
            events=(events[2],),
        ),
        HistoryBatch(outages_started=(outage,), board_now=t(3, 1, 9, 40)),
        HistoryBatch(outages_checked=(("am", "me", t(3, 1, 9, 40), t(3, 1, 9, 41)),)),
        HistoryBatch(outages_checked=(("am", "me", t(3, 1, 9, 40), t(3, 1, 9, 42)),)),
    ]
    merged = merge_batches(batches)
    assert merged.events == tuple(events)
    # The latest record of each cycle, both with the severity of first sight.
    assert [(r.title, r.severity, r.first_severity) for r in merged.records] == [
        ("seen 09:05", Severity.MAJOR, Severity.MAJOR),
        ("seen 09:30", Severity.CRITICAL, Severity.MAJOR),
    ]
    assert merged.outages_started == (outage,)
    assert merged.outages_checked == (("am", "me", t(3, 1, 9, 40), t(3, 1, 9, 42)),)
    assert merged.board_now == t(3, 1, 9, 40)
    parts = split_batch(merged)
    assert [(len(p.records), len(p.events), p.outages_started) for p in parts] == [
        (2, 3, ()),
        (0, 0, (outage,)),
    ]


def test_roster_pieces_hand_off_by_hand_off_with_gaps() -> None:
    anna, ben = Participant("Anna"), Participant("Ben")
    shifts = [
        Shift("L1", (anna,), t(3, 10, 8), t(3, 10, 14)),
        Shift("L1", (ben,), t(3, 10, 16), t(3, 10, 22)),
    ]
    pieces = roster_pieces(["L1", "L2"], shifts, t(3, 10, 8), t(3, 10, 20))
    assert [(p.line, p.who, p.start, p.end) for p in pieces] == [
        ("L1", ("Anna",), t(3, 10, 8), t(3, 10, 14)),
        ("L1", (), t(3, 10, 14), t(3, 10, 16)),
        ("L1", ("Ben",), t(3, 10, 16), t(3, 10, 20)),
        ("L2", (), t(3, 10, 8), t(3, 10, 20)),
    ]


def test_retention_keeps_at_least_two_months() -> None:
    from pydantic import ValidationError

    from noc_wallboard.config.ack_schema import LedgerSection

    assert LedgerSection.model_validate({"retention": "62d"}).retention == timedelta(days=62)
    with pytest.raises(ValidationError, match="at least 62d"):
        LedgerSection.model_validate({"retention": "30d"})
