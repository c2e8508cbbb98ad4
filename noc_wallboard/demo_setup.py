"""`--demo`: start the simulated fleet's loopback servers and a config pointing at them.

The board itself is the ordinary one: it polls these servers over HTTP exactly as
it would poll a real Prometheus and Alertmanager.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.demo.panels import DEMO_ENGINEERS, DEMO_PANELS
from noc_wallboard.demo.roster_feed import demo_roster
from noc_wallboard.demo.servers import start_demo
from noc_wallboard.services.engine import utc_now


def demo_config(
    prometheus_url: str, alertmanager_url: str, workdir: Path | None = None
) -> BoardConfig:
    raw: dict[str, Any] = {
        "board": {"title": "NOC Wallboard — demo", "interval": "5s"},
        "sources": [
            {"name": "prometheus", "kind": "prometheus", "url": prometheus_url, "timeout": "5s"},
            {
                "name": "alertmanager",
                "kind": "alertmanager",
                "url": alertmanager_url,
                "timeout": "5s",
                "severity_map": {"P1": "critical", "P2": "major", "P3": "minor"},
            },
        ],
        "panels": [{**panel, "source": "prometheus"} for panel in DEMO_PANELS],
        "roster": _rotations_only() if workdir is None else demo_roster(utc_now(), workdir),
        "sla": DEMO_SLA,
        "wall": DEMO_WALL,
        "pages": DEMO_PAGES,
    }
    if workdir is not None:
        # The demo's acknowledgements must not land in the real ledger of this desk.
        raw["ledger"] = {"path": str(workdir / "ledger.sqlite3")}
    return BoardConfig.model_validate(raw)


# The demo wall: clocks of three sites and pages that rotate (`--mode wall`): the whole
# board, one client, and the infrastructure alone; a new critical interrupts.
DEMO_WALL: dict[str, Any] = {
    "clocks": ["UTC", "Europe/Berlin", {"zone": "America/New_York", "label": "New York"}],
    "dwell": "20s",
    "hold": "2m",
}
DEMO_PAGES: list[dict[str, Any]] = [
    {"name": "everything", "dwell": "30s"},
    {"name": "acme", "match": {"client": "acme"}},
    {"name": "infrastructure", "show": ["health", "roster"]},
]

# One client on a business-hours contract, so the demo shows both kinds of clock.
DEMO_SLA: dict[str, Any] = {
    "at_risk": 0.75,
    "pause": {"labels": {"waiting": "client"}},
    "calendars": {
        "office-berlin": {
            "timezone": "Europe/Berlin",
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "hours": ["08:00-18:00"],
        }
    },
    "policies": [
        {
            "name": "initech-business",
            "match": {"client": "initech"},
            "calendar": "office-berlin",
            "targets": {
                "critical": {"response": "30m", "resolution": "8h"},
                "warning": {"response": "2h", "resolution": "3d"},
            },
        }
    ],
}


def _rotations_only() -> dict[str, Any]:
    shifts = {"L1": timedelta(hours=8), "L2": timedelta(hours=12), "L3": timedelta(days=7)}
    return {
        "rotations": [
            {
                "line": line,
                "participants": [
                    {"name": name, "contact": f"+1 555 01{i:02d}"} for i, name in enumerate(names)
                ],
                "shift": shifts.get(line, timedelta(hours=12)),
                "handoff": time(7, 0),
                "start": date(2026, 1, 5),
                "timezone": "Europe/Berlin",
            }
            for line, names in DEMO_ENGINEERS.items()
        ]
    }


@contextmanager
def demo_environment() -> Iterator[BoardConfig]:
    servers = start_demo()
    # The demo's iCalendar roster feed is a file written around the current time.
    workdir = tempfile.TemporaryDirectory(prefix="noc-wallboard-demo-")
    try:
        yield demo_config(servers.prometheus_url, servers.alertmanager_url, Path(workdir.name))
    finally:
        servers.stop()
        workdir.cleanup()
