"""The interactive board: Qt + asyncio (qasync) on one thread, engine polling, 1 Hz ticks."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.wall import WallSpec
from noc_wallboard.services.changes import ChangeSet
from noc_wallboard.services.engine import Engine
from noc_wallboard.services.sound import SoundPolicy
from noc_wallboard.ui.ack_controller import AckController
from noc_wallboard.ui.attention import Attention
from noc_wallboard.ui.board_screen import BoardScreen
from noc_wallboard.ui.bridge import BoardBridge
from noc_wallboard.ui.control import control_name
from noc_wallboard.ui.i18n import install_language
from noc_wallboard.ui.main_window import BoardWindow
from noc_wallboard.ui.theme import use_theme
from noc_wallboard.ui.wall import WallScreens

log = logging.getLogger(__name__)
EngineFactory = Callable[[], AbstractAsyncContextManager[Engine]]


class Board(Protocol):
    """What the loop drives: one desk window, or the wall's windows on their screens."""

    @property
    def windows(self) -> list[BoardWindow]: ...

    def apply_state(self, state: BoardState, changes: ChangeSet | None = None) -> None: ...

    def tick(self, now: datetime) -> None: ...


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

    def __init__(self, window: Board, stats: RunStats) -> None:
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
    window: Board,
    closed: asyncio.Event,
    stats: RunStats,
    attention: Attention | None = None,
) -> None:
    async with open_engine() as engine:
        bridge = BoardBridge()

        # One ack controller per board window (a wall with several screens has several,
        # and a screen plugged in later gets its window — and its controller — then).
        acks: list[AckController] = []

        def attach_acks() -> None:
            for w in window.windows:
                if not any(c.window is w for c in acks):
                    acks.append(AckController(w, engine.acks))

        def on_change(state: BoardState, changes: ChangeSet) -> None:
            stats.updates += 1
            window.apply_state(state, changes)
            attach_acks()

        bridge.changed.connect(on_change)
        if attention is not None:  # sound and desktop notifications
            bridge.changed.connect(attention.on_state)
        unsubscribe = engine.store.subscribe(bridge.publish)
        attach_acks()
        window.apply_state(engine.state)
        if attention is not None:
            attention.start()
            attention.on_state(engine.state)
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
            if attention is not None:
                attention.stop()
            unsubscribe()
            await engine.stop()
            log.info("%s", stats.summary(engine.state))


def run_board(
    open_engine: EngineFactory,
    mode: str = "desk",
    exit_after: float | None = None,
    ack_actor: str | None = None,
    wall: WallSpec | None = None,
    sound: SoundPolicy | None = None,
    theme: str = "dark",
    language: str = "en",
    control: str | None = None,
) -> int:
    """Run the board until its window closes (or `exit_after` seconds, for soak runs and
    end-to-end tests). `open_engine` comes from the composition root, so this module
    never builds adapters itself. `wall`: screens, pages, clocks and type size of the
    wall (the desk uses its clocks and heartbeat only). `sound`: the `[sound]` policy;
    `theme` and `language` apply before the first window is built. `control`: the local
    socket `noc-wallboard sound …` reaches this board's sound on (see ui/control.py)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    use_theme(theme)
    install_language(language)
    app.setApplicationName("noc-wallboard")
    app.setApplicationDisplayName("NOC Wallboard")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    stats = RunStats(started=time.monotonic())
    wall = wall or WallSpec()
    app.lastWindowClosed.connect(closed.set)
    board: WallScreens | BoardScreen
    if mode == "wall":
        # Fullscreen on the chosen screen(s), following screens plugged and unplugged.
        board = WallScreens(app, wall, lambda: BoardWindow(mode="wall", ack_actor=ack_actor))
    else:
        desk = BoardWindow(mode=mode, ack_actor=ack_actor)
        board = BoardScreen(desk, replace(wall, pages=()))
        desk.resize(1600, 900)
        desk.show()
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), closed.set)
    # Ctrl+C or a service manager's TERM closes the board cleanly.
    signal.signal(signal.SIGINT, lambda *_: loop.call_soon_threadsafe(closed.set))
    signal.signal(signal.SIGTERM, lambda *_: loop.call_soon_threadsafe(closed.set))
    with loop:
        attention = Attention(mode, sound, windows=lambda: board.windows)
        # A wall window never takes the focus, so its keys go nowhere: mute and snooze
        # come over a local socket (`noc-wallboard sound mute`) and SIGUSR1/SIGUSR2.
        attention.open_control(control or control_name())
        loop.run_until_complete(_serve(open_engine, board, closed, stats, attention))
    # Tear Qt down while Python is still whole: left to interpreter finalization, the
    # order of destruction is undefined and shiboken can crash on exit.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if isinstance(board, WallScreens):
        board.close()
    else:
        board.window.close()
        board.window.deleteLater()
    app.processEvents()
    asyncio.set_event_loop(None)
    return 0
