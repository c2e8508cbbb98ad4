"""Reports from the ledger: load what a window needs, hand it to the pure report functions.
Blocking (database reads): callers on an event loop run these in a worker thread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from noc_wallboard.domain.report_figures import Calendars, month_window, previous_month
from noc_wallboard.domain.report_handover import (
    HandoverReport,
    RosterPiece,
    handover_report,
    roster_pieces,
)
from noc_wallboard.domain.report_sla import SlaReport, sla_report
from noc_wallboard.domain.roster_timeline import Shift
from noc_wallboard.ports import HistoryLedger

_AROUND = timedelta(days=35)


@dataclass(frozen=True, slots=True)
class ShiftWindow:
    line: str
    start: datetime
    end: datetime
    outgoing: str
    incoming: str


def _names(piece: RosterPiece | None) -> str:
    return ", ".join(piece.who) if piece is not None and piece.who else ""


def shift_window(
    shifts: Sequence[Shift], line: str, which: str | datetime, now: datetime
) -> ShiftWindow | None:
    """The shift of `line` to report on: `current` (the one running now), `previous`
    (the one before it), or the one running at a given moment. Its lead is whoever is on
    duty on that line; the incoming lead is who follows."""
    at = which if isinstance(which, datetime) else now
    mine = [s for s in shifts if s.line == line]
    if not mine:
        return None
    pieces = roster_pieces([line], mine, at - _AROUND, at + _AROUND)
    index = next((i for i, p in enumerate(pieces) if p.start <= at < p.end), None)
    if index is None:
        return None
    if which == "previous":
        index -= 1
        if index < 0:
            return None
    piece = pieces[index]
    following = pieces[index + 1] if index + 1 < len(pieces) else None
    return ShiftWindow(line, piece.start, piece.end, _names(piece), _names(following))


def leads_at(shifts: Sequence[Shift], line: str, start: datetime, end: datetime) -> tuple[str, str]:
    """Outgoing (on duty just before `end`) and incoming (on duty at `end`) on `line`."""
    eps = timedelta(microseconds=1)
    mine = [s for s in shifts if s.line == line]
    before = roster_pieces([line], mine, end - eps, end)
    after = roster_pieces([line], mine, end, end + eps)
    return _names(before[0] if before else None), _names(after[0] if after else None)


def load_handover(
    ledger: HistoryLedger,
    start: datetime,
    end: datetime,
    *,
    generated_at: datetime,
    risk_horizon: timedelta,
    lines: Sequence[str] = (),
    shifts: Sequence[Shift] = (),
    outgoing: str = "",
    incoming: str = "",
    notes: str = "",
    calendars: Calendars | None = None,
    outage_stale_after: timedelta | None = None,
) -> HandoverReport:
    """The handover of [start, end), figures as of min(end, generated_at)."""
    history = ledger.load(start, end)
    return handover_report(
        history,
        start,
        end,
        generated_at=generated_at,
        risk_horizon=risk_horizon,
        roster=roster_pieces(lines, shifts, start, end),
        outgoing=outgoing,
        incoming=incoming,
        notes=notes,
        calendars=calendars,
        outage_stale_after=outage_stale_after,
    )


def load_sla(
    ledger: HistoryLedger,
    year: int,
    month: int,
    *,
    at: datetime,
    timezone: str = "UTC",
    client: str | None = None,
    calendars: Calendars | None = None,
) -> SlaReport:
    window = month_window(year, month, timezone)
    previous = month_window(*previous_month(year, month), timezone)
    # Occurrences opened in the two months with their response cycles; no events.
    history = ledger.load(previous[0], window[1], opened_from=previous[0], events=False)
    return sla_report(
        history.incidents,
        year=year,
        month=month,
        window=window,
        previous=previous,
        at=at,
        client=client,
        timezone=timezone,
        calendars=calendars,
    )
