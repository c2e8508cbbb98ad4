"""The roster region: rows per line, a red gap row, and the sound hook signal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from noc_wallboard.domain.roster import LineDuty, Participant
from noc_wallboard.presentation.roster import roster_line
from noc_wallboard.ui.roster_view import RosterView

NOW = datetime(2026, 11, 27, 10, tzinfo=UTC)
A = Participant("Anna", "+49 1")


def covered(line: str) -> LineDuty:
    return LineDuty(line, (A,), NOW - timedelta(hours=1), NOW + timedelta(hours=1), (A,), None)


def gap(line: str) -> LineDuty:
    return LineDuty(line, (), NOW - timedelta(minutes=5), NOW + timedelta(minutes=55), (A,), None)


def test_gap_alarm_signal_fires_once_per_new_gap(qtbot):
    view = RosterView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    fired: list[list[str]] = []
    view.gapAlarm.connect(fired.append)
    view.set_lines([roster_line(covered("L1"), NOW), roster_line(gap("DB"), NOW)])
    view.set_lines([roster_line(covered("L1"), NOW), roster_line(gap("DB"), NOW)])
    assert fired == [["DB"]]
    assert view.sounding == {"DB"}
    view.set_lines([roster_line(covered("L1"), NOW), roster_line(covered("DB"), NOW)])
    assert fired == [["DB"], []]  # all covered again: the sound may stop
    view.grab()  # paints without error, stale and alarm rows included
    stale = LineDuty("L2", (A,), None, None, stale=True, error="cal: timeout")
    view.set_lines([roster_line(stale, NOW), roster_line(gap("DB"), NOW)])
    view.grab()
    assert fired[-1] == ["DB"]
