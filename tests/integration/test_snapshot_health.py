"""`snapshot --format json`: health tiles from a real Prometheus scraping a controlled exporter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from it_cli import parse_time, prometheus_source, snapshot, source_status, write_config
from it_exporter import Exporter
from it_servers import ServerProcess, wait_for_values

pytestmark = pytest.mark.integration

CPU = "node_cpu_busy_percent"
CPU_PANEL = {
    "name": "CPU busy",
    "source": "prom",
    "query": CPU,
    "tile_labels": ["instance"],
    "unit": "percent",
    "warning": 80,
    "critical": 95,
}
UP_PANEL = {
    "name": "Targets up",
    "source": "prom",
    "query": 'up{job="exporter"}',
    "tile_labels": ["instance"],
    "unit": "count",
    "critical": 0.5,
    "direction": "below",
}


def _tiles(snap: dict[str, Any], panel: str) -> dict[str, dict[str, Any]]:
    panels = [p for p in snap["health"] if p["panel"] == panel]
    assert len(panels) == 1, f"panel {panel!r} in {[p['panel'] for p in snap['health']]}"
    # Not in the documented contract, but when present it explains an empty panel.
    assert not panels[0].get("error"), f"panel {panel!r} failed: {panels[0]['error']}"
    tiles = {t["key"]: t for t in panels[0]["tiles"]}
    assert len(tiles) == len(panels[0]["tiles"]), f"duplicate tile keys: {panels[0]['tiles']}"
    return tiles


@pytest.fixture
def cpu_values(prometheus: ServerProcess, exporter: Exporter) -> dict[str, float]:
    """web-01/02/03 at 42/85/99, and Prometheus has scraped exactly those values."""
    values = {"web-01": 42.0, "web-02": 85.0, "web-03": 99.0}
    exporter.remove(CPU)
    for instance, value in values.items():
        exporter.set(CPU, {"instance": instance}, value)
    wait_for_values(prometheus.url, CPU, "instance", values)
    return values


def test_health_tiles_have_exact_values_and_statuses(
    prometheus: ServerProcess,
    exporter: Exporter,
    down_target: str,
    cpu_values: dict[str, float],
    tmp_path: Path,
    home: Path,
) -> None:
    # The closed-port target must already be recorded as down, or its tile could be missing.
    wait_for_values(
        prometheus.url, 'up{job="exporter"}', "instance", {exporter.address: 1.0, down_target: 0.0}
    )
    cfg = write_config(
        tmp_path / "board.toml",
        sources=[prometheus_source("prom", prometheus.url)],
        panels=[CPU_PANEL, UP_PANEL],
    )
    before = datetime.now(UTC)
    snap = snapshot(cfg, home)

    generated = parse_time(snap["generated_at"])
    assert before - timedelta(seconds=1) <= generated <= datetime.now(UTC) + timedelta(seconds=1)
    prom = source_status(snap, "prom")
    assert prom["kind"] == "prometheus"
    assert prom["ok"] is True and prom["error"] is None, prom
    assert prom["last_success"] is not None
    parse_time(prom["last_success"])

    cpu = _tiles(snap, "CPU busy")
    assert set(cpu) == set(cpu_values)
    expected_status = {"web-01": "ok", "web-02": "warning", "web-03": "critical"}
    for key, tile in cpu.items():
        assert tile["value"] == pytest.approx(cpu_values[key]), tile
        assert tile["status"] == expected_status[key], tile
        assert tile["unit"] == "percent", tile
        assert tile["labels"]["instance"] == key, tile

    up = _tiles(snap, "Targets up")
    assert set(up) == {exporter.address, down_target}
    assert up[exporter.address]["value"] == pytest.approx(1.0)
    assert up[exporter.address]["status"] == "ok"
    # direction="below": 0 < critical 0.5 → critical. A down target must never look fine.
    assert up[down_target]["value"] == pytest.approx(0.0)
    assert up[down_target]["status"] == "critical"


def test_health_follows_exporter_changes(
    prometheus: ServerProcess,
    exporter: Exporter,
    cpu_values: dict[str, float],
    tmp_path: Path,
    home: Path,
) -> None:
    exporter.set(CPU, {"instance": "web-01"}, 96.5)
    exporter.remove(CPU, {"instance": "web-02"})
    wait_for_values(prometheus.url, CPU, "instance", {"web-01": 96.5, "web-03": 99.0})
    cfg = write_config(
        tmp_path / "board.toml",
        sources=[prometheus_source("prom", prometheus.url)],
        panels=[CPU_PANEL],
    )
    cpu = _tiles(snapshot(cfg, home), "CPU busy")
    assert cpu["web-01"]["value"] == pytest.approx(96.5)
    assert cpu["web-01"]["status"] == "critical"
    # A one-shot snapshot has no memory of web-02; if it shows it at all, never as a live value.
    if "web-02" in cpu:
        assert cpu["web-02"]["status"] in {"stale", "unknown"}, cpu["web-02"]


def test_multi_label_tile_keys_join_with_comma(
    prometheus: ServerProcess, exporter: Exporter, tmp_path: Path, home: Path
) -> None:
    exporter.set("disk_free_ratio", {"instance": "db-01", "mount": "/var"}, 0.05)
    exporter.set("disk_free_ratio", {"instance": "db-01", "mount": "/"}, 0.5)
    wait_for_values(prometheus.url, "disk_free_ratio", "mount", {"/var": 0.05, "/": 0.5})
    panel = {
        "name": "Disk free",
        "source": "prom",
        "query": "disk_free_ratio",
        "tile_labels": ["instance", "mount"],
        "warning": 0.2,
        "critical": 0.1,
        "direction": "below",
    }
    cfg = write_config(
        tmp_path / "board.toml", sources=[prometheus_source("prom", prometheus.url)], panels=[panel]
    )
    tiles = _tiles(snapshot(cfg, home), "Disk free")
    assert set(tiles) == {"db-01,/var", "db-01,/"}
    assert tiles["db-01,/var"]["status"] == "critical"
    assert tiles["db-01,/"]["status"] == "ok"


def test_roster_on_duty(tmp_path: Path, home: Path) -> None:
    # No sources at all: the roster is computed from the config alone.
    snap = snapshot(write_config(tmp_path / "board.toml"), home)
    now = parse_time(snap["generated_at"])
    first = datetime(2026, 1, 5, 8, tzinfo=UTC)
    assert now > first, "the roster anchor in the test config lies in the future"
    index = int((now - first) / timedelta(hours=12))
    since = first + timedelta(hours=12) * index
    people = ["Anna", "Ben"]
    (line,) = [r for r in snap["roster"] if r["line"] == "L1"]
    assert line["on_duty"] == [people[index % 2]]
    assert line["next"] == [people[(index + 1) % 2]]
    assert parse_time(line["since"]) == since
    assert parse_time(line["until"]) == since + timedelta(hours=12)
    assert parse_time(line["next_at"]) == since + timedelta(hours=12)
