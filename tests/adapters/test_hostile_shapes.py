"""Valid JSON of the wrong shape must become a protocol error, never another exception."""

from __future__ import annotations

import json

import pytest

from noc_wallboard.adapters.alertmanager import parse_alerts, parse_silences
from noc_wallboard.adapters.jsonparse import guarded
from noc_wallboard.adapters.prometheus import parse_query_response
from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.severity import SeverityMap

ALERT = {
    "fingerprint": "0123456789abcdef",
    "labels": {"alertname": "X", "severity": "critical"},
    "annotations": {"summary": None},
    "startsAt": "2026-11-27T04:00:00Z",
    "status": {"state": "active", "silencedBy": [], "inhibitedBy": []},
}


def _alerts(**change):
    return [{**ALERT, **change}]


def _parse_am(alerts, silences=()):
    def run(_: bytes):
        return parse_alerts(alerts, "am", SeverityMap(), acks=parse_silences(list(silences)))

    return guarded(run, "http://127.0.0.1:9093")(b"")


@pytest.mark.parametrize(
    ("alerts", "silences"),
    [
        (_alerts(status={"silencedBy": 5}), []),
        (_alerts(startsAt="9999-12-31T23:00:00Z"), []),
        (_alerts(startsAt="1969-01-01T00:00:00Z"), []),
        (_alerts(startsAt="2026-11-27T04:00:00+99:00"), []),
        (_alerts(fingerprint="0123456789abcdef\n"), []),
        (_alerts(labels=["a"]), []),
        ([], [{"id": "1", "status": {"state": "active"}, "comment": "ACK", "startsAt": 5}]),
    ],
)
def test_alertmanager_shapes(alerts, silences):
    with pytest.raises(SourceProtocolError):
        _parse_am(alerts, silences)


def test_null_annotation_falls_back_to_alertname():
    (inc,) = _parse_am(_alerts())
    assert inc.title == "X"


def test_ack_silence_from_before_the_alert_does_not_acknowledge_it():
    silence = {
        "id": "s1",
        "status": {"state": "active"},
        "comment": "ACK known",
        "createdBy": "bob",
        "startsAt": "2026-11-27T03:00:00Z",
    }
    (inc,) = _parse_am(_alerts(status={"silencedBy": ["s1"]}), [silence])
    assert inc.acknowledged_at is None and inc.silenced


@pytest.mark.parametrize(
    "body",
    [
        b'{"status":"success","warnings":5,"data":{"resultType":"vector","result":[]}}',
        json.dumps(
            {
                "status": "success",
                "data": {"resultType": "vector", "result": [{"metric": {}, "value": [1e400, "1"]}]},
            }
        ).encode(),
        b'{"status":"success","data":{"resultType":"scalar","result":[true,"1"]}}',
        b'{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"'
        + b"9" * 5000
        + b'"]}]}}',
        b'{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":['
        + b"9" * 5000
        + b',"1"]}]}}',
    ],
)
def test_prometheus_shapes(body):
    url = "http://127.0.0.1:9090/api/v1/query"
    parsed = None
    try:
        parsed = guarded(lambda b: parse_query_response(b, url), url)(body)
    except SourceProtocolError:
        return
    # A huge but finite value is acceptable data, as long as it parsed into floats.
    samples, _ = parsed
    assert all(isinstance(s.value, float) for s in samples)
