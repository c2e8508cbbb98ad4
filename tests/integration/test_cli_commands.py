"""`check-config` and `screenshot` against the real servers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from it_cli import (
    alertmanager_source,
    describe,
    png_size,
    prometheus_source,
    run_cli,
    write_config,
)
from it_exporter import Exporter
from it_servers import ServerProcess, free_port, make_alert, post_alerts, wait_for_values

pytestmark = pytest.mark.integration

CPU_PANEL = {
    "name": "CPU busy",
    "source": "prom-main",
    "query": "node_cpu_busy_percent",
    "tile_labels": ["instance"],
    "unit": "percent",
    "warning": 80,
    "critical": 95,
}


def _full_config(path: Path, prometheus: ServerProcess, am_url: str) -> Path:
    # Distinctive names so the output assertions cannot match some other word by accident.
    return write_config(
        path,
        sources=[
            prometheus_source("prom-main", prometheus.url),
            alertmanager_source("am-main", am_url, severity_map={"P3": "minor"}),
        ],
        panels=[CPU_PANEL],
    )


def test_check_config_lists_sources_with_versions(
    prometheus: ServerProcess, alertmanager: ServerProcess, tmp_path: Path, home: Path
) -> None:
    cfg = _full_config(tmp_path / "board.toml", prometheus, alertmanager.url)
    result = run_cli("check-config", "--config", str(cfg), home=home)
    assert result.returncode == 0, describe(result)
    lines = result.stdout.splitlines()
    prom_line = next((line for line in lines if "prom-main" in line), None)
    am_line = next((line for line in lines if "am-main" in line), None)
    assert prom_line and "2.42" in prom_line, describe(result)
    assert am_line and "0.25" in am_line, describe(result)


def test_check_config_fails_when_a_source_is_unreachable(
    prometheus: ServerProcess, tmp_path: Path, home: Path
) -> None:
    cfg = _full_config(tmp_path / "board.toml", prometheus, f"http://127.0.0.1:{free_port()}")
    result = run_cli("check-config", "--config", str(cfg), home=home)
    assert result.returncode != 0, describe(result)
    assert "am-main" in result.stdout + result.stderr, describe(result)
    assert "Traceback" not in result.stderr, describe(result)


def test_check_config_rejects_unknown_key(tmp_path: Path, home: Path) -> None:
    cfg = tmp_path / "typo.toml"
    cfg.write_text('[board]\ntitel = "x"\n', encoding="utf-8")
    result = run_cli("check-config", "--config", str(cfg), home=home)
    assert result.returncode == 2, describe(result)
    assert str(cfg) in result.stderr, describe(result)
    assert "board.titel" in result.stderr, describe(result)
    assert "Traceback" not in result.stderr, describe(result)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1080, 1920)])
def test_screenshot_has_exact_size(
    prometheus: ServerProcess,
    alertmanager: ServerProcess,
    exporter: Exporter,
    tmp_path: Path,
    home: Path,
    width: int,
    height: int,
) -> None:
    # Something on every part of the board: tiles in all statuses and an open incident.
    for instance, value in {"web-01": 42.0, "web-02": 85.0, "web-03": 99.0}.items():
        exporter.set("node_cpu_busy_percent", {"instance": instance}, value)
    post_alerts(
        alertmanager.url,
        [
            make_alert(
                {"alertname": "HostDown", "instance": "host-a", "severity": "critical"},
                datetime.now(UTC) - timedelta(minutes=5),
                annotations={"summary": "host-a is down"},
            )
        ],
    )
    wait_for_values(
        prometheus.url,
        "node_cpu_busy_percent",
        "instance",
        {"web-01": 42.0, "web-02": 85.0, "web-03": 99.0},
    )
    cfg = _full_config(tmp_path / "board.toml", prometheus, alertmanager.url)
    out = tmp_path / "out.png"
    result = run_cli(
        "screenshot",
        "--config",
        str(cfg),
        "--size",
        f"{width}x{height}",
        "-o",
        str(out),
        home=home,
    )
    assert result.returncode == 0, describe(result)
    assert "Traceback" not in result.stderr, describe(result)
    assert out.is_file(), describe(result)
    assert png_size(out) == (width, height)
