"""`--demo`: start the simulated fleet's loopback servers and a config pointing at them.

The board itself is the ordinary one: it polls these servers over HTTP exactly as
it would poll a real Prometheus and Alertmanager.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta
from typing import Any

from noc_wallboard.config.schema import BoardConfig
from noc_wallboard.demo.panels import DEMO_ENGINEERS, DEMO_PANELS
from noc_wallboard.demo.servers import start_demo


def demo_config(prometheus_url: str, alertmanager_url: str) -> BoardConfig:
    shifts = {"L1": timedelta(hours=8), "L2": timedelta(hours=12), "L3": timedelta(days=7)}
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
        "roster": {
            "rotations": [
                {
                    "line": line,
                    "participants": [
                        {"name": name, "contact": f"+1 555 01{i:02d}"}
                        for i, name in enumerate(names)
                    ],
                    "shift": shifts.get(line, timedelta(hours=12)),
                    "handoff": time(7, 0),
                    "start": date(2026, 1, 5),
                    "timezone": "Europe/Berlin",
                }
                for line, names in DEMO_ENGINEERS.items()
            ]
        },
    }
    return BoardConfig.model_validate(raw)


@contextmanager
def demo_environment() -> Iterator[BoardConfig]:
    servers = start_demo()
    try:
        yield demo_config(servers.prometheus_url, servers.alertmanager_url)
    finally:
        servers.stop()
