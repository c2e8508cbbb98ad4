"""Benchmark: health panels against a real Prometheus on loopback.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_health.py [--cycles 40]

2,000 series across 5 panels (two with sparklines), scraped by the installed Prometheus from
an exporter this script runs; the real board window (wall mode, 1920×1080, offscreen) on qasync.
Each cycle polls every panel once, as the engine does, and measures:

- poll → painted: from the start of a poll until the health region has painted its result;
- worst Qt main-loop stall: lateness of a 5 ms QTimer while polls run;
- HTTP requests per cycle (must equal panels + sparkline panels).

Prints the figures against the targets of issue 3. Not part of `pytest` (wall-clock figures
belong here, never in assertions).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "integration")]

import qasync  # noqa: E402
from it_exporter import Exporter  # noqa: E402
from it_servers import prom_query, start_prometheus, wait_until  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import noc_wallboard.adapters.http as http_adapter  # noqa: E402
from noc_wallboard.adapters.http import HttpClients  # noqa: E402
from noc_wallboard.app import build_engine  # noqa: E402
from noc_wallboard.config.schema import BoardConfig  # noqa: E402
from noc_wallboard.ui.bridge import BoardBridge  # noqa: E402
from noc_wallboard.ui.health_view import HealthPanels  # noqa: E402
from noc_wallboard.ui.main_window import BoardWindow  # noqa: E402

SERIES_PER_PANEL = 400
METRICS = [
    ("bench_cpu_percent", "percent", 80, 95, None),
    ("bench_mem_percent", "percent", 85, 95, None),
    ("bench_disk_percent", "percent", 85, 95, "15m"),
    ("bench_latency_seconds", "seconds", 0.5, 1.0, "15m"),
    ("bench_queue_depth", "count", 100, 500, None),
]
TARGETS = {"poll_to_paint_p95_ms": 150.0, "worst_stall_ms": 50.0}


def fill(exporter: Exporter, shift: int = 0) -> None:
    """Every series gets a new value per call, so every poll has something to paint."""
    for m, (name, _, _warn, crit, _) in enumerate(METRICS):
        for i in range(SERIES_PER_PANEL):
            value = (i * 7 + m * 13 + shift) % 100 * (crit / 90)
            labels = {"instance": f"host-{i:03d}", "client": f"client-{i % 12:02d}"}
            exporter.set(name, labels, value)


def config(url: str) -> BoardConfig:
    panels = []
    for name, unit, warn, crit, spark in METRICS:
        panel = {
            "name": name,
            "source": "prom",
            "query": name,
            "unit": unit,
            "warning": warn,
            "critical": crit,
            "group_by": "client",
        }
        if spark:
            panel |= {"sparkline": spark}
        panels.append(panel)
    return BoardConfig.model_validate(
        {
            "board": {"interval": "5s"},
            "sources": [{"name": "prom", "kind": "prometheus", "url": url, "timeout": "5s"}],
            "panels": panels,
        }
    )


class _PaintClock(QObject):
    def __init__(self, probe: Probe) -> None:
        super().__init__()
        self._probe = probe

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(obj, HealthPanels):
            HealthPanels.paintEvent(obj, event)  # type: ignore[arg-type]
            self._probe.painted_at = time.perf_counter()
            return True
        return False


class Probe:
    """Counts requests, records paints of the health region and the main loop's lateness."""

    def __init__(self, window: BoardWindow) -> None:
        self.requests = 0
        self.painted_at = 0.0
        self.worst_stall = 0.0
        self.measuring = False
        original_fetch = http_adapter.fetch

        async def counting_fetch(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.requests += 1
            return await original_fetch(*args, **kwargs)

        http_adapter.fetch = counting_fetch  # type: ignore[assignment]
        # An event filter that paints the region itself, then notes the time: patching the
        # widget's paintEvent on the instance crashes shiboken.
        self._filter = _PaintClock(self)
        window.health.installEventFilter(self._filter)
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.measuring:
            self.worst_stall = max(self.worst_stall, now - self._last - 0.005)
        self._last = now


async def run(cycles: int, window: BoardWindow, url: str, exporter: Exporter) -> dict[str, float]:
    probe = Probe(window)
    clients = HttpClients()
    engine = build_engine(config(url), clients)
    bridge = BoardBridge()
    applied = {"at": 0.0}

    def on_change(state, changes):  # type: ignore[no-untyped-def]
        window.apply_state(state, changes)
        applied["at"] = time.perf_counter()

    bridge.changed.connect(on_change)
    engine.store.subscribe(bridge.publish)
    latencies: list[float] = []
    requests: list[int] = []
    try:
        await engine.poll_once()  # warm-up: connections, first layout
        await asyncio.sleep(0.2)
        for cycle in range(cycles):
            # New values, then one scrape (1 s) before the poll: each poll changes tiles.
            fill(exporter, cycle + 1)
            await asyncio.sleep(1.1)
            before = probe.requests
            probe.measuring = True
            start = time.perf_counter()
            await engine.poll_once()
            deadline = time.perf_counter() + 5
            while probe.painted_at < applied["at"] and time.perf_counter() < deadline:
                await asyncio.sleep(0.001)
            latencies.append((probe.painted_at - start) * 1000)
            probe.measuring = False
            requests.append(probe.requests - before)
        state = engine.state
    finally:
        probe.timer.stop()
        await clients.aclose()
    tiles = sum(len(p.tiles) for p in state.panels)
    latencies.sort()
    return {
        "tiles": tiles,
        "p50": statistics.median(latencies),
        "p95": latencies[max(0, round(0.95 * len(latencies)) - 1)],
        "max": latencies[-1],
        "stall": probe.worst_stall * 1000,
        "requests": statistics.mean(requests),
        "requests_max": max(requests),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=40)
    args = parser.parse_args()
    exporter = Exporter().start()
    fill(exporter)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_prometheus(Path(tmp) / "prometheus", [exporter.address])
        try:
            wait_until(
                lambda: len(prom_query(server.url, "bench_queue_depth")) == SERIES_PER_PANEL,
                timeout=30,
                what="all series scraped",
            )
            # As `noc-wallboard` does before opening the board (cli.cmd_run): startup objects
            # go to the permanent generation, so full collections scan only live board data.
            gc.freeze()
            app = QApplication.instance() or QApplication(sys.argv)
            loop = qasync.QEventLoop(app)
            asyncio.set_event_loop(loop)
            window = BoardWindow(mode="wall")
            window.resize(1920, 1080)
            window.show()
            with loop:
                result = loop.run_until_complete(run(args.cycles, window, server.url, exporter))
            # Tear Qt down while Python is whole (as ui/run.py does): shiboken crashes otherwise.
            window.close()
            window.deleteLater()
            app.processEvents()
            asyncio.set_event_loop(None)
        finally:
            server.stop()
            exporter.stop()
    panels = len(METRICS)
    sparklines = sum(1 for m in METRICS if m[4])
    print(
        f"health benchmark: {result['tiles']:.0f} tiles from {panels} panels, "
        f"{sparklines} with sparklines, {args.cycles} cycles, Prometheus 2.42 on loopback"
    )
    rows = [
        ("poll→painted p50", f"{result['p50']:.1f} ms", ""),
        (
            "poll→painted p95",
            f"{result['p95']:.1f} ms",
            f"≤ {TARGETS['poll_to_paint_p95_ms']:.0f} ms",
        ),
        ("poll→painted max", f"{result['max']:.1f} ms", ""),
        (
            "worst main-loop stall",
            f"{result['stall']:.1f} ms",
            f"≤ {TARGETS['worst_stall_ms']:.0f} ms",
        ),
        (
            "requests per cycle",
            f"{result['requests']:.1f} (max {result['requests_max']})",
            f"= {panels + sparklines} (panels + sparkline panels)",
        ),
    ]
    for name, value, target in rows:
        print(f"  {name:<24}{value:<20}{target}")
    ok = (
        result["p95"] <= TARGETS["poll_to_paint_p95_ms"]
        and result["stall"] <= TARGETS["worst_stall_ms"]
        and result["requests_max"] == panels + sparklines
    )
    print("PASS: all targets met" if ok else "MISS: a target is not met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
