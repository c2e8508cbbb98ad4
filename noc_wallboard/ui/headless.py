"""Render the board offscreen to a PNG of exactly the requested size."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from noc_wallboard.domain.board import BoardState
from noc_wallboard.ui.main_window import BoardWindow


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


def render_board_png(state: BoardState, width: int, height: int, mode: str, out: Path) -> None:
    app = ensure_app()
    window = BoardWindow(mode=mode)
    window.resize(width, height)
    window.apply_state(state)
    window.tick(state.generated_at)
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
