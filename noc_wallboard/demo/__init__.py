"""`noc-wallboard --demo`: loopback Prometheus and Alertmanager fed by a simulated fleet.

Standard library only. The board talks to these servers exactly as to real ones.
"""

from __future__ import annotations

from noc_wallboard.demo.fleet import Fleet
from noc_wallboard.demo.panels import DEMO_CLIENTS, DEMO_ENGINEERS, DEMO_PANELS
from noc_wallboard.demo.servers import DemoServers, start_demo

__all__ = [
    "DEMO_CLIENTS",
    "DEMO_ENGINEERS",
    "DEMO_PANELS",
    "DemoServers",
    "Fleet",
    "start_demo",
]
