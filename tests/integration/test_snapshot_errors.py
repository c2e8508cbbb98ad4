"""A failing source is reported per source; it never crashes the snapshot or hides the others."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from it_cli import (
    alertmanager_source,
    prometheus_source,
    snapshot,
    source_status,
    write_config,
)
from it_exporter import Exporter
from it_servers import (
    FixedAnswerServer,
    ServerProcess,
    free_port,
    make_alert,
    post_alerts,
    wait_for_values,
)

pytestmark = pytest.mark.integration

CPU_PANEL = {
    "name": "CPU busy",
    "source": "prom",
    "query": "node_cpu_busy_percent",
    "tile_labels": ["instance"],
    "unit": "percent",
    "warning": 80,
    "critical": 95,
}


def test_unreachable_alertmanager_is_reported_and_others_stay_ok(
    prometheus: ServerProcess, exporter: Exporter, tmp_path: Path, home: Path
) -> None:
    exporter.set("node_cpu_busy_percent", {"instance": "web-01"}, 42.0)
    wait_for_values(prometheus.url, "node_cpu_busy_percent", "instance", {"web-01": 42.0})
    cfg = write_config(
        tmp_path / "board.toml",
        sources=[
            prometheus_source("prom", prometheus.url),
            alertmanager_source("am", f"http://127.0.0.1:{free_port()}"),  # nobody listens
        ],
        panels=[CPU_PANEL],
    )
    snap = snapshot(cfg, home)  # exits 0, no traceback: data, not a crash

    am = source_status(snap, "am")
    assert am["ok"] is False, am
    assert am["error"] and am["error"].startswith("unavailable"), am
    assert am["last_success"] is None

    prom = source_status(snap, "prom")
    assert prom["ok"] is True and prom["error"] is None, prom
    (panel,) = snap["health"]
    assert not panel.get("error"), panel
    assert [(t["key"], t["value"], t["status"]) for t in panel["tiles"]] == [("web-01", 42.0, "ok")]


def test_garbage_answers_are_protocol_errors(
    alertmanager: ServerProcess, tmp_path: Path, home: Path
) -> None:
    # A healthy source beside the broken ones proves the failure stays contained.
    labels = {"alertname": "StillHere", "instance": "ok-01", "severity": "critical"}
    post_alerts(alertmanager.url, [make_alert(labels, datetime.now(UTC))])
    html = FixedAnswerServer("<html>oops</html>", content_type="text/html")
    truncated = FixedAnswerServer('{"status":"succ', content_type="application/json")
    with html, truncated:
        cfg = write_config(
            tmp_path / "board.toml",
            sources=[
                prometheus_source("prom", html.url),  # e.g. a login page of a proxy
                alertmanager_source("am-cut", truncated.url),
                prometheus_source("prom-cut", truncated.url),
                alertmanager_source("am-html", html.url),
                alertmanager_source("am-good", alertmanager.url),
            ],
            panels=[
                CPU_PANEL,
                {**CPU_PANEL, "name": "CPU busy (cut)", "source": "prom-cut"},
            ],
        )
        snap = snapshot(cfg, home)  # exits 0, no traceback: data, not a crash

    for name in ("prom", "am-cut", "prom-cut", "am-html"):
        status = source_status(snap, name)
        assert status["ok"] is False, status
        assert status["error"] and status["error"].startswith("protocol"), status
    good = source_status(snap, "am-good")
    assert good["ok"] is True, good
    titles = [i["labels"].get("alertname") for i in snap["incidents"]["items"]]
    assert "StillHere" in titles, snap["incidents"]
