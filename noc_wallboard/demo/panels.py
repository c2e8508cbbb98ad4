"""What the demo board shows: health panels, clients and the duty roster.

Plain dicts so the composition root can feed them to the same config models a TOML file goes
through; the keys are those of `[[panels]]` (the caller adds `source`). Every query is inside the
PromQL subset the demo Prometheus understands.
"""

from __future__ import annotations

from typing import Any

from noc_wallboard.demo.topology import CLIENT_SPECS

DEMO_PANELS: list[dict[str, Any]] = [
    {
        "name": "Scrape targets",
        "kind": "targets",  # built in: no PromQL, down targets with their last error
        "title": "{instance}",
        "group_by": "client",
    },
    {
        "name": "CPU busy",
        "query": "node_cpu_busy_percent",
        "tile_labels": ["instance"],
        "unit": "percent",
        "warning": 80.0,
        "critical": 95.0,
        "direction": "above",
        "group_by": "client",
        "no_data": "critical",  # node metrics vanish while a host is down
    },
    {
        "name": "Memory used",
        "query": "node_memory_used_percent",
        "tile_labels": ["instance"],
        "unit": "percent",
        "warning": 85.0,
        "critical": 95.0,
        "direction": "above",
        "group_by": "client",
    },
    {
        "name": "Disk used",
        "query": "node_filesystem_used_percent",
        "tile_labels": ["instance"],
        "unit": "percent",
        "warning": 85.0,
        "critical": 95.0,
        "direction": "above",
        "group_by": "site",
    },
    {
        "name": "HTTP latency",
        "query": "probe_http_duration_seconds",
        "tile_labels": ["instance"],
        "unit": "seconds",
        "warning": 0.5,
        "critical": 1.0,
        "direction": "above",
        "group_by": "client",
    },
    {
        "name": "CPU by client",
        "query": "avg by (client) (node_cpu_busy_percent)",
        "tile_labels": ["client"],
        "unit": "percent",
        "warning": 80.0,
        "critical": 95.0,
        "direction": "above",
        "sparkline": "1h",
    },
    {
        "name": "Fullest disk by client",
        "query": "max by (client) (node_filesystem_used_percent)",
        "tile_labels": ["client"],
        "unit": "percent",
        "warning": 85.0,
        "critical": 95.0,
        "direction": "above",
        "sparkline": "6h",
        "interval": "30s",  # disks fill slowly: poll this panel less often
    },
    {
        "name": "Prometheus alerts",
        "kind": "alerts",  # built in: the server's own firing/pending counts
        "warning": 1,
        "critical": 5,
    },
]

# One entry per simulated client; `labels` is what its alerts and series carry.
DEMO_CLIENTS: list[dict[str, Any]] = [
    {
        "name": spec.name,
        "title": spec.title,
        "labels": {"client": spec.name},
        "sites": list(spec.sites),
    }
    for spec in CLIENT_SPECS
]

# The roster by line. L1 names also appear as `createdBy` of the simulated acknowledgements.
DEMO_ENGINEERS: dict[str, list[str]] = {
    "L1": ["Aiko Tanaka", "Mateo García", "Priya Nair", "Lars Eriksson"],
    "L2": ["Fatima Zahra Benali", "Jonas Weber", "Chen Wei"],
    "L3": ["Olga Ivanova", "Kwame Mensah", "Sofia Rossi"],
}
