"""End to end: the real `noc-wallboard --demo` process opens the board, polls and ticks."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def test_demo_board_runs_polls_ticks_and_exits_cleanly(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "noc_wallboard",
            "--demo",
            "--exit-after",
            "6",
            "--log-level",
            "info",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    m = re.search(
        r"board ran [\d.]+s: (\d+) updates, (\d+) ticks, worst tick lateness (\d+) ms, "
        r"(\d+)/(\d+) sources ok, (\d+) open incidents",
        proc.stderr,
    )
    assert m, proc.stderr[-2000:]
    updates, ticks, _lateness, ok, total, open_incidents = map(int, m.groups())
    # Demo sources poll every 5 s: at least the first poll of both plus one more.
    assert updates >= 3
    assert ticks >= 4
    assert ok == total >= 2
    assert open_incidents > 0
