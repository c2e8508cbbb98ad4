"""Alerta parsers on answers recorded from alerta-server 9.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from noc_wallboard.adapters.alerta_parse import (
    history_key,
    parse_alert,
    parse_alerts_page,
    parse_history,
)
from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.severity import Severity, SeverityMap
from noc_wallboard.domain.timeutil import parse_rfc3339

FIX = Path(__file__).parent.parent / "fixtures" / "alerta"


def load(name: str):
    return json.loads((FIX / name).read_text())


def facts_of(name: str):
    alert = load(name)["alert"]
    return alert, parse_history(
        alert["history"],
        current_status=alert["status"],
        last_receive=parse_rfc3339(alert["lastReceiveTime"]),
    )


def test_alerts_page_lists_open_alerts_without_history():
    alerts, more = parse_alerts_page(load("alerts.json"))
    assert alerts and not more
    assert all(a["history"] == [] for a in alerts)


def test_acked_then_shelved_then_unshelved():
    alert, facts = facts_of("alert_acked_shelved.json")
    assert facts.acknowledged_by == "admin@noc.test"
    assert facts.acknowledged_at == parse_rfc3339(alert["history"][1]["updateTime"])
    assert facts.cycle_start is None
    statuses = [s for s, _, _ in facts.spans]
    assert statuses == ["open", "ack", "shelved", "ack"]
    shelved = facts.spans[2]
    assert shelved[2] is not None and shelved[2] > shelved[1]  # shelved, then unshelved
    assert facts.spans[-1][2] is None  # acknowledged now
    inc = parse_alert(alert, "alerta", SeverityMap(), facts)
    assert inc.state is IncidentState.ACKNOWLEDGED
    assert inc.labels["client"] == "initech" and inc.labels["service"] == "mail"
    assert inc.severity is Severity.WARNING


@pytest.mark.parametrize("name", ["alert_reopened.json", "alert_reopened_by_sender_time.json"])
def test_reopened_after_ack_starts_a_new_cycle_after_the_ack(name):
    alert, facts = facts_of(name)
    acks = [parse_rfc3339(h["updateTime"]) for h in alert["history"] if h["status"] == "ack"]
    assert alert["status"] == "open"
    assert facts.cycle_start is not None and facts.cycle_start >= max(acks)
    assert facts.acknowledged_by is None  # the old ack does not answer the new cycle
    inc = parse_alert(alert, "alerta", SeverityMap(), facts)
    assert inc.state is IncidentState.OPEN and inc.response_started_at == facts.cycle_start


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ("security", Severity.CRITICAL),
        ("informational", Severity.INFO),
        ("indeterminate", Severity.UNKNOWN),
        ("bogus", Severity.UNKNOWN),
    ],
)
def test_alerta_severity_names(severity, expected):
    alert = {**load("alerts.json")["alerts"][0], "severity": severity}
    assert parse_alert(alert, "alerta", SeverityMap(), None).severity is expected


@pytest.mark.parametrize(("field", "value"), [("status", "closed"), ("severity", "cleared")])
def test_closed_or_cleared_alerts_are_not_incidents(field, value):
    alert = {**load("alerts.json")["alerts"][0], field: value}
    assert parse_alert(alert, "alerta", SeverityMap(), None) is None


@pytest.mark.parametrize(
    "doc",
    [load("unauthorized.json"), {"status": "ok", "alerts": {}}, [], None],
)
def test_bad_pages_are_protocol_errors(doc):
    with pytest.raises(SourceProtocolError):
        parse_alerts_page(doc)


def test_history_key_changes_with_status():
    alert = load("alerts.json")["alerts"][0]
    assert history_key(alert) != history_key({**alert, "status": "ack"})


def test_history_in_any_order_gives_the_same_facts():
    alert = load("alert_acked_shelved.json")["alert"]
    forward = parse_history(alert["history"])
    backward = parse_history(list(reversed(alert["history"])))
    assert forward == backward
    assert forward.acknowledged_at < datetime.now(UTC)


def test_acked_alert_without_fetched_history_gets_a_provisional_ack_time():
    alert = {**load("alerts.json")["alerts"][0], "status": "ack"}
    inc = parse_alert(alert, "alerta", SeverityMap(), None)
    assert inc.acknowledged_at == max(
        parse_rfc3339(alert["updateTime"]), parse_rfc3339(alert["createTime"])
    )
