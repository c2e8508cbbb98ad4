"""The interactive board: Qt + asyncio (qasync) on one thread, engine polling, 1 Hz ticks."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication

from noc_wallboard.services.engine import Engine
from noc_wallboard.ui.bridge import BoardBridge
from noc_wallboard.ui.main_window import BoardWindow

log = logging.getLogger(__name__)


EngineFactory = Callable[[], AbstractAsyncContextManager[Engine]]


async def _serve(open_engine: EngineFactory, window: BoardWindow, closed: asyncio.Event) -> None:
    async with open_engine() as engine:
        bridge = BoardBridge()
        bridge.changed.connect(window.apply_state)
        unsubscribe = engine.store.subscribe(bridge.publish)
        window.apply_state(engine.state)
        ticker = QTimer()
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.timeout.connect(lambda: window.tick(datetime.now(UTC)))
        ticker.start(1000)
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


def run_board(open_engine: EngineFactory, mode: str = "desk") -> int:
    """Run the board until its window closes. `open_engine` comes from the composition
    root, so this module never builds adapters itself."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("noc-wallboard")
    app.setApplicationDisplayName("NOC Wallboard")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    window = BoardWindow(mode=mode)
    app.aboutToQuit.connect(closed.set)
    app.lastWindowClosed.connect(closed.set)
    if mode == "wall":
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        window.showFullScreen()
    else:
        window.resize(1600, 900)
        window.show()
    # Ctrl+C in the terminal closes the board cleanly.
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon_threadsafe(closed.set))
    signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(closed.set))
    with loop:
        loop.run_until_complete(_serve(open_engine, window, closed))
    window.close()
    return 0
