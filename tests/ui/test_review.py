"""Review mode: the window browses the ledger's history and writes both reports."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from noc_wallboard.adapters.ledger import open_ledger_engine
from noc_wallboard.adapters.ledger.database import sqlite_url
from noc_wallboard.adapters.ledger.history import SqlHistory
from noc_wallboard.domain.roster_timeline import rotation_shifts
from noc_wallboard.ui.review import ReviewWindow
from tests.history_scenario import CALENDARS, ROTATION, SHIFT, SLA_AT, play, t

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
async def ledger(tmp_path: Path):  # type: ignore[no-untyped-def]
    history = SqlHistory(open_ledger_engine(sqlite_url(tmp_path / "ledger.sqlite3")), "review")
    await play(history)
    yield history
    history.close()


def review(qtbot, ledger, zone: ZoneInfo = BERLIN, now=lambda: SLA_AT) -> ReviewWindow:  # type: ignore[no-untyped-def]
    window = ReviewWindow(
        ledger,
        zone=zone,
        now=now,
        lines=["L1"],
        shifts=rotation_shifts(ROTATION, t(3, 1, 0), t(4, 3, 0)),
        calendars=CALENDARS,
    )
    qtbot.addWidget(window)
    return window


def test_review_browses_history_and_writes_reports(qtbot, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = review(qtbot, ledger)
    window.set_window(*SHIFT)
    # The date fields are in the report zone (Berlin), like the table: not the desk's.
    assert (window.start_edit.text(), window.end_edit.text()) == (
        "2026-03-10 09:00",
        "2026-03-10 21:00",
    )
    assert window.time_window() == SHIFT
    window.reload()
    qtbot.waitUntil(lambda: not window.busy and window.table.rowCount() == 4, timeout=5000)
    # Newest first; source strings are plain text in the cells.
    assert [window.table.item(r, 1).text() for r in range(4)] == [
        "am/A3",
        "am/A2",
        "am/A1",
        "am/A4",
    ]
    assert window.table.item(0, 0).text() == "2026-03-10 20:30"  # A3 opened 19:30 UTC
    assert window.table.item(0, 3).text() == "A3 <b>down</b> & out"
    assert "BREACHED +0:05:00" in window.table.item(1, 7).text()
    # The leads come from the roster for the window.
    assert (window.outgoing.text(), window.incoming.text()) == ("Anna", "Ben")
    window.table.selectRow(3)
    text = window.events.toPlainText()
    assert "severity_changed" in text and "acknowledged by erin" in text and "reopened" in text

    window.notes.setPlainText("handover notes")
    out = tmp_path / "handover.html"
    window.export_handover(out)
    qtbot.waitUntil(lambda: not window.busy and out.exists(), timeout=5000)
    html = out.read_text()
    assert "handover notes" in html and "wrote" in window.status.text()
    assert "in progress" not in html and "Ben" in html

    window.month.setText("2026-03")
    pdf = tmp_path / "sla.pdf"
    window.export_sla(pdf)
    qtbot.waitUntil(lambda: not window.busy and pdf.exists(), timeout=10000)
    assert pdf.read_bytes().startswith(b"%PDF")

    window.month.setText("March")
    window.export_sla(tmp_path / "x.csv")
    assert "expected YYYY-MM" in window.status.text()


def test_typed_leads_stay_and_a_breach_of_an_earlier_cycle_shows(qtbot, ledger) -> None:  # type: ignore[no-untyped-def]
    window = review(qtbot, ledger)
    qtbot.keyClicks(window.outgoing, "Zoe")
    window.set_window(t(3, 20, 9), t(3, 20, 13))
    window.reload()
    qtbot.waitUntil(lambda: not window.busy and window.table.rowCount() == 1, timeout=5000)
    assert window.outgoing.text() == "Zoe"  # typed: the roster does not overwrite it
    assert window.table.item(0, 1).text() == "am/G4"
    assert window.table.item(0, 7).text() == (
        "met 0:05:00/0:15:00; earlier cycle BREACHED +0:20:00"
    )


def test_the_current_shift_is_reported_as_in_progress(qtbot, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """At 00:02 the night shift (20:00–08:00 UTC) runs: its window ends in the future, the
    report's figures stand at 00:02 and say so."""
    window = review(qtbot, ledger)
    window.show_shift("current")
    assert window.time_window() == (t(3, 31, 20), t(4, 1, 8))
    assert (window.start_edit.text(), window.end_edit.text()) == (
        "2026-03-31 22:00",
        "2026-04-01 10:00",
    )
    assert (window.outgoing.text(), window.incoming.text()) == ("Ben", "Anna")
    qtbot.waitUntil(lambda: not window.busy, timeout=5000)
    out = tmp_path / "current.csv"
    window.export_handover(out)
    qtbot.waitUntil(lambda: not window.busy and out.exists(), timeout=5000)
    text = out.read_text()
    assert "2026-04-01T00:02:00Z,yes,Ben,Anna" in text


def test_a_window_that_ends_before_it_starts_is_refused(qtbot, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = review(qtbot, ledger)
    window.set_window(t(3, 10, 20), t(3, 10, 8))
    window.reload()
    assert not window.busy and "must end after it starts" in window.status.text()
    window.export_handover(tmp_path / "x.html")
    assert not window.busy and not (tmp_path / "x.html").exists()
