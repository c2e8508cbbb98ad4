"""A scripted month of incidents for the history and report tests.

`play(ledger)` drives a real BoardStore with the polls below (board time = the source's
time, no skew), a Recorder writing to `ledger`, and returns when everything is written.
The expected figures of both reports are worked out by hand in tests/history_expected.py
from this script, not from the code under test.

All times UTC. Berlin is UTC+1 until 2026-03-29 02:00, UTC+2 after.

client initech (policy "initech": critical 30m/4h, major 1h/8h, business hours
Mon–Fri 09:00–17:00 Europe/Berlin):
  I0 major     02-28 23:30 (Sun 03-01 00:30 Berlin: March there, February in UTC)
                            ack 03-02 08:30 ivan    resolved 03-02 09:00
  I1 critical  Fri 03-13 15:50 (16:50 Berlin)  ack Mon 03-16 08:10 ivan
                            resolved Mon 03-16 13:00 (resolution breached in business time)
  I2 critical  Fri 03-27 15:00  never acked, open when the report is made: both clocks
                            overrun over a weekend and a DST change, counted in business time
client acme (critical 15m/4h, major 30m/8h, warning 1h/24h; 24×7):
  P1 critical  02-10 10:00  ack 10:10 alice     resolved 12:00
  P2 major     02-20 09:00  ack 09:40 bob       resolved 13:00   (response breached by 10m)
  A4 major     03-10 07:00  ack 07:10 dave; 12:00 rises to critical (re-opened);
                            ack 12:05 erin      resolved 21:00   (resolution due 11:00)
  A1 critical  03-10 09:00  ack 09:05 alice; 09:20 ack lapses; 09:25 ack alice
                                                resolved 10:00
  A2 critical  03-10 10:00  ack 10:20 bob       resolved 15:00   (both clocks breached)
  A3 warning   03-10 19:30  ack 20:10 carol     resolved 03-11 08:00
client globex:
  G1 minor     03-12 12:00  (no SLA target)     resolved 13:00
  G2 critical  03-15 03:00  never acked         resolved 03:30   (response breached)
  G4 major     03-20 10:00  ack 10:50 bob (response breached by 20m); 11:00 rises to
                            critical (re-opened); ack 11:05 carol   resolved 12:00
  G3 critical  03-31 23:50  open when the report is made (04-01 00:02; April in Berlin)
source `am` fails at 03-10 13:00, answers again at 13:30.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from noc_wallboard.domain.calendar import AlwaysOn, BusinessHours
from noc_wallboard.domain.errors import SourceUnavailable
from noc_wallboard.domain.history import HistoryBatch
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.roster import Participant, Rotation
from noc_wallboard.domain.severity import Severity
from noc_wallboard.domain.sla import SlaPolicies, SlaPolicy, SlaTarget
from noc_wallboard.ports import HistoryLedger, IncidentBatch
from noc_wallboard.services.recorder import Recorder
from noc_wallboard.services.store import BoardStore
from tests.factories import POLICY

SOURCE = "am"
SLA_AT = datetime(2026, 4, 1, 0, 2, tzinfo=UTC)
SHIFT = (datetime(2026, 3, 10, 8, 0, tzinfo=UTC), datetime(2026, 3, 10, 20, 0, tzinfo=UTC))
ROTATION = Rotation(
    "L1",
    (Participant("Anna"), Participant("Ben")),
    timedelta(hours=12),
    datetime(2026, 3, 1, 8, 0),
    "UTC",
)
C, MA, MI, W = Severity.CRITICAL, Severity.MAJOR, Severity.MINOR, Severity.WARNING
BERLIN_HOURS = BusinessHours(
    "initech-hours", "Europe/Berlin", {d: ((time(9), time(17)),) for d in range(1, 6)}
)
INITECH = SlaPolicy(
    targets={
        C: SlaTarget(timedelta(minutes=30), timedelta(hours=4)),
        MA: SlaTarget(timedelta(hours=1), timedelta(hours=8)),
    },
    calendar=BERLIN_HOURS,
    name="initech",
    match={"client": "initech"},
)
POLICIES = SlaPolicies((INITECH, POLICY))
CALENDARS = {"initech": BERLIN_HOURS, "default": AlwaysOn()}


def t(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@dataclass(frozen=True)
class Step:
    """(id, severity, opened, ack at, ack by) of the open incidents at one poll."""

    at: datetime
    open: tuple[tuple[str, Severity, datetime, datetime | None, str | None], ...] = ()
    fail: bool = False


def _client(ident: str) -> str:
    return {"G": "globex", "I": "initech"}.get(ident[0], "acme")


def incident(
    ident: str, sev: Severity, opened: datetime, ack: datetime | None, by: str | None
) -> Incident:
    return Incident(
        id=ident,
        source=SOURCE,
        title=f"{ident} <b>down</b> & out",  # markup from a source stays text
        severity=sev,
        state=IncidentState.ACKNOWLEDGED if ack else IncidentState.OPEN,
        opened_at=opened,
        labels={"alertname": f"Alert{ident}", "client": _client(ident)},
        raw_severity=sev.value,
        acknowledged_at=ack,
        acknowledged_by=by,
    )


P1 = ("P1", C, t(2, 10, 10))
P2 = ("P2", MA, t(2, 20, 9))
A4 = ("A4", MA, t(3, 10, 7))
A4C = ("A4", C, t(3, 10, 7))
A1 = ("A1", C, t(3, 10, 9))
A2 = ("A2", C, t(3, 10, 10))
A3 = ("A3", W, t(3, 10, 19, 30))
G1 = ("G1", MI, t(3, 12, 12))
G2 = ("G2", C, t(3, 15, 3))
G3 = ("G3", C, t(3, 31, 23, 50))
G4 = ("G4", MA, t(3, 20, 10))
G4C = ("G4", C, t(3, 20, 10))
I0 = ("I0", MA, t(2, 28, 23, 30))
I1 = ("I1", C, t(3, 13, 15, 50))
I2 = ("I2", C, t(3, 27, 15))


def _o(base: tuple[str, Severity, datetime], ack: datetime | None = None, by: str | None = None):  # type: ignore[no-untyped-def]
    return (*base, ack, by)


STEPS: tuple[Step, ...] = (
    Step(t(2, 10, 10), (_o(P1),)),
    Step(t(2, 10, 10, 10), (_o(P1, t(2, 10, 10, 10), "alice"),)),
    Step(t(2, 10, 12), ()),
    Step(t(2, 20, 9), (_o(P2),)),
    Step(t(2, 20, 9, 40), (_o(P2, t(2, 20, 9, 40), "bob"),)),
    Step(t(2, 20, 13), ()),
    Step(t(2, 28, 23, 30), (_o(I0),)),
    Step(t(3, 2, 8, 30), (_o(I0, t(3, 2, 8, 30), "ivan"),)),
    Step(t(3, 2, 9), ()),
    Step(t(3, 10, 7), (_o(A4),)),
    Step(t(3, 10, 7, 10), (_o(A4, t(3, 10, 7, 10), "dave"),)),
    Step(t(3, 10, 9), (_o(A4, t(3, 10, 7, 10), "dave"), _o(A1))),
    Step(t(3, 10, 9, 5), (_o(A4, t(3, 10, 7, 10), "dave"), _o(A1, t(3, 10, 9, 5), "alice"))),
    Step(t(3, 10, 9, 20), (_o(A4, t(3, 10, 7, 10), "dave"), _o(A1))),
    Step(t(3, 10, 9, 25), (_o(A4, t(3, 10, 7, 10), "dave"), _o(A1, t(3, 10, 9, 25), "alice"))),
    Step(t(3, 10, 10), (_o(A4, t(3, 10, 7, 10), "dave"), _o(A2))),
    Step(t(3, 10, 10, 20), (_o(A4, t(3, 10, 7, 10), "dave"), _o(A2, t(3, 10, 10, 20), "bob"))),
    Step(t(3, 10, 12), (_o(A4C), _o(A2, t(3, 10, 10, 20), "bob"))),
    Step(t(3, 10, 12, 5), (_o(A4C, t(3, 10, 12, 5), "erin"), _o(A2, t(3, 10, 10, 20), "bob"))),
    Step(t(3, 10, 13), fail=True),
    Step(t(3, 10, 13, 30), (_o(A4C, t(3, 10, 12, 5), "erin"), _o(A2, t(3, 10, 10, 20), "bob"))),
    Step(t(3, 10, 15), (_o(A4C, t(3, 10, 12, 5), "erin"),)),
    Step(t(3, 10, 19, 30), (_o(A4C, t(3, 10, 12, 5), "erin"), _o(A3))),
    Step(
        t(3, 10, 20, 10),
        (_o(A4C, t(3, 10, 12, 5), "erin"), _o(A3, t(3, 10, 20, 10), "carol")),
    ),
    Step(t(3, 10, 21), (_o(A3, t(3, 10, 20, 10), "carol"),)),
    Step(t(3, 11, 8), ()),
    Step(t(3, 12, 12), (_o(G1),)),
    Step(t(3, 12, 13), ()),
    Step(t(3, 13, 15, 50), (_o(I1),)),
    Step(t(3, 15, 3), (_o(I1), _o(G2))),
    Step(t(3, 15, 3, 30), (_o(I1),)),
    Step(t(3, 16, 8, 10), (_o(I1, t(3, 16, 8, 10), "ivan"),)),
    Step(t(3, 16, 13), ()),
    Step(t(3, 20, 10), (_o(G4),)),
    Step(t(3, 20, 10, 50), (_o(G4, t(3, 20, 10, 50), "bob"),)),
    Step(t(3, 20, 11), (_o(G4C),)),
    Step(t(3, 20, 11, 5), (_o(G4C, t(3, 20, 11, 5), "carol"),)),
    Step(t(3, 20, 12), ()),
    Step(t(3, 27, 15), (_o(I2),)),
    Step(t(3, 31, 23, 50), (_o(I2), _o(G3))),
)


def new_store(start: datetime = STEPS[0].at) -> BoardStore:
    return BoardStore(
        title="history",
        sources=[(SOURCE, "alertmanager")],
        panels=[],
        sla=POLICIES,
        rotations=[],
        now=start,
        incident_sources=[SOURCE],
    )


def new_recorder(ledger: HistoryLedger, observer: str = "test-board:1") -> Recorder:
    return Recorder(
        ledger,
        POLICIES,
        retention=timedelta(days=4000),
        observer=observer,
        clock=lambda: SLA_AT,
        incident_sources=[SOURCE],
    )


def apply(store: BoardStore, step: Step, delay: timedelta = timedelta(0)) -> None:
    at = step.at + delay
    if step.fail:
        store.apply_incidents(SOURCE, SourceUnavailable("connection refused"), at)
        return
    batch = IncidentBatch(tuple(incident(*spec) for spec in step.open))
    store.apply_incidents(SOURCE, batch, at)


async def play(ledger: HistoryLedger, steps: tuple[Step, ...] = STEPS) -> Recorder:
    store = new_store()
    recorder = new_recorder(ledger)
    await recorder.start(store)
    for step in steps:
        apply(store, step)
    await recorder.drain()
    await recorder.stop()
    return recorder


def play_sync(ledger: HistoryLedger) -> Recorder:
    return asyncio.run(play(ledger))


async def play_two_boards(ledger_a: HistoryLedger, ledger_b: HistoryLedger) -> None:
    """Board B polls the same source 7 s after board A, each with its own recorder, on one
    ledger. Each step is written before the next board polls, so A's rows come first."""
    store_a, store_b = new_store(), new_store()
    rec_a, rec_b = new_recorder(ledger_a, "board-a:1"), new_recorder(ledger_b, "board-b:2")
    await rec_a.start(store_a)
    await rec_b.start(store_b)
    for step in STEPS:
        apply(store_a, step)
        await rec_a.drain()
        apply(store_b, step, delay=timedelta(seconds=7))
        await rec_b.drain()
    await rec_a.stop()
    await rec_b.stop()


class Gated:
    """A ledger whose writes wait for a gate: the test opens it once both boards have
    queued their write, so the two writer threads write at the same moment."""

    def __init__(self, inner: HistoryLedger, gate: threading.Event) -> None:
        self.inner, self.gate = inner, gate

    def write(self, batch: HistoryBatch) -> None:
        self.gate.wait(10)
        self.inner.write(batch)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.inner, name)


async def play_two_boards_at_once(ledger_a: HistoryLedger, ledger_b: HistoryLedger) -> None:
    """Both boards poll at the same moment and write at the same time (two writer threads
    released together on each step): the history is the same as one board's."""
    gate = threading.Event()
    store_a, store_b = new_store(), new_store()
    rec_a = new_recorder(Gated(ledger_a, gate), "board-a:1")  # type: ignore[arg-type]
    rec_b = new_recorder(Gated(ledger_b, gate), "board-b:2")  # type: ignore[arg-type]
    gate.set()
    await rec_a.start(store_a)
    await rec_b.start(store_b)
    await asyncio.gather(rec_a.drain(), rec_b.drain())
    for step in STEPS:
        gate.clear()
        apply(store_a, step)
        apply(store_b, step)
        gate.set()
        await asyncio.gather(rec_a.drain(), rec_b.drain())
    await rec_a.stop()
    await rec_b.stop()
