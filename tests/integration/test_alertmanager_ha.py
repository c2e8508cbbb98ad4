"""Alertmanager HA pairs and several clusters: one incident per fingerprint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from it_cli import alertmanager_source, snapshot, write_config
from it_servers import free_port, make_alert, post_alerts

pytestmark = pytest.mark.integration


def test_ha_pair_and_second_cluster_are_merged_by_fingerprint(
    start_alertmanager: Any, tmp_path: Path, home: Path
) -> None:
    first, second, other = start_alertmanager(), start_alertmanager(), start_alertmanager()
    now = datetime.now(UTC)
    shared = make_alert(
        {"alertname": "HaShared", "severity": "critical", "instance": "ha-01"},
        now - timedelta(minutes=3),
    )
    only_second = make_alert(
        {"alertname": "HaOnlySecond", "severity": "warning", "instance": "ha-02"}, now
    )
    post_alerts(first.url, [shared])
    post_alerts(second.url, [shared, only_second])
    post_alerts(other.url, [shared])  # a second, independent cluster fed the same alert
    closed_peer = f"http://127.0.0.1:{free_port()}"
    pair = {**alertmanager_source("pair", first.url), "peers": [second.url, closed_peer]}
    cfg = write_config(
        tmp_path / "board.toml", sources=[pair, alertmanager_source("other", other.url)]
    )
    snap = snapshot(cfg, home)
    by_name = {s["name"]: s for s in snap["sources"]}
    assert by_name["pair"]["ok"], by_name["pair"]
    assert "1 of 3 peers down" in by_name["pair"]["warning"]
    names = sorted(
        i["labels"]["alertname"]
        for i in snap["incidents"]["items"]
        if i["labels"]["alertname"].startswith("Ha")
    )
    assert names == ["HaOnlySecond", "HaShared"]
