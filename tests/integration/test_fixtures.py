"""Self-tests of the integration fixtures: if these fail, the app tests' failures mean nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from it_exporter import Exporter
from it_servers import (
    ServerProcess,
    am_alerts,
    client,
    create_silence,
    make_alert,
    post_alerts,
    prom_query,
    wait_for_values,
    wait_until,
)

pytestmark = pytest.mark.integration


def test_prometheus_scrapes_exporter(
    prometheus: ServerProcess, exporter: Exporter, down_target: str
) -> None:
    exporter.set("node_cpu_busy_percent", {"instance": "web-01"}, 42.0)
    expected_up = {exporter.address: 1.0, down_target: 0.0}
    wait_for_values(prometheus.url, 'up{job="exporter"}', "instance", expected_up)
    # honor_labels keeps the exporter's own instance label on its series.
    wait_for_values(prometheus.url, "node_cpu_busy_percent", "instance", {"web-01": 42.0})


def test_exporter_failure_turns_up_to_zero(prometheus: ServerProcess, exporter: Exporter) -> None:
    query = f'up{{instance="{exporter.address}"}}'
    wait_for_values(prometheus.url, query, "instance", {exporter.address: 1.0})
    exporter.fail = True
    try:
        wait_for_values(prometheus.url, query, "instance", {exporter.address: 0.0})
    finally:
        exporter.fail = False
    wait_for_values(prometheus.url, query, "instance", {exporter.address: 1.0})


def test_exporter_changes_are_scraped(prometheus: ServerProcess, exporter: Exporter) -> None:
    exporter.set("fixture_probe", {"instance": "a"}, 1.0)
    exporter.set("fixture_probe", {"instance": "b"}, 2.0)
    wait_for_values(prometheus.url, "fixture_probe", "instance", {"a": 1.0, "b": 2.0})
    exporter.set("fixture_probe", {"instance": "a"}, 5.5)
    exporter.remove("fixture_probe", {"instance": "b"})
    # A series that vanishes from a scrape is marked stale, so the instant query drops it.
    wait_for_values(prometheus.url, "fixture_probe", "instance", {"a": 5.5})
    exporter.remove("fixture_probe")
    wait_until(
        lambda: not prom_query(prometheus.url, "fixture_probe"),
        timeout=20,
        what="fixture_probe to go stale",
    )


def test_prometheus_buildinfo_is_2_42(prometheus: ServerProcess) -> None:
    with client() as http:
        info = http.get(f"{prometheus.url}/api/v1/status/buildinfo").json()
    assert info["data"]["version"].startswith("2.42"), info


def test_alertmanager_receives_posted_alert(alertmanager: ServerProcess) -> None:
    labels = {"alertname": "FixtureProbe", "instance": "probe-01", "severity": "critical"}
    starts = datetime.now(UTC) - timedelta(minutes=7)
    post_alerts(alertmanager.url, [make_alert(labels, starts, annotations={"summary": "probe"})])
    alerts = wait_until(
        lambda: [a for a in am_alerts(alertmanager.url) if a["labels"] == labels],
        timeout=10,
        what="the posted alert in GET /api/v2/alerts",
    )
    assert len(alerts) == 1
    alert = alerts[0]
    assert re.fullmatch(r"[0-9a-f]{16}", alert["fingerprint"]), alert
    assert alert["annotations"] == {"summary": "probe"}
    assert alert["status"]["state"] == "active"
    got = datetime.fromisoformat(alert["startsAt"])
    assert abs((got - starts).total_seconds()) < 1


def test_alertmanager_silence_roundtrip(alertmanager: ServerProcess) -> None:
    labels = {"alertname": "FixtureSilenced", "instance": "probe-02", "severity": "warning"}
    post_alerts(alertmanager.url, [make_alert(labels, datetime.now(UTC))])
    silence = create_silence(
        alertmanager.url, labels, created_by="alice", comment="ACK fixture self-test"
    )
    assert silence["createdBy"] == "alice"
    assert silence["status"]["state"] == "active"
    alert = wait_until(
        lambda: next(
            (
                a
                for a in am_alerts(alertmanager.url)
                if a["labels"] == labels and a["status"]["state"] == "suppressed"
            ),
            None,
        ),
        timeout=10,
        what="the alert to be suppressed by the silence",
    )
    assert alert["status"]["silencedBy"] == [silence["id"]]
