"""Benchmark: 1,000 open incidents ticking at 1 Hz on an otherwise idle board.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_incidents.py [--seconds 30]

The real board window (wall mode, 1920×1080, offscreen) holds 1,000 open incidents under
two SLA policies (24×7 and business hours). The timers of `ui/run.py` run: countdowns at
1 Hz, clock states every 5 s. Measures:

- main-thread CPU while idle, as a share of one core (target ≤ 5 %);
- rows touched by a poll that changes 10 incidents (target ≤ 10);
- the cost of one 1 Hz tick and one 5 s state recompute.

Prints figures against the targets of issue 4. Not part of `pytest`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from noc_wallboard.domain.calendar import BusinessHours  # noqa: E402
from noc_wallboard.domain.incident import Incident, IncidentState  # noqa: E402
from noc_wallboard.domain.severity import Severity  # noqa: E402
from noc_wallboard.domain.sla import SlaPolicies, SlaPolicy, SlaTarget  # noqa: E402
from noc_wallboard.ports import IncidentBatch  # noqa: E402
from noc_wallboard.services.store import BoardStore  # noqa: E402
from noc_wallboard.ui.main_window import BoardWindow  # noqa: E402

TARGETS = {
    Severity.CRITICAL: SlaTarget(timedelta(minutes=15), timedelta(hours=4)),
    Severity.MAJOR: SlaTarget(timedelta(minutes=30), timedelta(hours=8)),
    Severity.WARNING: SlaTarget(timedelta(hours=1), timedelta(hours=24)),
}
OFFICE = BusinessHours(
    "office", "Europe/Berlin", {d: ((dtime(8), dtime(18)),) for d in range(1, 6)}
)
POLICIES = SlaPolicies(
    [
        SlaPolicy(TARGETS, calendar=OFFICE, name="business", match={"client": "initech"}),
        SlaPolicy(TARGETS, name="default"),
    ]
)
CLIENTS = ("acme", "globex", "initech", "umbrella")
SEVERITIES = (Severity.CRITICAL, Severity.MAJOR, Severity.WARNING, Severity.INFO)


def incidents(n: int, now: datetime, rng: random.Random) -> list[Incident]:
    out = []
    for i in range(n):
        opened = now - timedelta(seconds=rng.uniform(0, 6 * 3600))
        acked = rng.random() < 0.3
        out.append(
            Incident(
                id=f"{i:016x}",
                source="am",
                title=f"Synthetic incident {i} on host-{i % 97:02d}",
                severity=SEVERITIES[i % len(SEVERITIES)],
                state=IncidentState.ACKNOWLEDGED if acked else IncidentState.OPEN,
                opened_at=opened,
                labels={"client": CLIENTS[i % 4], "instance": f"host-{i % 97:02d}:9100"},
                acknowledged_at=opened + timedelta(minutes=2) if acked else None,
                acknowledged_by="bench" if acked else None,
            )
        )
    return out


def spin(app: QApplication, seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="idle run length")
    parser.add_argument("--incidents", type=int, default=1000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(["bench"])
    rng = random.Random(4)
    now = datetime.now(UTC)
    store = BoardStore(
        title="bench",
        sources=[("am", "alertmanager")],
        panels=[],
        sla=POLICIES,
        rotations=[],
        now=now,
        incident_sources=["am"],
    )
    items = incidents(args.incidents, now, rng)
    store.apply_incidents("am", IncidentBatch(tuple(items)), now)
    window = BoardWindow(mode="wall")
    window.resize(1920, 1080)
    window.show()
    store.subscribe(window.apply_state)
    window.apply_state(store.state)
    app.processEvents()

    # One poll that changes 10 incidents.
    before = window.model.rows_touched
    changed = list(items)
    for k in rng.sample(range(len(changed)), 10):
        changed[k] = replace(changed[k], title=changed[k].title + " (updated)")
    t0 = time.perf_counter()
    store.apply_incidents("am", IncidentBatch(tuple(changed)), datetime.now(UTC))
    app.processEvents()
    poll_ms = (time.perf_counter() - t0) * 1000
    touched = window.model.rows_touched - before

    # Cost of single operations.
    t0 = time.perf_counter()
    for _ in range(20):
        window.tick(datetime.now(UTC))
        app.processEvents()
    tick_ms = (time.perf_counter() - t0) / 20 * 1000
    t0 = time.perf_counter()
    for _ in range(5):
        store.tick(datetime.now(UTC))
        app.processEvents()
    state_ms = (time.perf_counter() - t0) / 5 * 1000

    # Idle run with the real timers.
    ticker = QTimer()
    ticker.timeout.connect(lambda: window.tick(datetime.now(UTC)))
    ticker.start(1000)
    recompute = QTimer()
    recompute.timeout.connect(lambda: store.tick(datetime.now(UTC)))
    recompute.start(5000)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    spin(app, args.seconds)
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    share = cpu / wall * 100

    def row(name: str, value: str, target: str, ok: bool) -> None:
        print(f"{name:<46} {value:>12}   target {target:<10} {'ok' if ok else 'MISSED'}")

    print(f"{args.incidents} open incidents, wall 1920x1080 offscreen, {wall:.0f}s idle run")
    row("main-thread CPU while idle (% of one core)", f"{share:.1f} %", "<= 5 %", share <= 5)
    row("rows touched by a poll changing 10 incidents", str(touched), "<= 10", touched <= 10)
    row("poll of 1,000 incidents, 10 changed (ms)", f"{poll_ms:.0f}", "-", True)
    row("one 1 Hz tick incl. paint (ms)", f"{tick_ms:.1f}", "-", True)
    row("one 5 s clock-state recompute (ms)", f"{state_ms:.0f}", "-", True)
    window.close()
    return 0 if share <= 5 and touched <= 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
