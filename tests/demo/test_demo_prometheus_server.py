"""The demo Prometheus over real HTTP on loopback: shapes, status codes and headers."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

import pytest

from noc_wallboard.demo import DemoServers, start_demo


def _query(demo: DemoServers, http: Callable[..., Any], path: str, **params: Any) -> Any:
    return http(f"{demo.prometheus_url}{path}?{urlencode(params)}")


def test_urls_are_loopback_with_os_chosen_ports(demo: DemoServers) -> None:
    assert demo.prometheus_url.startswith("http://127.0.0.1:")
    assert demo.alertmanager_url.startswith("http://127.0.0.1:")
    assert demo.prometheus_url != demo.alertmanager_url


def test_only_loopback_hosts_are_accepted() -> None:
    with pytest.raises(ValueError, match="loopback"):
        start_demo(host="0.0.0.0")


def test_instant_vector(demo: DemoServers, http: Callable[..., Any], clock: Any) -> None:
    reply = _query(demo, http, "/api/v1/query", query='node_cpu_busy_percent{client="acme"}')
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "application/json"
    assert "Server" not in reply.headers
    assert parsedate_to_datetime(reply.headers["Date"]) == clock.now.replace(microsecond=0)
    body = reply.json()
    assert body["status"] == "success"
    assert body["data"]["resultType"] == "vector"
    result = body["data"]["result"]
    assert result
    for item in result:
        assert item["metric"]["__name__"] == "node_cpu_busy_percent"
        assert item["metric"]["client"] == "acme"
        assert {"instance", "job", "site", "service"} <= set(item["metric"])
        timestamp, value = item["value"]
        assert timestamp == clock.now.timestamp()
        assert isinstance(value, str) and 0 <= float(value) <= 100


def test_query_by_post_form(demo: DemoServers, http: Callable[..., Any], clock: Any) -> None:
    body = urlencode({"query": "count by (client) (up)", "time": "1772443805.5"}).encode()
    reply = http(
        f"{demo.prometheus_url}/api/v1/query", "POST", body, "application/x-www-form-urlencoded"
    )
    assert reply.status == 200
    result = reply.json()["data"]["result"]
    assert {r["metric"]["client"]: r["value"] for r in result}["acme"] == [1772443805.5, "8"]


def test_scalar(demo: DemoServers, http: Callable[..., Any]) -> None:
    data = _query(demo, http, "/api/v1/query", query="42", time="1772443805").json()["data"]
    assert data == {"resultType": "scalar", "result": [1772443805, "42"]}


def test_bad_query_is_400_bad_data(demo: DemoServers, http: Callable[..., Any]) -> None:
    for query in ("rate(up[5m])", "up{", ""):
        reply = _query(demo, http, "/api/v1/query", query=query)
        assert reply.status == 400
        body = reply.json()
        assert body["status"] == "error" and body["errorType"] == "bad_data"
        assert "parse error" in body["error"]
    reply = _query(demo, http, "/api/v1/query", query="up", time="yesterday")
    assert reply.status == 400 and 'invalid parameter "time"' in reply.json()["error"]


def test_query_range_matrix(demo: DemoServers, http: Callable[..., Any], clock: Any) -> None:
    end = clock.now.timestamp()
    reply = _query(
        demo,
        http,
        "/api/v1/query_range",
        query="avg by (client) (up)",
        start=end - 3600,
        end=end,
        step="5m",
    )
    data = reply.json()["data"]
    assert data["resultType"] == "matrix"
    assert [s["metric"] for s in data["result"]] == [
        {"client": c} for c in ("acme", "globex", "initech", "umbrella")
    ]
    values = data["result"][0]["values"]
    assert len(values) == 13
    assert values[0][0] == end - 3600 and values[-1][0] == end


def test_query_range_limits(demo: DemoServers, http: Callable[..., Any]) -> None:
    reply = _query(demo, http, "/api/v1/query_range", query="up", start=0, end=11001, step=1)
    assert reply.status == 400
    assert "11,000 points" in reply.json()["error"]
    for params in (
        {"start": 10, "end": 0, "step": 1},
        {"start": 0, "end": 10, "step": 0},
        {"end": 10, "step": 1},
    ):
        reply = _query(demo, http, "/api/v1/query_range", query="up", **params)
        assert reply.status == 400 and reply.json()["errorType"] == "bad_data"


def test_targets(demo: DemoServers, http: Callable[..., Any]) -> None:
    data = http(f"{demo.prometheus_url}/api/v1/targets").json()["data"]
    targets = data["activeTargets"]
    assert len(targets) == len(demo.fleet.hosts)
    assert {t["health"] for t in targets} == {"up", "down"}  # the opening act has a host down
    down = next(t for t in targets if t["health"] == "down")
    assert down["lastError"] and down["scrapePool"] == "node"
    assert down["scrapeUrl"] == f"http://{down['labels']['instance']}/metrics"
    assert down["lastScrape"].endswith("Z")


def test_alerts_pending_and_firing(demo: DemoServers, http: Callable[..., Any], clock: Any) -> None:
    states: set[str] = set()
    for _ in range(12):  # an hour in five-minute steps: some rule will be pending at some point
        alerts = http(f"{demo.prometheus_url}/api/v1/alerts").json()["data"]["alerts"]
        for alert in alerts:
            assert set(alert) == {"labels", "annotations", "state", "activeAt", "value"}
            assert alert["activeAt"].endswith("Z")
            states.add(alert["state"])
        clock.advance(minutes=5)
    assert states == {"pending", "firing"}


def test_misc_endpoints(demo: DemoServers, http: Callable[..., Any]) -> None:
    info = http(f"{demo.prometheus_url}/api/v1/status/buildinfo").json()
    assert info["status"] == "success" and info["data"]["version"] == "2.42.0-demo"
    for path in ("/-/healthy", "/-/ready"):
        reply = http(f"{demo.prometheus_url}{path}")
        assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/plain")
    assert http(f"{demo.prometheus_url}/api/v1/nope").status == 404
    assert http(f"{demo.prometheus_url}/api/v1/targets", "DELETE").status == 405


def test_garbage_does_not_kill_the_server(demo: DemoServers, http: Callable[..., Any]) -> None:
    import socket

    host, port = demo.prometheus_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"\x00\x01 NONSENSE\r\n\r\n")
        raw.recv(1024)
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"POST /api/v1/query HTTP/1.1\r\nContent-Length: nope\r\n\r\n")
        assert raw.recv(1024).startswith(b"HTTP/1.1 400")
    assert http(f"{demo.prometheus_url}/-/healthy").status == 200
