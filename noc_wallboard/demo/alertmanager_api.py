"""The demo Alertmanager: the slice of API v2 the board uses, with the real shapes.

Errors come back the way Alertmanager's generated server answers them: a plain JSON string for a
rejected request, an empty 404 for an unknown silence.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote_plus

from noc_wallboard.demo.formats import rfc3339_millis
from noc_wallboard.demo.httpbase import (
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    DemoHandler,
    DemoState,
    Request,
    Response,
)
from noc_wallboard.demo.incidents import Incident
from noc_wallboard.demo.matchers import LabelMatcher, parse_matcher_list
from noc_wallboard.demo.silences import Silence, SilenceError, SilenceNotFoundError

RECEIVER = "noc"
_PEER = "01GNDEM0NOCWA11B0ARD00000Z"  # a ULID, like the real peer names
GROUP_BY = ("alertname", "client")
RESEND_INTERVAL = 60.0  # Prometheus re-sends firing alerts every minute...
ALERT_VALIDITY = timedelta(minutes=4)  # ...each valid for 4 minutes: that is `endsAt`
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")
VERSION_INFO = {
    "branch": "HEAD",
    "buildDate": "20221222-14:51:36",
    "buildUser": "noc-wallboard@demo",
    "goVersion": "go1.19.4",
    "revision": "258fab7cdd551f2cf251ed0348f0ad7289aee789",
    "version": "0.25.0-demo",
}
CONFIG = f"""global:
  resolve_timeout: 5m
route:
  receiver: {RECEIVER}
  group_by: [{", ".join(GROUP_BY)}]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
receivers:
- name: {RECEIVER}
templates: []
"""


def fingerprint(labels: dict[str, str]) -> str:
    """Stable per label set, 16 lowercase hex digits like Alertmanager's own fingerprints."""
    canonical = json.dumps(sorted(labels.items()), separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


class _Rejected(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def _flag(request: Request, name: str) -> bool:
    text = request.param(name)
    if text is None or text == "":
        return True
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Rejected(Response.json(400, f"{name} in query must be of type boolean: {text!r}"))


def _filters(request: Request) -> list[LabelMatcher]:
    matchers: list[LabelMatcher] = []
    for text in request.params("filter"):
        try:
            matchers.extend(parse_matcher_list(text))
        except ValueError as exc:
            raise _Rejected(Response.json(400, str(exc))) from None
    return matchers


class AlertmanagerHandler(DemoHandler):
    def route(self, request: Request) -> Response:
        path, method = request.path, request.method
        try:
            if path.startswith("/api/v2/silence/"):
                return self.silence(request, path.removeprefix("/api/v2/silence/"))
            handlers: dict[tuple[str, str], Callable[[Request], Response]] = {
                ("GET", "/api/v2/alerts"): self.alerts,
                ("GET", "/api/v2/alerts/groups"): self.groups,
                ("GET", "/api/v2/silences"): self.silences,
                ("POST", "/api/v2/silences"): self.post_silence,
                ("GET", "/api/v2/status"): self.status,
                ("GET", "/api/v2/receivers"): lambda _: Response.json(200, [{"name": RECEIVER}]),
                ("GET", "/-/healthy"): lambda _: Response.text(200, "OK"),
                ("GET", "/-/ready"): lambda _: Response.text(200, "OK"),
            }
            handler = handlers.get((method, path))
            if handler is None:
                known = any(p == path for _, p in handlers)
                return METHOD_NOT_ALLOWED if known else NOT_FOUND
            return handler(request)
        except _Rejected as rejected:
            return rejected.response

    # --- alerts -----------------------------------------------------------------------------

    def _selected(self, request: Request) -> list[dict[str, Any]]:
        want_active, want_silenced = _flag(request, "active"), _flag(request, "silenced")
        want_inhibited, matchers = _flag(request, "inhibited"), _filters(request)
        receiver = request.param("receiver")
        if receiver:
            try:
                if not re.fullmatch(f"(?:{receiver})", RECEIVER):
                    return []
            except re.error as exc:
                raise _Rejected(
                    Response.json(400, f"failed to parse receiver param: {exc}")
                ) from None
        now = self.state.fleet.now
        fleet = self.state.fleet
        silences = [s for s in fleet.silences(now) if s.state(now) == "active"]
        selected = []
        for incident in fleet.firing(now):
            alert = self._alert(incident, silences, now)
            silenced = bool(alert["status"]["silencedBy"])
            if silenced and not want_silenced:
                continue
            if not silenced and not want_active:
                continue
            if not want_inhibited and alert["status"]["inhibitedBy"]:
                continue
            if all(m.matches(incident.labels) for m in matchers):
                selected.append(alert)
        return sorted(selected, key=lambda a: str(a["fingerprint"]))

    def _alert(self, incident: Incident, silences: list[Silence], now: datetime) -> dict[str, Any]:
        fleet = self.state.fleet
        t = fleet.elapsed(now)
        resent = incident.fires_at + (t - incident.fires_at) // RESEND_INTERVAL * RESEND_INTERVAL
        updated = fleet.at(resent)
        silenced_by = sorted(s.id for s in silences if s.silences(incident.labels, now))
        expr = quote_plus(incident.rule.expr)  # Go's url.QueryEscape
        return {
            "annotations": incident.rule.annotations(incident.host),
            "endsAt": rfc3339_millis(updated + ALERT_VALIDITY),
            "fingerprint": fingerprint(incident.labels),
            "receivers": [{"name": RECEIVER}],
            "startsAt": rfc3339_millis(fleet.at(incident.fires_at)),
            "status": {
                "inhibitedBy": [],
                "silencedBy": silenced_by,
                "state": "suppressed" if silenced_by else "active",
            },
            "updatedAt": rfc3339_millis(updated),
            "generatorURL": f"{self.state.prometheus_url}/graph?g0.expr={expr}&g0.tab=1",
            "labels": incident.labels,
        }

    def alerts(self, request: Request) -> Response:
        return Response.json(200, self._selected(request))

    def groups(self, request: Request) -> Response:
        grouped: dict[tuple[tuple[str, str], ...], list[dict[str, Any]]] = {}
        for alert in self._selected(request):
            labels = alert["labels"]
            key = tuple((name, labels[name]) for name in GROUP_BY if name in labels)
            grouped.setdefault(key, []).append(alert)
        return Response.json(
            200,
            [
                {"alerts": alerts, "labels": dict(key), "receiver": {"name": RECEIVER}}
                for key, alerts in sorted(grouped.items())
            ],
        )

    # --- silences ---------------------------------------------------------------------------

    def silences(self, request: Request) -> Response:
        now = self.state.fleet.now
        matchers = _filters(request)
        order = {"active": 0, "pending": 1, "expired": 2}
        chosen = [s for s in self.state.fleet.silences(now) if _silence_matches(s, matchers)]

        # Alertmanager lists active (soonest end first), then pending (soonest start first),
        # then expired (most recently ended first).
        def sort_key(s: Silence) -> tuple[int, float]:
            state = s.state(now)
            if state == "active":
                return 0, s.ends_at.timestamp()
            if state == "pending":
                return 1, s.starts_at.timestamp()
            return order[state], -s.ends_at.timestamp()

        return Response.json(200, [s.to_json(now) for s in sorted(chosen, key=sort_key)])

    def post_silence(self, request: Request) -> Response:
        try:
            body = json.loads(request.body or b"null")
        except ValueError as exc:
            return Response.json(400, f"parsing silence body failed: {exc}")
        try:
            silence_id = self.state.fleet.post_silence(body, self.state.fleet.now)
        except SilenceError as exc:
            return Response.json(400, str(exc))
        except SilenceNotFoundError:
            return Response.json(404, "silence not found")
        return Response.json(200, {"silenceID": silence_id})

    def silence(self, request: Request, silence_id: str) -> Response:
        if request.method not in ("GET", "DELETE"):
            return METHOD_NOT_ALLOWED
        if not _UUID.fullmatch(silence_id):
            return Response.json(
                422,
                {"code": 605, "message": f'silenceID in path must be of type uuid: "{silence_id}"'},
            )
        now = self.state.fleet.now
        fleet = self.state.fleet
        if request.method == "GET":
            found = fleet.get_silence(silence_id, now)
            return Response.empty(404) if found is None else Response.json(200, found.to_json(now))
        try:
            fleet.expire_silence(silence_id, now)
        except SilenceNotFoundError:
            return Response.empty(404)
        except SilenceError as exc:
            return Response.json(500, str(exc))
        return Response.empty(200)

    def status(self, request: Request) -> Response:
        return Response.json(
            200,
            {
                "cluster": {
                    "name": _PEER,
                    "peers": [{"address": "127.0.0.1:9094", "name": _PEER}],
                    "status": "ready",
                },
                "config": {"original": CONFIG},
                "uptime": rfc3339_millis(self.state.started_at),
                "versionInfo": VERSION_INFO,
            },
        )


def _silence_matches(silence: Silence, matchers: list[LabelMatcher]) -> bool:
    """Alertmanager's silence filter: test each filter against the silence's matcher values."""
    values = {m.name: m.value for m in silence.matchers}
    for matcher in matchers:
        present = matcher.name in values
        if matcher.value == "" and present != matcher.is_equal:
            continue
        if not matcher.matches_value(values.get(matcher.name, "")):
            return False
    return True


def make_alertmanager_handler(state: DemoState) -> type[AlertmanagerHandler]:
    return type("BoundAlertmanagerHandler", (AlertmanagerHandler,), {"state": state})
