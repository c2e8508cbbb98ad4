"""Prometheus's own alerts as incidents (`kind = "prometheus_alerts"`), for shops
without Alertmanager: `GET /api/v1/rules?type=alert`.

Firing alerts are incidents; pending ones (their `for:` has not elapsed) are not
incidents yet and travel apart, to be shown as "about to fire". The rules API rather
than `/api/v1/alerts` because an alert's `activeAt` is when it went *pending*: it fired
`for:` later, and that is when its SLA clocks start (Alertmanager's `startsAt` is the
same moment). Prometheus gives no fingerprint, so the id is a hash of the label set: two
alerts with the same name but different labels stay two incidents.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import httpx

from noc_wallboard.adapters.http import PROMETHEUS_JSON_ERRORS, RawAnswer, get_json
from noc_wallboard.adapters.jsonparse import guarded
from noc_wallboard.adapters.prometheus_envelope import parse_envelope
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import SourceError, SourceProtocolError
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import SeverityMap
from noc_wallboard.domain.timeutil import parse_rfc3339, sane_time
from noc_wallboard.ports import IncidentBatch, ProbeResult

ALERTS_PATH = "/api/v1/rules"
ALERTS_PARAMS = {"type": "alert"}


def label_fingerprint(labels: dict[str, str]) -> str:
    canonical = "\x1f".join(f"{k}\x1e{labels[k]}" for k in sorted(labels))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _rule_alerts(data: Any) -> list[tuple[dict[str, Any], float]]:
    """(alert, the rule's `for:` in seconds) for every alert of every alerting rule."""
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise SourceProtocolError("rules answer without data.groups list")
    out: list[tuple[dict[str, Any], float]] = []
    for group in groups:
        rules = group.get("rules") if isinstance(group, dict) else None
        if not isinstance(rules, list):
            raise SourceProtocolError("rule group without rules")
        for rule in rules:
            if not isinstance(rule, dict) or rule.get("type", "alerting") != "alerting":
                continue
            duration = rule.get("duration", 0)
            if isinstance(duration, bool) or not isinstance(duration, int | float):
                raise SourceProtocolError("alerting rule with a non-numeric duration")
            alerts = rule.get("alerts") or []
            if not isinstance(alerts, list):
                raise SourceProtocolError("alerting rule whose alerts is not a list")
            out.extend((alert, float(duration)) for alert in alerts)
    return out


def parse_prometheus_alerts(
    doc: Any,
    source: str,
    severities: SeverityMap,
    severity_label: str = "severity",
    title_annotation: str = "summary",
) -> tuple[tuple[Incident, ...], tuple[Incident, ...]]:
    """(firing incidents, pending alerts) from a `/api/v1/rules?type=alert` answer."""
    data, _ = parse_envelope(doc)
    firing: dict[str, Incident] = {}
    pending: dict[str, Incident] = {}
    for item, hold in _rule_alerts(data):
        if not isinstance(item, dict) or not isinstance(item.get("labels"), dict):
            raise SourceProtocolError("alert without labels")
        labels = {str(k): str(v) for k, v in item["labels"].items() if v is not None}
        raw_ann = item.get("annotations")
        annotations = raw_ann if isinstance(raw_ann, dict) else {}
        state = str(item.get("state", ""))
        if state not in ("firing", "pending"):
            continue
        try:
            active = sane_time(parse_rfc3339(str(item.get("activeAt"))))
            # Firing since the end of its `for:`; pending since it went pending.
            opened = sane_time(active + timedelta(seconds=hold)) if state == "firing" else active
        except (ValueError, OverflowError):
            raise SourceProtocolError("alert without a valid activeAt") from None
        raw_sev = labels.get(severity_label)
        title = str(annotations.get(title_annotation) or labels.get("alertname") or "(alert)")
        inc = Incident(
            id=label_fingerprint(labels),
            source=source,
            title=title[:300],
            severity=severities.resolve(raw_sev),
            state=IncidentState.OPEN,
            opened_at=opened,
            labels=labels,
            raw_severity=raw_sev,
            description=str(annotations.get("description") or "")[:1000],
            raw_status=state,
        )
        (firing if state == "firing" else pending)[inc.id] = inc
    return tuple(firing.values()), tuple(pending.values())


class PrometheusAlertsSource:
    kind = "prometheus_alerts"

    def __init__(
        self, config: SourceConfig, client: httpx.AsyncClient, severities: SeverityMap
    ) -> None:
        self.name = config.name
        self._config = config
        self._client = client
        self._severities = severities

    async def _get(self, path: str, params: dict[str, str] | None = None) -> tuple[Any, RawAnswer]:
        return await get_json(
            self._client,
            self._config.http,
            self._config.url + path,
            timeout=self._config.timeout.total_seconds(),
            params=params,
            json_errors=PROMETHEUS_JSON_ERRORS,
        )

    async def fetch_incidents(self) -> IncidentBatch:
        doc, answer = await self._get(ALERTS_PATH, ALERTS_PARAMS)
        cfg = self._config
        firing, pending = guarded(
            lambda _: parse_prometheus_alerts(
                doc, self.name, self._severities, cfg.severity_label, cfg.title_annotation
            ),
            cfg.url + ALERTS_PATH,
        )(b"")
        return IncidentBatch(
            incidents=firing,
            pending=pending,
            server_time=answer.server_date,
            clock_skew=answer.clock_skew,
        )

    async def probe(self) -> ProbeResult:
        try:
            doc, _ = await self._get("/api/v1/status/buildinfo")
            data, _ = guarded(lambda _: parse_envelope(doc), self._config.url)(b"")
            version = str(data.get("version", "unknown"))[:40] if isinstance(data, dict) else "?"
            await self._get(ALERTS_PATH, ALERTS_PARAMS)
            return ProbeResult(ok=True, version=version, detail="rules API answers")
        except SourceError as exc:
            return ProbeResult(ok=False, detail=str(exc))
