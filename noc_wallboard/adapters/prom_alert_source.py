"""Prometheus's own alerts as incidents (`kind = "prometheus_alerts"`), for shops
without Alertmanager: `GET /api/v1/alerts`.

Firing alerts are incidents; pending ones (their `for:` has not elapsed) are not
incidents yet and travel apart, to be shown as "about to fire". Prometheus gives no
fingerprint, so the id is a hash of the label set: two alerts with the same name but
different labels stay two incidents.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from noc_wallboard.adapters.http import auth_headers, check_status, fetch
from noc_wallboard.adapters.jsonparse import decode_json, guarded, parse_off_thread
from noc_wallboard.adapters.prometheus_envelope import parse_envelope
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.errors import SourceError, SourceProtocolError, SourceRejected
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import SeverityMap
from noc_wallboard.domain.timeutil import parse_rfc3339, sane_time
from noc_wallboard.ports import IncidentBatch, ProbeResult

ALERTS_PATH = "/api/v1/alerts"


def label_fingerprint(labels: dict[str, str]) -> str:
    canonical = "\x1f".join(f"{k}\x1e{labels[k]}" for k in sorted(labels))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def parse_prometheus_alerts(
    doc: Any,
    source: str,
    severities: SeverityMap,
    severity_label: str = "severity",
    title_annotation: str = "summary",
) -> tuple[tuple[Incident, ...], tuple[Incident, ...]]:
    """(firing incidents, pending alerts)."""
    data, _ = parse_envelope(doc)
    alerts = data.get("alerts") if isinstance(data, dict) else None
    if not isinstance(alerts, list):
        raise SourceProtocolError("alerts answer without data.alerts list")
    firing: dict[str, Incident] = {}
    pending: dict[str, Incident] = {}
    for item in alerts:
        if not isinstance(item, dict) or not isinstance(item.get("labels"), dict):
            raise SourceProtocolError("alert without labels")
        labels = {str(k): str(v) for k, v in item["labels"].items() if v is not None}
        raw_ann = item.get("annotations")
        annotations = raw_ann if isinstance(raw_ann, dict) else {}
        state = str(item.get("state", ""))
        if state not in ("firing", "pending"):
            continue  # "inactive" appears in rules listings, never here; skip anything else
        try:
            active = sane_time(parse_rfc3339(str(item.get("activeAt"))))
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
            opened_at=active,
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

    async def _get(self, path: str) -> tuple[Any, Any]:
        url = self._config.url + path
        answer = await fetch(
            self._client,
            "GET",
            url,
            headers=auth_headers(self._config.http),
            timeout=self._config.timeout.total_seconds(),
        )
        is_json = "json" in answer.headers.get("content-type", "")
        if not (is_json and answer.status in (400, 422, 503)):
            check_status(answer, url)
            if answer.status >= 400:
                raise SourceRejected(f"HTTP {answer.status} from {url}")
        return await parse_off_thread(answer.body, lambda b: decode_json(b, url), url), answer

    async def fetch_incidents(self) -> IncidentBatch:
        doc, answer = await self._get(ALERTS_PATH)
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
            await self._get(ALERTS_PATH)
            return ProbeResult(ok=True, version=version, detail="alerts API answers")
        except SourceError as exc:
            return ProbeResult(ok=False, detail=str(exc))
