"""`snapshot --format json`: incidents, SLA clocks and acknowledgements from a real Alertmanager."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from it_cli import (
    SEVERITIES,
    alertmanager_source,
    parse_time,
    snapshot,
    source_status,
    write_config,
)
from it_exporter import Exporter
from it_servers import (
    ServerProcess,
    am_alerts,
    create_silence,
    fingerprints_by_labels,
    make_alert,
    post_alerts,
    wait_for_values,
    wait_until,
)

pytestmark = pytest.mark.integration

CLOCK_TOLERANCE_S = 3.0
RESPONSE_S = {"critical": 15 * 60, "warning": 60 * 60}
RESOLUTION_S = {"critical": 4 * 3600, "warning": 24 * 3600}


def _board(tmp_path: Path, am: ServerProcess) -> Path:
    return write_config(
        tmp_path / "board.toml",
        sources=[alertmanager_source("am", am.url, severity_map={"P3": "minor"})],
    )


def _item(snap: dict[str, Any], **labels: str) -> dict[str, Any]:
    """The one incident whose labels include `labels`."""
    items = [
        i
        for i in snap["incidents"]["items"]
        if all(i["labels"].get(k) == v for k, v in labels.items())
    ]
    assert len(items) == 1, f"{len(items)} incidents match {labels}: {snap['incidents']['items']}"
    return items[0]


def _check_clock(
    clock: dict[str, Any], opened: datetime, target_s: int, now: datetime, state: str
) -> None:
    assert clock["target_s"] == target_s, clock
    due = opened + timedelta(seconds=target_s)
    assert abs((parse_time(clock["due_at"]) - due).total_seconds()) <= 1, clock
    expected = (opened + timedelta(seconds=target_s) - now).total_seconds()
    assert clock["remaining_s"] == pytest.approx(expected, abs=CLOCK_TOLERANCE_S), clock
    assert clock["state"] == state, clock


def test_incidents_severities_sla_and_counts(
    start_alertmanager: Any, tmp_path: Path, home: Path
) -> None:
    am = start_alertmanager()  # a clean Alertmanager: the counts below are exact
    now = datetime.now(UTC).replace(microsecond=0)
    ago = {
        name: now - delta
        for name, delta in {
            "breached": timedelta(minutes=20),
            "running": timedelta(minutes=5),
            "at_risk": timedelta(minutes=12),
            "warning": timedelta(minutes=10),
            "other": timedelta(minutes=2),
        }.items()
    }
    alerts = [
        make_alert(
            {"alertname": "DiskFull", "instance": "db-01", "severity": "critical"},
            ago["breached"],
            annotations={"summary": "Disk full on db-01"},
        ),
        make_alert(
            {"alertname": "ApiLatency", "instance": "api-01", "severity": "critical"},
            ago["running"],
        ),
        make_alert(
            {"alertname": "QueueBacklog", "instance": "mq-01", "severity": "critical"},
            ago["at_risk"],
        ),
        make_alert(
            {"alertname": "CertExpiry", "instance": "web-01", "severity": "warning"}, ago["warning"]
        ),
        make_alert(
            {"alertname": "SlowBackup", "instance": "bk-01", "severity": "P3"}, ago["other"]
        ),
        # Outside the severity map and not a board severity: shown as "unknown", never dropped.
        make_alert({"alertname": "Mystery", "instance": "x-01", "severity": "weird"}, ago["other"]),
        # Same alertname on two hosts: two incidents, not one.
        make_alert(
            {"alertname": "HostDown", "instance": "host-a", "severity": "major"}, ago["other"]
        ),
        make_alert(
            {"alertname": "HostDown", "instance": "host-b", "severity": "major"}, ago["other"]
        ),
    ]
    post_alerts(am.url, alerts)
    wait_until(lambda: len(am_alerts(am.url)) == len(alerts), timeout=10, what="8 alerts in AM")
    fingerprints = fingerprints_by_labels(am.url)

    snap = snapshot(_board(tmp_path, am), home)
    generated = parse_time(snap["generated_at"])
    assert source_status(snap, "am")["ok"] is True, snap["sources"]

    items = snap["incidents"]["items"]
    assert len(items) == len(alerts), items
    for item in items:
        fingerprint = fingerprints[tuple(sorted(item["labels"].items()))]
        assert item["id"] == fingerprint and re.fullmatch(r"[0-9a-f]{16}", item["id"]), item
        assert item["source"] == "am"
        assert item["state"] == "open"
        assert item["acknowledged_at"] is None and item["acknowledged_by"] is None

    breached = _item(snap, alertname="DiskFull")
    assert breached["title"] == "Disk full on db-01"  # title_annotation defaults to summary
    assert breached["severity"] == "critical"
    assert abs((parse_time(breached["opened_at"]) - ago["breached"]).total_seconds()) <= 1
    _check_clock(breached["sla"]["response"], ago["breached"], 900, generated, "breached")
    assert breached["sla"]["response"]["remaining_s"] == pytest.approx(-300, abs=CLOCK_TOLERANCE_S)
    _check_clock(breached["sla"]["resolution"], ago["breached"], 14400, generated, "running")

    running = _item(snap, alertname="ApiLatency")
    assert running["title"] == "ApiLatency"  # no summary → alertname
    _check_clock(running["sla"]["response"], ago["running"], 900, generated, "running")
    assert running["sla"]["response"]["remaining_s"] == pytest.approx(600, abs=CLOCK_TOLERANCE_S)

    at_risk = _item(snap, alertname="QueueBacklog")  # 12 of 15 min = 80 % > at_risk 75 %
    _check_clock(at_risk["sla"]["response"], ago["at_risk"], 900, generated, "at_risk")

    warning = _item(snap, alertname="CertExpiry")
    assert warning["severity"] == "warning"
    _check_clock(warning["sla"]["response"], ago["warning"], 3600, generated, "running")
    _check_clock(warning["sla"]["resolution"], ago["warning"], 86400, generated, "running")

    assert _item(snap, alertname="SlowBackup")["severity"] == "minor"  # severity_map P3 → minor
    mystery = _item(snap, alertname="Mystery")
    assert mystery["severity"] == "unknown"
    assert mystery["labels"]["severity"] == "weird"  # the original label survives
    hosts = [_item(snap, alertname="HostDown", instance=h) for h in ("host-a", "host-b")]
    assert hosts[0]["id"] != hosts[1]["id"]
    # The config gives targets only for critical and warning: no clock for the others.
    for item in [*hosts, mystery, _item(snap, alertname="SlowBackup")]:
        assert item["sla"] is None, item

    counts = snap["incidents"]["counts"]
    expected = {"critical": 3, "major": 2, "minor": 1, "warning": 1, "info": 0, "unknown": 1}
    assert {s: counts[s] for s in SEVERITIES} == {
        s: {"total": n, "unacknowledged": n} for s, n in expected.items()
    }


def test_ack_silence_marks_incident_acknowledged(
    start_alertmanager: Any, tmp_path: Path, home: Path
) -> None:
    am = start_alertmanager()
    opened = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    acked = {"alertname": "LinkDown", "instance": "sw-01", "severity": "critical"}
    maintained = {"alertname": "LinkDown", "instance": "sw-02", "severity": "critical"}
    post_alerts(am.url, [make_alert(acked, opened), make_alert(maintained, opened)])
    ack = create_silence(am.url, acked, created_by="alice", comment="ACK investigating")
    # A silence that is not an ack (karma's convention: the comment starts with ACK).
    create_silence(am.url, maintained, created_by="bob", comment="maintenance window")
    wait_until(
        lambda: all(a["status"]["state"] == "suppressed" for a in am_alerts(am.url)),
        timeout=10,
        what="both alerts suppressed",
    )

    snap = snapshot(_board(tmp_path, am), home)
    generated = parse_time(snap["generated_at"])

    item = _item(snap, instance="sw-01")
    assert item["state"] == "acknowledged", item
    assert item["acknowledged_by"] == "alice"
    ack_at = parse_time(item["acknowledged_at"])
    assert abs((ack_at - parse_time(ack["startsAt"])).total_seconds()) <= 2, (item, ack)
    assert item["sla"]["response"]["state"] == "met", item["sla"]
    assert item["sla"]["resolution"]["state"] == "running", item["sla"]
    _check_clock(item["sla"]["resolution"], opened, 14400, generated, "running")

    other = _item(snap, instance="sw-02")
    assert other["state"] == "open", other
    assert other["acknowledged_by"] is None and other["acknowledged_at"] is None
    assert other["sla"]["response"]["state"] == "running", other["sla"]

    counts = snap["incidents"]["counts"]["critical"]
    assert counts == {"total": 2, "unacknowledged": 1}


RULES = """
groups:
  - name: noc-integration
    interval: 1s
    rules:
      - alert: CpuCritical
        expr: node_cpu_busy_percent > 95
        for: 0s
        labels:
          severity: critical
        annotations:
          summary: "CPU critical on {{ $labels.instance }}"
"""


def test_prometheus_rule_fires_into_snapshot(
    start_prometheus: Any,
    start_alertmanager: Any,
    exporter: Exporter,
    tmp_path: Path,
    home: Path,
) -> None:
    exporter.set("node_cpu_busy_percent", {"instance": "web-01"}, 42.0)
    exporter.set("node_cpu_busy_percent", {"instance": "web-03"}, 99.0)
    am = start_alertmanager()
    prom = start_prometheus(rules=RULES, alertmanager_url=am.url)
    wait_for_values(prom.url, "node_cpu_busy_percent", "instance", {"web-01": 42.0, "web-03": 99.0})
    cfg = _board(tmp_path, am)
    started = datetime.now(UTC)

    def fired() -> dict[str, Any] | None:
        snap = snapshot(cfg, home)
        items = [
            i for i in snap["incidents"]["items"] if i["labels"].get("alertname") == "CpuCritical"
        ]
        return snap if items else None

    snap = wait_until(
        fired,
        timeout=40,
        interval=1.0,
        what="CpuCritical from Prometheus's rule to reach the snapshot via Alertmanager",
        detail=lambda: f"Alertmanager has: {am_alerts(am.url)}",
    )
    item = _item(snap, alertname="CpuCritical")
    assert item["labels"]["instance"] == "web-03"  # web-01 (42) must not fire
    assert item["severity"] == "critical"
    assert item["title"] == "CPU critical on web-03"
    assert item["state"] == "open"
    assert item["id"] == fingerprints_by_labels(am.url)[tuple(sorted(item["labels"].items()))]
    opened = parse_time(item["opened_at"])
    assert started - timedelta(seconds=30) <= opened <= datetime.now(UTC)
    assert item["sla"]["response"]["state"] == "running"
