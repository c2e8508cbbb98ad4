"""Benchmark: the monthly SLA report and a handover on a ledger of N incidents.

    .venv/bin/python tests/benchmarks/bench_reports.py [--incidents 4000] [--url URL]

Fills a fresh SQLite ledger (or the PostgreSQL database `--url` names, which must be
empty) with `--incidents` resolved occurrences spread over two months (each with its
opened / acknowledged / resolved events, a quarter of them re-opened once), then times
`load_sla` for the second month and `load_handover` for one 12-hour shift. Target: the SLA
report of 4,000 incidents in under 2 s. Not part of `pytest`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from noc_wallboard.adapters.ledger import open_ledger_engine  # noqa: E402
from noc_wallboard.adapters.ledger.database import sqlite_url  # noqa: E402
from noc_wallboard.adapters.ledger.history import SqlHistory  # noqa: E402
from noc_wallboard.domain.history import (  # noqa: E402
    ClockRecord,
    EventKind,
    HistoryBatch,
    HistoryEvent,
    IncidentRecord,
)
from noc_wallboard.domain.severity import Severity  # noqa: E402
from noc_wallboard.domain.sla import ClockState  # noqa: E402
from noc_wallboard.services.reports import load_handover, load_sla  # noqa: E402

TARGET_SLA_S = 2.0
START = datetime(2026, 2, 1, tzinfo=UTC)


def _clock(target: timedelta, start: datetime, stop: datetime) -> ClockRecord:
    actual = stop - start
    state = ClockState.MET if actual <= target else ClockState.BREACHED
    return ClockRecord(target, actual, start + target, state, False, stop)


def fill(ledger: SqlHistory, count: int) -> None:
    span = timedelta(days=59) / count
    batch_records: list[IncidentRecord] = []
    batch_events: list[HistoryEvent] = []
    for i in range(count):
        opened = START + span * i
        ack = opened + timedelta(minutes=3 + i % 25)
        resolved = opened + timedelta(minutes=40 + (i * 7) % 400)
        sev = Severity.CRITICAL if i % 3 == 0 else Severity.MAJOR
        ident = f"{i % 1500:016x}"  # ids fire again: several occurrences per id
        record = IncidentRecord(
            source="am",
            incident_id=ident,
            opened_at=opened,
            title=f"Alert {i}",
            severity=sev,
            labels={"client": f"client{i % 5}"},
            first_severity=sev,
            first_ack_at=ack,
            first_ack_by="bench",
            resolved_at=resolved,
            sla_policy="default",
            response=_clock(timedelta(minutes=15), opened, ack),
            resolution=_clock(timedelta(hours=4), opened, resolved),
            sla_at=resolved,
        )
        batch_records.append(record)
        batch_events += [
            HistoryEvent("am", ident, EventKind.OPENED, opened, opened, sev),
            HistoryEvent("am", ident, EventKind.ACKNOWLEDGED, ack, opened, sev, actor="bench"),
        ]
        if i % 4 == 0:
            batch_events.append(
                HistoryEvent(
                    "am",
                    ident,
                    EventKind.UNACKNOWLEDGED,
                    ack + timedelta(minutes=1),
                    opened,
                    sev,
                )
            )
        batch_events.append(HistoryEvent("am", ident, EventKind.RESOLVED, resolved, opened, sev))
        if len(batch_records) == 500 or i == count - 1:
            # Final clocks go with the `resolved` events, as the winning board writes them.
            records = tuple(batch_records)
            ledger.write(HistoryBatch(records=records, events=tuple(batch_events), finals=records))
            batch_records, batch_events = [], []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=4000)
    parser.add_argument("--url", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or sqlite_url(Path(tmp) / "bench.sqlite3")
        ledger = SqlHistory(open_ledger_engine(url), "bench:1")
        began = time.perf_counter()
        fill(ledger, args.incidents)
        print(f"filled {args.incidents} incidents in {time.perf_counter() - began:.1f} s")
        at = START + timedelta(days=62)
        timings = []
        for _ in range(3):
            began = time.perf_counter()
            report = load_sla(ledger, 2026, 3, at=at)
            timings.append(time.perf_counter() - began)
        total = sum(c.month.total for c in report.clients)
        print(f"SLA report 2026-03 ({total} incidents): best {min(timings):.2f} s")
        shift = (datetime(2026, 3, 10, 8, tzinfo=UTC), datetime(2026, 3, 10, 20, tzinfo=UTC))
        began = time.perf_counter()
        handover = load_handover(ledger, *shift, generated_at=at, risk_horizon=timedelta(hours=2))
        took = time.perf_counter() - began
        print(f"handover 12 h ({len(handover.new)} new): {took:.2f} s")
        ledger.close()
    ok = min(timings) <= TARGET_SLA_S
    print(f"target SLA report ≤ {TARGET_SLA_S:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
