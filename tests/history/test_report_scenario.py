"""The scripted month recorded through a real store, recorder and SQLite ledger: every
figure of the handover and SLA reports as worked out by hand (tests/history_expected.py)."""

from __future__ import annotations

from datetime import timedelta

from noc_wallboard.adapters.ledger.history import SqlHistory
from noc_wallboard.domain.roster_timeline import rotation_shifts
from noc_wallboard.services.reports import leads_at, load_handover, load_sla, shift_window
from tests.history_expected import (
    assert_handover,
    assert_handover_in_progress,
    assert_history,
    assert_sla,
    assert_sla_berlin,
)
from tests.history_scenario import CALENDARS, ROTATION, SHIFT, SLA_AT, STEPS, play, t


def shifts():  # type: ignore[no-untyped-def]
    return rotation_shifts(ROTATION, t(3, 1, 0), t(4, 1, 0))


async def test_scenario_history_and_both_reports(ledger: SqlHistory) -> None:
    recorder = await play(ledger)
    assert (recorder.errors, recorder.dropped, recorder.merged, recorder.abandoned) == (0, 0, 0, 0)
    assert_history(ledger.load(t(2, 1, 0), t(4, 2, 0)))
    outgoing, incoming = leads_at(shifts(), "L1", *SHIFT)
    handover = load_handover(
        ledger,
        *SHIFT,
        generated_at=SLA_AT,
        risk_horizon=timedelta(hours=2),
        lines=["L1"],
        shifts=shifts(),
        outgoing=outgoing,
        incoming=incoming,
        notes="db-01 disk replaced",
        calendars=CALENDARS,
    )
    assert_handover(handover)
    assert_sla(load_sla(ledger, 2026, 3, at=SLA_AT, calendars=CALENDARS))
    berlin = load_sla(ledger, 2026, 3, at=SLA_AT, timezone="Europe/Berlin", calendars=CALENDARS)
    assert_sla_berlin(berlin)


async def test_a_shift_reported_while_in_progress(ledger: SqlHistory) -> None:
    """`--shift current` at 14:30: the ledger holds what happened until then and the
    figures stand at 14:30, not at the shift's end (20:00)."""
    now = t(3, 10, 14, 30)
    await play(ledger, tuple(s for s in STEPS if s.at <= now))
    report = load_handover(
        ledger,
        *SHIFT,
        generated_at=now,
        risk_horizon=timedelta(hours=2),
        lines=["L1"],
        shifts=shifts(),
        calendars=CALENDARS,
    )
    assert_handover_in_progress(report)


def test_shift_windows_from_the_roster() -> None:
    current = shift_window(shifts(), "L1", "current", t(3, 10, 12))
    assert current is not None
    assert (current.start, current.end, current.outgoing, current.incoming) == (
        t(3, 10, 8),
        t(3, 10, 20),
        "Anna",
        "Ben",
    )
    previous = shift_window(shifts(), "L1", "previous", t(3, 10, 12))
    assert previous is not None
    assert (previous.start, previous.end, previous.outgoing) == (t(3, 9, 20), t(3, 10, 8), "Ben")
    assert shift_window(shifts(), "L9", "current", t(3, 10, 12)) is None


async def test_one_client_only(ledger: SqlHistory) -> None:
    await play(ledger)
    report = load_sla(ledger, 2026, 3, at=SLA_AT, client="globex", calendars=CALENDARS)
    assert [c.client for c in report.clients] == ["globex"]
    empty = load_sla(ledger, 2026, 3, at=SLA_AT, client="umbrella")
    assert [c.month.total for c in empty.clients] == [0]
