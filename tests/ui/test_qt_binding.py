"""Guard against Qt bindings that corrupt Python's reference counts.

PySide6 6.12.0 on Python 3.11 released a reference to None on every call of a void Qt
method; a board repainting at 1 Hz died within minutes with "none_dealloc". A wall
must run for months: refuse such a binding here rather than on the wall.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QLabel


def _none_refs_lost(action, calls: int = 2000) -> int:
    before = sys.getrefcount(None)
    for _ in range(calls):
        action()
    return before - sys.getrefcount(None)


def test_void_qt_calls_keep_none_alive(qapp):
    font = QFont()
    label = QLabel("x")
    timer = QTimer()
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for name, action in [
            ("QFont.setPixelSize", lambda: font.setPixelSize(12)),
            ("QLabel.setText", lambda: label.setText("y")),
            ("QTimer.setInterval", lambda: timer.setInterval(5)),
            ("QPainter.save/restore", lambda: (painter.save(), painter.restore())),
            ("QPainter.setPen", lambda: painter.setPen(QColor("red"))),
        ]:
            lost = _none_refs_lost(action)
            assert lost < 100, f"{name} lost {lost} references to None in 2000 calls"
    finally:
        painter.end()
