"""The demo Alertmanager over real HTTP: alert shape, filters, and silences that really silence."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from noc_wallboard.demo import DemoServers

ALERT_FIELDS = {
    "annotations",
    "endsAt",
    "fingerprint",
    "receivers",
    "startsAt",
    "status",
    "updatedAt",
    "generatorURL",
    "labels",
}
MILLIS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
Http = Callable[..., Any]


def _alerts(demo: DemoServers, http: Http, *pairs: tuple[str, str]) -> list[dict[str, Any]]:
    reply = http(f"{demo.alertmanager_url}/api/v2/alerts?{urlencode(pairs)}")
    assert reply.status == 200, reply.body
    result: list[dict[str, Any]] = reply.json()
    return result


def _iso(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"))


def _silence_body(clock: Any, matchers: list[dict[str, Any]], **extra: Any) -> bytes:
    body = {
        "matchers": matchers,
        "startsAt": _iso(clock.now),
        "endsAt": _iso(clock.now + timedelta(hours=1)),
        "createdBy": "Test Engineer",
        "comment": "ACK from the test",
        **extra,
    }
    return json.dumps(body).encode()


def _post(demo: DemoServers, http: Http, body: bytes) -> Any:
    return http(f"{demo.alertmanager_url}/api/v2/silences", "POST", body, "application/json")


def test_alert_shape(demo: DemoServers, http: Http, clock: Any) -> None:
    alerts = _alerts(demo, http)
    assert 4 <= len(alerts) <= 15
    for alert in alerts:
        assert set(alert) == ALERT_FIELDS
        assert re.fullmatch(r"[0-9a-f]{16}", alert["fingerprint"])
        assert alert["receivers"] == [{"name": "noc"}]
        assert alert["status"]["state"] in ("active", "suppressed")
        assert alert["status"]["inhibitedBy"] == []
        for key in ("startsAt", "updatedAt", "endsAt"):
            assert MILLIS.match(alert[key])
        assert alert["endsAt"] > _iso(clock.now + timedelta(minutes=2))
        assert alert["generatorURL"].startswith(f"{demo.prometheus_url}/graph?g0.expr=")
        assert {"alertname", "instance", "client", "site", "service"} <= set(alert["labels"])
        assert {"summary", "description"} <= set(alert["annotations"])
    assert len({a["fingerprint"] for a in alerts}) == len(alerts)
    severities = {a["labels"].get("severity") for a in alerts}
    assert {"critical", "warning", "P3", None} <= severities


def test_filters_and_flags(demo: DemoServers, http: Http) -> None:
    everything = _alerts(demo, http)
    critical = _alerts(demo, http, ("filter", 'severity="critical"'))
    assert critical and all(a["labels"]["severity"] == "critical" for a in critical)
    not_critical = _alerts(demo, http, ("filter", 'severity!="critical"'))
    assert len(critical) + len(not_critical) == len(everything)
    both = _alerts(demo, http, ("filter", 'severity=~"crit.*"'), ("filter", "client=acme"))
    assert all(a["labels"]["client"] == "acme" for a in both) and both
    assert _alerts(demo, http, ("filter", 'alertname!~".*"')) == []
    unsilenced = _alerts(demo, http, ("silenced", "false"))
    assert all(a["status"]["state"] == "active" for a in unsilenced)
    assert _alerts(demo, http, ("active", "false"), ("silenced", "false")) == []
    assert _alerts(demo, http, ("receiver", "pager")) == []
    for bad in (("filter", "severity"), ("active", "maybe")):
        reply = http(f"{demo.alertmanager_url}/api/v2/alerts?{urlencode([bad])}")
        assert reply.status == 400 and isinstance(reply.json(), str)


def test_groups(demo: DemoServers, http: Http) -> None:
    groups = http(f"{demo.alertmanager_url}/api/v2/alerts/groups").json()
    assert sum(len(g["alerts"]) for g in groups) == len(_alerts(demo, http))
    for group in groups:
        assert set(group["labels"]) <= {"alertname", "client"} and group["receiver"]["name"]


def test_simulated_silences(demo: DemoServers, http: Http) -> None:
    silences = http(f"{demo.alertmanager_url}/api/v2/silences").json()
    assert {s["status"]["state"] for s in silences} >= {"active", "expired"}
    acks = [s for s in silences if s["comment"].startswith("ACK")]
    assert acks and all(
        m["isRegex"] is False and m["isEqual"] is True for s in acks for m in s["matchers"]
    )
    for silence in silences:
        assert MILLIS.match(silence["startsAt"]) and MILLIS.match(silence["updatedAt"])
        assert silence["createdBy"]
    states = [s["status"]["state"] for s in silences]
    assert states == sorted(states, key=["active", "pending", "expired"].index)
    assert any(not s["comment"].startswith("ACK") for s in silences)  # maintenance


def test_posted_silence_suppresses_exactly_that_alert(
    demo: DemoServers, http: Http, clock: Any
) -> None:
    target = next(a for a in _alerts(demo, http) if a["status"]["state"] == "active")
    matchers = [
        {"name": k, "value": v, "isRegex": False, "isEqual": True}
        for k, v in target["labels"].items()
    ]
    reply = _post(demo, http, _silence_body(clock, matchers))
    assert reply.status == 200
    silence_id = reply.json()["silenceID"]
    assert re.fullmatch(r"[0-9a-f-]{36}", silence_id)
    after = {a["fingerprint"]: a for a in _alerts(demo, http)}
    assert after[target["fingerprint"]]["status"] == {
        "inhibitedBy": [],
        "silencedBy": [silence_id],
        "state": "suppressed",
    }
    others = [a for fp, a in after.items() if fp != target["fingerprint"]]
    assert all(silence_id not in a["status"]["silencedBy"] for a in others)
    hidden = _alerts(demo, http, ("silenced", "false"))
    assert target["fingerprint"] not in {a["fingerprint"] for a in hidden}

    one = http(f"{demo.alertmanager_url}/api/v2/silence/{silence_id}").json()
    assert one["status"]["state"] == "active" and one["createdBy"] == "Test Engineer"

    # Expire it: it stays listed as expired and the alert is active again.
    assert http(f"{demo.alertmanager_url}/api/v2/silence/{silence_id}", "DELETE").status == 200
    clock.advance(seconds=1)
    listed = {s["id"]: s for s in http(f"{demo.alertmanager_url}/api/v2/silences").json()}
    assert listed[silence_id]["status"]["state"] == "expired"
    again = {a["fingerprint"]: a for a in _alerts(demo, http)}
    assert again[target["fingerprint"]]["status"]["silencedBy"] == []
    reply = http(f"{demo.alertmanager_url}/api/v2/silence/{silence_id}", "DELETE")
    assert reply.status == 500 and "already expired" in reply.json()


def test_reposting_with_id_updates_or_replaces(demo: DemoServers, http: Http, clock: Any) -> None:
    matchers = [{"name": "client", "value": "globex", "isRegex": False}]
    first = _post(demo, http, _silence_body(clock, matchers)).json()["silenceID"]
    start = http(f"{demo.alertmanager_url}/api/v2/silence/{first}").json()["startsAt"]
    longer = _silence_body(
        clock, matchers, id=first, startsAt=start, endsAt=_iso(clock.now + timedelta(hours=3))
    )
    assert _post(demo, http, longer).json()["silenceID"] == first
    extended = http(f"{demo.alertmanager_url}/api/v2/silence/{first}").json()
    assert extended["endsAt"] == _iso(clock.now + timedelta(hours=3))
    changed = _silence_body(
        clock, [{"name": "client", "value": "acme", "isRegex": False}], id=first
    )
    second = _post(demo, http, changed).json()["silenceID"]
    assert second != first
    clock.advance(seconds=1)
    old = http(f"{demo.alertmanager_url}/api/v2/silence/{first}").json()
    assert old["status"]["state"] == "expired"
    unknown = _silence_body(clock, matchers, id="00000000-0000-4000-8000-000000000000")
    assert _post(demo, http, unknown).status == 404


def test_malformed_silences_are_400_with_a_json_string(
    demo: DemoServers, http: Http, clock: Any
) -> None:
    good = [{"name": "client", "value": "acme", "isRegex": False}]
    bad_bodies = [
        b"{not json",
        _silence_body(clock, []),
        _silence_body(clock, [{"name": "client", "value": "acme"}]),  # isRegex is required
        _silence_body(clock, [{"name": "1bad", "value": "x", "isRegex": False}]),
        _silence_body(clock, [{"name": "client", "value": "(", "isRegex": True}]),
        _silence_body(clock, [{"name": "client", "value": ".*", "isRegex": True}]),
        _silence_body(clock, good, endsAt=_iso(clock.now - timedelta(hours=1))),
        _silence_body(clock, good, startsAt="yesterday"),
        _silence_body(clock, good, createdBy=None),
    ]
    for body in bad_bodies:
        reply = _post(demo, http, body)
        assert reply.status == 400, body
        assert isinstance(reply.json(), str) and reply.json()


def test_silence_lookup_errors(demo: DemoServers, http: Http) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert http(f"{demo.alertmanager_url}/api/v2/silence/{missing}").status == 404
    assert http(f"{demo.alertmanager_url}/api/v2/silence/{missing}", "DELETE").status == 404
    assert http(f"{demo.alertmanager_url}/api/v2/silence/not-a-uuid").status == 422


def test_status_and_health(demo: DemoServers, http: Http) -> None:
    status = http(f"{demo.alertmanager_url}/api/v2/status").json()
    assert status["cluster"]["status"] == "ready"
    assert status["versionInfo"]["version"] == "0.25.0-demo"
    assert "receiver: noc" in status["config"]["original"]
    assert MILLIS.match(status["uptime"])
    for path in ("/-/healthy", "/-/ready"):
        assert http(f"{demo.alertmanager_url}{path}").status == 200
    assert http(f"{demo.alertmanager_url}/api/v1/alerts").status == 404


def test_alerts_resolve_and_disappear_over_time(demo: DemoServers, http: Http, clock: Any) -> None:
    before = {a["fingerprint"] for a in _alerts(demo, http)}
    clock.advance(hours=3)
    after = {a["fingerprint"] for a in _alerts(demo, http)}
    assert before - after and after - before
