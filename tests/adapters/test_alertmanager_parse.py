"""Parsers of the Alertmanager v2 API, on answers recorded from Alertmanager 0.25."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from noc_wallboard.adapters.alertmanager import parse_alerts, parse_silences
from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.severity import Severity, SeverityMap

FIX = Path(__file__).parent.parent / "fixtures" / "alertmanager"
SEVERITIES = SeverityMap({"P3": Severity.MINOR})


def load(name: str):
    return json.loads((FIX / name).read_text())


@pytest.fixture
def incidents():
    acks = parse_silences(load("silences.json"))
    items = parse_alerts(load("alerts.json"), "am", SEVERITIES, acks=acks)
    return {i.labels.get("instance", i.labels["alertname"]): i for i in items}


def test_every_alert_is_an_incident_keyed_by_fingerprint(incidents):
    assert len(incidents) == 5
    for inc in incidents.values():
        assert len(inc.id) == 16 and int(inc.id, 16) >= 0
        assert inc.source == "am"


def test_same_named_alerts_stay_two_incidents(incidents):
    host_down = [i for i in incidents.values() if i.labels["alertname"] == "HostDown"]
    assert len(host_down) == 2
    assert len({i.id for i in host_down}) == 2


def test_ack_silence_acknowledges_with_author_and_time(incidents):
    inc = incidents["web-01:9100"]
    assert inc.state is IncidentState.ACKNOWLEDGED
    assert inc.acknowledged_by == "alice"
    assert inc.acknowledged_at is not None and inc.acknowledged_at.tzinfo is not None
    assert inc.title == "web-01 is down"
    assert not inc.silenced


def test_maintenance_silence_is_silenced_not_acknowledged(incidents):
    inc = incidents["lb-01:9100"]
    assert inc.state is IncidentState.OPEN
    assert inc.silenced
    assert inc.acknowledged_by is None


def test_severity_mapping_and_unknown_kept(incidents):
    assert incidents["db-01:9100"].severity is Severity.MINOR
    weird = incidents["Weird"]
    assert weird.severity is Severity.UNKNOWN
    assert weird.raw_severity == "bogus"
    assert weird.title == "Weird"  # no summary annotation: falls back to alertname


def test_ha_duplicates_collapse_by_fingerprint():
    doc = load("alerts.json")
    items = parse_alerts(doc + doc, "am", SEVERITIES)
    assert len(items) == 5


def test_expired_and_non_ack_silences_are_not_acks():
    silences = [
        {
            "id": "1",
            "status": {"state": "expired"},
            "comment": "ACK old",
            "createdBy": "a",
            "startsAt": "2026-01-01T00:00:00Z",
        },
        {
            "id": "2",
            "status": {"state": "active"},
            "comment": "maintenance",
            "createdBy": "b",
            "startsAt": "2026-01-01T00:00:00Z",
        },
        {
            "id": "3",
            "status": {"state": "active"},
            "comment": "ack: on it",
            "createdBy": "c",
            "startsAt": "2026-01-01T00:00:00.5Z",
        },
    ]
    acks = parse_silences(silences)
    assert list(acks) == ["3"]
    assert acks["3"][1] == datetime(2026, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)


@pytest.mark.parametrize(
    "doc",
    [
        {"alerts": []},
        [None],
        [{"fingerprint": "zz", "labels": {}, "startsAt": "2026-01-01T00:00:00Z"}],
        [{"fingerprint": "0123456789abcdef", "startsAt": "2026-01-01T00:00:00Z"}],
        [{"fingerprint": "0123456789abcdef", "labels": {}, "startsAt": "yesterday"}],
    ],
)
def test_malformed_alerts_are_protocol_errors(doc):
    with pytest.raises(SourceProtocolError):
        parse_alerts(doc, "am", SEVERITIES)


def test_ack_silence_older_than_the_alert_silences_but_does_not_acknowledge():
    alerts = load("alerts.json")
    acked = next(a for a in alerts if a["status"]["silencedBy"] and "web-01" in str(a["labels"]))
    silences = load("silences.json")
    ack = next(s for s in silences if s["comment"].startswith("ACK"))
    # The alert (re-)fired an hour after the ACK silence began.
    later = {**acked, "startsAt": "2026-11-27T06:00:00Z"}
    old_ack = {**ack, "startsAt": "2026-11-27T05:00:00Z"}
    (inc,) = parse_alerts([later], "am", SEVERITIES, acks=parse_silences([old_ack]))
    assert inc.state is IncidentState.OPEN and inc.silenced
    slack = {**ack, "startsAt": "2026-11-27T05:59:30Z"}  # within the minute of slack
    (inc,) = parse_alerts([later], "am", SEVERITIES, acks=parse_silences([slack]))
    assert inc.state is IncidentState.ACKNOWLEDGED and inc.acknowledged_at == inc.opened_at
