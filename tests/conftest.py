"""Shared test settings: Qt renders offscreen; tests never need a display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
