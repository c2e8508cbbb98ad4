"""The interactive board: Qt + asyncio (qasync) on one thread, engine polling, 1 Hz ticks."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from noc_wallboard.domain.board import BoardState
from noc_wallboard.services.changes import ChangeSet
from noc_wallboard.services.engine import Engine
from noc_wallboard.ui.bridge import BoardBridge
from noc_wallboard.ui.main_window import BoardWindow

log = logging.getLogger(__name__)
EngineFactory = Callable[[], AbstractAsyncContextManager[Engine]]


@dataclass
class RunStats:
    """What a run did; logged at exit so soak runs and tests can read it."""

    started: float = 0.0
    updates: int = 0
    ticks: int = 0
    worst_tick_lateness_ms: float = 0.0
    last_tick: float = 0.0

    def summary(self, state: BoardState) -> str:
        ok = sum(1 for s in state.sources if s.ok)
        return (
            f"board ran {time.monotonic() - self.started:.1f}s: {self.updates} updates, "
            f"{self.ticks} ticks, worst tick lateness {self.worst_tick_lateness_ms:.0f} ms, "
            f"{ok}/{len(state.sources)} sources ok, {len(state.open_incidents)} open incidents"
        )


class _Ticker:
    """1 Hz clock for countdowns; also measures how late the main loop runs it."""

    def __init__(self, window: BoardWindow, stats: RunStats) -> None:
        self._window = window
        self._stats = stats
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._stats.last_tick = time.monotonic()
        self._timer.start(1000)

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.monotonic()
        late = (now - self._stats.last_tick - 1.0) * 1000
        self._stats.last_tick = now
        self._stats.ticks += 1
        self._stats.worst_tick_lateness_ms = max(self._stats.worst_tick_lateness_ms, late)
        self._window.tick(datetime.now(UTC))


async def _serve(
    open_engine: EngineFactory,
    window: BoardWindow,
    closed: asyncio.Event,
    stats: RunStats,
) -> None:
    async with open_engine() as engine:
        bridge = BoardBridge()

        def on_change(state: BoardState, changes: ChangeSet) -> None:
            stats.updates += 1
            window.apply_state(state, changes)

        bridge.changed.connect(on_change)
        unsubscribe = engine.store.subscribe(bridge.publish)
        window.apply_state(engine.state)
        ticker = _Ticker(window, stats)
        ticker.start()
        # Clock states (running → at risk → breached) and the roster change with time alone.
        state_timer = QTimer()
        state_timer.timeout.connect(engine.tick)
        state_timer.start(5000)
        engine.start()
        try:
            await closed.wait()
        finally:
            ticker.stop()
            state_timer.stop()
            unsubscribe()
            await engine.stop()
            log.info("%s", stats.summary(engine.state))


def run_board(
    open_engine: EngineFactory, mode: str = "desk", exit_after: float | None = None
) -> int:
    """Run the board until its window closes (or `exit_after` seconds, for soak runs and
    end-to-end tests). `open_engine` comes from the composition root, so this module
    never builds adapters itself."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("noc-wallboard")
    app.setApplicationDisplayName("NOC Wallboard")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    stats = RunStats(started=time.monotonic())
    window = BoardWindow(mode=mode)
    app.lastWindowClosed.connect(closed.set)
    if mode == "wall":
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        # Cover the screen ourselves too: kiosk machines often run no window manager,
        # and without one "fullscreen" alone leaves a small window in a corner.
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()
    else:
        window.resize(1600, 900)
        window.show()
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), closed.set)
    # Ctrl+C or a service manager's TERM closes the board cleanly.
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon_threadsafe(closed.set))
    signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(closed.set))
    with loop:
        loop.run_until_complete(_serve(open_engine, window, closed, stats))
    # Tear Qt down while Python is still whole: left to interpreter finalization, the
    # order of destruction is undefined and shiboken can crash on exit.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    window.close()
    window.deleteLater()
    app.processEvents()
    asyncio.set_event_loop(None)
    return 0
