"""Wall mode: board windows fullscreen on the chosen screens — frameless, no cursor, no
tooltips or context menus, never taking focus — that follow screens being plugged and
unplugged. `--screen all` puts one board on every screen, each with its own pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.wall import WallSpec
from noc_wallboard.presentation.screens import (
    ALL,
    DEFAULT_DIAGONAL_IN,
    TARGET_ARCMIN,
    ScreenInfo,
    board_unit,
    body_text_arcmin,
    choose_screen,
    plausible_diagonal,
)
from noc_wallboard.services.changes import ChangeSet
from noc_wallboard.ui.board_screen import BoardScreen
from noc_wallboard.ui.main_window import BoardWindow

log = logging.getLogger(__name__)

_SWALLOWED = (QEvent.Type.ToolTip, QEvent.Type.WhatsThis, QEvent.Type.ContextMenu)


class _Unattended(QObject):
    """Nobody is at a wall: a tooltip or menu that pops up would stay there for weeks."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() in _SWALLOWED


def screen_info(index: int, screen: QScreen, primary: QScreen | None) -> ScreenInfo:
    size = screen.geometry().size()
    physical = screen.physicalSize()
    return ScreenInfo(
        index=index,
        name=screen.name(),
        primary=screen is primary,
        width=size.width(),
        height=size.height(),
        diagonal_in=plausible_diagonal(physical.width(), physical.height()),
    )


def prepare_wall_window(window: BoardWindow) -> None:
    window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    window.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
    window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
    window.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    window.setCursor(Qt.CursorShape.BlankCursor)


class WallScreens(QObject):
    def __init__(
        self,
        app: QApplication,
        wall: WallSpec,
        make_window: Callable[[], BoardWindow] = lambda: BoardWindow(mode="wall"),
    ) -> None:
        super().__init__()
        self._app = app
        self._wall = wall
        self._make_window = make_window
        self._boards: dict[str, BoardScreen] = {}  # by screen name; "" for one screen
        self._placed: dict[str, str] = {}  # board → name of the screen it is on
        self._state: BoardState | None = None
        self._unattended = _Unattended(self)
        app.installEventFilter(self._unattended)
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        app.screenAdded.connect(self._screen_added)
        app.screenRemoved.connect(self._screen_removed)
        app.primaryScreenChanged.connect(self._screen_added)
        self.place()

    # ------------------------------------------------------------ board fan-out
    @property
    def boards(self) -> dict[str, BoardScreen]:
        return dict(self._boards)

    @property
    def windows(self) -> list[BoardWindow]:
        return [b.window for b in self._boards.values()]

    def apply_state(self, state: BoardState, changes: ChangeSet | None = None) -> None:
        self._state = state
        for board in self._boards.values():
            board.apply_state(state, changes)

    def tick(self, now: datetime) -> None:
        for board in self._boards.values():
            if board.window.isVisible():
                board.tick(now)

    def close(self) -> None:
        self._app.removeEventFilter(self._unattended)
        QGuiApplication.restoreOverrideCursor()
        for board in self._boards.values():
            board.window.close()
            board.window.deleteLater()
        self._boards.clear()

    # ------------------------------------------------------------ screens
    def _screen_added(self, screen: QScreen) -> None:
        log.info("screen added or primary changed: %s", screen.name())
        self.place()

    def _screen_removed(self, screen: QScreen) -> None:
        log.info("screen removed: %s", screen.name())
        self.place(gone=screen)

    def current_screens(self, gone: QScreen | None = None) -> list[tuple[ScreenInfo, QScreen]]:
        primary = self._app.primaryScreen()
        screens = [s for s in self._app.screens() if s is not gone]
        return [(screen_info(i, s, primary), s) for i, s in enumerate(screens)]

    def place(self, gone: QScreen | None = None) -> None:
        screens = self.current_screens(gone)
        if self._wall.screen == ALL:
            present = set()
            for info, qscreen in screens:
                present.add(info.name)
                board = self._board(info.name, info)
                self._show_on(info.name, board, info, qscreen)
            for name, board in self._boards.items():
                if name not in present and board.window.isVisible():
                    # Its screen is gone: hidden (not closed) until the screen returns.
                    board.window.hide()
                    self._placed.pop(name, None)
            return
        choice = choose_screen(self._wall.screen, [info for info, _ in screens])
        if choice.fallback:
            log.warning("%s: showing the board on the primary screen meanwhile", choice.reason)
        # Its pages are those of the screen asked for (kept while it falls back).
        wanted = self._wall.screen
        if wanted:
            asked = ScreenInfo(int(wanted) if wanted.isdigit() else -1, wanted)
        else:
            asked = choice.screen or ScreenInfo(0, "")
        board = self._board("", asked)
        if choice.screen is None:
            return
        qscreen = next(q for info, q in screens if info.index == choice.screen.index)
        self._show_on("", board, choice.screen, qscreen)

    def _board(self, key: str, info: ScreenInfo) -> BoardScreen:
        board = self._boards.get(key)
        if board is None:
            window = self._make_window()
            prepare_wall_window(window)
            pages = self._wall.pages_for(info.index, info.name) if self._wall.pages else ()
            board = BoardScreen(window, self._wall, pages)
            self._boards[key] = board
            if self._state is not None:
                board.apply_state(self._state)
        return board

    def _show_on(self, key: str, board: BoardScreen, info: ScreenInfo, screen: QScreen) -> None:
        window = board.window
        distance = self._wall.viewing_distance_m
        diagonal = self._wall.screen_diagonal_in or info.diagonal_in or DEFAULT_DIAGONAL_IN
        window.set_viewing(distance, diagonal)
        if self._placed.get(key) == info.name and window.isVisible():
            if window.geometry() != screen.geometry():
                window.setGeometry(screen.geometry())  # the screen changed its mode
            return
        log.info(
            "wall board on screen %d (%s) %dx%d", info.index, info.name, info.width, info.height
        )
        sizing = board_unit(info.width, info.height, "wall", distance, diagonal)
        angle = body_text_arcmin(sizing.unit, info.width, info.height, distance, diagonal)
        if sizing.limited:
            log.warning(
                "at %gm a %.0f-inch %dx%d screen is too small for the body text to reach "
                "%g arcmin: the largest layout that fits gives %.1f (a larger screen helps)",
                distance,
                diagonal,
                info.width,
                info.height,
                TARGET_ARCMIN,
                angle,
            )
        else:
            log.info("body text %.1f arcmin at %gm on %.0f inches", angle, distance, diagonal)
        window.winId()  # make sure the native window exists before moving it
        handle = window.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        # Cover the screen ourselves too: kiosk machines often run no window manager,
        # and without one "fullscreen" alone leaves a small window in a corner.
        window.setGeometry(screen.geometry())
        # Fullscreen without showFullScreen(): that also activates the window, and a
        # wall never takes the focus from whatever else runs on the machine.
        window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        window.show()
        self._placed[key] = info.name
