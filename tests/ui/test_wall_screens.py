"""Several screens (Qt's offscreen platform with two screens, in a child process: the
platform is chosen when Qt starts): one board per screen, each covering its own screen
with its own pages; a named screen; unplugging moves the board, replugging brings it back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCREENS = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [
        {"name": "HDMI-1", "x": 0, "y": 0, "width": 1920, "height": 1080},
        {"name": "DP-2", "x": 1920, "y": 0, "width": 1080, "height": 1920},
    ],
}

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from datetime import timedelta
    from PySide6.QtWidgets import QApplication
    from noc_wallboard.domain.wall import PageSpec, WallSpec
    from noc_wallboard.presentation.screens import ScreenInfo
    from noc_wallboard.ui.wall import WallScreens
    from tests.factories import populated_store

    app = QApplication([])
    pages = (
        PageSpec("lobby", screens=("HDMI-1",)),
        PageSpec("portrait", screens=("dp-2",)),
        PageSpec("everywhere"),
    )
    out = {}
    for wanted in ("all", "DP-2", "9"):
        wall = WallScreens(app, WallSpec(screen=wanted, pages=pages))
        wall.apply_state(populated_store().state)
        out[wanted] = {
            key: {
                "geometry": board.window.geometry().getRect(),
                "screen": board.window.screen().name(),
                "pages": [p.name for p in board.rotation.pages],
                "frameless": bool(board.window.windowFlags() & 0x0800),
            }
            for key, board in wall.boards.items()
        }
        if wanted == "DP-2":
            dp2 = next(s for s in app.screens() if s.name() == "DP-2")
            wall._screen_removed(dp2)  # unplugged: to the primary meanwhile
            (board,) = wall.boards.values()
            out["unplugged"] = board.window.geometry().getRect()
            wall._screen_added(dp2)  # back where it belongs
            out["replugged"] = board.window.geometry().getRect()
            out["replugged_screen"] = board.window.windowHandle().screen().name()
            # The board on it goes on: it ticks, paints, and raises no false alarm.
            from tests.factories import NOW
            for i in range(1, 4):
                wall.tick(NOW + timedelta(seconds=i))
            out["ticked"] = board.window.header._now.isoformat()
            out["alarm"] = board.window.header.heartbeat_vm.text
            out["painted"] = not board.window.grab().isNull()
        wall.close()
    primary = app.primaryScreen()
    out["primary"] = [primary.name(), primary.geometry().getRect()]
    print(json.dumps(out))
    """
)


def test_one_board_per_screen_and_named_screens(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS))
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "PYTHONPATH": str(root),
    }
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=root,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    every = out["all"]
    assert set(every) == {"HDMI-1", "DP-2"}
    assert every["HDMI-1"]["geometry"] == [0, 0, 1920, 1080]
    assert every["DP-2"]["geometry"] == [1920, 0, 1080, 1920]
    assert every["HDMI-1"]["pages"] == ["lobby", "everywhere"]
    assert every["DP-2"]["pages"] == ["portrait", "everywhere"]
    assert all(board["frameless"] for board in every.values())
    (named,) = out["DP-2"].values()
    assert named["geometry"] == [1920, 0, 1080, 1920] and named["screen"] == "DP-2"
    assert named["pages"] == ["portrait", "everywhere"]
    primary = out["unplugged"]
    assert primary != [1920, 0, 1080, 1920]  # moved off the unplugged screen
    assert out["replugged"] == [1920, 0, 1080, 1920] and out["replugged_screen"] == "DP-2"
    assert out["ticked"] == "2026-11-27T10:00:03+00:00" and out["painted"]
    assert out["alarm"] == ""
    (fallback,) = out["9"].values()  # no screen 9: the primary meanwhile, all of it
    name, rect = out["primary"]
    assert fallback["screen"] == name and fallback["geometry"] == rect
