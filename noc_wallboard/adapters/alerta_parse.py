"""Alerta API parsers: alerts → incidents, history → who acknowledged, cycles, pauses.

Alerta's `GET /alerts` leaves `history` empty; `GET /alert/{id}` carries it. Status
words: open, assign, ack, shelved, blackout, closed, expired. A higher severity
re-opens an acknowledged alert (a new response cycle).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from noc_wallboard.domain.errors import SourceProtocolError
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import Severity, SeverityMap
from noc_wallboard.domain.timeutil import parse_rfc3339, sane_time

OPEN_STATUSES = ("open", "assign", "ack", "shelved", "blackout")
# Alerta's own severity names onto the board's; a config map overrides these.
ALERTA_SEVERITIES: Mapping[str, Severity] = {
    "security": Severity.CRITICAL,
    "critical": Severity.CRITICAL,
    "major": Severity.MAJOR,
    "minor": Severity.MINOR,
    "warning": Severity.WARNING,
    "informational": Severity.INFO,
    "debug": Severity.INFO,
    "trace": Severity.INFO,
    "indeterminate": Severity.UNKNOWN,
}
# Severities that mean "it is over": such alerts are not incidents on the board.
CLEARED = frozenset({"normal", "ok", "cleared"})


@dataclass(frozen=True, slots=True)
class HistoryFacts:
    """What an alert's history tells the SLA clocks."""

    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = None
    cycle_start: datetime | None = None
    # (status, start, end or None) for every status the alert has been in; the SLA
    # policy decides which of them pause the clocks.
    spans: tuple[tuple[str, datetime, datetime | None], ...] = ()


def _time(raw: Any, what: str) -> datetime:
    try:
        return sane_time(parse_rfc3339(str(raw)))
    except (ValueError, OverflowError):
        raise SourceProtocolError(f"alert has no valid {what}: {str(raw)[:40]}") from None


# Acks sent by a board carry the engineer in their text ("ACK by alice …"): the API key
# they were sent with belongs to the board, not to the engineer.
_BOARD_ACK = re.compile(r"^ACK by (?P<who>.+?)(?::.*)? \[noc-wallboard [0-9a-f]+\]\s*$", re.S)


def _acker(entry: dict[str, Any]) -> str | None:
    found = _BOARD_ACK.match(str(entry.get("text") or ""))
    if found:
        return found["who"][:100]
    return str(entry.get("user") or "") or None


def parse_history(
    history: Any,
    current_status: str | None = None,
    last_receive: datetime | None = None,
) -> HistoryFacts:
    """Walk the history in time order: the latest re-open (ack → open) starts the current
    response cycle; the first ack after it answers it; every status gets its time span.

    Alerta stamps a severity change with the *sender's* createTime, which can be older
    than the ack it undoes. So when the alert is open now but was acknowledged before,
    the re-open happened after that ack: the cycle starts at the later of the recorded
    re-open and the alert's last receive time (the server's clock)."""
    if not isinstance(history, list):
        raise SourceProtocolError("alert history is not a list")
    entries = []
    for h in history:
        if not isinstance(h, dict) or "updateTime" not in h:
            raise SourceProtocolError("history entry without updateTime")
        entries.append((_time(h["updateTime"], "history updateTime"), h))
    entries.sort(key=lambda e: e[0])
    status = "open"
    since: datetime | None = None
    cycle: datetime | None = None
    ack: tuple[str | None, datetime] | None = None
    last_ack: datetime | None = None
    spans: list[tuple[str, datetime, datetime | None]] = []
    for when, h in entries:
        new = str(h.get("status") or status).lower()
        if status == "ack" and new == "open":
            cycle, ack = when, None  # re-opened (severity rose): a new response cycle
        if new == "ack" and status != "ack":
            last_ack = when
            if ack is None:
                ack = (_acker(h), when)
        if since is None or new != status:
            if since is not None:
                spans.append((status, since, when))
            since = when
        status = new
    if since is not None:
        spans.append((status, since, None))
    reopened_now = current_status in ("open", "assign") and last_ack is not None
    if reopened_now and last_ack is not None and (cycle is None or cycle <= last_ack):
        cycle = max(last_receive or last_ack, last_ack)
        ack = None
    return HistoryFacts(
        acknowledged_by=ack[0] if ack else None,
        acknowledged_at=ack[1] if ack else None,
        cycle_start=cycle,
        spans=tuple(spans),
    )


def _labels(alert: dict[str, Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for key in ("resource", "event", "environment", "group", "origin", "customer"):
        value = alert.get(key)
        if value not in (None, ""):
            labels[key] = str(value)
    service = alert.get("service")
    if isinstance(service, list) and service:
        labels["service"] = ",".join(str(s) for s in service)
    tags = alert.get("tags")
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, str) and "=" in tag:
                k, _, v = tag.partition("=")
                labels.setdefault(k.strip(), v.strip())
    attributes = alert.get("attributes")
    if isinstance(attributes, dict):
        for k, v in attributes.items():
            if k != "ip" and v is not None and not isinstance(v, dict | list):
                labels.setdefault(str(k), str(v))
    return labels


def parse_alert(
    alert: Any, source: str, severities: SeverityMap, facts: HistoryFacts | None
) -> Incident | None:
    """One Alerta alert → an incident; None for alerts that are over (closed, cleared)."""
    if not isinstance(alert, dict):
        raise SourceProtocolError("alert is not an object")
    ident = alert.get("id")
    if not isinstance(ident, str) or not ident or len(ident) > 64:
        raise SourceProtocolError("alert without a valid id")
    status = str(alert.get("status") or "open").lower()
    raw_sev = str(alert.get("severity") or "")
    if status not in OPEN_STATUSES or raw_sev.lower() in CLEARED:
        return None
    severity = severities.resolve(raw_sev)
    if severity is Severity.UNKNOWN and raw_sev.lower() in ALERTA_SEVERITIES:
        severity = ALERTA_SEVERITIES[raw_sev.lower()]
    labels = _labels(alert)
    title = (
        str(alert.get("text") or "")
        or f"{labels.get('event', '?')} on {labels.get('resource', '?')}"
    )
    acked = status == "ack"
    opened = _time(alert.get("createTime"), "createTime")
    if facts is None and acked:
        # History not fetched yet (a large backlog): the last update is the best guess
        # of when it was acknowledged, rather than a response clock running on.
        updated = alert.get("updateTime")
        guess = _time(updated, "updateTime") if updated else opened
        facts = HistoryFacts(acknowledged_at=max(guess, opened))
    facts = facts or HistoryFacts()
    return Incident(
        id=ident,
        source=source,
        title=title[:300],
        severity=severity,
        state=IncidentState.ACKNOWLEDGED if acked else IncidentState.OPEN,
        opened_at=opened,
        labels=labels,
        raw_severity=raw_sev or None,
        acknowledged_at=facts.acknowledged_at if acked else None,
        acknowledged_by=facts.acknowledged_by if acked else None,
        silenced=status in ("blackout", "shelved"),
        raw_status=status,
        response_started_at=facts.cycle_start,
        status_spans=facts.spans,
    )


def parse_alerts_page(doc: Any) -> tuple[list[dict[str, Any]], bool]:
    """`GET /alerts` → (alerts, more pages?)."""
    if not isinstance(doc, dict) or doc.get("status") != "ok":
        message = doc.get("message") if isinstance(doc, dict) else None
        raise SourceProtocolError(f"Alerta answered an error: {str(message)[:200]}")
    alerts = doc.get("alerts")
    if not isinstance(alerts, list):
        raise SourceProtocolError("alerts is not a list")
    return alerts, bool(doc.get("more"))


def history_key(alert: dict[str, Any]) -> str:
    """When the history can have changed: a new status, severity or receive."""
    # Not lastReceiveTime: duplicates of a flapping alert change nothing in its history.
    return "|".join(str(alert.get(k)) for k in ("status", "severity", "updateTime"))
