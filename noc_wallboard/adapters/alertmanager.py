"""Alertmanager API v2: active alerts become incidents keyed by fingerprint.

Acknowledgement follows karma's convention: a silence whose comment begins with
`ACK` acknowledges the alerts it silences, by its `createdBy`, at its `startsAt`.
Any other silence (maintenance) leaves the incident open but marked silenced.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from noc_wallboard.adapters import alertmanager_ack as ack
from noc_wallboard.adapters.http import RawAnswer, get_json, request
from noc_wallboard.adapters.jsonparse import decode_json, guarded
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.ack import AckRefused, AckRequest, AckResult
from noc_wallboard.domain.errors import (
    SourceError,
    SourceProtocolError,
    SourceTimeout,
    SourceUnavailable,
)
from noc_wallboard.domain.incident import Incident, IncidentState
from noc_wallboard.domain.severity import SeverityMap
from noc_wallboard.domain.timeutil import parse_rfc3339, sane_time
from noc_wallboard.ports import IncidentBatch, ProbeResult

ALERTS_PATH = "/api/v2/alerts"
SILENCES_PATH = "/api/v2/silences"
STATUS_PATH = "/api/v2/status"
_FINGERPRINT = re.compile(r"^[0-9a-f]{1,32}$")
ACK_PREFIX = "ACK"
ACK_SLACK = timedelta(minutes=1)


def build_alerts_request() -> tuple[str, dict[str, str]]:
    # Silenced alerts are kept: an acknowledged incident is still an open incident.
    return ALERTS_PATH, {"active": "true", "silenced": "true", "inhibited": "true"}


def parse_silences(doc: Any) -> dict[str, tuple[str, datetime, str]]:
    """Active ACK silences → {silence id: (createdBy, startsAt, comment)}."""
    if not isinstance(doc, list):
        raise SourceProtocolError("silences answer is not a list")
    acks: dict[str, tuple[str, datetime, str]] = {}
    for item in doc:
        if not isinstance(item, dict):
            raise SourceProtocolError("silence is not an object")
        comment = str(item.get("comment", ""))
        status = item.get("status")
        state = status.get("state") if isinstance(status, dict) else None
        if state != "active" or not comment.strip().upper().startswith(ACK_PREFIX):
            continue
        try:
            started = sane_time(parse_rfc3339(str(item["startsAt"])))
        except (KeyError, ValueError, OverflowError):
            raise SourceProtocolError("silence without a valid startsAt") from None
        author = str(item.get("createdBy") or "")[:100]
        acks[str(item.get("id", ""))] = (author, started, comment)
    return acks


def _title(labels: Mapping[str, str], annotations: Mapping[str, str], annotation: str) -> str:
    return annotations.get(annotation) or labels.get("alertname") or "(unnamed alert)"


def parse_alert(
    item: Any,
    source: str,
    severities: SeverityMap,
    severity_label: str,
    title_annotation: str,
    acks: Mapping[str, tuple[str, datetime, str]],
) -> Incident:
    if not isinstance(item, dict):
        raise SourceProtocolError("alert is not an object")
    fingerprint = item.get("fingerprint")
    if not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint):
        raise SourceProtocolError(f"alert without a valid fingerprint: {str(fingerprint)[:40]}")
    labels_raw = item.get("labels")
    if not isinstance(labels_raw, dict):
        raise SourceProtocolError(f"alert {fingerprint} has no labels")
    labels = {str(k): str(v) for k, v in labels_raw.items() if v is not None}
    ann_raw = item.get("annotations") or {}
    annotations = (
        {str(k): str(v) for k, v in ann_raw.items() if v is not None}
        if isinstance(ann_raw, dict)
        else {}
    )
    try:
        opened = sane_time(parse_rfc3339(str(item["startsAt"])))
    except (KeyError, ValueError, OverflowError):
        raise SourceProtocolError(f"alert {fingerprint} has no valid startsAt") from None
    status_raw = item.get("status")
    status: dict[str, Any] = status_raw if isinstance(status_raw, dict) else {}
    silenced_raw = status.get("silencedBy") or []
    if not isinstance(silenced_raw, list):
        raise SourceProtocolError(f"alert {fingerprint}: silencedBy is not a list")
    silenced_by = [str(s) for s in silenced_raw]
    # An ACK silence acknowledges the alerts its author saw: those already firing when it
    # started. One older than the alert (a severity that rose under a silence whose
    # matchers leave severity out) silences the new alert but does not answer it: that
    # needs a new acknowledgement. A minute of slack absorbs clock differences.
    ack_ids = [s for s in silenced_by if s in acks and acks[s][1] >= opened - ACK_SLACK]
    state = IncidentState.OPEN
    acked_at: datetime | None = None
    acked_by: str | None = None
    if ack_ids:
        # Several ACK silences: the earliest is the first acknowledgement.
        first = min(ack_ids, key=lambda s: acks[s][1])
        acked_by, acked_at, _ = acks[first]
        acked_at = max(acked_at, opened)
        state = IncidentState.ACKNOWLEDGED
    raw_severity = labels.get(severity_label)
    return Incident(
        id=fingerprint,
        source=source,
        title=_title(labels, annotations, title_annotation),
        severity=severities.resolve(raw_severity),
        state=state,
        opened_at=opened,
        labels=labels,
        raw_severity=raw_severity,
        dedupe_group="alertmanager",
        inhibited=bool(status.get("inhibitedBy")),
        raw_status=str(status.get("state") or "") or None,
        acknowledged_at=acked_at,
        acknowledged_by=acked_by or None,
        silenced=bool(silenced_by) and not ack_ids,
        description=annotations.get("description", ""),
    )


def parse_alerts(
    doc: Any,
    source: str,
    severities: SeverityMap,
    severity_label: str = "severity",
    title_annotation: str = "summary",
    acks: Mapping[str, tuple[str, datetime, str]] | None = None,
) -> tuple[Incident, ...]:
    if not isinstance(doc, list):
        raise SourceProtocolError("alerts answer is not a list")
    incidents: dict[str, Incident] = {}
    for item in doc:
        inc = parse_alert(item, source, severities, severity_label, title_annotation, acks or {})
        incidents[inc.id] = inc  # an HA pair may list an alert twice: one incident
    return tuple(incidents.values())


class AlertmanagerSource:
    """An `IncidentStore` over Alertmanager v2: two GETs per poll (alerts, silences)."""

    kind = "alertmanager"

    def __init__(
        self, config: SourceConfig, client: httpx.AsyncClient, severities: SeverityMap
    ) -> None:
        self.name = config.name
        self._config = config
        self._client = client
        self._severities = severities
        self._timeout = config.timeout.total_seconds()
        self._silences: list[ack.Silence] = []
        self._firing: dict[str, str] = {}

    @property
    def members(self) -> list[str]:
        """The instance URLs: `url` plus the HA peers in `peers`."""
        return [self._config.url, *self._config.peers]

    async def _get(
        self, path: str, params: dict[str, str] | None = None, base: str | None = None
    ) -> tuple[Any, RawAnswer]:
        url = (base or self._config.url) + path
        return await get_json(
            self._client, self._config.http, url, timeout=self._timeout, params=params
        )

    async def _member(self, base: str) -> tuple[Any, Any, Any]:
        path, params = build_alerts_request()
        (alerts_doc, answer), (silences_doc, _) = await asyncio.gather(
            self._get(path, params, base), self._get(SILENCES_PATH, None, base)
        )
        return alerts_doc, silences_doc, answer

    async def fetch_incidents(self) -> IncidentBatch:
        """Every member of an HA cluster is asked; their answers are merged by
        fingerprint (alerts) and id (silences). The source is up while one member is."""
        members = self.members
        results = await asyncio.gather(*(self._member(m) for m in members), return_exceptions=True)
        answered = [r for r in results if isinstance(r, tuple)]
        failures = [
            (m, r) for m, r in zip(members, results, strict=True) if isinstance(r, SourceError)
        ]
        for r in results:
            if isinstance(r, BaseException) and not isinstance(r, SourceError):
                raise r
        if not answered:
            raise failures[0][1]

        def parse(_: bytes) -> tuple[Incident, ...]:
            acks: dict[str, tuple[str, datetime, str]] = {}
            merged: dict[str, Incident] = {}
            for _alerts, silences, _answer in answered:
                acks.update(parse_silences(silences))
            for alerts_doc, _silences, _answer in answered:
                for inc in parse_alerts(
                    alerts_doc,
                    self.name,
                    self._severities,
                    self._config.severity_label,
                    self._config.title_annotation,
                    acks,
                ):
                    merged.setdefault(inc.id, inc)
            return tuple(merged.values())

        incidents = guarded(parse, self._config.url + ALERTS_PATH)(b"")
        self._remember_for_renewal(answered, incidents)
        answer = answered[0][2]
        notes = tuple(
            f"{len(failures)} of {len(members)} peers down: {failures[0][1]}" for _ in failures[:1]
        )
        return IncidentBatch(
            incidents=incidents,
            server_time=answer.server_date,
            clock_skew=answer.clock_skew,
            notes=notes,
        )

    # ------------------------------------------------------------ acknowledgement
    def _remember_for_renewal(self, answered: list[Any], incidents: tuple[Incident, ...]) -> None:
        """Keep what renewal needs from this poll: the silences, and for each silence
        the severity of a still-firing alert it acknowledged. An alert that fired again
        after the silence began is a new, unacknowledged firing (see `parse_alert`): it
        must not keep an old ACK silence alive."""
        try:
            merged: dict[str, ack.Silence] = {}
            for _alerts, silences_doc, _answer in answered:
                for s in ack.parse_silence_list(silences_doc):
                    merged.setdefault(s.id, s)
            opened = {i.id: (i.severity.value, i.opened_at) for i in incidents}
            firing: dict[str, str] = {}
            for alerts_doc, _silences, _answer in answered:
                for item in alerts_doc if isinstance(alerts_doc, list) else ():
                    status = item.get("status") if isinstance(item, dict) else None
                    by = status.get("silencedBy") if isinstance(status, dict) else None
                    sev, started = opened.get(str(item.get("fingerprint")), ("unknown", None))
                    for sid in by if isinstance(by, list) else ():
                        silence = merged.get(str(sid))
                        if silence is None or started is None:
                            continue
                        if silence.started() >= started - ACK_SLACK:
                            firing[str(sid)] = sev
        except SourceError:
            return
        self._silences, self._firing = list(merged.values()), firing

    async def _send(
        self, method: str, path: str, body: Any = None, params: Any = None
    ) -> RawAnswer:
        """A write (or a read just before one) to the first member that answers: a
        silence made on one member reaches the others by gossip."""
        last: SourceError | None = None
        for base in self.members:
            try:
                return await request(
                    self._client,
                    self._config.http,
                    method,
                    base + path,
                    timeout=self._timeout,
                    json=body,
                    params=params,
                    json_errors=(400, 404, 500),
                )
            except (SourceUnavailable, SourceTimeout) as exc:
                # A write that may have reached a member is not repeated on the next one
                # (two silences); the outbox's next attempt finds it by its request id.
                unsent = isinstance(exc, SourceUnavailable) and "cannot connect" in exc.message
                if method != "GET" and not unsent:
                    raise
                last = exc
        assert last is not None
        raise last

    async def _silences_now(self) -> list[ack.Silence]:
        answer = await self._send("GET", SILENCES_PATH)
        if answer.status >= 400:
            raise SourceUnavailable(f"silences: HTTP {answer.status}")
        return ack.parse_silence_list(decode_json(answer.body, SILENCES_PATH))

    async def acknowledge(self, request_: AckRequest, duration: timedelta) -> AckResult:
        silences = await self._silences_now()
        earlier = ack.earlier_attempt(silences, request_.id)
        if earlier is not None:
            return AckResult(earlier.id, f"silence {earlier.id} (made by an earlier attempt)")
        # Another desk acknowledged it a moment ago: its silence is the acknowledgement.
        same = [
            s for s in ack.ack_silences_of(silences, request_.labels) if s.exact(request_.labels)
        ]
        if same:
            return AckResult(same[0].id, f"already acknowledged by {same[0].created_by}")
        alerts = await self._send("GET", ALERTS_PATH, params=ack.alert_filter(request_.labels))
        if alerts.status >= 400:
            raise SourceUnavailable(f"alerts: HTTP {alerts.status}")
        if not ack.alert_is_firing(decode_json(alerts.body, ALERTS_PATH), request_.incident_id):
            raise AckRefused(
                f"{request_.title or request_.incident_id} is no longer firing in "
                f"{self.name} (resolved meanwhile): nothing to acknowledge"
            )
        body = ack.silence_body(request_, datetime.now(UTC), duration)
        answer = await self._send("POST", SILENCES_PATH, body)
        if answer.status >= 400:
            raise AckRefused(f"{self.name} refused the silence: {ack.refusal_text(answer.body)}")
        silence_id = ack.silence_id_of(decode_json(answer.body, SILENCES_PATH))
        return AckResult(silence_id, f"silence {silence_id} until {body['endsAt']}")

    async def unacknowledge(self, request_: AckRequest) -> AckResult:
        # Only silences of exactly this alert: a broad ACK silence (karma, by alertname)
        # covers other alerts too and is not this incident's to withdraw.
        targets = [
            s
            for s in ack.ack_silences_of(await self._silences_now(), request_.labels)
            if s.exact(request_.labels)
        ]
        if not targets:
            return AckResult(None, "no acknowledgement silence: nothing to expire")
        for s in targets:
            answer = await self._send("DELETE", f"/api/v2/silence/{s.id}")
            text = ack.refusal_text(answer.body) if answer.status >= 400 else ""
            if answer.status >= 400 and "already expired" not in text:
                raise AckRefused(f"{self.name} refused to expire silence {s.id}: {text}")
        return AckResult(targets[0].id, f"expired silence {', '.join(s.id for s in targets)}")

    async def add_comment(self, request_: AckRequest) -> AckResult:
        targets = ack.ack_silences_of(await self._silences_now(), request_.labels)
        if not targets:
            raise AckRefused("not acknowledged in Alertmanager: nothing to comment on")
        target = next((s for s in targets if s.ours), targets[0])
        marker = f"#{request_.id[:12]}"
        if marker in target.comment:
            return AckResult(target.id, "comment added by an earlier attempt")
        addition = f" | {request_.actor}: {request_.comment.strip()} {marker}"
        comment = (target.comment + addition)[-1000:]
        answer = await self._send("POST", SILENCES_PATH, target.repost(target.ends_at, comment))
        if answer.status >= 400:
            raise AckRefused(f"{self.name} refused the comment: {ack.refusal_text(answer.body)}")
        return AckResult(target.id, "comment added to the silence")

    async def renew_acks(
        self, now: datetime, durations: Callable[[str], timedelta], renew_before: timedelta
    ) -> int:
        renewed = 0
        for body in ack.renewals(self._silences, self._firing, now, durations, renew_before):
            answer = await self._send("POST", SILENCES_PATH, body)
            if answer.status < 400:
                renewed += 1
        return renewed

    async def probe(self) -> ProbeResult:
        try:
            doc, _ = await self._get(STATUS_PATH)
            if not isinstance(doc, dict):
                raise SourceProtocolError("status answer is not an object")
            info = doc.get("versionInfo")
            cluster_info = doc.get("cluster")
            version = str(info.get("version", "unknown"))[:40] if isinstance(info, dict) else "?"
            cluster = (
                str(cluster_info.get("status", "unknown"))[:40]
                if isinstance(cluster_info, dict)
                else "?"
            )
            return ProbeResult(ok=True, version=version, detail=f"cluster {cluster}")
        except SourceError as exc:
            return ProbeResult(ok=False, detail=str(exc))
