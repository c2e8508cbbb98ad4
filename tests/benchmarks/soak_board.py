"""Accelerated soak of the board's store and window: flat memory or not.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/soak_board.py [--cycles 2000]

Each cycle is one poll of an incident source (300 incidents that come and go), one poll of
two 200-series panels, five 1 Hz ticks and one clock-state recompute: 2,000 cycles are
about 2.8 hours of a wall at 5 s polls, run in under two minutes. Prints RSS as it goes;
flat is the target. Not part of `pytest`.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from bench_incidents import POLICIES, incidents  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from noc_wallboard.ports import IncidentBatch, PanelAnswer  # noqa: E402
from noc_wallboard.services.store import BoardStore  # noqa: E402
from noc_wallboard.ui.main_window import BoardWindow  # noqa: E402
from tests.factories import CPU, UP, samples  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=2000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(["soak"])
    rng = random.Random(1)
    start = datetime.now(UTC)
    store = BoardStore(
        title="soak",
        sources=[("am", "alertmanager"), ("prom", "prometheus")],
        panels=[CPU, UP],
        sla=POLICIES,
        rotations=[],
        now=start,
        incident_sources=["am"],
    )
    window = BoardWindow(mode="wall")
    window.resize(1920, 1080)
    window.show()
    store.subscribe(window.apply_state)

    def cycle(i: int) -> None:
        now = start + timedelta(seconds=5 * i)
        batch = incidents(300, now, random.Random(i % 50))  # incidents arrive and leave
        store.apply_incidents("am", IncidentBatch(tuple(batch)), now)
        values = {f"h{j}": rng.random() * 100 for j in range(200)}
        store.apply_metrics(
            "prom",
            [PanelAnswer("CPU busy", samples(values)), PanelAnswer("Targets up", samples(values))],
            now,
        )
        for k in range(5):
            window.tick(now + timedelta(seconds=k))
            app.processEvents()
        store.tick(now)

    for i in range(50):
        cycle(i)
    gc.collect()
    first = rss_mb()
    print(f"after warm-up: RSS {first:.1f} MB")
    began = time.perf_counter()
    for i in range(50, 50 + args.cycles):
        cycle(i)
        if (i - 49) % max(args.cycles // 5, 1) == 0:
            gc.collect()
            print(f"cycle {i - 49:>5}: RSS {rss_mb():.1f} MB ({time.perf_counter() - began:.0f}s)")
    gc.collect()
    growth = rss_mb() - first
    verdict = "flat" if growth < 5 else "GROWING"
    print(f"RSS growth over {args.cycles} cycles: {growth:+.1f} MB  target < 5 MB  {verdict}")
    window.close()
    return 0 if growth < 5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
