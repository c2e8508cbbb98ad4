"""Alerta incident source (`kind = "alerta"`), tested against a real alerta-server.

Per poll: `GET /alerts` for the open statuses (paged, bounded), then `GET /alert/{id}`
only for alerts whose history can tell something new (acknowledged, re-opened or
shelved) and has changed since the last poll — a cache keeps the steady state at one
request.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from functools import partial
from typing import Any

import httpx

from noc_wallboard.adapters.alerta_parse import (
    OPEN_STATUSES,
    HistoryFacts,
    history_key,
    parse_alert,
    parse_alerts_page,
    parse_history,
)
from noc_wallboard.adapters.http import RawAnswer, get_json, request
from noc_wallboard.adapters.jsonparse import decode_json, guarded
from noc_wallboard.config.schema import SourceConfig
from noc_wallboard.domain.ack import (
    AckRefused,
    AckRequest,
    AckResult,
    ack_comment,
    request_marker,
)
from noc_wallboard.domain.errors import SourceError, SourceProtocolError
from noc_wallboard.domain.incident import Incident
from noc_wallboard.domain.severity import SeverityMap
from noc_wallboard.domain.timeutil import parse_rfc3339
from noc_wallboard.ports import IncidentBatch, ProbeResult

PAGE_SIZE = 500
MAX_PAGES = 20  # 10,000 open alerts: beyond that the board is not the problem
MAX_HISTORY_FETCHES = 50  # per poll; the rest are fetched on the following polls
HISTORY_CONCURRENCY = 8


def _history_priority(alert: dict[str, Any]) -> int:
    status = str(alert.get("status"))
    if status == "ack":
        return 0  # its ack time answers a response clock
    if status in ("shelved", "blackout") or alert.get("trendIndication") == "moreSevere":
        return 1
    return 2


def _page(doc: Any, _: bytes) -> tuple[list[dict[str, Any]], bool]:
    return parse_alerts_page(doc)


class AlertaSource:
    kind = "alerta"

    def __init__(
        self, config: SourceConfig, client: httpx.AsyncClient, severities: SeverityMap
    ) -> None:
        self.name = config.name
        self._config = config
        self._client = client
        self._severities = severities
        self._timeout = config.timeout.total_seconds()
        self._facts: dict[str, tuple[str, HistoryFacts]] = {}

    async def _get(self, path: str, params: Any = None) -> tuple[Any, RawAnswer]:
        url = self._config.url + path
        return await get_json(
            self._client, self._config.http, url, timeout=self._timeout, params=params
        )

    async def _alerts(self) -> tuple[list[dict[str, Any]], Any]:
        collected: list[dict[str, Any]] = []
        first_answer = None
        for page in range(1, MAX_PAGES + 1):
            params = [("status", s) for s in OPEN_STATUSES]
            params += [("page", str(page)), ("page-size", str(PAGE_SIZE))]
            doc, answer = await self._get("/alerts", params)
            first_answer = first_answer or answer
            alerts, more = guarded(partial(_page, doc), self._config.url)(b"")
            collected.extend(alerts)
            if not more:
                break
        return collected, first_answer

    async def _history(self, alert_id: str) -> HistoryFacts:
        doc, _ = await self._get(f"/alert/{alert_id}")

        def parse(_: bytes) -> HistoryFacts:
            if not isinstance(doc, dict) or not isinstance(doc.get("alert"), dict):
                raise SourceProtocolError("alert answer without an alert")
            alert = doc["alert"]
            received = alert.get("lastReceiveTime")
            return parse_history(
                alert.get("history", []),
                current_status=str(alert.get("status") or "").lower(),
                last_receive=parse_rfc3339(str(received)) if received else None,
            )

        return guarded(parse, self._config.url)(b"")

    async def fetch_incidents(self) -> IncidentBatch:
        alerts, answer = await self._alerts()
        # Every alert's history tells its ack, re-opens and status spans (a shelved past
        # must not count). Fetched once, then again only when the alert changes; the
        # backlog of a first poll is spread over polls, most telling first.
        wanted = []
        for alert in alerts:
            if not isinstance(alert, dict) or not isinstance(alert.get("id"), str):
                continue
            cached = self._facts.get(alert["id"])
            if cached is None or cached[0] != history_key(alert):
                wanted.append(alert)
        wanted.sort(key=_history_priority)
        gate = asyncio.Semaphore(HISTORY_CONCURRENCY)

        async def load(alert: dict[str, Any]) -> None:
            async with gate:
                facts = await self._history(alert["id"])
            self._facts[alert["id"]] = (history_key(alert), facts)

        await asyncio.gather(*(load(a) for a in wanted[:MAX_HISTORY_FETCHES]))
        live = {a.get("id") for a in alerts if isinstance(a, dict)}
        for stale_id in [k for k in self._facts if k not in live]:
            del self._facts[stale_id]

        def parse(_: bytes) -> tuple[Incident, ...]:
            out: dict[str, Incident] = {}
            for alert in alerts:
                facts = self._facts.get(alert.get("id", "")) if isinstance(alert, dict) else None
                inc = parse_alert(alert, self.name, self._severities, facts[1] if facts else None)
                if inc is not None:
                    out[inc.id] = inc
            return tuple(out.values())

        incidents = guarded(parse, self._config.url + "/alerts")(b"")
        return IncidentBatch(
            incidents=incidents,
            server_time=answer.server_date if answer else None,
            clock_skew=answer.clock_skew if answer else None,
        )

    # ------------------------------------------------------------ acknowledgement
    async def _action(self, method: str, path: str, body: Any) -> RawAnswer:
        return await request(
            self._client,
            self._config.http,
            method,
            self._config.url + path,
            timeout=self._timeout,
            json=body,
            json_errors=(400, 404, 409),
        )

    async def _status(self, req: AckRequest) -> str | None:
        """The alert's status now; None when Alerta no longer has it."""
        answer = await self._action("GET", f"/alert/{req.incident_id}", None)
        doc = decode_json(answer.body, self._config.url) if answer.status < 400 else None
        alert = doc.get("alert") if isinstance(doc, dict) else None
        return str(alert.get("status", "")).lower() if isinstance(alert, dict) else None

    async def _still_open(self, req: AckRequest) -> None:
        status = await self._status(req)
        if status is None:
            raise AckRefused(f"{req.title or req.incident_id} no longer exists in {self.name}")
        if status not in OPEN_STATUSES:
            raise AckRefused(
                f"{req.title or req.incident_id} is {status} in {self.name} "
                "(resolved meanwhile): nothing to acknowledge"
            )

    async def acknowledge(self, request_: AckRequest, duration: timedelta) -> AckResult:
        await self._still_open(request_)
        text = ack_comment(request_.actor, request_.comment, request_.id)
        body = {"action": "ack", "text": text, "timeout": int(duration.total_seconds())}
        answer = await self._action("PUT", f"/alert/{request_.incident_id}/action", body)
        # 409 is also "invalid action for the current status" (shelved, closed since):
        # only an alert that is in ack status now counts as acknowledged.
        if answer.status == 409 and await self._status(request_) == "ack":
            return AckResult(None, "already acknowledged")
        if answer.status >= 400:
            raise AckRefused(f"{self.name} refused the ack: {_message(answer.body)}")
        return AckResult(None, f"acknowledged for {int(duration.total_seconds())}s")

    async def unacknowledge(self, request_: AckRequest) -> AckResult:
        text = f"UNACK by {request_.actor} {request_marker(request_.id)}"
        body = {"action": "unack", "text": text}
        answer = await self._action("PUT", f"/alert/{request_.incident_id}/action", body)
        if answer.status in (404, 409):
            return AckResult(None, "was not acknowledged")
        if answer.status >= 400:
            raise AckRefused(f"{self.name} refused the unack: {_message(answer.body)}")
        return AckResult(None, "unacknowledged")

    async def add_comment(self, request_: AckRequest) -> AckResult:
        marker = request_marker(request_.id)
        notes = await self._action("GET", f"/alert/{request_.incident_id}/notes", None)
        if notes.status < 400 and marker in notes.body.decode("utf-8", errors="replace"):
            return AckResult(None, "note added by an earlier attempt")
        text = f"{request_.actor}: {request_.comment.strip()} {marker}"
        answer = await self._action("PUT", f"/alert/{request_.incident_id}/note", {"text": text})
        if answer.status >= 400:
            raise AckRefused(f"{self.name} refused the note: {_message(answer.body)}")
        return AckResult(None, "note added")

    async def probe(self) -> ProbeResult:
        try:
            # Needs the API key (401 without one), so it proves auth and gives the release.
            doc, _ = await self._get("/management/manifest")
            version = str(doc.get("release") or "unknown")[:40] if isinstance(doc, dict) else "?"
            count, _ = await self._get("/alerts/count")
            total = count.get("total") if isinstance(count, dict) else None
            return ProbeResult(ok=True, version=version, detail=f"{total} alerts")
        except SourceError as exc:
            return ProbeResult(ok=False, detail=str(exc))


def _message(body: bytes) -> str:
    """Alerta's error envelope `{"status": "error", "message": …}`, else the raw text."""
    try:
        doc = json.loads(body)
    except ValueError:
        return " ".join(body[:200].decode("utf-8", errors="replace").split())
    if isinstance(doc, dict) and doc.get("message"):
        return str(doc["message"])[:300]
    return str(doc)[:300]
