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


async def test_ledger_held_ack_shows_on_a_second_board_within_one_poll(
    start_prometheus: Any, exporter: Exporter, tmp_path: Path
) -> None:
    """Prometheus has nowhere to keep an ack: it lives in the ledger, and every board
    sharing that ledger shows it."""
    from datetime import timedelta

    from it_ack import board_config, until_async

    from noc_wallboard.app import running_engine
    from noc_wallboard.domain.ack import AckAction, AckState

    exporter.set("node_cpu_busy_percent", {"instance": "lg-01"}, 99.0)
    prom = start_prometheus(rules=RULES)
    source = {"name": "prom-alerts", "kind": "prometheus_alerts", "url": prom.url, "timeout": "5s"}
    ledger = tmp_path / "shared-ledger.sqlite3"
    config = board_config([source], ledger)
    async with (
        running_engine(config, with_ledger=True) as desk,
        running_engine(config, with_ledger=True) as wall,
    ):

        async def firing() -> list[Any]:
            state = await desk.poll_once()
            return [i for i in state.incidents if i.incident.labels.get("instance") == "lg-01"]

        found = await until_async(firing, 40, "CpuHot firing on lg-01")
        incident = found[0].incident
        [req] = await desk.acks.request([incident])
        final = await desk.acks.wait_settled([req.id], timedelta(seconds=5))
        assert final[req.id].state is AckState.CONFIRMED

        def mine(state: Any) -> Any:
            return next(i.incident for i in state.incidents if i.incident.key == incident.key)

        acked = mine(await wall.poll_once())  # the other board's next poll
        assert acked.is_acknowledged and acked.acknowledged_by == "alice"
        [un] = await desk.acks.request([incident], AckAction.UNACK)
        await desk.acks.wait_settled([un.id], timedelta(seconds=5))
        assert not mine(await wall.poll_once()).is_acknowledged
