"""Prometheus's own alerts (`/api/v1/alerts`), on an answer recorded from Prometheus 2.42."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from noc_wallboard.adapters.http import RawAnswer
from noc_wallboard.adapters.prom_alert_source import label_fingerprint, parse_prometheus_alerts
from noc_wallboard.domain.errors import SourceProtocolError, SourceRejected
from noc_wallboard.domain.severity import Severity, SeverityMap

FIX = Path(__file__).parent.parent / "fixtures" / "prometheus" / "rules_alerts.json"
SEVERITIES = SeverityMap({"P3": Severity.MINOR})


def test_firing_and_pending_are_kept_apart():
    firing, pending = parse_prometheus_alerts(json.loads(FIX.read_text()), "prom", SEVERITIES)
    (fire,) = firing
    (pend,) = pending
    assert fire.labels["alertname"] == "TargetUp" and fire.severity is Severity.CRITICAL
    assert fire.title == "127.0.0.1:19190 is up" and fire.description == "recorded"
    assert fire.opened_at.tzinfo is not None and fire.raw_status == "firing"
    assert pend.labels["alertname"] == "TargetUpLong" and pend.severity is Severity.MINOR
    assert fire.id == label_fingerprint(dict(fire.labels)) and len(fire.id) == 16
    # `for: 0s` fires when it becomes active; `for: 10m` stays pending from activeAt.
    assert fire.opened_at == pend.opened_at


def test_firing_starts_when_the_for_duration_ends():
    doc = json.loads(FIX.read_text())
    for group in doc["data"]["groups"]:
        for rule in group["rules"]:
            if rule["name"] == "TargetUp":
                rule["duration"] = 300
    (fire,), _ = parse_prometheus_alerts(doc, "prom", SEVERITIES)
    _, (pend,) = parse_prometheus_alerts(json.loads(FIX.read_text()), "prom", SEVERITIES)
    assert fire.opened_at - pend.opened_at == timedelta(minutes=5)


def test_fingerprint_depends_on_every_label_and_not_on_order():
    a = label_fingerprint({"alertname": "X", "instance": "a"})
    assert a == label_fingerprint({"instance": "a", "alertname": "X"})
    assert a != label_fingerprint({"alertname": "X", "instance": "b"})
    # No ambiguity from joining: "a=b,c" vs "a=b" + "c".
    assert label_fingerprint({"a": "b\x1fc"}) != label_fingerprint({"a": "b", "c": ""})


@pytest.mark.parametrize(
    "doc",
    [
        {"status": "success", "data": {"alerts": {}}},
        {"status": "success", "data": {"alerts": [{"labels": [], "state": "firing"}]}},
        {
            "status": "success",
            "data": {"alerts": [{"labels": {}, "state": "firing", "activeAt": "soon"}]},
        },
        {"status": "success", "data": None},
        [],
    ],
)
def test_bad_shapes_are_protocol_errors(doc):
    with pytest.raises(SourceProtocolError):
        parse_prometheus_alerts(doc, "prom", SEVERITIES)


def test_error_envelope_is_rejected():
    doc = {"status": "error", "errorType": "bad_data", "error": "nope"}
    with pytest.raises(SourceRejected):
        parse_prometheus_alerts(doc, "prom", SEVERITIES)


def test_clock_skew_from_date_header_even_when_sent_twice():
    received = datetime(2026, 11, 27, 5, 0, 0, 400000, tzinfo=UTC)
    headers = httpx.Headers(
        [("date", "Fri, 27 Nov 2026 05:01:30 GMT"), ("date", "Fri, 27 Nov 2026 05:01:30 GMT")]
    )
    answer = RawAnswer(200, b"", headers, received)
    assert answer.clock_skew == timedelta(seconds=89, microseconds=600000)
    assert RawAnswer(200, b"", httpx.Headers({"date": "garbage"}), received).clock_skew is None
    assert RawAnswer(200, b"", httpx.Headers(), received).clock_skew is None
