"""Prometheus's own alerts as the incident source (no Alertmanager): firing vs pending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from it_cli import snapshot, write_config
from it_exporter import Exporter
from it_servers import wait_for_values, wait_until

pytestmark = pytest.mark.integration

RULES = """
groups:
  - name: board
    interval: 1s
    rules:
      - alert: CpuHot
        expr: node_cpu_busy_percent > 95
        for: 0s
        labels: {severity: critical, client: acme}
        annotations: {summary: "CPU hot on {{ $labels.instance }}"}
      - alert: CpuWarm
        expr: node_cpu_busy_percent > 80
        for: 10m
        labels: {severity: warning}
        annotations: {summary: "CPU warm on {{ $labels.instance }}"}
"""


def test_firing_alerts_are_incidents_and_pending_ones_are_about_to_fire(
    start_prometheus: Any, exporter: Exporter, tmp_path: Path, home: Path
) -> None:
    exporter.set("node_cpu_busy_percent", {"instance": "pa-01"}, 99.0)
    exporter.set("node_cpu_busy_percent", {"instance": "pa-02"}, 97.0)
    exporter.set("node_cpu_busy_percent", {"instance": "pa-03"}, 85.0)
    prom = start_prometheus(rules=RULES)
    wait_for_values(
        prom.url, "node_cpu_busy_percent", "instance", {"pa-01": 99.0, "pa-02": 97.0, "pa-03": 85.0}
    )
    source = {"name": "prom-alerts", "kind": "prometheus_alerts", "url": prom.url, "timeout": "5s"}
    cfg = write_config(tmp_path / "board.toml", sources=[source])

    def ready() -> dict[str, Any] | None:
        snap = snapshot(cfg, home)
        hot = [i for i in snap["incidents"]["items"] if i["labels"].get("alertname") == "CpuHot"]
        return snap if len(hot) == 2 and snap["incidents"]["pending"] else None

    snap = wait_until(ready, timeout=40, interval=1.0, what="CpuHot firing and CpuWarm pending")
    (src,) = snap["sources"]
    assert src["ok"] and src["kind"] == "prometheus_alerts"
    hot = [i for i in snap["incidents"]["items"] if i["labels"]["alertname"] == "CpuHot"]
    # Same alert name, two instances: two incidents with distinct stable ids.
    assert {i["labels"]["instance"] for i in hot} == {"pa-01", "pa-02"}
    assert len({i["id"] for i in hot}) == 2 and all(len(i["id"]) == 16 for i in hot)
    assert all(i["severity"] == "critical" and i["state"] == "open" for i in hot)
    assert all(i["sla"]["response"]["state"] == "running" for i in hot)
    assert hot[0]["title"].startswith("CPU hot on pa-0")
    # Pending alerts are not incidents: they are listed apart as "about to fire".
    pending = snap["incidents"]["pending"]
    assert {p["labels"]["instance"] for p in pending} >= {"pa-03"}
    assert not [i for i in snap["incidents"]["items"] if i["labels"]["alertname"] == "CpuWarm"]
    assert snap["incidents"]["counts"]["warning"]["total"] == 0
    # Ids are stable across polls (they key the rows and, later, acknowledgements).
    again = snapshot(cfg, home)
    assert {i["id"] for i in hot} <= {i["id"] for i in again["incidents"]["items"]}
