"""Render the board offscreen to a PNG of exactly the requested size."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from noc_wallboard.domain.board import BoardState
from noc_wallboard.domain.wall import WallSpec
from noc_wallboard.presentation import i18n
from noc_wallboard.presentation.screens import ALL
from noc_wallboard.ui.board_screen import BoardScreen
from noc_wallboard.ui.i18n import install_language
from noc_wallboard.ui.main_window import BoardWindow
from noc_wallboard.ui.theme import theme_name, use_theme


def _quiet_offscreen_noise(mode: QtMsgType, context: object, message: str) -> None:
    # The offscreen platform reports features it lacks on every window; that is not news.
    if "propagateSizeHints" in message:
        return
    sys.stderr.write(message + "\n")


def ensure_app() -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_quiet_offscreen_noise)
        app = QApplication(["noc-wallboard"])
    assert isinstance(app, QApplication)
    return app


def render_board_png(
    state: BoardState,
    width: int,
    height: int,
    mode: str,
    out: Path,
    wall: WallSpec | None = None,
    page: str | None = None,
    theme: str | None = None,
    language: str | None = None,
) -> None:
    """`wall`: clocks, viewing distance and pages; `page`: render that page (else the
    one the rotation shows first, or the page an interrupt holds on). `theme` and
    `language` (None: the process's) apply to this picture only."""
    app = ensure_app()
    # The theme and language apply to this picture only: the process keeps its own.
    before = (theme_name(), i18n.language())
    if theme is not None and theme != theme_name():
        use_theme(theme)
    if language is not None:
        install_language(language)
    try:
        wall = wall or WallSpec()
        window = BoardWindow(mode=mode)
        window.resize(width, height)
        # No screen to ask for its size: the configured diagonal, else the default.
        window.set_viewing(wall.viewing_distance_m, wall.screen_diagonal_in)
        pages = wall.pages
        if wall.screen not in (None, ALL):
            wanted = wall.screen or ""
            pages = wall.pages_for(int(wanted) if wanted.isdigit() else -1, wanted)
        if page is not None:
            # That page, as asked: nothing interrupts it.
            pages = tuple(p for p in wall.pages if p.name == page)
            wall = replace(wall, interrupt_severities=frozenset(), interrupt_on_breach=False)
        board = BoardScreen(window, wall, pages if mode == "wall" else ())
        board.apply_state(state)
        board.tick(state.generated_at)
        window.show()
        app.processEvents()
        image = window.grab().toImage()
        if image.width() != width or image.height() != height:
            # A platform may clamp the window (minimum sizes); scale to the exact request.
            image = image.scaled(width, height)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"Qt could not write a PNG to {out}")
        window.close()
        window.deleteLater()
    finally:
        if theme_name() != before[0]:
            use_theme(before[0])
        if i18n.language() != before[1]:
            install_language(before[1])
