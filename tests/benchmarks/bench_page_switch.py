"""Benchmark: how long a page switch takes with many incidents, wall against desk.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_page_switch.py [--incidents 1000 2000]

A wall window (1920×1080, offscreen) rotates between an "everything" page and a page
filtered to one client: each switch replaces most rows of the incident table by row
operations. The wall's table has the "+N more" line (ui/incident_overflow.py), which
must be refitted once per switch, not once per row. The desk window (no overflow line)
gives the baseline. Each figure is the median of several switches, including the event
loop pass that follows (where a coalesced refit runs). Target: the wall within 2× the
desk. Not part of `pytest`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from bench_incidents import POLICIES, incidents  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from noc_wallboard.domain.wall import LabelFilter, PageSpec, WallSpec  # noqa: E402
from noc_wallboard.ports import IncidentBatch  # noqa: E402
from noc_wallboard.services.store import BoardStore  # noqa: E402
from noc_wallboard.ui.board_screen import BoardScreen  # noqa: E402
from noc_wallboard.ui.main_window import BoardWindow  # noqa: E402
from tests.factories import NOW  # noqa: E402

S = timedelta(seconds=1)


def switch_ms(app: QApplication, mode: str, n: int, switches: int) -> float:
    store = BoardStore(
        title="bench",
        sources=[("am", "alertmanager")],
        panels=[],
        sla=POLICIES,
        rotations=[],
        now=NOW,
        incident_sources=["am"],
    )
    store.apply_incidents("am", IncidentBatch(tuple(incidents(n, NOW, random.Random(1)))), NOW)
    window = BoardWindow(mode=mode)
    window.resize(1920, 1080)
    window.show()
    pages = (
        PageSpec("everything", dwell=10 * S),
        PageSpec("acme", dwell=10 * S, filter=LabelFilter({"client": "acme"})),
    )
    # No interrupts: 1,000 incidents hold criticals, and a hold would stop the rotation.
    spec = WallSpec(pages=pages, interrupt_severities=frozenset(), interrupt_on_breach=False)
    board = BoardScreen(window, spec)
    board.apply_state(store.state)
    app.processEvents()
    times = []
    for k in range(1, switches + 1):
        start = time.perf_counter()
        board.tick(NOW + 10 * k * S)
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    window.close()
    window.deleteLater()
    app.processEvents()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--switches", type=int, default=6)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    ok = True
    for n in args.incidents:
        desk = switch_ms(app, "desk", n, args.switches)
        wall = switch_ms(app, "wall", n, args.switches)
        good = wall <= 2 * desk + 5
        ok &= good
        print(
            f"{n:>5} incidents: page switch wall {wall:7.1f} ms, desk {desk:7.1f} ms "
            f"(wall/desk {wall / desk:4.1f}x; target <= 2x) {'ok' if good else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
