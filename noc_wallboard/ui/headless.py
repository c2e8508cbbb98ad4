"""Render the board offscreen to a PNG of exactly the requested size."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication

from noc_wallboard.domain.board import BoardState
from noc_wallboard.ui.main_window import BoardWindow


def ensure_app() -> QApplication:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance()
    if app is None:
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
    if not image.save(str(out), b"PNG"):
        raise OSError(f"cannot write {out}")
    window.close()
    window.deleteLater()
